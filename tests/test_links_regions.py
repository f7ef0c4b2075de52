"""How the linker uses region areas (``geodata/regions.geojson``): the features covering a
real share of a region (or of the side of it named) at the sentence's time.

The sentences are our own (about no gold text). Assertions read the features' rows and
geometry (power, kind, time, area), never the spelling of their ids.
"""

from __future__ import annotations

from datetime import date

import pytest
import shapely
from bundled import sentence_links


@pytest.fixture(scope="module")
def gazetteer():
    from spheremap.places import default_gazetteer

    return default_gazetteer()


@pytest.fixture(scope="module")
def index(atlas, gazetteer):
    from spheremap.links import _Index

    return _Index(atlas.features, gazetteer)


def _half(area, side: str):
    """The half of an area on one side of its centroid, worked out here from the area."""
    x0, y0, x1, y1 = area.bounds
    c = area.centroid
    box = {"west": (x0, y0, c.x, y1), "east": (c.x, y0, x1, y1)}[side]
    return shapely.clip_by_rect(area, *box)


def _share(atlas, fid: str, area, day: date) -> float:
    """The share of ``area`` the pieces of feature ``fid`` valid on ``day`` cover."""
    feats = atlas.features
    rows = feats[(feats["id"] == fid) & (feats["start_date"] <= day)]
    rows = rows[rows["end_date"].isna() | (rows["end_date"] > day)]
    if not len(rows):
        return 0.0
    return shapely.union_all(rows.geometry.values).intersection(area).area / area.area


def _linked(atlas, links, kind: str, power: str) -> set[str]:
    feats = atlas.features
    rows = feats[feats["id"].isin(list(links)) & (feats["kind"] == kind)]
    return set(rows[rows["power"] == power]["id"])


def test_a_region_links_the_holds_that_cover_a_share_of_its_area(atlas, gazetteer):
    """Saxony's point lay on Soviet ground in June 1945, but a fifth of the region west of
    the Mulde was American: the American hold is linked from the area, not the point."""
    from spheremap.links import REGION_COVER_SHARE

    links = sentence_links(atlas, "In June 1945 American troops held Saxony.", "1945-06-15")
    held = _linked(atlas, links, "control", "US")
    assert held, links
    area = gazetteer.areas["Saxony"]
    place = gazetteer.places["Saxony"]
    feats = atlas.features
    for fid in held:
        assert _share(atlas, fid, area, date(1945, 6, 15)) >= REGION_COVER_SHARE
        geoms = feats[feats["id"] == fid].geometry
        assert not geoms.intersects(shapely.Point(place.lon, place.lat)).any()


def test_the_side_of_a_region_is_that_half_of_its_area(atlas, gazetteer):
    """ "Western Saxony" is the half of the area west of its centroid (American in June
    1945); "eastern Saxony" the other half (Soviet), where no American hold is found."""
    from spheremap.links import REGION_COVER_SHARE

    area = gazetteer.areas["Saxony"]
    west = sentence_links(atlas, "In June 1945 American troops held western Saxony.", "1945-06-15")
    held = _linked(atlas, west, "control", "US")
    assert held, west
    for fid in held:
        assert _share(atlas, fid, _half(area, "west"), date(1945, 6, 15)) >= REGION_COVER_SHARE
    east_us = sentence_links(
        atlas, "In June 1945 American troops held eastern Saxony.", "1945-06-15"
    )
    assert not _linked(atlas, east_us, "control", "US"), east_us
    east = sentence_links(atlas, "In June 1945 Soviet troops held eastern Saxony.", "1945-06-15")
    soviet = _linked(atlas, east, "control", "USSR")
    assert soviet, east
    for fid in soviet:
        assert _share(atlas, fid, _half(area, "east"), date(1945, 6, 15)) >= REGION_COVER_SHARE


def test_a_feature_touching_a_region_is_not_about_it(atlas, gazetteer):
    """The British zone holds East Tyrol, a sixth of the modern Land: a sentence about
    Tyrol in a zone (naming no power) links the French zone that covers most of it, not the
    British one."""
    links = sentence_links(atlas, "In August 1945 Tyrol lay in a zone of occupation.", "1945-08-15")
    assert _linked(atlas, links, "zone", "France"), links
    assert not _linked(atlas, links, "zone", "UK"), links
    feats = atlas.features
    british = feats[(feats["kind"] == "zone") & (feats["power"] == "UK")]
    assert british.geometry.intersects(gazetteer.areas["Tyrol"]).any()  # it does touch Tyrol


def test_a_region_without_an_area_keeps_its_point(atlas, gazetteer):
    """Westphalia (no admin-1 unit of its own) links the zone at its point."""
    assert "Westphalia" not in gazetteer.areas
    links = sentence_links(
        atlas, "In August 1945 Westphalia lay in the British zone of occupation.", "1945-08-15"
    )
    zones = _linked(atlas, links, "zone", "UK")
    assert zones, links
    place = gazetteer.places["Westphalia"]
    feats = atlas.features
    rows = feats[feats["id"].isin(list(zones))]
    assert rows.geometry.intersects(shapely.Point(place.lon, place.lat)).all()


def test_the_covering_features_are_those_of_the_time(atlas, index):
    """The American hold covered a share of Saxony in June 1945, not in September, when the
    whole region was Soviet: only pieces valid at the time count."""
    feats = atlas.features

    def powers(day: date) -> set[str]:
        rows = index.covering("Saxony", [(day, date.fromordinal(day.toordinal() + 1))])
        return {str(feats["power"].iloc[r]) for r in rows if feats["kind"].iloc[r] == "control"}

    assert "US" in powers(date(1945, 6, 15))
    assert powers(date(1945, 9, 15)) == {"USSR"}


def test_each_region_and_time_is_worked_out_once(index):
    first = index.covering("Saxony", [(date(1945, 6, 1), date(1945, 7, 1))])
    again = index.covering("Saxony", [(date(1945, 6, 1), date(1945, 7, 1))])
    assert first is again


def test_any_rule_takes_the_side_of_a_region_named(atlas, gazetteer):
    """Upper Austria lay in two zones in August 1945 (the Soviet Mühlviertel north of the
    Danube); its southern half lay in the American zone alone."""
    from spheremap.links import REGION_COVER_SHARE

    whole = sentence_links(
        atlas, "In August 1945 Upper Austria lay in a zone of occupation.", "1945-08-15"
    )
    assert _linked(atlas, whole, "zone", "US") and _linked(atlas, whole, "zone", "USSR"), whole
    south = sentence_links(
        atlas, "In August 1945 southern Upper Austria lay in a zone of occupation.", "1945-08-15"
    )
    assert not _linked(atlas, south, "zone", "USSR"), south
    zones = _linked(atlas, south, "zone", "US")
    assert zones, south
    area = gazetteer.areas["Upper Austria"]
    x0, y0, x1, _y1 = area.bounds
    half = shapely.clip_by_rect(area, x0, y0, x1, area.centroid.y)
    for fid in zones:
        assert _share(atlas, fid, half, date(1945, 8, 15)) >= REGION_COVER_SHARE
