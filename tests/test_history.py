"""A place through time, and two days compared (spheremap.history via the Atlas)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from spheremap.history import EQUAL_AREA_CRS
from spheremap.model import InputError
from spheremap.time import RANGE_END, RANGE_START

LVIV = (24.03, 49.84)


def test_lviv_changed_hands_on_its_recorded_days(atlas):
    """Soviet entry 22 Sep 1939, German 30 Jun 1941, Soviet again 27 Jul 1944 (FS2.1, FS2.6)."""
    control = atlas.history(*LVIV).holders("control")
    changes = [(s.start_date, s.power) for i, s in enumerate(control)
               if i == 0 or control[i - 1].power != s.power]  # fmt: skip
    assert changes == [
        (RANGE_START, "Poland"),
        (date(1939, 9, 22), "USSR"),
        (date(1941, 6, 30), "Germany"),
        (date(1944, 7, 27), "USSR"),
    ]
    spheres = atlas.history(*LVIV).holders("sphere")
    assert [s.power for s in spheres] == ["USSR", "USSR"]
    assert spheres[0].start_date == date(1939, 8, 23)


def test_control_spans_tile_the_range_without_gaps_or_overlaps(atlas):
    for lon, lat in (LVIV, (13.40, 52.52), (30.32, 59.94), (142.73, 46.96), (-9.0, 39.0)):
        spans = atlas.history(lon, lat).holders("control")
        assert spans, (lon, lat)
        assert spans[0].start_date == RANGE_START
        assert spans[-1].end_date is None or spans[-1].end_date >= RANGE_END
        for a, b in zip(spans, spans[1:], strict=False):
            assert a.end_date == b.start_date, (lon, lat, a, b)


def test_history_agrees_with_where_on_random_days(atlas):
    rng = random.Random(7)
    span = (RANGE_END - RANGE_START).days
    for lon, lat in (LVIV, (21.01, 52.23), (16.37, 48.21), (13.30, 52.45), (44.51, 48.71)):
        history = atlas.history(lon, lat)
        edges = [s.start_date for s in history.spans]  # half-open: each edge and its eve
        days = edges + [d - timedelta(days=1) for d in edges if d > RANGE_START]
        days += [RANGE_START + timedelta(days=rng.randrange(span)) for _ in range(40)]
        for day in days:
            expected = sorted((m.kind, m.id) for m in atlas.where(lon, lat, day)
                              if m.kind not in ("line", "event"))  # fmt: skip
            assert sorted((s.kind, s.id) for s in history.at(day)) == expected, (lon, lat, day)


def test_events_near_a_place_nearest_first(atlas):
    events = atlas.history(37.62, 55.75).events  # Moscow: the pact, the boundary treaty, ...
    ids = [e.span.id for e in events]
    assert "event-1939-pact-moscow" in ids
    assert [e.distance_km for e in events] == sorted(e.distance_km for e in events)
    assert all(e.distance_km <= 50 for e in events)
    assert atlas.history(37.62, 55.75, event_radius_km=0).events == ()


def test_a_point_outside_the_map_has_no_history(atlas):
    assert atlas.history(-40.0, 0.0).spans == ()


@pytest.mark.parametrize("lon, lat", [(200.0, 10.0), (10.0, -91.0), (float("nan"), 1.0)])
def test_impossible_points_are_refused(atlas, lon, lat):
    with pytest.raises(InputError):
        atlas.history(lon, lat)


def test_bessarabia_and_northern_bukovina_area_on_record(atlas):
    """Romania -> USSR, 28 Jun - 3 Jul 1940: 50,762 km2 on record (S20), within 3%."""
    result = atlas.compare(date(1940, 6, 27), date(1940, 7, 4))
    assert result.power("USSR").gained_km2 == pytest.approx(50_762, rel=0.03)
    assert result.power("Romania").lost_km2 == pytest.approx(50_762, rel=0.03)
    pairs = list(zip(result.changes["from_power"], result.changes["to_power"], strict=True))
    # largest first; the Channel Islands were occupied in the same week (30 Jun - 1 Jul 1940)
    assert pairs == [("Romania", "USSR"), ("UK", "Germany")]


def test_soviet_gains_of_the_pact_years(atlas):
    """Aug 1939 - Aug 1940, on record about 455,000 km2: eastern Poland 201,015 (the Vilnius
    area passing through Lithuania), Estonia 47,549, Latvia 65,791, Lithuania about 59,000,
    Bessarabia and Northern Bukovina 50,762, the Finnish cessions about 38,000; within 5%."""
    result = atlas.compare(date(1939, 8, 22), date(1940, 8, 31))
    ussr = result.power("USSR")
    assert ussr.lost_km2 == 0
    assert ussr.net_km2 == pytest.approx(455_000, rel=0.05)
    poland = result.power("Poland")
    assert poland.gained_km2 == 0 and poland.lost_km2 > 350_000
    gained = sum(p.gained_km2 for p in result.powers)
    assert gained == pytest.approx(sum(p.lost_km2 for p in result.powers))
    assert result.changes["area_km2"].sum() == pytest.approx(gained)
    assert result.as_dict()["area_crs"] == EQUAL_AREA_CRS


def test_nothing_changes_between_a_day_and_itself(atlas):
    result = atlas.compare(date(1943, 3, 1), date(1943, 3, 1))
    assert result.powers == () and result.changes.empty


def test_compare_outside_the_range_is_refused(atlas):
    with pytest.raises(InputError, match="outside the mapped range"):
        atlas.compare(date(1937, 1, 1), date(1940, 1, 1))


# ----------------------------------------------------------------------------- compare overlay
def test_the_compare_overlay_draws_each_change_in_its_holders_colours(atlas):
    from spheremap import packing, render

    comparison = atlas.compare(date(1939, 8, 1), date(1940, 8, 1))
    fc = render.compare_collection(comparison)
    assert len(fc["features"]) == len(comparison.changes) > 3
    by_pair = {(f["properties"]["status"], f["properties"]["name"]): f for f in fc["features"]}
    for old, new, km2 in zip(
        comparison.changes["from_power"],
        comparison.changes["to_power"],
        comparison.changes["area_km2"],
        strict=True,
    ):
        key = (
            f"held by {old} on 1939-08-01, by {new} on 1940-08-01",
            f"{old} → {new}: {km2:,.0f} km²",
        )
        style = by_pair[key]["properties"]["style"]
        assert style["fillColor"] == render.power_colour(new)
        assert style["color"] == render.power_colour(old) and style["dashArray"]
    # the packed outline is the changed ground (area within 2% once unpacked)
    biggest = fc["features"][0]
    rings = [[packing.unpack_ints(r) for r in poly] for poly in biggest["pg"]]
    import numpy as np
    import shapely

    polys = []
    for poly in rings:
        coords = [np.cumsum(np.array(r).reshape(-1, 2), axis=0) / biggest["q"] for r in poly]
        polys.append(shapely.Polygon(coords[0], coords[1:]))
    drawn = shapely.MultiPolygon(polys).area
    assert abs(drawn - comparison.changes.geometry.iloc[0].area) / drawn < 0.02


def test_a_view_export_keeps_the_comparison(atlas):
    from spheremap import export

    page = export.view_html(atlas, date(1940, 8, 1), ["control"], compare=date(1939, 8, 1))
    assert "Changed hands since 1939-08-01" in page
    assert "USSR: net +" in page
    assert '"id":"change-0"' in page
    plain = export.view_html(atlas, date(1940, 8, 1), ["control"])
    assert "change-0" not in plain and "Changed hands" not in plain
