"""Region areas (``geodata/regions.geojson``, built from ``geodata/sources/regions/``): the
data, and how the gazetteer loads it. The linker's use of them: ``test_links_regions.py``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from spheremap.errors import DataError

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
AREAS = GEODATA / "regions.geojson"
SOURCE = GEODATA / "sources" / "regions" / "region_areas.csv"


@pytest.fixture(scope="module")
def gazetteer():
    from spheremap.places import default_gazetteer

    return default_gazetteer()


def _features():
    return json.loads(AREAS.read_text(encoding="utf-8"))["features"]


def test_every_area_is_valid_on_land_and_small(gazetteer):
    """Each area is a valid, non-empty (multi)polygon inside the mapped land that holds its
    region's gazetteer point; the file stays lean."""
    land = shapely.union_all(
        [
            shape(f["geometry"])
            for f in json.loads((GEODATA / "basemap" / "land.geojson").read_text("utf-8"))[
                "features"
            ]
        ]
    )
    feats = _features()
    assert feats
    for feat in feats:
        name = feat["properties"]["name"]
        geom = shape(feat["geometry"])
        assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.is_valid, name
        assert not geom.is_empty and geom.area > 0, name
        # rounding to 2 decimals may move the coast by up to ~1 km
        assert geom.difference(land).area <= 0.01 * geom.area, name
        # the region's point lies inside its outline (Brandenburg's is in Berlin, a hole)
        outline = shapely.union_all([shapely.Polygon(p.exterior) for p in shapely.get_parts(geom)])
        place = gazetteer.places[name]
        assert outline.contains(shapely.Point(place.lon, place.lat)), name
    assert AREAS.stat().st_size < 300_000


def test_every_area_cites_keys_of_the_bibliography_and_matches_its_source_row():
    with (GEODATA / "bibliography.csv").open(newline="", encoding="utf-8") as fh:
        keys = {row["key"] for row in csv.DictReader(fh)}
    with SOURCE.open(newline="", encoding="utf-8") as fh:
        rows = {row["region"]: row for row in csv.DictReader(fh)}
    feats = _features()
    assert {f["properties"]["name"] for f in feats} == set(rows)
    for feat in feats:
        props = feat["properties"]
        row = rows[props["name"]]
        assert props["sources"] and set(props["sources"]) <= keys, props["name"]
        assert props["sources"] == row["sources"].split("|")
        assert props["admin1"] == row["admin1"].split("|")
        assert props["note"], props["name"]


def test_areas_load_with_the_gazetteer_only_for_regions_without_features(gazetteer):
    assert gazetteer.areas
    for name in gazetteer.areas:
        place = gazetteer.places[name]
        assert place.kind == "region" and not place.features


def _one(name: str, geometry: dict) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {"name": name}, "geometry": geometry}],
        }
    )


SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


@pytest.mark.parametrize(
    ("name", "geometry"),
    [
        ("Nowhere", SQUARE),  # no such place
        ("Bessarabia", SQUARE),  # a region drawn by its listed features
        ("Saxony", BOWTIE),  # an invalid polygon
        ("Saxony", {"type": "Point", "coordinates": [13, 51]}),
    ],
)
def test_a_bad_area_is_refused(gazetteer, name, geometry):
    from spheremap.places import parse_region_areas

    with pytest.raises(DataError):
        parse_region_areas(_one(name, geometry), gazetteer)
