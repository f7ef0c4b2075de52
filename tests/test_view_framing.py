"""Framing, clicks and the "what changed" line of the explorer (spheremap.view), on the
bundled atlas: each day opens on what changed that day, not on a fixed centre."""

from datetime import date

import pytest
import shapely

from spheremap import places, render, view


def contains(bounds, lon, lat) -> bool:
    return bounds[0] <= lon <= bounds[2] and bounds[1] <= lat <= bounds[3]


@pytest.mark.parametrize(
    ("day", "inside", "outside"),
    [
        ("1944-06-06", (-0.6, 49.3), (24.0, 52.0)),  # Normandy, not Poland
        ("1942-11-19", (44.5, 48.7), (2.3, 48.9)),  # Stalingrad, not Paris
        ("1945-08-15", (127.0, 45.0), (13.4, 52.5)),  # the Far East, not Berlin
    ],
)
def test_a_day_opens_on_what_changed(atlas, day, inside, outside):
    bounds = view.date_bounds(atlas, date.fromisoformat(day))
    assert contains(bounds, *inside)
    assert not contains(bounds, *outside)


def test_a_quiet_day_opens_on_europe(atlas):
    assert view.date_bounds(atlas, date(1947, 3, 1)) == view.EUROPE_BOUNDS


def test_padded_widens_a_point_only():
    assert view.padded((10, 50, 10, 50)) == (4.0, 46.0, 16.0, 54.0)
    assert view.padded((0, 40, 20, 60)) == (0.0, 40.0, 20.0, 60.0)


def test_each_fit_request_is_new():
    first = view.next_fit(None, bounds=(0, 0, 1, 1))
    again = view.next_fit(first, bounds=(0, 0, 1, 1))
    assert again.bounds == first.bounds and again.nonce == first.nonce + 1
    assert view.next_fit(again, center=(52.0, 13.0), zoom=6).as_dict() == {
        "nonce": 3,
        "maxZoom": 9,
        "center": [52.0, 13.0],
        "zoom": 6,
    }


def test_view_in_the_link():
    assert view.view_from_query({"lat": "52.5", "lon": "13.4", "zoom": "7"}) == (52.5, 13.4, 7)
    assert view.view_from_query({"lat": "95", "lon": "13.4", "zoom": "7"}) is None
    assert view.view_from_query({"lat": "x", "lon": "13.4", "zoom": "7"}) is None
    assert view.view_from_query({}) is None
    assert view.view_query({"lat": 52.51234, "lng": 373.4}, 7) == {
        "lat": "52.512",
        "lon": "13.400",
        "zoom": "7",
    }
    assert view.view_query(None, 7) == {}


def test_clicked_point_reads_only_numbers():
    value = {"last_object_clicked": {"lat": 51.0, "lng": 22.2}, "last_object_clicked_count": 3}
    assert view.clicked_point(value) == (22.2, 51.0, 3)
    assert view.clicked_point({"last_object_clicked": {"lat": "51", "lng": 22}}) is None
    assert view.clicked_point({"last_object_clicked": None}) is None
    assert view.clicked_point([]) is None


def test_a_click_reaches_the_front_line_near_it(atlas):
    """On 5 Dec 1941 a point a few km off the authored front lists the front after the areas."""
    day = date(1941, 12, 5)
    kinds = ("control", "line", "event")
    fronts = atlas.features_at(day, ["line"])
    front = fronts[fronts["status"] == "frontline"].iloc[0]
    lon, lat = front.geometry.representative_point().coords[0]
    lat += 0.05
    away = front.geometry.distance(shapely.Point(lon, lat))
    assert render.pick_tolerance(12) < away < render.pick_tolerance(6)
    near = render.features_under(atlas, lon, lat, day, kinds, zoom=6)
    assert [m.kind for m in near][-1] == "line"
    assert near[0].kind == "control"
    far = render.features_under(atlas, lon, lat, day, kinds, zoom=12)
    assert "line" not in [m.kind for m in far]  # at street zoom the line is far away


def test_the_change_line_names_places_and_events(atlas):
    gaz = places.default_gazetteer()
    line = view.change_line(atlas, date(1940, 6, 15), (), gaz)
    assert line.startswith("15 Jun 1940: ")
    assert "Vilnius" in line and "taken by USSR" in line
    assert "Normandy landings" in view.change_line(atlas, date(1944, 6, 6), (), gaz)
    assert view.change_line(atlas, date(1947, 3, 1), (), gaz) is None


def test_dates_in_words():
    assert view.day_text(date(1942, 8, 12)) == "12 Aug 1942"
    assert view.day_text(date(1942, 8, 1), "month") == "Aug 1942"
    assert view.day_text(date(1942, 8, 12), "approx") == "c. 12 Aug 1942"
    assert view.span_text(date(1942, 8, 12), date(1942, 11, 19)) == "12 Aug 1942 – 18 Nov 1942"
    assert view.span_text(date(1945, 5, 8), None) == "from 8 May 1945"
    assert view.status_phrase("control", "USSR", "occupied") == "occupied by USSR"
    assert view.status_phrase("sphere", "Germany", "protocol") == "sphere of Germany"
    assert view.status_phrase("line", "contested", "frontline") == "front line"


def test_passage_focus_bounds_are_those_of_the_linked_rows():
    """The per-id bounds table gives what the rows' total bounds give (an independent sum)."""
    import random

    from spheremap.atlas import Atlas
    from spheremap.documents import parse_document

    atlas = Atlas.load()
    (p,) = parse_document("On 17 September 1939 it happened.\n", "x.txt", "text").passages
    ids = sorted(set(atlas.features["id"]))
    rng = random.Random(3)
    for _ in range(20):
        pick = rng.sample(ids, rng.randint(1, 6))
        _, got_ids, got = view.passage_focus(p, pick + ["no-such-feature"], atlas.features)
        rows = atlas.features[atlas.features["id"].isin(pick)]
        want = tuple(float(b) for b in rows.total_bounds)
        assert got_ids[:-1] == tuple(pick) and got == pytest.approx(want)
    assert view.passage_focus(p, ["no-such-feature"], atlas.features)[2] is None
