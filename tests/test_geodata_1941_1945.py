"""The war of 1941-1945: authored fronts, the sweep between them, captures and claims."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from geobuild import claims_1941_1945 as war  # noqa: E402

from spheremap import fronts  # noqa: E402
from spheremap.model import DataError  # noqa: E402

#: The capture sides of the sources by the side codes of spheremap.model.SIDES.
CAPTURE_SIDE = {fronts.AXIS: "axis", fronts.EAST: "soviet", fronts.WEST: "allied"}


@pytest.fixture(scope="module")
def claims():
    return war.claims()


@pytest.fixture(scope="module")
def index(claims):
    tree = shapely.STRtree([c.geometry for c in claims])
    return tree


def top_claim(claims, tree, lon, lat, day):
    """The last of the module's claims valid on ``day`` that contains the point (or None)."""
    pt = Point(lon, lat)
    hits = sorted(tree.query(pt, predicate="intersects"))
    top = None
    for k in hits:
        c = claims[k]
        if c.start <= day and (c.end is None or day < c.end):
            top = c
    return top


def side(claims, tree, cap: war.Capture, day: date) -> str:
    """The side holding a capture's place on ``day``: that of the top claim's power there on
    that day (the one sides table, :data:`spheremap.model.SIDES`); ground of no side, or
    without a claim of this module, is Soviet inside the 1941 USSR and Axis elsewhere."""
    c = top_claim(claims, tree, cap.lon, cap.lat, day)
    held = fronts.side_of(c.power, day, c.id) if c is not None else None
    if held is not None:
        return CAPTURE_SIDE[held]
    return "soviet" if war.ussr_1941().contains(Point(cap.lon, cap.lat)) else "axis"


# --------------------------------------------------------------------------- authored fronts


def test_every_front_closes_to_a_valid_polygon():
    for path, theatre in ((war.FRONTS_CSV, "east"), (war.ITALY_CSV, "italy")):
        fronts = war.read_fronts(path)
        assert len(fronts) >= 10
        for day, verts in fronts.items():
            line = shapely.LineString([(v.lon, v.lat) for v in verts])
            assert line.is_valid and line.is_simple, (theatre, day)
    for snap in war.east_snapshots() + war.italy_snapshots() + war.west_snapshots():
        assert snap.area.is_valid and not snap.area.is_empty or snap.day in (date(1945, 5, 2),), (
            snap.day
        )


def test_fronts_are_ordered_and_drawn_with_the_axis_to_the_right():
    text = war.FRONTS_CSV.read_text(encoding="utf-8").splitlines()[1:]
    days = [row.split(",")[0] for row in text]
    assert days == sorted(days), "fronts.csv rows are not in date order"
    east = war.read_fronts(war.FRONTS_CSV)
    for day, verts in east.items():
        assert verts[0].lat > verts[-1].lat, f"east front {day} not drawn north to south"
    for day, verts in war.read_fronts(war.ITALY_CSV).items():
        assert verts[0].lon > verts[-1].lon, f"Italian front {day} not drawn east to west"


def test_turning_points_of_the_brief_are_there():
    east = set(war.read_fronts(war.FRONTS_CSV))
    for d in ("1941-07-10", "1941-09-30", "1941-12-05", "1942-05-01", "1942-11-18",
              "1943-02-18", "1943-07-04", "1943-12-24", "1944-06-22", "1944-08-31",
              "1945-01-12", "1945-05-08"):  # fmt: skip
        assert date.fromisoformat(d) in east, d


def test_every_front_states_its_precision():
    meta = war.read_meta(war.META_CSV)
    for theatre, path in (("east", war.FRONTS_CSV), ("italy", war.ITALY_CSV)):
        for day in war.read_fronts(path):
            m = meta[(theatre, day)]
            assert 0 < m.precision_km <= 60 and m.sources and m.name, (theatre, day)
    for snap in war.west_snapshots():
        assert snap.meta is not None and snap.meta.precision_km > 0, snap.day


def test_moscow_1941_vertices_are_on_the_right_side():
    """Fact sheet §2.7: German and Soviet places on 5 December 1941."""
    area = {s.day: s.area for s in war.east_snapshots()}[date(1941, 12, 5)]
    for lon, lat in ((36.73, 56.33), (36.86, 55.92), (34.33, 56.26), (33.51, 59.64)):
        assert area.contains(Point(lon, lat)), (lon, lat)  # German: Klin, Istra, Rzhev, Tikhvin
    for lon, lat in ((37.62, 55.75), (38.15, 54.83), (33.11, 57.15), (33.52, 44.60)):
        assert not area.contains(Point(lon, lat)), (lon, lat)  # Moscow, Kashira, ... Sevastopol


# --------------------------------------------------------------------------- captures


def test_captures_fall_on_the_right_side_on_their_dates(claims, index):
    wrong = []
    for cap in war.read_captures(war.CAPTURES_CSV):
        if side(claims, index, cap, cap.day) != cap.side:
            wrong.append(f"{cap.place} on {cap.day}: not {cap.side}")
        eve = cap.day - timedelta(days=1)
        if side(claims, index, cap, eve) == cap.side:
            held = top_claim(claims, index, cap.lon, cap.lat, eve)
            if cap.side == "soviet" and held is not None and held.power != "USSR":
                # the Red Army entered a city whose own government had already left the Axis
                # (Bucharest, Sofia) or that had risen (Prague): no change of side that day
                continue
            wrong.append(f"{cap.place} on the eve of {cap.day}: already {cap.side}")
    assert not wrong, "\n".join(wrong)


def test_short_reversals_are_kept(claims, index):
    rostov = war.Capture("Rostov", 39.72, 47.23, date(1941, 11, 25), "axis", "Germany", "FS2.6")
    assert side(claims, index, rostov, date(1941, 11, 25)) == "axis"
    assert side(claims, index, rostov, date(1941, 12, 1)) == "soviet"
    kharkiv = war.Capture("Kharkiv", 36.23, 49.99, date(1943, 3, 1), "soviet", "USSR", "FS2.6")
    assert side(claims, index, kharkiv, date(1943, 2, 20)) == "soviet"
    assert side(claims, index, kharkiv, date(1943, 3, 25)) == "axis"
    assert side(claims, index, kharkiv, date(1943, 8, 25)) == "soviet"


# --------------------------------------------------------------------------- the sweep


def test_sweep_partitions_the_zone_and_honours_captures():
    zone = box(0, 0, 4, 1)
    old = [shapely.LineString([(0, 0), (0, 1)])]
    new = [shapely.LineString([(4, 0), (4, 1)])]
    cap = war.Capture("X", 1.05, 0.55, date(1941, 7, 3), "axis", "Germany", "test")
    bands = war.sweep(zone, date(1941, 7, 1), date(1941, 8, 30), old, new, [cap])
    assert abs(sum(b.area for b, _ in bands) - zone.area) < 1e-6
    assert (
        shapely.union_all([b for b, _ in bands]).equals_exact(zone, 1e-6)
        or abs(shapely.union_all([b for b, _ in bands]).area - zone.area) < 1e-6
    )
    flips = {d for _, d in bands}
    assert min(flips) > date(1941, 7, 1) and date(1941, 8, 16) <= max(flips) <= date(1941, 8, 30)
    at = [d for b, d in bands if b.contains(Point(1.05, 0.55))]
    assert at == [date(1941, 7, 3)]
    # further from the old front means later
    west = [d for b, d in bands if b.contains(Point(0.5, 0.2))][0]
    east = [d for b, d in bands if b.contains(Point(3.5, 0.2))][0]
    assert west < east


def test_bad_front_file_names_the_file_and_line(tmp_path):
    bad = tmp_path / "fronts.csv"
    bad.write_text(
        "front_date,seq,lon,lat,place,status,conf,source,note\n"
        "1941-07-10,1,30.0,60.0,a,line,M,STD,\n1941-07-10,2,300.0,50.0,b,line,M,STD,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"fronts.csv.*line 3"):
        war.read_fronts(bad)
    crossing = tmp_path / "cross.csv"
    crossing.write_text(
        "front_date,seq,lon,lat,place,status,conf,source,note\n"
        "1941-07-10,1,30,60,a,line,M,STD,\n1941-07-10,2,31,50,b,line,M,STD,\n"
        "1941-07-10,3,29,55,c,line,M,STD,\n1941-07-10,4,32,55,d,line,M,STD,\n",
        encoding="utf-8",
    )
    verts = war.read_fronts(crossing)[date(1941, 7, 10)]
    with pytest.raises(DataError, match="not a valid front"):
        war.side_polygon([(v.lon, v.lat) for v in verts], "east", "test front")


# --------------------------------------------------------------------------- claims


def test_claims_are_well_formed_and_end_by_the_settlement(claims):
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids))
    war_claims = [c for c in claims if c.id.split("-")[0] in ("east", "west")]
    assert war_claims
    assert max(c.end for c in war_claims) <= war.period("east").end
    assert all(c.start >= war.period("war").start for c in claims if c.id.split("-")[0] == "east")


def test_the_1941_ussr_includes_its_annexations():
    u = war.ussr_1941()
    for lon, lat in ((24.11, 56.95), (25.28, 54.69), (24.03, 49.84), (28.86, 47.01)):
        assert u.contains(Point(lon, lat)), (lon, lat)  # Riga, Vilnius, Lviv, Chisinau
    for lon, lat in ((21.01, 52.23), (22.95, 59.83)):
        assert not u.contains(Point(lon, lat)), (lon, lat)  # Warsaw; Hanko kept out


# --------------------------------------------------------------------------- features


def test_front_features_chain_and_state_their_precision():
    from geobuild import features_1941_1945 as feats

    from spheremap.model import REQUIRED_PROPERTIES

    fronts = [f for f in feats.front_features()]
    assert len(fronts) >= 35
    by_theatre: dict[str, list[dict]] = {}
    for f in fronts:
        p = f["properties"]
        assert all(k in p for k in REQUIRED_PROPERTIES), p["id"]
        assert p["kind"] == "line" and p["status"] == "frontline", p["id"]
        assert "Stated precision: about" in p["note"], p["id"]
        assert f["geometry"]["type"] in ("LineString", "MultiLineString"), p["id"]
        by_theatre.setdefault(p["id"].split("-")[1], []).append(p)
    for theatre, props in by_theatre.items():
        props.sort(key=lambda p: p["start_date"])
        for a, b in zip(props, props[1:], strict=False):
            assert a["end_date"] == b["start_date"], (theatre, a["id"])
    ids = [f["properties"]["id"] for f in feats.features()]
    assert len(ids) == len(set(ids))
    assert "event-1942-stalingrad" in ids and "event-1944-normandy-landings" in ids
