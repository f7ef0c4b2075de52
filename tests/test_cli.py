"""The command line, run in-process through main() (stdout/stderr captured)."""

import csv
import io
import json

import pytest

from spheremap.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mini(mini_root):
    return ["--data", str(mini_root)]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("where", "passages", "validate", "export"):
        assert command in out


def test_where_json_contract(capsys, mini):
    code, out, err = run(capsys, *mini, "where", "7.5", "2.5", "--date", "1946-01-01", "--json")
    assert code == 0, err
    matches = json.loads(out)
    assert [m["power"] for m in matches] == ["Poland", "US"]
    for m in matches:
        assert {"id", "name", "kind", "power", "status", "start_date", "end_date"} <= set(m)
    assert matches[1]["end_date"] == "1949-05-23"
    assert matches[0]["end_date"] is None


def test_where_text(capsys, mini):
    code, out, _ = run(capsys, *mini, "where", "2.5", "5", "--date", "1939-01-01")
    assert code == 0
    assert "Germany" in out and "west-germany" in out


def test_data_option_also_after_the_command(capsys, mini_root):
    code, out, _ = run(
        capsys, "where", "2.5", "5", "--date", "1939-01-01", "--data", str(mini_root)
    )
    assert code == 0 and "Germany" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["where", "200", "5", "--date", "1939-01-01"], "longitude 200.0 is outside"),
        (["where", "2", "95", "--date", "1939-01-01"], "latitude 95.0 is outside"),
        (["where", "2", "5", "--date", "1939-02-30"], "not a real day"),
        (["where", "east", "5", "--date", "1939-01-01"], "is not a number"),
        (["where", "2", "5"], "needs LON LAT --date"),
        (["where", "--input", "/nonexistent/places.csv"], "no such file"),
    ],
)
def test_where_bad_input_is_one_line(capsys, mini, argv, message):
    code, out, err = run(capsys, *mini, *argv)
    assert code != 0
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def write_csv(path, rows):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_where_batch_json_keeps_columns_and_order(capsys, mini, tmp_path):
    path = write_csv(
        tmp_path / "towns.csv",
        [
            ["town", "lon", "lat", "date"],
            ["a", "7.5", "2.5", "1946-01-01"],
            ["b", "2.5", "5", "1939-01-01"],
        ],
    )
    code, out, err = run(capsys, *mini, "where", "--input", path, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["town"] for r in rows] == ["a", "b"]
    assert [m["power"] for m in rows[0]["matches"]] == ["Poland", "US"]
    assert [m["id"] for m in rows[1]["matches"]] == ["west-germany"]


def test_where_batch_csv_adds_answers_per_kind(capsys, mini, tmp_path):
    path = write_csv(
        tmp_path / "towns.csv",
        [
            ["lon", "lat", "date", "town"],
            ["7.5", "2.5", "1946-01-01", "a"],
            ["20", "20", "1946-01-01", "sea"],
        ],
    )
    code, out, _ = run(capsys, *mini, "where", "--input", path)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["town"] == "a"
    assert rows[0]["control_power"] == "Poland" and rows[0]["zone_power"] == "US"
    assert rows[0]["zone_id"] == "zone-east-south" and rows[0]["sphere_power"] == ""
    assert rows[1]["control_power"] == ""


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["lon", "lat"], ["1", "2"]], "missing column(s) date"),
        ([["lon", "lat", "date"], ["1", "2", "1939-02-30"]], "row 2: date"),
        (
            [["lon", "lat", "date"], ["1", "2", "1939-01-01"], ["999", "2", "1939-01-01"]],
            "row 3: longitude",
        ),
        ([["lon", "lat", "date"], ["1", "2", "1939-01-01", "extra"]], "more values than columns"),
    ],
)
def test_where_batch_bad_rows(capsys, mini, tmp_path, rows, message):
    path = write_csv(tmp_path / "bad.csv", rows)
    code, out, err = run(capsys, *mini, "where", "--input", path)
    assert code != 0 and message in err and "Traceback" not in err
    assert out == ""


def test_validate_ok_and_broken(capsys, mini_root, data_dir):
    code, out, _ = run(capsys, "validate", str(mini_root))
    assert code == 0 and out.startswith("OK:")
    code, out, err = run(
        capsys, "validate", str(data_dir / "broken" / "overlapping_control.geojson")
    )
    assert code == 1
    assert "overlapping_control.geojson [piece-west]: control piece overlaps piece-east" in out
    assert "1 problem(s) found" in err


def test_validate_missing_path(capsys):
    code, _, err = run(capsys, "validate", "/nonexistent/layer.geojson")
    assert code == 1 and "no such file" in err


def test_validate_reports_curated_links_to_unknown_features(capsys, mini_root, tmp_path):
    import shutil

    root = tmp_path / "geodata"
    shutil.copytree(mini_root, root)
    (root / "documents").mkdir()
    (root / "documents" / "note.txt").write_text(
        "On 1 September 1939 the west changed hands.\n", encoding="utf-8"
    )
    (root / "links.csv").write_text(
        "quote,feature,action,note\nthe west changed hands,no-such-feature,add,test\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "validate", str(root))
    assert code == 1
    assert "no-such-feature" in out
    assert "1 problem(s) found" in err
