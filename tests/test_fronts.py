"""Fronts derived from control: on the colour boundary every day, authored on front dates."""

from __future__ import annotations

import functools
import json
from datetime import date, timedelta

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point

from spheremap import fronts, render

#: Facts of tests/facts/facts_1941_1945.csv (place: lon, lat).
KIEV = (30.52, 50.45)  # German 1941-10-01 .. 1943-10-25 (taken back 6 Nov 1943)
KHARKIV = (36.23, 49.99)  # Soviet from 1943-09-01
MINSK = (27.56, 53.90)  # Soviet from 1944-07-10
RIGA = (24.11, 56.95)  # German on 1944-09-01
ROME = (12.50, 41.90)  # Allied from 1944-06-15
FLORENCE = (11.25, 43.77)  # German on 1944-08-01

#: The war window, every 29 days (so the sample walks through the months and weekdays).
SAMPLE_DAYS = [
    fronts.EAST_START + timedelta(days=d)
    for d in range(0, (fronts.WAR_END - fronts.EAST_START).days, 29)
] + [date(1942, 8, 15), date(1943, 9, 20), date(1944, 8, 1), date(1945, 5, 8)]


# ----------------------------------------------------------------------------- pure parts
@pytest.mark.parametrize(
    "power, day, claim, side",
    [
        ("Germany", date(1942, 1, 1), None, "axis"),
        ("USSR", date(1942, 1, 1), None, "east"),
        ("Italy", date(1943, 9, 7), None, "axis"),
        ("Italy", date(1943, 9, 8), None, "west"),
        ("Italy", date(1943, 9, 8), "italy-1938", "west"),  # Sardinia, the King's government
        ("Italy", date(1943, 9, 7), "italy-1938", "axis"),
        ("Italy", date(1944, 8, 1), "italy-kingdom-1944", "west"),
        ("Romania", date(1944, 8, 22), None, "axis"),
        ("Romania", date(1944, 8, 23), None, "east"),
        ("Bulgaria", date(1944, 9, 9), None, "east"),
        ("Finland", date(1941, 6, 24), None, None),
        ("Finland", date(1941, 6, 25), None, "axis"),
        ("Finland", date(1944, 9, 5), None, None),  # the ceasefire
        ("Finland", date(1944, 9, 15), None, "east"),  # the Lapland War against Germany
        ("Sweden", date(1942, 1, 1), None, None),
        ("Japan", date(1942, 1, 1), None, None),
        ("US", date(1944, 8, 1), None, "west"),
    ],
)
def test_sides_switch_on_their_dates(power, day, claim, side):
    assert fronts.side_of(power, day, claim) == side


def test_every_side_rule_names_a_vocabulary_power():
    from spheremap.model import POWERS

    assert {r.power for r in fronts.SIDES} <= set(POWERS)


def test_names_and_precision_parsing():
    assert fronts.interval_text(date(1943, 9, 20), date(1943, 9, 21)) == "20 Sep 1943"
    assert fronts.interval_text(date(1943, 9, 17), date(1943, 9, 23)) == "17–22 Sep 1943"
    assert fronts.interval_text(date(1943, 8, 28), date(1943, 9, 4)) == "28 Aug – 3 Sep 1943"
    assert fronts.interval_text(date(1944, 12, 30), date(1945, 1, 2)) == "30 Dec 1944 – 1 Jan 1945"


def _front_frame(rows):
    import geopandas as gpd

    base = dict(kind="line", power="contested", status="frontline", date_precision="day")
    return gpd.GeoDataFrame(
        [{**base, **r} for r in rows],
        geometry=[LineString([(20, 50), (21, 51)])] * len(rows),
        crs=4326,
    )


def test_authored_fronts_read_theatre_and_precision_from_their_fields_not_id_or_note():
    frame = _front_frame(
        [
            # the note and the id say otherwise: the fields decide
            dict(
                id="front-east-1943-07-04",
                theatre="italy",
                precision_km=25,
                start_date=date(1943, 7, 4),
                sources=["X"],
                note="Stated precision: about 40 km",
            ),
            dict(  # no theatre: not an authored front of a derived theatre
                id="front-west-1944-08-01",
                theatre=None,
                precision_km=10,
                start_date=date(1944, 8, 1),
                sources=["X"],
                note="",
            ),
            dict(  # the Far East is not derived from control
                id="front-fareast-1945-08-10",
                theatre="fareast",
                precision_km=50,
                start_date=date(1945, 8, 10),
                sources=["X"],
                note="",
            ),
        ]
    )
    (only,) = fronts.authored_fronts(frame)
    assert (only.theatre, only.precision_km) == ("italy", 25)
    row = fronts.front_row((only,), "italy", date(1943, 7, 10), date(1943, 7, 11))
    assert row["precision_km"] == 25 and "±25 km" in row["name"]


def test_bundled_fronts_do_not_depend_on_their_notes(atlas):
    silent = atlas.features.assign(note="")
    assert fronts.authored_fronts(silent) == atlas.authored_fronts
    theatres = {f.theatre for f in atlas.authored_fronts}
    assert theatres == set(fronts.THEATRES)
    assert all(f.precision_km for f in atlas.authored_fronts)


def test_authored_front_is_drawn_on_its_own_day_and_the_line_of_contact_throughout():
    start = date(1943, 7, 4)
    assert fronts.shows_authored("east", start, start)
    assert not fronts.shows_authored("east", start, date(1943, 9, 20))
    contact = date(1945, 5, 10)
    assert fronts.shows_authored("east", contact, date(1945, 6, 1))
    assert fronts.shows_authored(None, date(1919, 12, 8), date(1943, 9, 20))
    assert fronts.shows_authored("fareast", date(1945, 8, 10), date(1945, 8, 12))


def test_shared_edges_keep_shared_boundaries_and_drop_coasts():
    from shapely.geometry import box

    # a 2x1 block of squares and a third square touching the second only at a corner
    geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 1, 3, 2)]
    edges = fronts.shared_edges(geoms)
    assert list(zip(edges.a, edges.b, strict=True)) == [(0, 1)]
    line = edges.lines(np.array([0]))
    assert line.equals(LineString([(1, 0), (1, 1)]))
    assert edges.lines(np.zeros(0, dtype=int)).is_empty


def test_front_pairs_face_the_axis():
    from shapely.geometry import box

    geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1), box(3, 0, 4, 1)]
    edges = fronts.shared_edges(geoms)
    east = fronts.AuthoredFront(
        "front-east-1942-01-01", "east", date(1942, 1, 1), 30, "day", (), LineString()
    )
    codes = fronts.SIDE_CODES
    # neutral | axis | soviet | soviet
    sides = np.array([codes[None], codes["axis"], codes["east"], codes["east"]])
    western = fronts.western_theatres(edges, [east])
    assert list(western) == [-1, -1, -1]  # no Italian or Western fronts to be near
    pairs = fronts.front_pairs(edges, sides, western, [east], date(1942, 2, 1))
    assert list(pairs) == ["east"]
    assert edges.lines(pairs["east"]).equals(LineString([(2, 0), (2, 1)]))
    assert fronts.front_pairs(edges, sides, western, [east], fronts.WAR_END) == {}


# ----------------------------------------------------------------------------- bundled data
def _sides_index(atlas, day):
    """STRtrees of the Axis-held and the Allied-held control pieces of ``day``."""
    pieces = atlas.features_at(day, ["control"])
    sides = [fronts.side_of(p, day, c) for p, c in zip(pieces["power"], pieces["id"], strict=True)]
    geoms = pieces.geometry.to_numpy()
    axis = [g for g, s in zip(geoms, sides, strict=True) if s == fronts.AXIS]
    allied = [g for g, s in zip(geoms, sides, strict=True) if s in (fronts.EAST, fronts.WEST)]
    return shapely.STRtree(axis), shapely.STRtree(allied)


@pytest.mark.parametrize("day", SAMPLE_DAYS, ids=str)
def test_every_vertex_lies_between_an_axis_and_an_allied_piece(atlas, day):
    derived = atlas.fronts_at(day)
    assert "east" in set(derived["theatre"]), "the Eastern Front is drawn every day of the war"
    axis, allied = _sides_index(atlas, day)
    for row in derived.itertuples():
        pts = shapely.points(shapely.get_coordinates(row.geometry))
        assert len(pts)
        for tree in (axis, allied):
            hit, _ = tree.query(pts, predicate="dwithin", distance=0.05)
            missing = set(range(len(pts))) - set(hit.tolist())
            assert not missing, (row.name, shapely.get_coordinates(pts[sorted(missing)[:3]]))


@pytest.mark.parametrize("day", [date(1942, 8, 15), date(1944, 10, 1)], ids=str)
def test_derived_front_is_the_boundary_of_the_two_sides_dissolved(atlas, day):
    from spheremap.layers import union_pieces

    pieces = atlas.features_at(day, ["control"])
    sides = [fronts.side_of(p, day, c) for p, c in zip(pieces["power"], pieces["id"], strict=True)]
    europe = shapely.bounds(pieces.geometry.to_numpy())[:, 0] < fronts.EUROPE_MAX_LON
    geoms = pieces.geometry.to_numpy()

    def union(wanted):
        return union_pieces(
            [g for g, s, e in zip(geoms, sides, europe, strict=True) if e and s in wanted]
        )

    shared = shapely.intersection(union({"axis"}).boundary, union({"east", "west"}).boundary)
    derived = shapely.union_all(atlas.fronts_at(day).geometry.to_numpy())
    assert derived.length == pytest.approx(shared.length, rel=1e-6)
    assert shapely.difference(derived, shared.buffer(1e-7)).length < 1e-6


@pytest.mark.parametrize("day", [date(1938, 10, 1), date(1940, 6, 1), date(1941, 6, 21)], ids=str)
def test_no_eastern_front_before_barbarossa(atlas, day):
    assert "east" not in set(atlas.fronts_at(day)["theatre"])


@pytest.mark.parametrize(
    "day", [date(1945, 5, 9), date(1945, 5, 10), date(1945, 6, 1), date(1947, 1, 1)], ids=str
)
def test_no_derived_front_after_the_capitulation(atlas, day):
    assert len(atlas.fronts_at(day)) == 0


def _crossings(line, a, b) -> list[Point]:
    hit = shapely.intersection(line, LineString([a, b]))
    return list(shapely.get_parts(shapely.points(shapely.get_coordinates(hit))))


def test_1943_09_20_the_front_runs_between_german_kiev_and_soviet_kharkiv(atlas):
    day = date(1943, 9, 20)
    east = atlas.fronts_at(day).set_index("theatre").geometry["east"]
    pts = _crossings(east, KIEV, KHARKIV)
    assert len(pts) % 2 == 1, "one side of the segment is Axis-held, the other Soviet-held"
    assert all(KIEV[0] < p.x < KHARKIV[0] for p in pts)  # east of Kiev, west of Kharkiv
    # the authored front of the day (4 July, before Kursk) still has Kharkiv on the German
    # side: the line the derived front replaces lags the ground
    authored = atlas.feature("front-east-1943-07-04").geometry.iloc[0]
    assert len(_crossings(authored, KIEV, KHARKIV)) % 2 == 0


def test_1944_08_01_the_fronts_run_between_the_facts(atlas):
    derived = atlas.fronts_at(date(1944, 8, 1)).set_index("theatre").geometry
    assert len(_crossings(derived["east"], MINSK, RIGA)) % 2 == 1
    assert len(_crossings(derived["italy"], ROME, FLORENCE)) % 2 == 1
    assert "west" in derived.index  # Normandy


def test_1944_10_10_the_lapland_front_runs_between_finnish_oulu_and_german_rovaniemi(atlas):
    derived = atlas.fronts_at(date(1944, 10, 10)).set_index("theatre").geometry
    oulu, rovaniemi = (25.47, 65.01), (25.72, 66.50)
    pts = _crossings(derived["east"], oulu, rovaniemi)
    assert len(pts) % 2 == 1, "Oulu Finnish-held, Rovaniemi German-held until 16 Oct 1944"
    assert all(oulu[1] < p.y < rovaniemi[1] for p in pts)


def test_derived_front_carries_the_coarser_bracketing_precision(atlas):
    row = atlas.fronts_at(date(1943, 9, 20)).set_index("theatre").loc["east"]
    # 4 July 1943 (30 km) and 24 December 1943 (40 km)
    assert row["precision_km"] == 40
    assert "derived from control; precision ±40 km" in row["name"]
    assert row["name"].startswith("Eastern Front line, ")
    assert row["start_date"] <= date(1943, 9, 20) < row["end_date"]
    assert row["status"] == "frontline" and row["kind"] == "line"


def test_fronts_are_cached_per_snapshot(atlas):
    a = atlas.fronts_at(date(1943, 9, 20))
    snap = a["start_date"].iloc[0]
    b = atlas.fronts_at(snap)
    assert a.geometry.iloc[0] is b.geometry.iloc[0]  # the same cached snapshot


# ----------------------------------------------------------------------------- render
def test_render_draws_the_derived_front_between_front_dates(atlas):
    frame = render.frame_at(atlas, date(1943, 9, 20), ["control", "line"])
    ids = set(frame["id"])
    assert any(i.startswith("front-east-derived-") for i in ids)
    assert "front-east-1943-07-04" not in ids  # the lagging authored front is replaced
    assert "line-curzon-1919" in ids  # other lines stay


def test_render_draws_the_authored_front_on_its_date(atlas):
    frame = render.frame_at(atlas, date(1943, 7, 4), ["line"])
    ids = set(frame["id"])
    assert "front-east-1943-07-04" in ids
    assert not any(i.startswith("front-east-derived-") for i in ids)
    # the next day the derived one takes over, even in a cached payload
    payload = render.payload_at(atlas, date(1943, 7, 5), ["line"])
    names = [f["properties"]["name"] for f in json.loads(payload.data_json)["features"]]
    assert any(n.startswith("Eastern Front line, ") for n in names)
    assert not any(n.startswith("Eastern Front 4 July 1943") for n in names)


def test_payload_contains_the_derived_front(atlas):
    payload = render.payload_at(atlas, date(1943, 9, 20), ["control", "line"])
    feats = json.loads(payload.data_json)["features"]
    derived = [f for f in feats if f["properties"]["id"].startswith("front-east-derived-")]
    assert len(derived) == 1
    props = derived[0]["properties"]
    assert "derived from control" in props["name"]
    assert props["approx"] and "dashArray" in props["style"]
    assert derived[0]["geometry"]["type"] in ("LineString", "MultiLineString")


def test_line_of_contact_after_the_capitulation(atlas):
    frame = render.frame_at(atlas, date(1945, 6, 1), ["line"])
    ids = set(frame["id"])
    assert "front-east-1945-05-10" in ids
    assert not any("derived" in i for i in ids)


def test_change_dates_with_lines_follow_control(atlas):
    days = render.change_dates(atlas, ["line"])
    war = [d for d in atlas.change_dates(["control"]) if fronts.EAST_START <= d < fronts.WAR_END]
    assert set(war) <= set(days)
    assert fronts.WAR_END in days  # the fronts vanish
    assert date(1943, 7, 5) in days  # the day after an authored front date


# ----------------------------------------------------------------------------- atlas export
def test_atlas_page_gets_the_fronts_python_derived(atlas):
    from spheremap import export, packing

    data = export.atlas_data(atlas)
    f, claims = data["fronts"], data["claims"]
    assert f["theatres"] == ["east", "italy", "west"]
    assert "rules" not in f and "windows" not in f  # the page no longer decides sides or windows
    steps = packing.unpack_ints(f["days"])
    days = [date.fromordinal(export.sm_time.RANGE_START.toordinal() + sum(steps[: k + 1]))
            for k in range(len(steps))]  # fmt: skip
    assert days == atlas.front_change_dates()
    assert set(f["western"][2::3]) == {1, 2}  # Italy and the West

    v, names, k = packing.unpack_ints(f["names"]), [], 0
    for at in range(0, len(v), 6):
        k += v[at]
        names.append([k, *v[at + 1 : at + 6]])

    def names_on(day, theatre):
        k = max(i for i, d in enumerate(days) if d <= day)
        return [n for n in names if n[0] == k and n[1] == theatre]

    (east,) = names_on(date(1943, 9, 20), 0)
    name = f["nameForms"][east[2]].replace("{span}", f["spans"][east[0]])
    row = atlas.fronts_at(date(1943, 9, 20)).set_index("theatre").loc["east"]
    assert name == row["name"] and f["precisions"][east[5]] == row["date_precision"]
    assert "{span}" in f["nameForms"][east[2]] and len(f["nameForms"]) < len(names)
    assert names_on(date(1943, 7, 4), 0) == []  # the authored front is drawn that day
    assert names_on(date(1943, 7, 5), 0)
    assert names_on(fronts.WAR_END, 0) == []
    # each claim's side per snapshot, as spheremap.model.side_of answers
    v, at, codes = packing.unpack_ints(f["sides"]), 0, {v: k for k, v in fronts.SIDE_CODES.items()}
    changing, ruled = set(), {r.claim for r in fronts.SIDES}
    side_of = functools.cache(fronts.side_of)
    for power, cid in zip(claims["power"], claims["id"], strict=True):
        runs, n, k = [(0, v[at])], v[at + 1], 0
        at += 2
        for _ in range(n):
            k += v[at]
            runs.append((k, v[at + 1]))
            at += 2
        own = cid if cid in ruled else None  # claims without a rule of their own share answers
        for k, day in enumerate(days):  # every snapshot
            shipped = next(c for k0, c in reversed(runs) if k0 <= k)
            assert codes[shipped] == side_of(power, day, own), (cid, day)
        if len(runs) > 1:
            changing.add(power)
    assert at == len(v)
    assert {"Italy", "Romania", "Bulgaria", "Finland"} <= changing  # leaving the Axis


def test_atlas_page_draws_authored_fronts_on_their_date_only(atlas):
    from spheremap import export

    lines = atlas.features[atlas.features["kind"] == "line"]
    items, _ = export.atlas_items(lines, {})
    shown_until = {it["e"][0]["id"]: it["e"][0].get("se") for it in items}
    assert shown_until["front-east-1943-07-04"] == "1943-07-05"
    assert shown_until["front-east-1945-05-10"] is None  # the line of contact, all its days
    assert shown_until["line-curzon-1919"] is None
