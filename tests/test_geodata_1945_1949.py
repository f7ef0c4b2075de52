"""The settlement of 1945-1949 and the Far East war of August 1945.

Reads the committed build output ``geodata/layers/1945_1949.geojson`` and the authored sources
in ``geodata/sources/settlement_1945``; the pure geometry helpers are checked on small inputs.
The Far East phases are recomputed from ``geodata/sources/far_east_1945`` (with the cached
Natural Earth data, as in ``test_geodata_1941_1945``) and its captures are checked against the
bundled atlas. No rebuild of the layers.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from geobuild import far_east_1945 as far_east  # noqa: E402
from geobuild import features_1945_1949 as settlement  # noqa: E402
from geobuild.claims import read_shapes  # noqa: E402
from geobuild.claims_1941_1945 import Capture, read_captures  # noqa: E402

from spheremap.model import KINDS, POWERS, PRECISIONS, STATUSES, DataError  # noqa: E402

LAYER = ROOT / "geodata" / "layers" / "1945_1949.geojson"
SOURCES = ROOT / "geodata" / "sources" / "settlement_1945"
#: Dates on which the zone and sector rules are checked.
DAYS = [date(1945, 7, 10), date(1945, 8, 15), date(1945, 10, 1), date(1946, 6, 1),
        date(1947, 6, 1), date(1949, 6, 1), date(1949, 12, 31)]  # fmt: skip
#: Square kilometres per square degree at Berlin's and Vienna's latitude.
KM2_BERLIN = 111.32 * 111.32 * 0.6088
KM2_VIENNA = 111.32 * 111.32 * 0.6665


@pytest.fixture(scope="module")
def layer() -> list[dict]:
    return json.loads(LAYER.read_text(encoding="utf-8"))["features"]


def _valid_on(props: dict, day: date) -> bool:
    start = date.fromisoformat(props["start_date"])
    end = date.fromisoformat(props["end_date"]) if props["end_date"] else None
    return start <= day and (end is None or day < end)


def _of(layer, kind: str, day: date, prefix: str = "") -> list[tuple[dict, object]]:
    return [
        (f["properties"], shape(f["geometry"]))
        for f in layer
        if f["properties"]["kind"] == kind
        and f["properties"]["id"].startswith(prefix)
        and _valid_on(f["properties"], day)
    ]


def _table(name: str) -> list[dict]:
    with open(SOURCES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- the layer


def test_every_feature_has_the_full_property_set(layer):
    ids = [f["properties"]["id"] for f in layer]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for f in layer:
        p = f["properties"]
        assert p["kind"] in KINDS and p["power"] in POWERS and p["status"] in STATUSES, p["id"]
        assert p["date_precision"] in PRECISIONS and p["sources"], p["id"]
        if p["end_date"]:
            assert p["start_date"] < p["end_date"], p["id"]
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty, p["id"]
        assert f["geometry"]["type"] in {
            "zone": ("Polygon", "MultiPolygon"), "sector": ("Polygon", "MultiPolygon"),
            "line": ("LineString", "MultiLineString"), "event": ("Point", "MultiPoint"),
        }[p["kind"]], p["id"]  # fmt: skip


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_zones_do_not_overlap(layer, day):
    zones = _of(layer, "zone", day)
    assert len(zones) >= 4
    for (pa, ga), (pb, gb) in itertools.combinations(zones, 2):
        # Coordinates are rounded to 1e-5 degrees, so shared borders may cross by centimetres:
        # measure an overlap as its mean width along the shorter outline (1e-5 deg ~ 1 m).
        width = shapely.intersection(ga, gb).area / min(ga.length, gb.length)
        assert width < 1e-5, f"{pa['id']} and {pb['id']} overlap on {day} (width {width:.1e} deg)"


@pytest.mark.parametrize("day", [date(1945, 8, 15), date(1946, 6, 1), date(1949, 1, 1)], ids=str)
def test_germany_has_four_zone_powers_and_the_enclave_is_american(layer, day):
    zones = _of(layer, "zone", day, "zone-germany-")
    assert {p["power"] for p, _ in zones} == {"USSR", "UK", "US", "France"}
    bremen = Point(8.81, 53.08)
    assert [p["power"] for p, g in zones if g.contains(bremen)] == ["US"]


def test_zones_do_not_overlap_the_sectors_of_their_city(layer):
    day = date(1946, 6, 1)
    zones = shapely.union_all([g for _, g in _of(layer, "zone", day)])
    sectors = shapely.union_all([g for _, g in _of(layer, "sector", day)])
    assert shapely.intersection(zones, sectors).area < 1e-6


@pytest.mark.parametrize("day", [date(1945, 6, 1), date(1945, 7, 10), date(1945, 8, 20), date(1949, 12, 31)], ids=str)  # fmt: skip
def test_berlin_sectors_cover_greater_berlin_once(layer, day):
    sectors = _of(layer, "sector", day, "sector-berlin-")
    names = Counter(p["name"].split(" (")[0] for p, _ in sectors)
    boroughs = {f"Berlin-{r['borough']}" for r in _table("berlin_boroughs.csv")}
    boroughs.add("Berlin-West-Staaken")
    if day >= date(1945, 8, 30):  # the Seeburg salient and eastern Gross Glienicke join Spandau
        boroughs.add(SEEBURG)
    assert set(names) == boroughs and set(names.values()) == {1}, names
    for (pa, ga), (pb, gb) in itertools.combinations(sectors, 2):
        assert shapely.intersection(ga, gb).area < 1e-7, (pa["id"], pb["id"])
    area = shapely.union_all([g for _, g in sectors]).area * KM2_BERLIN
    # today's limit (891.1 km2 in the Ortsteile's own FLAECHE_HA: 887.7) with the 1945 additions;
    # the 1920-1945 limit leaves out the Seeburg salient and eastern Gross Glienicke (~5.5 km2)
    expected = 891 if day >= date(1945, 8, 30) else 885.5
    assert abs(area - expected) < 4, f"Greater Berlin is about {expected} km2, got {area:.1f}"


def test_berlin_sector_powers_by_date(layer):
    expect = {
        date(1945, 6, 1): {"USSR": 21},
        date(1945, 8, 1): {"USSR": 8, "US": 6, "UK": 7},
        date(1945, 8, 13): {"USSR": 8, "US": 6, "UK": 5, "France": 2},
        date(1945, 8, 29): {"USSR": 8, "US": 6, "UK": 5, "France": 2},
        date(1945, 8, 30): {"USSR": 9, "US": 6, "UK": 5, "France": 2},
    }
    for day, counts in expect.items():
        got = Counter(p["power"] for p, _ in _of(layer, "sector", day, "sector-berlin-"))
        assert dict(got) == counts, (day, got)


#: The sector feature of the areas added to Spandau on 30 August 1945 (name before " (").
SEEBURG = "Berlin-Seeburg salient and eastern Gross Glienicke"


def test_seeburg_salient_changes_hands_on_30_august_1945(layer):
    def at(day, kind):
        return [p for p, _ in _of(layer, kind, day) if "seeburg-gross-glienicke" in p["id"]]

    before, after = at(date(1945, 8, 29), "zone"), at(date(1945, 8, 30), "sector")
    assert [p["power"] for p in before] == ["USSR"] and [p["power"] for p in after] == ["UK"]
    assert not at(date(1945, 8, 30), "zone") and not at(date(1945, 8, 29), "sector")
    geom = next(
        g for p, g in _of(layer, "sector", date(1946, 6, 1)) if p["name"].startswith(SEEBURG)
    )
    assert 3 < geom.area * KM2_BERLIN < 9, f"{geom.area * KM2_BERLIN:.1f} km2, a few km2 on record"


#: Sector areas as usually quoted (km2; general knowledge, M): the borough faces should land
#: near them if the borough limits are right.
SECTOR_KM2 = {"USSR": 409, "US": 211, "UK": 165, "France": 106}


#: Borough areas (km2) before the 2001 merger (general knowledge, M); Lichtenberg and
#: Weissensee of 1938 include the later Marzahn/Hellersdorf and Hohenschoenhausen boroughs.
BOROUGH_KM2 = {
    "Mitte": 10.7, "Tiergarten": 13.4, "Wedding": 15.4, "Prenzlauer Berg": 10.9,
    "Friedrichshain": 9.8, "Kreuzberg": 10.4, "Charlottenburg": 30.3, "Spandau": 91.9,
    "Wilmersdorf": 34.4, "Zehlendorf": 70.6, "Schöneberg": 12.3, "Steglitz": 32.0,
    "Tempelhof": 40.8, "Neukölln": 44.9, "Treptow": 40.6, "Köpenick": 127.4,
    "Lichtenberg": 86.0, "Weißensee": 56.1, "Pankow": 61.9, "Reinickendorf": 89.5,
}  # fmt: skip


def test_berlin_borough_areas(layer):
    sectors = _of(layer, "sector", date(1946, 6, 1), "sector-berlin-")
    areas = {
        p["name"].split(" (")[0].removeprefix("Berlin-"): g.area * KM2_BERLIN for p, g in sectors
    }
    areas["Spandau"] += areas.pop("West-Staaken") + areas.pop(SEEBURG.removeprefix("Berlin-"))
    for name, km2 in BOROUGH_KM2.items():
        assert abs(areas[name] - km2) / km2 < 0.03, f"{name}: {areas[name]:.1f} km2, recorded {km2}"


def test_berlin_sector_areas_match_the_quoted_figures(layer):
    sectors = _of(layer, "sector", date(1946, 6, 1), "sector-berlin-")
    for power, km2 in SECTOR_KM2.items():
        area = shapely.union_all([g for p, g in sectors if p["power"] == power]).area * KM2_BERLIN
        assert abs(area - km2) / km2 < 0.02, f"{power} sector: {area:.0f} km2, quoted {km2}"


@pytest.mark.parametrize("day", [date(1945, 9, 1), date(1949, 12, 31)], ids=str)
def test_vienna_sectors_cover_the_1937_city_once(layer, day):
    sectors = _of(layer, "sector", day, "sector-vienna-")
    numbers = Counter(p["id"].split("-")[2] for p, _ in sectors)
    assert sorted(numbers) == [f"{n:02d}" for n in range(1, 22)] and set(numbers.values()) == {1}
    for (pa, ga), (pb, gb) in itertools.combinations(sectors, 2):
        assert shapely.intersection(ga, gb).area < 1e-7, (pa["id"], pb["id"])
    area = shapely.union_all([g for _, g in sectors]).area * KM2_VIENNA
    assert 240 < area < 300, f"Vienna within its 1937 limit is about 278 km2, got {area:.0f}"
    powers = Counter(p["power"] for p, _ in sectors)
    assert powers == Counter({"USSR": 5, "US": 6, "UK": 5, "France": 4, "four-power": 1})


#: Areas (km2) of the inner districts, whose limits the 1938 and 1954 laws left alone (Vienna's
#: district statistics, M): the authored faces should be close to them.
INNER_DISTRICT_KM2 = {1: 2.87, 3: 7.40, 4: 1.78, 5: 2.01, 6: 1.46, 7: 1.61, 8: 1.08, 9: 2.97,
                      15: 3.92, 20: 5.71}  # fmt: skip


def test_inner_vienna_district_areas(layer):
    sectors = _of(layer, "sector", date(1946, 6, 1), "sector-vienna-")
    areas = {int(p["id"].split("-")[2]): g.area * KM2_VIENNA for p, g in sectors}
    for number, km2 in INNER_DISTRICT_KM2.items():
        assert abs(areas[number] - km2) / km2 < 0.25, f"district {number}: {areas[number]:.2f} km2"


def test_no_vienna_sectors_before_september_1945(layer):
    assert _of(layer, "sector", date(1945, 8, 31), "sector-vienna-") == []


def test_inner_city_is_four_power_and_surrounded(layer):
    sectors = _of(layer, "sector", date(1946, 1, 1), "sector-vienna-")
    inner = [g for p, g in sectors if p["power"] == "four-power"]
    assert len(inner) == 1
    neighbours = {
        p["power"] for p, g in sectors if p["power"] != "four-power" and g.touches(inner[0])
    }
    assert neighbours == {"USSR", "US", "UK", "France"}


def test_lines_and_events(layer):
    ids = {f["properties"]["id"] for f in layer}
    for fid in ("line-oder-neisse-1945", "line-curzon-1919", "line-curzon-line-a-1920",
                "line-polish-soviet-border-1945", "line-koenigsberg-1945",
                "event-1943-tehran", "event-1945-yalta", "event-1945-potsdam"):  # fmt: skip
        assert fid in ids
    potsdam = next(f for f in layer if f["properties"]["id"] == "event-1945-potsdam")
    assert potsdam["properties"]["end_date"] == "1945-08-03"
    oder = next(f for f in layer if f["properties"]["id"] == "line-oder-neisse-1945")
    assert shape(oder["geometry"]).distance(Point(14.55, 52.35)) < 0.05  # Frankfurt (Oder)


# --------------------------------------------------------------------------- Far East, August 1945

#: A test window inside Manchukuo: the Manchurian plain from Taonan to Dunhua and Harbin.
MANCHURIA = box(122.5, 42.5, 128.5, 47.5)


def _control_powers(atlas, day: date, window) -> set[str]:
    ctrl = atlas.control_at(day)
    return set(ctrl[ctrl.intersects(window)]["power"])


def test_far_east_captures_change_hands_on_their_day(atlas):
    wrong = []
    for cap in read_captures(far_east.CAPTURES_CSV):
        on = {m.power for m in atlas.where(cap.lon, cap.lat, cap.day) if m.kind == "control"}
        eve = cap.day - timedelta(days=1)
        before = {m.power for m in atlas.where(cap.lon, cap.lat, eve) if m.kind == "control"}
        if on != {"USSR"}:
            wrong.append(f"{cap.place} on {cap.day}: {sorted(on)}, not USSR")
        if "USSR" in before or not before:
            wrong.append(f"{cap.place} on the eve of {cap.day}: {sorted(before)}")
    assert not wrong, "\n".join(wrong)


def test_far_east_phases_grow_and_state_their_precision():
    snaps = far_east.snapshots()
    assert snaps[0].day == far_east.START and snaps[0].area.is_empty
    for a, b in itertools.pairwise(snaps):
        assert a.day < b.day
        assert shapely.difference(a.area, b.area).area < 1e-6, (a.day, b.day)
        assert b.meta is not None and b.meta.precision_km > 0 and b.meta.sources, b.day
    assert shapely.symmetric_difference(snaps[-1].area, far_east.region()).area < 1e-3
    assert far_east.occupation_day() == snaps[-1].day == date(1945, 8, 30)


def test_far_east_check_captures_names_the_contradicting_capture():
    snaps = far_east.snapshots()
    harbin_late = Capture("Harbin", 126.63, 45.75, date(1945, 8, 29), "soviet", "USSR", "test")
    with pytest.raises(DataError, match="Harbin"):
        far_east.check_captures(snaps, [harbin_late], [])


def test_manchuria_changes_hands_over_days_not_on_one_day(atlas):
    assert _control_powers(atlas, date(1945, 8, 8), MANCHURIA) == {"Manchukuo"}
    assert _control_powers(atlas, date(1945, 8, 14), MANCHURIA) == {"Manchukuo", "USSR"}
    # Manchukuo is gone after Puyi's abdication; the Kwantung Army holds what is not yet Soviet
    assert _control_powers(atlas, date(1945, 8, 19), MANCHURIA) == {"Japan", "USSR"}
    assert _control_powers(atlas, date(1945, 8, 31), MANCHURIA) == {"USSR"}
    # Manchuria and Korea (the USSR proper inside the window does not change)
    window = box(115.5, 38.5, 135.5, 53.5)
    days = [date(1945, 8, d) for d in range(8, 31)]
    soviet = []
    for day in days:
        ctrl = atlas.control_at(day)
        held = ctrl[(ctrl["power"] == "USSR") & ctrl.intersects(window)]
        soviet.append(shapely.union_all(held.geometry.values).intersection(window).area)
    grew = [d for d, x, y in zip(days[1:], soviet, soviet[1:], strict=False) if y > x + 0.05]
    assert len(grew) >= 12, grew


def test_far_east_fronts_are_dated_frontline_features(layer):
    fronts = sorted(
        (f["properties"] for f in layer if f["properties"]["id"].startswith("front-fareast-")),
        key=lambda p: p["start_date"],
    )
    days = [p["start_date"] for p in fronts]
    assert days == ["1945-08-12", "1945-08-15", "1945-08-17", "1945-08-18", "1945-08-19",
                    "1945-08-20", "1945-08-24"]  # fmt: skip
    for p, q in itertools.pairwise(fronts):
        assert p["end_date"] == q["start_date"]
    for p in fronts:
        assert (p["kind"], p["power"], p["status"]) == ("line", "contested", "frontline")
        assert "Stated precision: about" in p["note"] and p["date_precision"] == "approx"


# --------------------------------------------------------------------------- the sources


def test_borough_and_district_tables():
    boroughs = _table("berlin_boroughs.csv")
    assert len(boroughs) == 20 and len({r["borough"] for r in boroughs}) == 20
    assert Counter(r["sector"] for r in boroughs) == Counter(
        {"USSR": 8, "US": 6, "UK": 4, "France": 2}
    )
    districts = _table("vienna_districts.csv")
    assert [int(r["number"]) for r in districts] == list(range(1, 22))


def test_control_agrees_with_the_sector_layer_all_over_berlin(layer):
    # a 0.004-degree grid over Berlin (~5,000 points); points within 0.0015 degree (100-170 m)
    # of a sector limit are left out, since control is rounded to 0.001 degree
    from spheremap.atlas import Atlas

    atlas = Atlas.load(ROOT / "geodata")
    day = date(1946, 6, 1)
    sectors = _of(layer, "sector", day, "sector-berlin-")
    limits = shapely.union_all(
        [shapely.union_all([g for p, g in sectors if p["power"] == w]).boundary
         for w in ("USSR", "US", "UK", "France")]
    )  # fmt: skip
    pts, want = [], []
    for x in range(13080, 13770, 4):
        for y in range(52330, 52680, 4):
            pt = Point(x / 1000, y / 1000)
            hit = [p["power"] for p, g in sectors if g.contains(pt)]
            if hit and pt.distance(limits) > 0.0015:
                pts.append((pt.x, pt.y))
                want.append(hit[0])
    assert len(pts) > 4000
    matches = atlas.where_many([x for x, _ in pts], [y for _, y in pts], [day] * len(pts))
    got = [next(m.power for m in ms if m.kind == "control") for ms in matches]
    wrong = [(p, w, g) for p, w, g in zip(pts, want, got, strict=True) if w != g]
    assert not wrong, f"{len(wrong)} of {len(pts)} points disagree, e.g. {wrong[:3]}"


def test_borough_table_errors_name_the_file(tmp_path, monkeypatch):
    rows = (SOURCES / "berlin_boroughs.csv").read_text(encoding="utf-8")
    bad = tmp_path / "berlin_boroughs.csv"
    cases = {
        "Moabit; Hansaviertel; Tiergarten": ("Moabit; Atlantis", "unknown Ortsteil 'Atlantis'"),
        "Wedding; Gesundbrunnen": ("Wedding; Gesundbrunnen; Moabit", "Ortsteil 'Moabit' also"),
        "Schöneberg; Friedenau": ("Schöneberg", "in no borough: Friedenau"),
    }
    # stand-in Ortsteile (the real ones come from an npm package the tests do not install)
    names = [n.strip() for r in _table("berlin_boroughs.csv") for n in r["ortsteile"].split(";")]
    fake = {name: box(i, 0, i + 1, 1) for i, name in enumerate(names)}
    monkeypatch.setattr(settlement, "berlin_ortsteile", lambda: fake)
    for good, (broken, message) in cases.items():
        bad.write_text(rows.replace(good, broken), encoding="utf-8")
        monkeypatch.setattr(settlement, "BERLIN_TABLE_CSV", bad)
        settlement.berlin_boroughs.cache_clear()
        with pytest.raises(DataError, match=message) as err:
            settlement.berlin_boroughs()
        assert "berlin_boroughs.csv" in str(err.value)
    settlement.berlin_boroughs.cache_clear()


def test_authored_vertex_lists_are_well_formed():
    for path in sorted(SOURCES.glob("*_lines.csv")) + [
        SOURCES / "germany_1945.csv", SOURCES / "austria_1945.csv", SOURCES / "poland_1945.csv"
    ]:  # fmt: skip
        shapes = read_shapes(path)
        assert shapes, path.name
        if "lines" in path.name:
            for name, pts in shapes.items():
                # Berlin and Vienna guide vertices are authored at 3 decimals.
                assert all(round(x, 3) == x and round(y, 3) == y for x, y in pts), name


# --------------------------------------------------------------------------- helpers


SQUARE = box(0, 0, 4, 4)
CUTS = [LineString([(2, -1), (2, 5)]), LineString([(-1, 2), (2, 2)])]
LABELS = {"west-south": Point(1, 1), "west-north": Point(1, 3), "east": Point(3, 2)}


def test_faces_names_each_face_by_its_label():
    got = settlement.faces(SQUARE, CUTS, LABELS, Path("test"))
    assert set(got) == set(LABELS)
    assert got["east"].area == pytest.approx(8.0)
    assert got["west-north"].area == pytest.approx(4.0)


def test_faces_rejects_a_missing_boundary_line():
    with pytest.raises(DataError, match="one face"):
        settlement.faces(SQUARE, CUTS[:1], LABELS, Path("test"))


def test_faces_rejects_a_label_outside_the_outline():
    labels = {**LABELS, "outside": Point(9, 9)}
    with pytest.raises(DataError, match="no face"):
        settlement.faces(SQUARE, CUTS, labels, Path("test"))


def test_partition_tiles_the_target_and_gives_slivers_to_the_nearest_part():
    target = box(0, 0, 10, 10)
    parts = {"a": box(0, 0, 4.9, 10), "b": box(5, 0, 10, 9.9)}
    got = settlement.partition(target, parts)
    assert shapely.union_all(list(got.values())).symmetric_difference(target).area < 1e-9
    assert shapely.intersection(got["a"], got["b"]).area < 1e-9
    # the gap 4.9-5 goes to the nearer part; the top strip of b's side to b
    assert got["b"].contains(Point(7, 9.95))


def test_side_of_is_the_area_beyond_a_line():
    north = settlement.side_of([(0, 0), (1, 1), (2, 0)], 5.0)
    assert north.contains(Point(1, 2)) and not north.contains(Point(1, 0.5))
