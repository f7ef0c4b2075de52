"""Render: styles from one palette, offline assets, escaped payloads, labels, fit."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import folium
import pytest

from spheremap import packing, render
from spheremap.atlas import Atlas

HOSTILE_ROOT = Path(__file__).parent / "data" / "hostile"
#: Okabe & Ito's palette: the major powers keep five of its colours unchanged (the others were
#: moved where the colour-vision check of tests/test_palette.py found them too close)
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


class _Refs(HTMLParser):
    """Collect every src/href attribute outside script bodies."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.refs += [v for k, v in attrs if k in ("src", "href") and v is not None]


def refs(page: str) -> list[str]:
    p = _Refs()
    p.feed(page)
    return p.refs


@pytest.fixture(scope="module")
def hostile():
    return Atlas.load(HOSTILE_ROOT)


def test_major_powers_have_distinct_colour_blind_safe_colours():
    majors = ["USSR", "Germany", "US", "UK", "France", "Italy", "Japan"]
    colours = [render.power_colour(p) for p in majors]
    assert len(set(colours)) == len(majors)
    assert len(set(colours) & OKABE_ITO) >= 5
    assert render.power_colour("Estonia") == render.NEUTRAL


def test_spheres_are_hatched_and_approximate_traces_dashed():
    sphere = render.feature_style("sphere", "USSR", "protocol")
    assert sphere["fillColor"] == f"url(#{render.hatch_id('USSR')})"
    assert "dashArray" not in sphere
    control = render.feature_style("control", "USSR", "sovereign")
    assert control["fillColor"] == render.power_colour("USSR")
    assert "dashArray" not in control
    assert render.is_approximate("frontline", "day")
    assert render.is_approximate("occupied", "approx")
    assert render.is_approximate("occupied", "day", True)
    assert not render.is_approximate("occupied", "day")
    assert not render.is_approximate("occupied", "day", False)


def test_dashes_come_from_fields_never_from_the_note():
    row = dict(
        id="x", name="X", kind="zone", power="US", status="occupied", start_date=None,
        end_date=None, date_precision="day", sources=["S"],
    )  # fmt: skip
    assert not render.feature_properties({**row, "note": "Approximate trace"})["approx"]
    assert render.feature_properties({**row, "note": "", "approximate": True})["approx"]
    # a frame column read back from a layer without the field holds NaN or None
    assert not render.feature_properties({**row, "note": "", "approximate": float("nan")})["approx"]
    assert "dashArray" in render.feature_style("line", "none", "frontline", approximate=True)
    assert render.feature_style("zone", "US", "occupied", selected=True)["weight"] > 3


def test_every_hatch_pattern_used_by_a_style_is_defined():
    ids = {p["id"] for p in render.hatch_patterns()}
    for power in ["USSR", "Germany", "Estonia", "four-power"]:
        fill = render.feature_style("sphere", power, "protocol")["fillColor"]
        assert fill[len("url(#") : -1] in ids


def test_held_occupied_annexed_zone_and_sector_differ_by_more_than_colour():
    """One power's five holds: each differs from the others in fill pattern or edge weight."""
    styles = [
        render.feature_style("control", "UK", "sovereign"),
        render.feature_style("control", "UK", "occupied"),
        render.feature_style("control", "UK", "annexed"),
        render.feature_style("zone", "UK", "occupied"),
        render.feature_style("sector", "UK", "occupied"),
    ]
    cues = [
        (s["fillColor"].startswith("url(#") and s["fillColor"].split("-")[1], s["weight"])
        for s in styles
    ]
    assert len(set(cues)) == 5, cues
    ids = {p["id"] for p in render.hatch_patterns()}
    for s in styles:
        if s["fillColor"].startswith("url(#"):
            assert s["fillColor"][len("url(#") : -1] in ids


def test_legend_rows_speak_plain_words():
    keys = [
        render.legend_key(*k)
        for k in [
            ("sphere", "USSR", "protocol"),
            ("control", "Germany", "sovereign"),
            ("control", "Germany", "occupied"),
            ("control", "USSR", "annexed"),
            ("line", "contested", "frontline"),
            ("control", "Estonia", "sovereign"),
            ("zone", "UK", "occupied"),
        ]
    ]
    items = render.legend_items([*keys, render.APPROX_KEY])
    labels = [i["label"] for i in items]
    assert labels == [
        "Held by Germany",
        "Held by another state",
        "Occupied by Germany",
        "Annexed by USSR",
        "Zone of UK",
        "Sphere of USSR",
        "Front line",
        "Dashed: approximate trace or front",
    ]
    assert [i["key"] for i in items][-1] == render.APPROX_KEY
    assert items[5]["style"]["fillColor"].startswith("url(#")
    assert items[-1]["style"]["dashArray"]
    assert "dashArray" not in items[0]["style"]


def test_frame_at_dissolves_control_and_filters_kinds(hostile):
    frame = render.frame_at(hostile, date(1940, 1, 1), ["control", "sphere"])
    assert sorted(frame["id"]) == ["east-ussr", "sphere-german", "sphere-soviet", "west-germany"]
    only_lines = render.frame_at(hostile, date(1941, 12, 5), ["line"])
    assert list(only_lines["id"]) == ["line-front"]
    assert len(render.frame_at(hostile, date(1941, 12, 6), ["line"])) == 0  # end is exclusive


def test_feature_collection_properties_order_and_labels(hostile):
    frame = render.frame_at(hostile, date(1941, 12, 5), ["control", "line"])
    fc = render.feature_collection(frame, selected=["line-front"])
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds == sorted(kinds, key=render.DRAW_ORDER.index)
    by_id = {f["properties"]["id"]: f["properties"] for f in fc["features"]}
    assert by_id["line-front"]["style"]["dashArray"]
    assert by_id["line-front"]["style"]["color"] == "#000000"  # selected
    assert "label" not in by_id["line-front"]
    lat, lon = by_id["east-germany"]["label"]
    assert 50 < lat < 54 and 22 < lon < 28
    assert by_id["east-germany"]["end"] == "1944-07-01"
    assert "test fixture" in by_id["east-germany"]["sources"]


def test_js_json_cannot_close_the_script_element(hostile):
    fc = render.feature_collection(render.frame_at(hostile, date(1940, 1, 1), ["control"]))
    text = render.js_json(fc)
    assert "<" not in text and ">" not in text
    assert json.loads(text) == fc  # still the same data once parsed
    names = {f["properties"]["name"] for f in fc["features"]}
    assert "German-held west <script>window.__pwned=1</script>" in names


def test_js_json_opens_no_template_tag():
    import jinja2

    values = [
        "{{ 7*7 }}",
        "{% if true %}x{% endif %}",
        "{#",
        "}}",
        '\\"{{x}}\\',
        {"key {{ 1 }}": ["{#", {"}}": "{{"}]},
    ]
    for value in values:
        text = render.js_json(value)
        assert json.loads(text) == value
        for tag in ("{{", "{%", "{#"):
            assert tag not in text
        # what Jinja makes of it is the text itself
        assert jinja2.Template(text).render() == text
    assert render.js_json({"a": {"b": [{}]}}) == '{"a":{"b":[{}]}}'  # structure untouched


def test_base_map_references_only_local_assets(hostile):
    class_js = list(folium.Map.default_js)
    m = render.base_map(render.basemap_collection(hostile.basemap))
    fc = render.feature_collection(render.frame_at(hostile, date(1940, 1, 1), render.KINDS))
    render.dated_group(fc).add_to(m)
    page = m.get_root().render()
    found = refs(page)
    assert found, "the page should reference Leaflet and the runtime"
    assert all(r.startswith(render.ASSET_PREFIX) for r in found), found
    for _, url in [render.LEAFLET_JS, render.LEAFLET_CSS, render.RUNTIME_JS, render.RUNTIME_CSS]:
        assert url in found
        assert (render.STATIC_DIR / url[len(render.ASSET_PREFIX) :]).is_file()
    assert folium.Map.default_js == class_js  # the class-level CDN list is untouched
    assert "<script>window.__pwned" not in page


def test_online_tiles_only_when_asked():
    assert "tile.openstreetmap" not in render.base_map().get_root().render()
    asked = render.base_map(tiles="OpenStreetMap (online)").get_root().render()
    assert "tile.openstreetmap" in asked


def test_leaflet_is_vendored_with_its_licence():
    assert "BSD 2-Clause" in (render.STATIC_DIR / "leaflet" / "LICENSE").read_text()
    assert '"1.9.4"' in (render.STATIC_DIR / "leaflet" / "leaflet.js").read_text()


@pytest.mark.parametrize(
    ("bounds", "lo", "hi"),
    [((13.08, 52.33, 13.76, 52.68), 8, 9), ((14.0, 45.0, 40.0, 60.0), 3, 5)],
)
def test_fit_view_zoom_and_centre(bounds, lo, hi):
    (lat, lon), zoom = render.fit_view(bounds, (800, 600))
    assert lo <= zoom <= hi
    assert bounds[1] < lat < bounds[3] and bounds[0] < lon < bounds[2]


def test_display_simplification_keeps_shared_borders(hostile):
    frame = render.frame_at(hostile, date(1940, 1, 1), ["control"])
    geoms = render.display_geometries(frame, tolerance=0.05)
    union_area = sum(g.area for g in geoms)
    assert union_area == pytest.approx(sum(g.area for g in frame.geometry), rel=1e-6)


def test_overlapping_features_are_simplified_one_by_one(hostile):
    # the two spheres overlap the control pieces but not each other; a sphere and a zone overlap
    frame = hostile.features[hostile.features["kind"].isin(["sphere", "zone"])]
    geoms = render.display_geometries(frame, tolerance=0.05)
    assert all(g.is_valid and not g.is_empty for g in geoms)
    for a, b in zip(geoms, frame.geometry, strict=True):
        assert a.symmetric_difference(b).area < 0.01 * b.area


def test_sectors_keep_more_detail_than_countries():
    import geopandas as gpd
    import shapely

    ring = shapely.Point(13.4, 52.5).buffer(0.2, quad_segs=32)
    frame = gpd.GeoDataFrame({"kind": ["sector", "control"]}, geometry=[ring, ring], crs=4326)
    sector, country = render.display_geometries(frame, tolerance=0.05)
    assert shapely.get_num_coordinates(sector) > 3 * shapely.get_num_coordinates(country)


def test_control_in_the_detail_area_is_drawn_unsimplified_and_still_meets_its_neighbours():
    import geopandas as gpd
    import numpy as np
    import shapely

    # a wiggly "city" piece inside a big "zone" piece, and a wiggly coast on the zone's east
    city = shapely.Point(13.4, 52.5).buffer(0.2, quad_segs=32)
    coast = [(16.0 + 0.03 * (i % 2), 50.0 + 0.1 * i) for i in range(51)]
    zone = shapely.difference(shapely.Polygon([(10, 50), *coast, (10, 55)]), city)
    frame = gpd.GeoDataFrame({"kind": ["control", "control"]}, geometry=[city, zone], crs=4326)
    detail = city.buffer(0.02)
    kept, coarse = render.display_geometries(frame, tolerance=0.1, detail=detail)
    assert kept.equals_exact(city, 0)  # not one vertex moved
    assert shapely.coverage_is_valid(np.array([kept, coarse]))
    hole = shapely.Polygon(coarse.interiors[0])
    assert hole.equals(city)  # the zone's edge around the city kept every vertex too
    assert shapely.get_num_coordinates(coarse.exterior) < 20  # the coast was simplified
    # without a detail area the city is simplified like any piece
    plain, _ = render.display_geometries(frame, tolerance=0.1)
    assert shapely.get_num_coordinates(plain) < shapely.get_num_coordinates(city) / 2


def test_labels_wait_for_room():
    import shapely

    big = shapely.box(20, 45, 40, 60)
    small = shapely.box(13.3, 52.4, 13.45, 52.55)  # a Berlin-sized piece
    lab_big = render.label_for(big, "Soviet Union")
    lab_small = render.label_for(small, "Soviet sector of Berlin")
    assert lab_big["label_zoom"] <= 4 < lab_small["label_zoom"]
    assert 45 < lab_big["label"][0] < 60 and 20 < lab_big["label"][1] < 40
    assert lab_small["label_text"] == "Soviet sector of Berlin"
    assert render.label_for(shapely.box(0, 0, 0.0001, 0.0001), "Speck") is None
    assert render.label_for(shapely.LineString([(0, 0), (1, 1)]), "Line") is None


def test_small_line_parts_are_drawn_as_stored_and_long_ones_simplified():
    import geopandas as gpd
    import shapely

    ring = shapely.LineString(shapely.Point(21.0, 52.23).buffer(0.02, quad_segs=8).exterior.coords)
    long = shapely.LineString([(20 + 0.01 * i, 50 + 0.002 * (i % 2)) for i in range(500)])
    front = shapely.MultiLineString([ring, long])
    frame = gpd.GeoDataFrame({"kind": ["line"]}, geometry=[front], crs=4326)
    (drawn,) = render.display_geometries(frame, tolerance=0.05)
    small, big = shapely.get_parts(drawn)
    assert small.equals_exact(ring, 0)
    assert shapely.get_num_coordinates(big) < 10


def test_rivers_say_from_which_zoom_they_are_no_longer_drawn():
    import geopandas as gpd
    import shapely

    river = gpd.GeoDataFrame(geometry=[shapely.LineString([(20, 52), (21, 52.5)])], crs=4326)
    lake = gpd.GeoDataFrame(geometry=[shapely.Point(20, 52).buffer(0.1)], crs=4326)
    fc = render.basemap_collection({"rivers": river, "lakes": lake})
    by_water = {bool(f["properties"].get("max_zoom")): f for f in fc["features"]}
    assert by_water[True]["properties"]["max_zoom"] == render.RIVER_MAX_ZOOM
    lake_out = by_water[False]  # lakes stay at every zoom (a polygon: shipped packed)
    assert "max_zoom" not in lake_out["properties"] and lake_out["pg"] and lake_out["q"] == 100
    assert fc["digits"] == packing.PACK_DIGITS
    assert "spheremap.basemap" in render.base_map(fc).get_root().render()


def test_basemap_asset_is_named_by_content_and_falls_back_when_unwritable(tmp_path):
    fc = {"type": "FeatureCollection", "features": []}
    asset = render.basemap_asset(fc, tmp_path)
    written = tmp_path / "generated" / f"basemap-{asset.digest}.js"
    assert asset.url == f"/app/static/generated/basemap-{asset.digest}.js"
    assert written.read_text(encoding="utf-8") == render.basemap_script(fc)[1]
    other = render.basemap_asset({"type": "FeatureCollection", "features": [], "x": 1}, tmp_path)
    assert other.digest != asset.digest
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert render.basemap_asset(fc, blocked) is None  # the app then embeds the data


# ----------------------------------------------------------------------------- feature store
def _resolved(payload: render.LayerPayload, store: render.FeatureStore) -> list[dict]:
    """The payload's features as the runtime rebuilds them: references read from the files."""
    out = []
    for f in json.loads(payload.data_json)["features"]:
        if set(f) == {"ref"}:
            f = json.loads((store.folder / f"{f['ref']}.json").read_text(encoding="utf-8"))
        out.append(f)
    return out


def test_a_step_sends_references_and_the_files_hold_the_same_features(hostile, tmp_path):
    store = render.feature_store(tmp_path)
    assert store.url == "/app/static/generated/features/"
    collection = render.collection_at(hostile, date(1939, 10, 15), render.KINDS)
    inline = render.layer_payload(collection)
    stored = render.layer_payload(collection, store=store)
    feats = json.loads(stored.data_json)["features"]
    refs = [f["ref"] for f in feats if "ref" in f]
    assert refs and len(refs) == len(feats)  # every fixture feature is over the threshold
    assert len(stored.data_json) < len(inline.data_json) / 5
    assert json.loads(stored.options_json)["featureBase"] == store.url
    assert "featureBase" not in json.loads(inline.options_json)
    # the browser rebuilds exactly what it was sent before
    assert _resolved(stored, store) == json.loads(inline.data_json)["features"]
    # files are named by content, so the same features need no new file
    files = sorted(p.name for p in store.folder.iterdir())
    assert files == sorted(f"{r}.json" for r in refs)
    again = render.layer_payload(collection, store=store)
    assert again.data_json == stored.data_json
    assert sorted(p.name for p in store.folder.iterdir()) == files


def test_small_features_stay_inline_and_stored_text_is_escaped(tmp_path):
    store = render.feature_store(tmp_path)
    lk = render.legend_key("control", "germany", "held")
    small = {"type": "Feature", "geometry": None, "properties": {"lk": lk, "name": "a"}}
    big = {
        "type": "Feature",
        "geometry": None,
        "properties": {"lk": lk, "name": "</script>{{ 7*7 }}" + "x" * render.STORE_MIN_BYTES},
    }
    payload = render.layer_payload(
        {"type": "FeatureCollection", "features": [small, big]}, store=store
    )
    first, second = json.loads(payload.data_json)["features"]
    assert first == small and set(second) == {"ref"}
    text = (store.folder / f"{second['ref']}.json").read_text(encoding="utf-8")
    assert "</script>" not in text and "{{" not in text  # escaped as in a page
    assert json.loads(text) == big


def test_an_unwritable_store_is_none_and_a_failing_one_sends_features_inline(
    tmp_path, monkeypatch, caplog
):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert render.feature_store(blocked) is None
    store = render.feature_store(tmp_path / "ok")
    lk = render.legend_key("control", "germany", "held")
    big = {"type": "Feature", "geometry": None, "properties": {"lk": lk, "n": "y" * 500}}

    def full(self, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render.FeatureStore, "put", full)
    payload = render.layer_payload({"type": "FeatureCollection", "features": [big]}, store=store)
    assert json.loads(payload.data_json)["features"] == [big]
    assert "featureBase" not in json.loads(payload.options_json)
    assert any("No space left" in r.getMessage() for r in caplog.records)


def test_warm_around_queues_the_next_changes_first_then_the_previous(monkeypatch):
    changes = [date(1941, 6, d) for d in (20, 22, 23, 25, 27, 29)]
    monkeypatch.setattr(render, "change_dates", lambda atlas, kinds: changes)
    queued = []
    monkeypatch.setattr(render, "warm", lambda atlas, days, *a, **k: queued.extend(days))
    render.warm_around(object(), date(1941, 6, 22), ["control"])
    assert queued == [date(1941, 6, 23), date(1941, 6, 20), date(1941, 6, 25), date(1941, 6, 27)]
    queued.clear()
    render.warm_around(object(), date(1941, 6, 24), ["control"])  # between two changes
    assert queued == [date(1941, 6, 25), date(1941, 6, 23), date(1941, 6, 27), date(1941, 6, 29)]


def test_the_snapshot_collection_trusts_the_checked_coverage(hostile, monkeypatch):
    assert hostile.coverage_checked
    calls = []
    real = render.shapely.coverage_is_valid
    monkeypatch.setattr(
        render.shapely, "coverage_is_valid", lambda g, *a, **k: calls.append(len(g)) or real(g)
    )
    render._collection.cache_clear()
    render.collection_at(hostile, date(1939, 10, 16), ["control"])
    assert calls == []  # the load checked the pieces; their union by claim is a coverage too


def test_a_first_map_sends_features_whole_with_their_references(hostile, tmp_path):
    store = render.feature_store(tmp_path)
    collection = render.collection_at(hostile, date(1939, 10, 15), render.KINDS)
    first = json.loads(render.layer_payload(collection, store=store, inline=True).data_json)
    later = json.loads(render.layer_payload(collection, store=store).data_json)
    assert [f["ref"] for f in first["features"]] == [f["ref"] for f in later["features"]]
    assert [f["feature"] for f in first["features"]] == collection["features"]


def test_opening_the_store_sweeps_old_features_once(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setattr(render, "_SWEPT", set())
    folder = tmp_path / "generated" / "features"
    folder.mkdir(parents=True)
    old, young = folder / "0123456789abcdef0123.json", folder / "fedcba9876543210fedc.json"
    for path in (old, young):
        path.write_text("{}", encoding="utf-8")
    week = time.time() - render.STORE_MAX_AGE_S - 60
    os.utime(old, (week, week))
    store = render.feature_store(tmp_path)
    assert not old.exists() and young.exists()  # only what nobody wrote for a week goes
    ref = store.put('{"type":"Feature"}')
    stored = folder / f"{ref}.json"
    os.utime(stored, (week, week))
    render.feature_store(tmp_path)  # a second opening in the process sweeps nothing
    assert stored.exists() and young.exists()
