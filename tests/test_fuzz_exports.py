"""Fuzz: any text in documents and feature fields reaches the exports as text.

Hypothesis writes generated text (mixed with template, HTML and JavaScript fragments) into the
names, notes and sources of every feature of ``tests/data/jinja`` and into its document, builds
the view and atlas exports, and checks that nothing was evaluated (no folder created, the data
the page hands to the runtime equals the data loaded), nothing was injected (as many
``<script>`` elements as a harmless page, the title panel made only of its own tags) and that
an export either succeeds or fails with spheremap's own error.

Derandomized with a bounded number of examples, so CI runs the same cases every time
(``SPHEREMAP_FUZZ_EXAMPLES`` raises the count for a longer local run).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from injection import atlas_data, make_folder, script_tags, title_texts, view_data

from spheremap import export
from spheremap.atlas import Atlas
from spheremap.model import SpheremapError

DAY = date(1940, 1, 1)
PWNED_ENV = "SM_FUZZ_PWNED"

FUZZ = settings(
    max_examples=int(os.environ.get("SPHEREMAP_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

#: Fragments that mean something to Jinja, HTML, JavaScript or JSON.
FRAGMENTS = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "{{ lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ." + PWNED_ENV + ") }}",
    "{{ config }}",
    "{%- raw -%}",
    "</script>",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "<img src=x onerror=alert(1)>",
    "&lt;",
    "&amp;",
    "${alert(1)}",
    "`",
    "'",
    '"',
    "\\",
    "\\u007b",
    "\u2028",
    "\u2029",
    "\t",
    " ",
    "…",
    "Łódź",
    "🗺",
]

pieces = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=6),
)
#: Any text of a field: fragments and arbitrary characters (no control characters: the
#: loaders reject those with their own error, which the last test checks separately).
field = st.lists(pieces, max_size=6).map("".join)
#: A line of the document: no line breaks (a blank line would start another passage).
line = field.map(lambda s: s.replace("\u2028", " ").replace("\u2029", " "))


def build(dest: Path, names: str, notes: str, sources: str, doc: str) -> Path:
    """The jinja fixture with ``names``, ``notes`` and ``sources`` in every feature's fields
    (after a short prefix, so none is empty) and ``doc`` in both passages."""
    root = make_folder(dest, "x")
    for path in (root / "layers").glob("*.geojson"):
        fc = json.loads(path.read_text(encoding="utf-8"))
        for feat in fc["features"]:
            props = feat["properties"]
            entries = props.get("timeline") or [props]
            for k, e in enumerate(entries):
                e["name"] = f"N{k} {names}"
                e["note"] = notes
                e["sources"] = ["test fixture", f"S {sources}"]
        path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    text = (root / "documents" / "jinja.txt").read_text(encoding="utf-8")
    (root / "documents" / "jinja.txt").write_text(text.replace(" x (", f" {doc} ("), "utf-8")
    return root


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict:
    atlas = Atlas.load(build(tmp_path_factory.mktemp("plain"), "plain", "", "plain", "plain"))
    return {
        "view": script_tags(export.view_html(atlas, DAY, None)),
        "atlas": script_tags(export.atlas_html(atlas)),
    }


def expected_rows(atlas) -> dict[str, tuple]:
    """``{id: (name, note, sources)}`` as the atlas loaded them."""
    feats = atlas.features
    return {
        str(i): (str(n), n2 if isinstance(n2, str) else "", [str(s) for s in (src or ())])
        for i, n, n2, src in zip(
            feats["id"], feats["name"], feats["note"], feats["sources"], strict=True
        )
    }


def check_title(page: str) -> list[str]:
    texts, tags = title_texts(page)
    assert set(tags) <= {"h1", "p", "details", "summary", "ul", "li"}
    return texts


@FUZZ
@given(names=field, notes=field, sources=field, doc=line)
def test_exports_keep_any_text_as_text(baseline, names, notes, sources, doc):
    with tempfile.TemporaryDirectory() as tmp:
        pwned = Path(tmp) / "pwned"
        os.environ[PWNED_ENV] = str(pwned)
        try:
            root = build(Path(tmp) / "data", names, notes, sources, doc)
            try:
                atlas = Atlas.load(root)
                view = export.view_html(atlas, DAY, None)
                whole = export.atlas_html(atlas)
            except SpheremapError as exc:  # spheremap's own, clear error: allowed
                assert "\n" not in str(exc)
                event(f"refused: {type(exc).__name__}")
                return
            finally:
                assert not pwned.exists(), "a payload ran"
        finally:
            del os.environ[PWNED_ENV]

        event("exported")
        rows = expected_rows(atlas)
        # view: the data handed to the runtime is the data loaded, field by field
        assert script_tags(view) == baseline["view"]
        data, _ = view_data(view)
        props = {f["properties"]["id"]: f["properties"] for f in data["features"]}
        shown = [fid for fid in props if fid in rows]
        assert len(shown) >= 7
        for fid in shown:
            name, note, srcs = rows[fid]
            assert props[fid]["name"] == name and props[fid]["note"] == note
            assert sorted(props[fid]["sources"]) == sorted(srcs)
        passages = export.linked_passages(atlas, shown)
        assert passages, "the fixture links passages"
        for fid, rows_ in passages.items():
            assert props[fid]["passages"] == rows_
        texts = check_title(view)
        assert f"S {sources}".strip() in {t.strip() for t in texts} or not sources.strip()

        # atlas: claims and items, field by field
        assert script_tags(whole) == baseline["atlas"]
        adata = atlas_data(whole)
        claims = adata["claims"]
        for i, cid in enumerate(claims["id"]):
            name, note, srcs = rows[cid]
            assert claims["name"][i] == name
            parts = claims["notes"][claims["note"][i]]
            assert "".join(claims["noteParts"][j] for j in parts) == note
            assert claims["sourceLists"][claims["sources"][i]] == srcs
        for item in adata["items"]:
            for e in item["e"]:
                assert (e["name"], e["note"], e["sources"]) == rows[e["id"]]
        check_title(whole)


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(text=st.text(st.characters(categories=("Cc",)), min_size=1, max_size=4))
def test_control_characters_give_a_clear_error_or_stay_text(baseline, text):
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp) / "data", text, text, text, "plain")
        try:
            page = export.view_html(Atlas.load(root), DAY, None)
        except SpheremapError as exc:
            assert "\n" not in str(exc)
            event(f"refused: {exc}")
            return
        event("exported")
        assert script_tags(page) == baseline["view"]
        data, _ = view_data(page)
        names = {f["properties"]["name"] for f in data["features"]}
        assert f"N0 {text}" in names or f"N1 {text}" in names
