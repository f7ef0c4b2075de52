"""Template syntax in data stays text: view, atlas and GeoJSON exports, CLI and app downloads.

Folium and branca render pages with Jinja. Every field of ``tests/data/jinja`` (names, ids,
notes, sources, passages, link notes) holds one payload; each export is read back (the JSON
the page hands to the runtime, the title panel's HTML) and compared with what the files hold.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from injection import (
    atlas_data,
    layer_records,
    make_folder,
    script_tags,
    title_texts,
    unescaped,
    view_data,
)
from maptext import resolved

from spheremap import cli, export, render
from spheremap.atlas import Atlas

#: One day on which every feature of the fixture is drawn.
DAY = date(1940, 1, 1)
#: The ids drawn that day (two of them hold the payload: ``{}``).
DRAWN = (
    "west-germany",
    "east-ussr {}",
    "sphere-german",
    "zone-south",
    "sector-north",
    "line-border",
    "event-meeting {}",
)
#: Payloads; ``PATH`` becomes a folder of the test's own that must never be created.
PAYLOADS = {
    "expression": "{{ 7*7 }}",
    "statement": "{% if true %}x{% endif %}",
    "comment": "{#",
    "comment-closed": "{#12}",
    "closing": "}}",
    "mkdir": '{{ lipsum.__globals__.os.mkdir("PATH") }}',
    # no quotes: this one ran before the fix (quotes made the template fail to compile)
    "mkdir-env": "{{ lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ.SM_TEST_PWNED) }}",
}
#: What Jinja would have made of a payload: never to be found where the payload was.
EVALUATED = {"{{ 7*7 }}": "49", "{% if true %}x{% endif %}": "x"}


class Case:
    """A fixture folder holding one payload, and the folders the payload must not create."""

    def __init__(self, tmp: Path, payload: str, monkeypatch):
        self.pwned = [tmp / "pwned", tmp / "pwned-env"]
        monkeypatch.setenv("SM_TEST_PWNED", str(self.pwned[1]))
        self.text = payload.replace("PATH", str(self.pwned[0]))
        self.root = make_folder(tmp / "data", self.text)
        self.records = layer_records(self.root)
        self.drawn = [i.format(self.text) for i in DRAWN]

    def nothing_ran(self) -> None:
        for path in self.pwned:
            assert not path.exists(), f"the payload ran: {path} was created"

    def strings(self) -> list[str]:
        """Every field value holding the payload, as the files hold it."""
        out = []
        for r in self.records.values():
            out += [r["id"], r["name"], r.get("note") or "", *r["sources"]]
        return [s for s in out if self.text in s]

    def not_evaluated(self, page: str) -> None:
        flat = unescaped(page)
        assert self.text in flat
        if self.text in EVALUATED:
            for s in self.strings():
                assert s.replace(self.text, EVALUATED[self.text]) not in flat, s


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def case(request, tmp_path, monkeypatch) -> Case:
    return Case(tmp_path, PAYLOADS[request.param], monkeypatch)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, int]:
    """``<script>`` counts of the pages built from harmless text."""
    root = make_folder(tmp_path_factory.mktemp("plain") / "data", "plain text")
    atlas = Atlas.load(root)
    return {
        "view": script_tags(export.view_html(atlas, DAY, None)),
        "atlas": script_tags(export.atlas_html(atlas)),
    }


# ----------------------------------------------------------------------------- checks
def check_view(page: str, case: Case, baseline: dict) -> None:
    case.nothing_ran()
    assert script_tags(page) == baseline["view"]
    data, options = view_data(page)
    feats = {f["properties"]["id"]: f["properties"] for f in data["features"]}
    assert set(case.drawn) <= set(feats)
    for fid in case.drawn:
        got, want = feats[fid], case.records[fid]
        assert got["name"] == want["name"]
        assert got["note"] == (want.get("note") or "")
        assert sorted(got["sources"]) == sorted(want["sources"])
        if "label_text" in got:  # the map label: the name's beginning, maybe cut with "…"
            assert want["name"].startswith(got["label_text"].rstrip("…"))
    first = f"On 1 September 1939 German troops crossed into the West piece. {case.text} (first passage)"
    second = (
        f"On 17 September 1939 the Red Army entered the East piece. {case.text} (second passage)"
    )
    for fid, passage in [("west-germany", first), ("zone-south", first)]:
        assert [p["text"] for p in feats[fid]["passages"]] == [passage]
    for fid in (f"east-ussr {case.text}", f"event-meeting {case.text}"):
        assert [p["text"] for p in feats[fid]["passages"]] == [second]
    assert all(isinstance(row["label"], str) for row in options["legend"])
    texts, tags = title_texts(page)
    assert set(tags) <= {"h1", "p", "details", "summary", "ul", "li"}
    for fid in case.drawn:
        for source in case.records[fid]["sources"]:
            assert source in texts
    case.not_evaluated(page)


def check_atlas(page: str, case: Case, baseline: dict) -> None:
    case.nothing_ran()
    assert script_tags(page) == baseline["atlas"]
    data = atlas_data(page)
    claims = data["claims"]
    assert sorted(claims["id"]) == sorted(
        k for k, r in case.records.items() if r["kind"] == "control"
    )
    for i, cid in enumerate(claims["id"]):
        want = case.records[cid]
        assert claims["name"][i] == want["name"]
        parts = claims["notes"][claims["note"][i]]
        assert "".join(claims["noteParts"][j] for j in parts) == (want.get("note") or "")
        assert claims["sourceLists"][claims["sources"][i]] == want["sources"]
    entries = {e["id"]: e for item in data["items"] for e in item["e"]}
    assert set(entries) == {k for k, r in case.records.items() if r["kind"] != "control"}
    for fid, got in entries.items():
        want = case.records[fid]
        assert (got["name"], got["note"], got["sources"]) == (
            want["name"],
            want.get("note") or "",
            want["sources"],
        )
    texts, tags = title_texts(page)
    assert set(tags) <= {"h1", "p", "details", "summary", "ul", "li"}
    assert {s for r in case.records.values() for s in r["sources"]} <= set(texts)
    case.not_evaluated(page)


def check_geojson(text: str, case: Case) -> None:
    case.nothing_ran()
    fc = json.loads(text)
    feats = {f["properties"]["id"]: f["properties"] for f in fc["features"]}
    assert set(case.drawn) <= set(feats)
    for fid in case.drawn:
        want = case.records[fid]
        assert (feats[fid]["name"], feats[fid]["note"] or "", feats[fid]["sources"]) == (
            want["name"],
            want.get("note") or "",
            want["sources"],
        )


# ----------------------------------------------------------------------------- library
def test_view_export_keeps_template_syntax_as_text(case, baseline):
    atlas = Atlas.load(case.root)
    check_view(export.view_html(atlas, DAY, None), case, baseline)


def test_atlas_export_keeps_template_syntax_as_text(case, baseline):
    atlas = Atlas.load(case.root)
    check_atlas(export.atlas_html(atlas), case, baseline)


def test_geojson_export_keeps_template_syntax_as_text(case):
    atlas = Atlas.load(case.root)
    check_geojson(json.dumps(export.geojson_at(atlas, DAY)), case)


# ----------------------------------------------------------------------------- CLI
@pytest.mark.parametrize("what", ["view", "atlas", "geojson"])
def test_cli_exports_keep_template_syntax_as_text(case, baseline, what, tmp_path, capsys):
    out = tmp_path / f"out.{what}"
    args = {"view": ["--date", DAY.isoformat()], "atlas": ["--atlas"]}.get(
        what, ["--date", DAY.isoformat(), "--geojson"]
    )
    assert cli.main(["--data", str(case.root), "export", *args, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err == ""
    text = out.read_text(encoding="utf-8")
    if what == "view":
        check_view(text, case, baseline)
    elif what == "atlas":
        check_atlas(text, case, baseline)
    else:
        check_geojson(text, case)


# ----------------------------------------------------------------------------- app
def test_app_map_and_downloads_keep_template_syntax_as_text(case, baseline, monkeypatch):
    from streamlit.testing.v1 import AppTest

    app = Path(__file__).resolve().parents[1] / "app.py"
    monkeypatch.setenv("SPHEREMAP_DATA", str(case.root))
    at = AppTest.from_file(str(app), default_timeout=60)
    at.query_params["date"] = DAY.isoformat()
    at.query_params["layers"] = ",".join(render.KINDS)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    case.nothing_ran()
    (comp,) = at.get("component_instance")
    layer = json.loads(comp.proto.json_args)["feature_group"]
    layer = resolved(layer)  # features sent by reference, as the browser rebuilds them
    assert "{{" not in layer and "{%" not in layer and "{#" not in layer
    assert case.text in unescaped(layer)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download this view", "Download the atlas"]
    # the buttons build their files with these calls, on the app's own atlas
    atlas = Atlas.load(case.root)
    check_view(export.view_html(atlas, DAY, list(render.KINDS)), case, baseline)
    check_atlas(export.atlas_html(atlas), case, baseline)


# ----------------------------------------------------------------------------- mechanism
def test_data_elements_never_compile_their_output_as_a_template():
    """A DataElement's rendered script is written as it is, whatever it holds."""
    import folium
    from folium.template import Template

    class Raw(render.DataElement):
        _template = Template(
            "{% macro script(this, kwargs) %}var t = {{ this.text }};{% endmacro %}"
        )

        def __init__(self, text):
            super().__init__()
            self.text = text

    m = folium.Map(tiles=None)
    Raw('"{{ 7*7 }} {% if true %}x{% endif %} {#"').add_to(m)
    page = m.get_root().render()
    assert 'var t = "{{ 7*7 }} {% if true %}x{% endif %} {#";' in page


def test_page_title_is_written_once_and_escaped(tmp_path):
    root = make_folder(tmp_path / "data", "plain")
    page = export.view_html(Atlas.load(root), DAY, None)
    assert page.count("<title>") == 1


def test_fixture_template_has_the_placeholder_in_every_text_field(tmp_path):
    root = make_folder(tmp_path / "data", "@@")
    records = layer_records(root)
    for r in records.values():
        assert "@@" in r["name"] and all("@@" in s for s in r["sources"][1:]), r["id"]
        assert r["kind"] == "control" and not r["note"] or "@@" in r["note"], r["id"]
    assert "@@" in (root / "documents" / "jinja.txt").read_text()
    shutil.rmtree(root)


def test_every_element_with_data_writes_its_script_literally(tmp_path):
    """The view's elements: spheremap's are DataElements and reach the page as Literals; the
    rest are folium's map, group and glue, which hold no text from the data."""
    root = make_folder(tmp_path / "data", "plain")
    (root / "basemap").mkdir()
    land = [[[16, 50], [28, 50], [28, 54], [16, 54], [16, 50]]]  # the control pieces' extent
    (root / "basemap" / "land.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Polygon", "coordinates": land},
                    }
                ],
            }
        )
    )
    m = export.view_map(Atlas.load(root), DAY)
    fig = m.get_root()
    fig.render()

    def walk(element):
        yield element
        for child in element._children.values():
            yield from walk(child)

    elements = list(walk(fig))
    ours = [e for e in elements if type(e).__module__.startswith("spheremap")]
    assert {type(e).__name__ for e in ours} >= {"Runtime", "BasemapLayer", "DatedLayer"}
    assert all(isinstance(e, render.DataElement) for e in ours)
    assert {type(e).__name__ for e in elements if e not in ours} <= {
        "Figure",
        "Map",
        "FeatureGroup",
        "ElementAddToElement",
    }
    names = {e.get_name() for e in ours}
    written = [
        el
        for part in (fig.header, fig.html, fig.script)
        for n, el in part._children.items()
        if n in names
    ]
    assert len(written) >= len(ours)
    assert all(type(el) is render.Literal for el in written)
