"""Exports: self-contained HTML (view and atlas) and GeoJSON at a date."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from spheremap import export, packing, render
from spheremap.atlas import Atlas
from spheremap.model import DataError, InputError

HOSTILE_ROOT = Path(__file__).parent / "data" / "hostile"
SRC = Path(__file__).resolve().parents[1] / "src"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.scripts_with_src = 0
        self.links = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]
        self.scripts_with_src += tag == "script" and "src" in a
        self.links += tag == "link"


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


@pytest.fixture(scope="module")
def hostile():
    return Atlas.load(HOSTILE_ROOT)


def test_view_is_self_contained(hostile, tmp_path):
    out = export.export_view(
        hostile, date(1939, 10, 15), ["control", "sphere"], tmp_path / "v.html"
    )
    page = out.read_text(encoding="utf-8")
    p = parse(page)
    assert p.scripts_with_src == 0 and p.links == 0
    assert all(r.startswith(("#", "data:")) for r in p.refs), p.refs
    assert "/app/static/" not in page
    assert "sourceMappingURL" not in page
    assert "L.version" in page or "1.9.4" in page  # Leaflet itself is inlined
    assert "spheremap.layer(" in page and "spheremap.ensurePatterns" in page
    assert "data:image/png;base64," in page  # CSS images became data URIs


def test_view_holds_the_days_layers_and_their_sources(hostile):
    page = export.view_html(hostile, date(1939, 10, 15), ["control", "sphere"])
    assert '"id":"west-germany"' in page and '"id":"sphere-soviet"' in page
    assert '"id":"west-poland"' not in page  # ended 1939-09-01
    assert '"id":"zone-us"' not in page  # not asked for, and not yet valid
    assert "15 October 1939" in page
    assert "Sources (2)" in page


def test_hostile_text_is_never_markup_in_exports(hostile):
    for page in [
        export.view_html(hostile, date(1939, 10, 15), None),
        export.view_html(hostile, date(1945, 2, 5), None),
        export.atlas_html(hostile),
    ]:
        assert "<script>window.__pwned" not in page
        assert "<img src=x" not in page
        # the text is still there, as escaped JSON or escaped HTML
        assert "\\u003cscript\\u003ewindow.__pwned=1" in page or "&lt;script&gt;" in page
        # the hostile source key, escaped in the sources list, then escaped again as JSON
        assert "\\u0026lt;img src=x onerror=" in page


def test_inline_assets_refuses_a_cdn_link():
    page = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    with pytest.raises(DataError, match="no local copy"):
        export.inline_assets(page)
    with pytest.raises(DataError, match="missing"):
        export.inline_assets('<script src="/app/static/nope.js"></script>')
    with pytest.raises(DataError):
        export.inline_assets('<script src="/app/static/../../model.py"></script>')


def change_days(data: dict) -> list[date]:
    """The atlas page's change dates (shipped packed, each the days since the one before)."""
    start = date.fromisoformat(data["start"]).toordinal()
    steps = packing.unpack_ints(data["changes"])
    return [date.fromordinal(start + sum(steps[: k + 1])) for k in range(len(steps))]


def decode_timeline(t: list[int]) -> list[tuple[int, int, int]]:
    """[start, claim, length, claim, length, ...] -> [(claim, start, end)] (end -1: open)."""
    out, day = [], t[0]
    for claim, length in zip(t[1::2], t[2::2], strict=True):
        end = -1 if length == -1 else day + length
        out.append((claim, day, end))
        day = end
    return out


def test_atlas_stores_each_piece_once_with_its_timeline(hostile):
    data = export.atlas_data(hostile)
    claims = data["claims"]
    assert len(data["pieces"]) == 2
    assert not any(it["e"][0]["kind"] == "control" for it in data["items"])
    timelines = {}
    for piece in data["pieces"]:
        entries = decode_timeline(packing.unpack_ints(piece["t"]))
        timelines[claims["id"][entries[0][0]]] = [(claims["id"][c], s, e) for c, s, e in entries]
    start = export._day(date(1939, 9, 1))
    assert timelines["west-poland"] == [
        ("west-poland", 0, start),
        ("west-germany", start, export._day(date(1945, 5, 8))),
        ("west-ussr", export._day(date(1945, 5, 8)), -1),
    ]
    c = claims["id"].index("west-germany")
    assert claims["name"][c] == "German-held west <script>window.__pwned=1</script>"
    assert claims["power"][c] == "Germany" and claims["status"][c] == "occupied"
    assert claims["sourceLists"][claims["sources"][c]][0] == "test fixture"
    assert claims["notes"][claims["note"][c]] == []  # no note: no parts
    # a note is stored as parts that give it back exactly, each part once
    notes = ["Red Army; Civil and military administration; A.  Two spaces. ", "Red Army; x."]
    parts = [export.note_parts(n) for n in notes]
    assert ["".join(p) for p in parts] == notes
    assert parts[0][0] == parts[1][0] == "Red Army; "
    assert len(claims["noteParts"]) == len(set(claims["noteParts"]))
    assert claims["approx"][claims["id"].index("east-germany")] == 1  # "approximate": true
    assert {p["label"] for p in data["presets"]} == {"1939", "1941", "1945"}
    assert change_days(data) == render.change_dates(hostile, export.KINDS)
    used = {e["lk"] for it in data["items"] for e in it["e"]}
    assert used <= set(data["legend"]) and "occupied|Germany" in data["legend"]
    # one style table; every entry points into it, and it holds each style once
    styles = [json.dumps(st, sort_keys=True) for st in data["styles"]]
    assert len(styles) == len(set(styles))
    for it in data["items"]:
        for e in it["e"]:
            assert "style" not in e
            st = data["styles"][e["sk"]]
            assert st.get("fillColor", "").startswith("url(#") == (e["kind"] == "sphere")


def test_geometry_encoding_round_trips():
    import shapely

    square = shapely.Polygon(
        [(16, 50), (22, 50), (22, 54), (16, 54)], [[(17, 51), (18, 51), (18, 52)]]
    )
    (rings,) = packing.encode_geometry(square, 100)
    assert len(rings) == 2
    x, y, pts = rings[0][0], rings[0][1], []
    pts.append((x, y))
    for i in range(2, len(rings[0]), 2):
        x, y = x + rings[0][i], y + rings[0][i + 1]
        pts.append((x, y))
    assert shapely.Polygon([(a / 100, b / 100) for a, b in pts]).equals(
        shapely.Polygon(square.exterior)
    )
    # a sliver that collapses when quantised is left out
    assert packing.encode_geometry(shapely.box(0, 0, 0.001, 0.001), 100) == []


def test_packed_integers_round_trip_and_need_no_escaping():
    from spheremap import render

    values = [0, -1, 1, 21, -21, 22, -22, 924, -925, 180_000, -4_500_000, 10**9]
    text = packing.pack_ints(values)
    assert packing.unpack_ints(text) == values
    assert packing.pack_ints([]) == "" and packing.unpack_ints("") == []
    assert len(packing.pack_ints([21, -21])) == 2 and len(packing.pack_ints([924, -924])) == 4
    # embedded as is: neither JSON nor the <script>-safe escaping touches a digit, and no
    # brace can open a Jinja tag when folium renders the page
    assert render.js_json(packing.PACK_DIGITS) == '"' + packing.PACK_DIGITS + '"'
    assert "{" not in packing.PACK_DIGITS
    with pytest.raises(ValueError):
        packing.unpack_ints(packing.PACK_DIGITS[-1])  # a number that never ends


def test_atlas_pieces_ship_packed_rings(hostile):
    data = export.atlas_data(hostile)
    assert data["digits"] == packing.PACK_DIGITS
    for piece in data["pieces"]:
        for poly in piece["g"]:
            rings = [packing.unpack_ints(r) for r in poly]
            assert all(len(r) >= 8 and len(r) % 2 == 0 for r in rings)


def test_label_runs_follow_the_largest_piece_and_the_ground_held():
    # claim 0: piece 0 (large) from day 10, piece 1 (small) days 0-20, piece 2 (small, equal to
    # piece 1) days 0-20, piece 3 (tiny) days 5-8; claim 1: piece 2 after day 20, open-ended
    entries = [[(10, 0, -1)], [(0, 0, 20)], [(0, 0, 20), (20, 1, -1)], [(0, -1, 5), (5, 0, 8)]]
    areas = [1.0, 0.9, 0.9, 0.005]
    lats = [50.0, 10.0, 20.0, 30.0]
    texts = ["A claim", "Another claim of a long name"]
    runs = export.label_runs(entries, areas, lats, texts)

    def zoom(area, piece, claim=0):
        return render.label_zoom(area, lats[piece], texts[claim])

    # piece 1 until day 10 (the first of the equals; piece 3 adds too little ground to change
    # the zoom), piece 0 from day 10 with all the ground held, then alone from day 20
    assert zoom(1.8, 1) == zoom(1.805, 1) and zoom(2.8, 0) != zoom(1.0, 0)
    assert runs[0] == [(0, 1, zoom(1.8, 1)), (10, 0, zoom(2.8, 0)), (20, 0, zoom(1.0, 0))]
    assert runs[1] == [(20, 2, zoom(0.9, 2, 1))]
    # packed for the page: per claim [runs, piece, zoom, (days since, piece, zoom)...], the
    # first run counted from the range start
    assert packing.unpack_ints(export.pack_label_runs(runs, 3)) == [
        3, 1, runs[0][0][2], 10, 0, runs[0][1][2], 10, 0, runs[0][2][2],
        1, 2, runs[1][0][2],
        0,
    ]  # fmt: skip


def test_atlas_labels_say_the_hold_as_the_days_map_does():
    """The atlas page's control labels say who holds the ground and how where the name does
    not: the Oder-Neisse territories "under Polish administration", the Koenigsberg area "under
    Soviet administration" (not a bare "Koenigsberg area" read as part of its neighbour)."""
    atlas = bundled_atlas()
    claims = export.atlas_data(atlas)["claims"]
    said = 0
    for c, (name, power, status) in enumerate(
        zip(claims["name"], claims["power"], claims["status"], strict=True)
    ):
        text = claims["labelTexts"].get(str(c), name)
        assert text == render.status_label(name, "control", power, status)
        adjective = render.POWER_ADJECTIVES.get(power)
        if status == "administered" and adjective:
            assert "administ" in text.casefold(), text
            assert adjective.casefold() in text.casefold() or power.casefold() in text.casefold()
            said += 1
    assert said >= 2
    # the same words as the day's map
    day = render.collection_at(atlas, date(1945, 9, 1), ("control",))
    on_day = {f["properties"]["id"]: f["properties"].get("label_text") for f in day["features"]}
    for c, cid in enumerate(claims["id"]):
        if claims["status"][c] == "administered" and on_day.get(cid):
            assert on_day[cid] == claims["labelTexts"].get(str(c), claims["name"][c])


def test_atlas_page_is_small_and_self_contained(hostile, tmp_path):
    out = export.export_atlas(hostile, tmp_path / "atlas.html")
    page = out.read_text(encoding="utf-8")
    assert out.stat().st_size <= export.ATLAS_MAX_BYTES
    p = parse(page)
    assert p.scripts_with_src == 0 and p.links == 0
    assert "spheremap.timeline(" in page


def test_geojson_holds_the_features_valid_that_day(hostile, tmp_path):
    out = export.export_geojson(hostile, date(1941, 12, 5), tmp_path / "d.geojson")
    fc = json.loads(out.read_text(encoding="utf-8"))
    ids = sorted(f["properties"]["id"] for f in fc["features"])
    assert ids == ["east-germany", "line-front", "west-germany"]
    props = next(f["properties"] for f in fc["features"] if f["properties"]["id"] == "line-front")
    assert props["start_date"] == "1941-12-05" and props["end_date"] == "1941-12-06"
    west = next(f["properties"] for f in fc["features"] if f["properties"]["id"] == "west-germany")
    assert west["name"].endswith("<script>window.__pwned=1</script>")  # data stays data
    frame = export.read_geojson(out)
    assert len(frame) == 3 and frame.crs.to_epsg() == 4326
    only = export.geojson_at(hostile, date(1941, 12, 5), ["line"])
    assert [f["properties"]["id"] for f in only["features"]] == ["line-front"]


def test_bad_kind_and_date_are_input_errors(hostile):
    with pytest.raises(InputError):
        export.geojson_at(hostile, date(1941, 12, 5), ["rivers"])
    with pytest.raises(InputError):
        export.view_html(hostile, "1941-13-01", None)


def test_bundled_atlas_exports_fit(tmp_path):
    atlas = Atlas.load()  # bundled data that does not load is a failure
    view = export.export_view(atlas, date(1939, 10, 15), None, tmp_path / "v.html")
    full = export.export_atlas(atlas, tmp_path / "a.html")
    assert full.stat().st_size <= export.ATLAS_MAX_BYTES
    # every claim's note comes back whole from its shared parts
    data = export.atlas_data(atlas)
    claims = data["claims"]
    control = atlas.features[atlas.features["kind"] == "control"]
    notes = {(i, n or "") for i, n in zip(control["id"], control["note"], strict=True)}
    for cid, k in zip(claims["id"], claims["note"], strict=True):
        assert (cid, "".join(claims["noteParts"][j] for j in claims["notes"][k])) in notes, cid
    # the pieces that carry a claim's label (and only they) have a label point
    v, at, labelled = packing.unpack_ints(claims["labels"]), 0, set()
    for _ in claims["id"]:
        n, at = v[at], at + 1
        for k in range(n):
            at += 1 if k else 0
            labelled.add(v[at])
            at += 2
    assert at == len(v)
    assert labelled == {k for k, pc in enumerate(data["pieces"]) if "p" in pc}
    assert len(labelled) < len(data["pieces"]) / 2
    for page in (view.read_text(), full.read_text()):
        assert all(r.startswith(("#", "data:")) for r in parse(page).refs)
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?:', page)


# ----------------------------------------------------------------------------- failures
def hostile_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(HOSTILE_ROOT, root)
    return root


def cli_export(root: Path, out: Path, *args: str) -> tuple[int, str]:
    """Run ``spheremap export`` in a child process; return its exit code and stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "spheremap.cli", "--data", str(root), "export", *args]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=300,
    )
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(
    ("change", "named"),
    [
        # two documents with the same stem: their passage ids would collide
        (
            lambda root: (root / "documents" / "Hostile.txt").write_text("On 1 May 1945 x."),
            "Hostile",
        ),
        # links.csv without its quote column
        (
            lambda root: (root / "links.csv").write_text("document,feature\nhostile.md,x\n"),
            "links.csv",
        ),
        # a curated link whose quote matches no passage
        (
            lambda root: (root / "links.csv").write_text(
                "document,quote,feature,action\nhostile.md,no such sentence anywhere,west-germany,add\n"
            ),
            "links.csv",
        ),
        # a curated link to a feature that does not exist
        (
            lambda root: (root / "links.csv").write_text(
                "document,quote,feature,action\n"
                "hostile.md,German troops crossed into the West piece,nope,add\n"
            ),
            "links.csv",
        ),
    ],
    ids=["same-stem", "links-columns", "links-quote", "links-feature"],
)
def test_view_export_stops_when_documents_or_links_fail(tmp_path, change, named):
    root = hostile_copy(tmp_path)
    change(root)
    atlas = Atlas.load(root)
    with pytest.raises(DataError, match=named):
        export.view_html(atlas, date(1939, 10, 15), None)
    out = tmp_path / "v.html"
    code, err = cli_export(root, out, "--date", "1939-10-15")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("spheremap: error: ") and named in err, err
    assert "internal error" not in err and "Traceback" not in err
    assert not out.exists()


def test_view_export_without_documents_has_no_passages(tmp_path):
    root = hostile_copy(tmp_path)
    shutil.rmtree(root / "documents")
    (root / "links.csv").unlink()
    page = export.view_html(Atlas.load(root), date(1939, 10, 15), None)
    assert '"passages"' not in page


# ----------------------------------------------------------------------------- writing
def test_write_atomic_replaces_and_keeps_the_mode(tmp_path):
    out = tmp_path / "v.html"
    export.write_atomic(out, "first ✓")
    assert out.read_text(encoding="utf-8") == "first ✓"
    out.chmod(0o640)
    export.write_atomic(out, "second")
    assert out.read_text() == "second" and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.html"]
    # a symbolic link is written through, as a plain write would
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    export.write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@pytest.mark.parametrize("fail_in", ["fsync", "replace", "interrupt"])
def test_a_failed_write_leaves_the_old_file_intact(tmp_path, monkeypatch, hostile, fail_in):
    out = tmp_path / "v.html"
    out.write_text("GOOD")

    def boom(*args, **kwargs):
        if fail_in == "interrupt":
            raise KeyboardInterrupt
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export.os, "fsync" if fail_in != "replace" else "replace", boom)
    if fail_in == "interrupt":
        with pytest.raises(KeyboardInterrupt):
            export.export_view(hostile, date(1939, 10, 15), None, out)
    else:
        with pytest.raises(DataError, match="No space left on device") as info:
            export.export_view(hostile, date(1939, 10, 15), None, out)
        assert str(out) in str(info.value) and "left unchanged" in str(info.value)
    assert out.read_text() == "GOOD"
    assert [p.name for p in tmp_path.iterdir()] == ["v.html"]  # no temporary file left


def test_cli_export_over_the_file_size_limit_keeps_the_old_file(tmp_path):
    """A real failure half-way: RLIMIT_FSIZE stops the write after 64 KiB."""
    root = hostile_copy(tmp_path)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "atlas.html"
    out.write_text("GOOD")
    limit = 64 * 1024

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "spheremap.cli", "--data", str(root), "export", "--atlas"]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        preexec_fn=small_files,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1 and str(out) in proc.stderr
    assert "File too large" in proc.stderr and "internal error" not in proc.stderr
    assert out.read_text() == "GOOD"
    assert [p.name for p in outdir.iterdir()] == ["atlas.html"]


@pytest.mark.parametrize("what", [["--atlas"], ["--date", "1939-10-15", "--geojson"]])
def test_every_export_format_writes_atomically(tmp_path, monkeypatch, hostile, what):
    out = tmp_path / "x.out"
    out.write_text("GOOD")
    monkeypatch.setattr(
        export.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error"))
    )
    if what[0] == "--atlas":
        call = lambda: export.export_atlas(hostile, out)  # noqa: E731
    else:
        call = lambda: export.export_geojson(hostile, date(1939, 10, 15), out)  # noqa: E731
    with pytest.raises(DataError, match="I/O error"):
        call()
    assert out.read_text() == "GOOD" and [p.name for p in tmp_path.iterdir()] == ["x.out"]


def test_app_says_why_the_view_cannot_be_downloaded(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    root = hostile_copy(tmp_path)
    (root / "documents" / "Hostile.txt").write_text("On 1 May 1945 x.")
    monkeypatch.setenv("SPHEREMAP_DATA", str(root))
    at = AppTest.from_file(str(SRC.parent / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    view_button, atlas_button = at.get("download_button")
    assert view_button.proto.disabled and "Hostile" in view_button.proto.help
    assert not atlas_button.proto.disabled  # the atlas holds no passages
    assert export.passages_problem(Atlas.load(HOSTILE_ROOT)) is None


def test_atlas_page_trusts_the_coverage_its_load_checked_and_only_that(hostile, monkeypatch):
    import shapely

    from spheremap import render

    assert hostile.coverage_checked  # loaded with no problems
    checked = []
    real = shapely.coverage_is_valid

    def counting(geoms, *args, **kwargs):
        checked.append({g.wkb for g in geoms})
        return real(geoms, *args, **kwargs)

    monkeypatch.setattr(render.shapely, "coverage_is_valid", counting)
    control = hostile.features[hostile.features["kind"] == "control"].drop_duplicates("piece")
    pieces = {g.wkb for g in control.geometry}
    trusted = export.atlas_data(hostile)
    assert len(pieces) > 1 and pieces not in checked  # the pieces are not checked again
    unchecked = Atlas(hostile.features, root=hostile.root, basemap=hostile.basemap)
    assert not unchecked.coverage_checked  # built by hand: nothing vouches for it
    assert export.atlas_data(unchecked)["pieces"] == trusted["pieces"]  # same page either way
    assert pieces in checked


def bundled_atlas() -> Atlas:
    return Atlas.load()  # bundled data that does not load is a failure


def citation_table_of(page: str) -> dict:
    """The bibliography an export ships (``spheremap.bibliography({...})``)."""
    found = re.findall(r"spheremap\.bibliography\((\{.*?\})\);", page)
    assert len(found) == 1  # once per page
    return json.loads(found[0])


def test_exports_ship_the_cited_bibliography_once_within_their_budgets():
    """Popups cite sources by short citation from the page's one bibliography, not by bare
    key and not with a copy of the citation per feature; the pages stay within budget."""
    from spheremap import render
    from spheremap import time as sm_time
    from spheremap.bibliography import source_key

    atlas = bundled_atlas()
    p = sm_time.PRESETS["1945"]
    view = export.view_html(atlas, p.date, p.kinds)
    assert len(view.encode("utf-8")) <= export.VIEW_BUDGET
    table = citation_table_of(view)
    frame = render.frame_at(atlas, p.date, p.kinds)
    cited = {s for ss in frame["sources"] for s in ss}
    assert {source_key(s) for s in cited} == set(table["refs"])  # the day's keys, no more
    assert '"cites"' not in view  # no per-feature copy
    for key, (full, n, _cut) in table["refs"].items():
        ref = atlas.references[key]
        assert full.startswith(ref.citation) and 0 < n <= len(ref.citation)
        assert view.count(render.js_json(full)[1:-1]) == 1, key  # each full citation once
    assert 'class=\\"sm-bib-all\\"' in view  # the title box lists them (filled by the runtime)

    page = export.atlas_html(atlas)
    assert len(page.encode("utf-8")) <= export.ATLAS_BUDGET
    table = citation_table_of(page)
    every = {source_key(s) for ss in atlas.features["sources"] for s in ss}
    assert every == set(table["refs"])
