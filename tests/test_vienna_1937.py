"""Vienna within its 1937 limit: the area against the record, and the districts' faces.

The areas are measured from the authored sources (``scripts/vienna_areas.py``, equal-area
ETRS89-LAEA); the label points are checked against the committed sector layer. No network.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import vienna_areas  # noqa: E402

LAYER = ROOT / "geodata" / "layers" / "1945_1949.geojson"
TABLE = ROOT / "geodata" / "sources" / "settlement_1945" / "vienna_districts.csv"


@pytest.fixture(scope="module")
def measured() -> dict:
    return vienna_areas.measure()


def test_1937_limit_encloses_the_recorded_area(measured):
    total = measured["total_km2"]
    assert abs(total - 278.4) / 278.4 < 0.03, f"1937 Vienna is 278.4 km2 on record, got {total}"


@pytest.mark.parametrize("kind, tolerance", [("same", 0.20), ("danube", 0.20)])
def test_district_areas_match_the_record(measured, kind, tolerance):
    for row in measured["districts"]:
        if row["kind"] == kind:
            assert abs(row["error_pct"]) < 100 * tolerance, row


def test_limits_pass_the_documented_street_points(measured):
    # Street and bridge points that the Wien Geschichte Wiki places on a district limit.
    for check in measured["checkpoints"]:
        assert check["metres"] < 150, check


def test_districts_added_to_in_1938_are_smaller_than_today(measured):
    for row in measured["districts"]:
        if row["kind"] == "bigger-today":
            assert row["km2"] < row["recorded_km2"], row


def test_every_label_point_lies_in_its_own_district():
    import csv

    with TABLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    layer = json.loads(LAYER.read_text(encoding="utf-8"))["features"]
    day = date(1946, 6, 1)
    faces = {}
    for f in layer:
        p = f["properties"]
        if p["kind"] != "sector" or not p["id"].startswith("sector-vienna-"):
            continue
        start = date.fromisoformat(p["start_date"])
        end = date.fromisoformat(p["end_date"]) if p["end_date"] else None
        if start <= day and (end is None or day < end):
            faces[int(p["id"].split("-")[2])] = (p, shape(f["geometry"]))
    assert sorted(faces) == list(range(1, 22))
    for row in rows:
        number = int(row["number"])
        point = Point(float(row["lon"]), float(row["lat"]))
        props, geom = faces[number]
        assert geom.contains(point), (number, row["district"])
        assert props["power"] == row["sector"], (number, props["power"], row["sector"])
        others = [n for n, (_, g) in faces.items() if n != number and g.contains(point)]
        assert others == [], (number, others)
