import json
from datetime import date

import pytest
import shapely

from spheremap import layers
from spheremap.model import DataError


def test_mini_folder_is_valid(mini_root):
    assert list(layers.iter_problems(mini_root)) == []


def test_control_pieces_expand_into_claim_rows(mini_root):
    result = layers.load(layers.layer_files(mini_root))
    control = result.frame[result.frame["kind"] == "control"]
    assert sorted(control["id"]) == ["east-poland", "west-germany", "west-ussr"]
    west = control[control["piece"] == "piece-west"].sort_values("_start")
    assert list(west["end_date"]) == [date(1939, 9, 1), None]
    assert west.iloc[0]["sources"] == ("test fixture",)


@pytest.mark.parametrize(
    ("name", "feature", "message"),
    [
        ("bad_geometry", "zone-east-south", "invalid geometry: Self-intersection"),
        ("overlapping_control", "piece-west", "overlaps piece-east"),
        ("end_before_start", "zone-east-south", "is not after start_date"),
        ("unknown_power", "zone-east-south", "unknown power 'Atlantis'"),
        ("missing_id", "feature #0", "missing 'id'"),
        ("timeline_gap", "piece-west", "gapless"),
        ("impossible_date", "event-meeting", "not a real day"),
        ("duplicate_id", "zone-east-south", "duplicate id"),
        ("truncated", None, "broken JSON at line 1"),
    ],
)
def test_each_broken_fixture_is_named(data_dir, name, feature, message):
    path = data_dir / "broken" / f"{name}.geojson"
    problems = list(layers.iter_problems(data_dir, [path]))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path == str(path)
    assert problem.feature_id == feature
    assert message in problem.message
    assert name in str(problem)


def test_gap_in_coverage_is_reported(mini_root):
    result = layers.load(layers.layer_files(mini_root), shapely.box(0, 0, 12, 10))
    assert len(result.problems) == 1
    assert "land not covered" in result.problems[0].message
    assert "near 11.00, 5.00" in result.problems[0].message


def test_clockwise_polygon_breaks_right_hand_rule(tmp_path):
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "id": "cw",
                    "name": "clockwise",
                    "kind": "zone",
                    "power": "UK",
                    "status": "occupied",
                    "start_date": "1945-07-04",
                    "end_date": None,
                    "date_precision": "day",
                    "sources": ["x"],
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]],
                },
            }
        ],
    }
    path = tmp_path / "cw.geojson"
    path.write_text(json.dumps(fc))
    (problem,) = layers.load([path]).problems
    assert "right-hand rule" in problem.message


@pytest.mark.parametrize("suffix", [".shp", ".txt", ""])
def test_unknown_file_type(tmp_path, suffix):
    path = tmp_path / f"layer{suffix}"
    path.write_text("{}")
    with pytest.raises(DataError, match="unknown file type"):
        layers.read_feature_collection(path)


def test_binary_and_non_collection_files(tmp_path):
    binary = tmp_path / "b.geojson"
    binary.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(DataError, match="not UTF-8"):
        layers.read_feature_collection(binary)
    point = tmp_path / "p.geojson"
    point.write_text('{"type": "Point", "coordinates": [0, 0]}')
    with pytest.raises(DataError, match="not a GeoJSON FeatureCollection"):
        layers.read_feature_collection(point)


def test_reading_never_modifies_files(data_dir):
    path = data_dir / "broken" / "bad_geometry.geojson"
    before = path.read_bytes()
    list(layers.iter_problems(data_dir, [path]))
    assert path.read_bytes() == before
