"""The 1938-1941 spheres, lines and events, and the neutral basemap they sit on.

Reads the committed build outputs (``geodata/layers/1938_1941.geojson``,
``geodata/basemap/*.geojson``) and the authored sources; the pure build helpers are checked
on small inputs. No network, no rebuild.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from geobuild import basemap, features_1938_1941  # noqa: E402

from spheremap.model import KINDS, POWERS, PRECISIONS, STATUSES, DataError  # noqa: E402

LAYER = ROOT / "geodata" / "layers" / "1938_1941.geojson"
BASEMAP = ROOT / "geodata" / "basemap"
STORY_RIVERS = (
    "Narew", "Vistula", "San", "Bug", "Oder", "Neisse", "Dnieper", "Dniester", "Prut",
    "Volga", "Don",
)  # fmt: skip
BIG_LAKES = (
    "Lake Ladoga", "Lake Onega", "Lake Peipus", "Lake Vänern", "Lake Vättern", "Lake Balaton",
    "Lake Geneva", "Lake Constance", "Lake Garda",
)  # fmt: skip


@pytest.fixture(scope="module")
def layer() -> list[dict]:
    return json.loads(LAYER.read_text(encoding="utf-8"))["features"]


def _valid_on(props: dict, day: date) -> bool:
    start = date.fromisoformat(props["start_date"])
    end = date.fromisoformat(props["end_date"]) if props["end_date"] else date.max
    return start <= day < end


def _spheres_at(layer, lon: float, lat: float, day: date) -> list[tuple[str, str]]:
    pt = Point(lon, lat)
    return sorted(
        (f["properties"]["power"], f["properties"]["status"])
        for f in layer
        if f["properties"]["kind"] == "sphere"
        and _valid_on(f["properties"], day)
        and shape(f["geometry"]).contains(pt)
    )


def _km(a: Point, line) -> float:
    """Distance in km from a point to a lon/lat geometry (local equirectangular scale)."""
    scale = math.cos(math.radians(a.y))
    p = shapely.Point(a.x * scale, a.y)
    g = shapely.transform(line, lambda c: c * [scale, 1.0])
    return p.distance(g) * 111.2


# ----------------------------------------------------------------------------- the layer
def test_layer_features_are_well_formed(layer):
    ids = [f["properties"]["id"] for f in layer]
    assert len(ids) == len(set(ids))
    for f in layer:
        p = f["properties"]
        assert p["kind"] in KINDS and p["power"] in POWERS and p["status"] in STATUSES, p
        assert p["date_precision"] in PRECISIONS, p
        assert p["sources"] and all(isinstance(s, str) and s for s in p["sources"]), p
        assert p["end_date"] is None or p["start_date"] < p["end_date"], p
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty, p["id"]
        if p["date_precision"] == "approx":
            assert p["note"], p["id"]


def test_layer_has_the_expected_families(layer):
    kinds = {}
    for f in layer:
        kinds.setdefault(f["properties"]["kind"], []).append(f["properties"]["id"])
    assert len(kinds["sphere"]) >= 10
    assert {"line-1939-pisa-narew-vistula-san", "line-1939-bug-line"} <= set(kinds["line"])
    assert "line-1940-finland-border" in kinds["line"]
    assert len(kinds["event"]) >= 9


@pytest.mark.parametrize(
    "fid, start, end",
    [
        ("sphere-1939-ussr-finland-estonia-latvia", "1939-08-23", "1941-06-22"),
        ("sphere-1939-germany-lithuania", "1939-08-23", "1939-09-28"),
        ("sphere-1939-lithuania-vilna-area", "1939-08-23", "1939-09-28"),
        ("sphere-1939-ussr-lithuania", "1939-09-28", "1941-06-22"),
        ("sphere-1939-germany-lithuanian-strip", "1939-09-28", "1941-01-10"),
        ("sphere-1941-ussr-lithuanian-strip", "1941-01-10", "1941-06-22"),
        ("sphere-1939-ussr-bessarabia", "1939-08-23", "1940-06-28"),
        ("line-1939-pisa-narew-vistula-san", "1939-08-23", "1939-09-28"),
        ("line-1939-bug-line", "1939-09-28", "1941-06-22"),
        ("line-1940-finland-border", "1940-03-13", "1941-06-22"),
        ("event-1939-pact-moscow", "1939-08-23", "1939-08-24"),
        ("event-1941-barbarossa", "1941-06-22", "1941-12-05"),
    ],
)
def test_dates(layer, fid, start, end):
    props = {f["properties"]["id"]: f["properties"] for f in layer}[fid]
    assert (props["start_date"], props["end_date"]) == (start, end)
    assert props["date_precision"] == "day"


def test_vilna_area_is_neither_soviet_nor_german_in_september_1939(layer):
    got = _spheres_at(layer, 25.28, 54.69, date(1939, 9, 1))
    assert got == [("Lithuania", "recognised-interest")]


@pytest.mark.parametrize(
    "place, lon, lat, day, power",
    [
        ("Kaunas", 23.91, 54.90, date(1939, 9, 1), "Germany"),
        ("Kaunas", 23.91, 54.90, date(1939, 10, 1), "USSR"),
        ("Lublin", 22.57, 51.25, date(1939, 9, 10), "USSR"),
        ("Lublin", 22.57, 51.25, date(1939, 10, 1), "Germany"),
        ("Riga", 24.11, 56.95, date(1939, 9, 1), "USSR"),
        ("Marijampolė (west bank)", 23.33, 54.56, date(1940, 6, 1), "Germany"),
        ("Marijampolė (west bank)", 23.33, 54.56, date(1941, 2, 1), "USSR"),
        ("Vilnius", 25.28, 54.69, date(1939, 10, 15), "USSR"),
        ("Suwałki", 22.93, 54.11, date(1939, 9, 10), "USSR"),
        ("Suwałki", 22.93, 54.11, date(1939, 10, 15), "Germany"),
        ("Chișinău", 28.86, 47.01, date(1939, 9, 1), "USSR"),
    ],
)
def test_sphere_of_a_place(layer, place, lon, lat, day, power):
    assert [p for p, _ in _spheres_at(layer, lon, lat, day)] == [power], place


@pytest.mark.parametrize(
    "place, lon, lat, day",
    [
        ("Klaipėda (Memel, German since March 1939)", 21.13, 55.71, date(1939, 9, 1)),
        ("Chernivtsi (Northern Bukovina, not in the protocol)", 25.94, 48.29, date(1939, 9, 1)),
        ("Kaunas before the pact", 23.91, 54.90, date(1939, 8, 22)),
        ("Tallinn after the German invasion", 24.75, 59.44, date(1941, 6, 22)),
    ],
)
def test_outside_every_sphere(layer, place, lon, lat, day):
    assert _spheres_at(layer, lon, lat, day) == [], place


@pytest.mark.parametrize(
    "place, lon, lat, power",
    [
        ("Sejny", 23.35, 54.11, "Germany"),
        ("Augustów", 22.98, 53.84, "USSR"),
        ("Grajewo", 22.455, 53.647, "USSR"),
        ("Łomża", 22.07, 53.18, "USSR"),
        ("Ostrów Mazowiecka", 21.89, 52.80, "Germany"),
        ("Zaręby Kościelne", 22.13, 52.74, "USSR"),
        ("Czyżew", 22.31, 52.80, "USSR"),
        ("Praga (Warsaw, east bank)", 21.05, 52.25, "Germany"),
        ("Terespol", 23.62, 52.08, "Germany"),
        ("Brest", 23.69, 52.10, "USSR"),
        ("Włodawa", 23.55, 51.55, "Germany"),
        ("Hrubieszów", 23.89, 50.81, "Germany"),
        ("Bełżec", 23.44, 50.38, "Germany"),
        ("Rawa Ruska", 23.61, 50.23, "USSR"),
        ("Lubaczów", 23.12, 50.16, "USSR"),
        ("Jarosław", 22.68, 50.02, "Germany"),
        ("Przemyśl (main city, east bank)", 22.78, 49.78, "USSR"),
        ("Przemyśl-Zasanie (west bank)", 22.76, 49.79, "Germany"),
        ("Sanok", 22.20, 49.56, "Germany"),
        ("Lesko", 22.33, 49.47, "USSR"),
        ("Ustrzyki Dolne", 22.59, 49.43, "USSR"),
    ],
)
def test_fact_sheet_sides_of_the_28_september_line(layer, place, lon, lat, power):
    """Towns the fact sheet (§1.4b, S9) puts on one side of the line, some close to it."""
    assert [p for p, _ in _spheres_at(layer, lon, lat, date(1939, 10, 15))] == [power], place


def test_spheres_of_one_date_do_not_overlap(layer):
    for day in (date(1939, 9, 1), date(1939, 10, 15), date(1941, 2, 1)):
        geoms = [
            shape(f["geometry"])
            for f in layer
            if f["properties"]["kind"] == "sphere" and _valid_on(f["properties"], day)
        ]
        for i, a in enumerate(geoms):
            for b in geoms[i + 1 :]:
                assert a.intersection(b).area < 1e-4, day


def test_lines_run_where_the_fact_sheet_puts_them(layer):
    lines = {f["properties"]["id"]: shape(f["geometry"]) for f in layer}
    four, bug = lines["line-1939-pisa-narew-vistula-san"], lines["line-1939-bug-line"]
    assert _km(Point(21.03, 52.24), four) < 2  # Warsaw, on the Vistula
    assert _km(Point(22.77, 49.78), four) < 2  # Przemyśl, on the San
    assert _km(Point(23.64, 52.08), bug) < 2  # Terespol / Brest, on the Bug
    assert _km(Point(21.93, 52.70), bug) < 2  # Małkinia
    assert _km(Point(22.57, 51.25), bug) > 60  # Lublin is well west of the Bug line
    fin = lines["line-1940-finland-border"]
    assert _km(Point(27.80, 60.52), fin) < 10  # reaches the Gulf of Finland near Vaalimaa
    assert _km(Point(30.67, 62.18), fin) < 10  # Värtsilä, split by the line


def test_events_have_points_and_sources(layer):
    events = {f["properties"]["id"]: f for f in layer if f["properties"]["kind"] == "event"}
    for fid in (
        "event-1939-pact-moscow",
        "event-1939-invasion-poland-germany",
        "event-1939-invasion-poland-ussr",
        "event-1939-winter-war",
        "event-1941-barbarossa",
    ):
        assert events[fid]["geometry"]["type"] == "Point"
    assert events["event-1939-winter-war"]["properties"]["end_date"] == "1940-03-13"
    assert events["event-1939-invasion-poland-ussr"]["properties"]["start_date"] == "1939-09-17"


# ----------------------------------------------------------------------------- the basemap
def test_basemap_layers_are_small_named_and_sourced():
    total = 0
    for name in ("land", "lakes", "rivers"):
        path = BASEMAP / f"{name}.geojson"
        total += path.stat().st_size
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            assert f["properties"]["name"] and f["properties"]["sources"], (name, f["properties"])
            assert shape(f["geometry"]).is_valid
    assert total < 1.5e6


def _basemap(name: str) -> dict:
    path = BASEMAP / f"{name}.geojson"
    feats = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["name"]: shape(f["geometry"]) for f in feats}


def test_basemap_has_the_story_rivers_and_big_lakes():
    assert set(STORY_RIVERS) <= set(_basemap("rivers"))
    assert set(BIG_LAKES) <= set(_basemap("lakes"))


@pytest.mark.parametrize(
    "river, town, lon, lat",
    [
        ("Vistula", "Warsaw", 21.03, 52.24),
        ("Vistula", "Kraków", 19.94, 50.06),
        ("Vistula", "Toruń", 18.60, 53.01),
        ("Narew", "Łomża", 22.07, 53.18),
        ("San", "Przemyśl", 22.77, 49.78),
        ("Bug", "Brest", 23.69, 52.10),
        ("Pisa", "Pisz", 21.81, 53.63),
        ("Oder", "Wrocław", 17.03, 51.11),
        ("Neisse", "Görlitz", 14.99, 51.15),
        ("Niemen", "Grodno", 23.83, 53.68),
        ("Dnieper", "Kyiv", 30.55, 50.45),
        ("Dniester", "Bender", 29.48, 46.83),
        ("Prut", "Chernivtsi", 25.94, 48.29),
        ("Volga", "Yaroslavl", 39.87, 57.63),
        ("Don", "Rostov-on-Don", 39.72, 47.23),
        ("Danube", "Budapest", 19.05, 47.50),
        ("Elbe", "Dresden", 13.74, 51.05),
        ("Rhine", "Cologne", 6.96, 50.94),
    ],
)
def test_rivers_pass_their_towns(river, town, lon, lat):
    assert _km(Point(lon, lat), _basemap("rivers")[river]) < 5, town


def test_committed_rivers_are_the_build_of_rivers_csv():
    built = basemap.rivers_layer(basemap.read_rivers())
    committed = _basemap("rivers")
    assert set(built["name"]) == set(committed)
    for name, geom in zip(built["name"], built.geometry, strict=True):
        assert geom.equals_exact(committed[name], 1e-9), name


def test_lakes_are_water_inside_the_land():
    lakes, land = _basemap("lakes"), _basemap("land")["Land"]
    assert lakes["Lake Ladoga"].contains(Point(31.5, 61.0))
    assert not lakes["Lake Ladoga"].contains(Point(30.3, 59.94))  # Leningrad
    assert land.contains(Point(21.0, 52.2)) and not land.contains(Point(18.0, 55.5))


# ----------------------------------------------------------------------------- build helpers
def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_trace_follows_a_river_between_two_of_its_vertices(tmp_path):
    rivers = basemap.read_rivers(
        _write(
            tmp_path,
            "rivers.csv",
            "river,seq,lon,lat,place,source\n"
            "R,1,0.0,0.0,a,s\nR,2,0.5,0.2,b,s\nR,3,1.0,0.0,c,s\nR,4,1.5,0.3,d,s\n",
        )
    )
    paths = features_1938_1941.read_paths(
        _write(
            tmp_path,
            "line.csv",
            "shape,seq,lon,lat,conf,source,note,follow\n"
            "x,1,1.5,0.3,M,s,,R\nx,2,0.0,0.0,M,s,,\nx,3,0.0,-1.0,L,s,,\n",
        )
    )
    coords = features_1938_1941.trace(tmp_path / "line.csv", "x", paths["x"], rivers)
    assert coords == [(1.5, 0.3), (1.0, 0.0), (0.5, 0.2), (0.0, 0.0), (0.0, -1.0)]


def test_trace_names_the_file_when_a_vertex_is_off_the_river(tmp_path):
    rivers = {"R": [{"lon": 0.0, "lat": 0.0}, {"lon": 1.0, "lat": 0.0}]}
    path = _write(
        tmp_path,
        "line.csv",
        "shape,seq,lon,lat,conf,source,note,follow\nx,1,0.0,0.0,M,s,,R\nx,2,0.9,0.1,M,s,,\n",
    )
    paths = features_1938_1941.read_paths(path)
    with pytest.raises(DataError, match=r"line\.csv.*line 3.*not a vertex of the R"):
        features_1938_1941.trace(path, "x", paths["x"], rivers)


@pytest.mark.parametrize(
    "body, message",
    [
        ("x,1,0.0,0.0,Q,s,,\n", "conf"),
        ("x,1,0.0,0.0,M,,,\n", "empty source"),
        ("x,1,200.0,0.0,M,s,,\n", "out of range"),
        ("x,1,0.0,0.0,M,s,,\nx,1,1.0,0.0,M,s,,\n", "repeated seq"),
    ],
)
def test_bad_vertex_lists_are_named(tmp_path, body, message):
    path = _write(tmp_path, "bad.csv", "shape,seq,lon,lat,conf,source,note,follow\n" + body)
    with pytest.raises(DataError, match=message) as err:
        features_1938_1941.read_paths(path)
    assert "bad.csv" in str(err.value)


def test_bad_river_rows_are_named(tmp_path):
    path = _write(
        tmp_path, "rivers.csv", "river,seq,lon,lat,place,source\nR,1,0,0,a,\nR,2,1,0,b,s\n"
    )
    with pytest.raises(DataError, match=r"rivers\.csv: line 2: empty source"):
        basemap.read_rivers(path)


def test_east_of_a_line():
    east = features_1938_1941.east_of([(20.0, 54.0), (21.0, 52.0), (20.0, 50.0)])
    assert east.is_valid
    assert east.contains(Point(22.0, 52.0)) and not east.contains(Point(20.0, 52.0))


def test_lake_point_outside_every_lake_is_an_error(tmp_path):
    lakes = shapely.GeometryCollection([shapely.box(0, 0, 1, 1)])
    wanted = [{"name": "Nowhere", "point": Point(5, 5), "source": "s", "note": ""}]
    import geopandas as gpd

    with pytest.raises(DataError, match="Nowhere"):
        basemap.lakes_layer(
            gpd.GeoSeries(list(lakes.geoms)), wanted, shapely.box(-10, -10, 10, 10), tmp_path
        )


def test_events_table_rejects_unknown_vocabulary(tmp_path):
    head = ",".join(features_1938_1941.EVENT_COLUMNS) + "\n"
    path = _write(
        tmp_path, "events.csv", head + "e-1,E,10,50,1939-09-01,1939-09-02,day,Narnia,battle,S1,\n"
    )
    with pytest.raises(DataError, match=r"events\.csv: line 2.*power 'Narnia'"):
        features_1938_1941.read_events(path)
