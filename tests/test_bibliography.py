"""Every source a feature cites resolves to a full citation inside the repository."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from spheremap import bibliography
from spheremap.atlas import Atlas
from spheremap.model import DataError

ROOT = Path(__file__).resolve().parents[1] / "geodata"


def _cited_entries() -> set[str]:
    """Every ``sources`` entry in the bundled layer files, read straight from the JSON."""
    out: set[str] = set()
    for path in (ROOT / "layers").glob("*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for claim in (doc.get("claims") or {}).values():
            out.update(claim.get("sources") or ())
        for feat in doc["features"]:
            out.update(feat["properties"].get("sources") or ())
    return out


def _csv_keys() -> dict[str, str]:
    with (ROOT / "bibliography.csv").open(newline="", encoding="utf-8") as fh:
        return {row["key"]: row["citation"] for row in csv.DictReader(fh)}


def test_every_bundled_source_resolves_to_a_citation():
    keys = _csv_keys()
    cited = _cited_entries()
    assert len(cited) > 100
    missing = sorted(e for e in cited if e.split(",", 1)[0].strip() not in keys)
    assert missing == []
    assert all(len(keys[k]) >= 20 for k in keys), "a citation is too short to be one"


def test_fact_sheet_keys_name_sections_of_the_bundled_fact_sheet():
    sheet = (ROOT / "sources" / "factsheet.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^###? (\d\.\d+) ", sheet, re.M))
    cited = {e.split(",", 1)[0] for e in _cited_entries() if e.startswith("FS")}
    assert cited, "the layers cite fact-sheet sections"
    assert {c[2:] for c in cited} <= sections
    fact_keys = set(re.findall(r"^\* \*\*(S\d+b?)\*\*", sheet, re.M))
    assert {k for k in _csv_keys() if re.fullmatch(r"S\d+b?", k)} == fact_keys


def test_no_free_text_sources_remain():
    cited = _cited_entries()
    assert not any("standard literature" in e for e in cited)
    assert not any(e.startswith(("factsheet", "Natural Earth")) for e in cited)


def test_atlas_gives_a_feature_its_full_citations(atlas):
    got = dict(atlas.sources_of("event-1944-lapland-war"))
    assert set(got) == {"MOSCOW-ARMISTICE-1944", "STD"}
    assert "Finland" in got["MOSCOW-ARMISTICE-1944"].citation
    assert atlas.problems == ()


@pytest.fixture()
def mini_with_bibliography(tmp_path, mini_root):
    root = tmp_path / "geodata"
    shutil.copytree(mini_root, root)
    cited = set()
    for path in (root / "layers").glob("*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for claim in (doc.get("claims") or {}).values():
            cited.update(bibliography.source_key(s) for s in claim.get("sources") or ())
        for feat in doc["features"]:
            props = feat["properties"]
            cited.update(bibliography.source_key(s) for s in props.get("sources") or ())
    rows = [f'{k},"A full citation for {k}, with its place and date",' for k in sorted(cited)]
    (root / "bibliography.csv").write_text("key,citation,links\n" + "\n".join(rows) + "\n")
    return root, sorted(cited)


def test_a_folder_whose_bibliography_lists_every_key_loads(mini_with_bibliography):
    root, _ = mini_with_bibliography
    assert Atlas.load(root).problems == ()


def test_an_unknown_key_names_the_file_the_feature_and_the_key(mini_with_bibliography):
    root, cited = mini_with_bibliography
    text = (root / "bibliography.csv").read_text().splitlines()
    dropped = cited[0]
    kept = [line for line in text if not line.startswith(dropped + ",")]
    (root / "bibliography.csv").write_text("\n".join(kept) + "\n")
    with pytest.raises(DataError, match=re.escape(f"key {dropped!r} is not in bibliography.csv")):
        Atlas.load(root)
    problems = Atlas.load(root, strict=False).problems
    assert problems and all(p.path.endswith(".geojson") and p.feature_id for p in problems)


def test_a_folder_without_a_bibliography_is_not_checked(mini_root):
    assert not (mini_root / "bibliography.csv").exists()
    assert Atlas.load(mini_root).references == {}


@pytest.mark.parametrize(
    "text, message",
    [
        ("key,citation\nS1,x\n", "missing column"),
        ("key,citation,links\nS1,A citation,\nS1,Another,\n", "line 3: key 'S1' listed twice"),
        ("key,citation,links\nS1,,\n", "line 2: key 'S1' has no citation"),
        ("key,citation,links\n,A citation,\n", "line 2: a key must be non-empty"),
    ],
)
def test_a_broken_bibliography_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "bibliography.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=re.escape(message)) as err:
        bibliography.read(path)
    assert str(path) in str(err.value)


def test_source_key_takes_the_text_before_the_locator():
    assert bibliography.source_key("MOSCOW-ARMISTICE-1944, Art. 7") == "MOSCOW-ARMISTICE-1944"
    assert bibliography.source_key("S25") == "S25"


def test_popups_tell_every_source_apart():
    """A popup lists each source by its short citation, so no two sources of the bibliography
    may read the same (the fact sheet's sections did: 'spheremap historical fact sheet' three
    times in one popup; so did three armistices and two Führer decrees)."""
    from spheremap.render import short_length

    shorts: dict[str, list[str]] = {}
    for key, citation in _csv_keys().items():
        n, cut = short_length(citation)
        shorts.setdefault(citation[:n] + ("…" if cut else ""), []).append(key)
    assert len(shorts) > 200
    assert {s: k for s, k in shorts.items() if len(k) > 1} == {}
    assert "spheremap fact sheet §2.6" in shorts
