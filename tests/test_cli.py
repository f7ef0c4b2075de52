"""The command line, run in-process through main() (stdout/stderr captured)."""

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from spheremap.cli import EXIT_BAD_ROWS, EXIT_BROKEN_PIPE, main, visible


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


def test_python_dash_m_runs_the_same_command(capsys, mini):
    """``python -m spheremap`` is the ``spheremap`` command: same answer, same exit code."""
    args = [*mini, "where", "7.5", "2.5", "--date", "1946-01-01", "--json"]
    code, out, _ = run(capsys, *args)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "spheremap", *args], env=env, capture_output=True, text=True
    )
    assert (done.returncode, json.loads(done.stdout)) == (code, json.loads(out))
    assert json.loads(out), "the mini data answers this point"


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
    # a script can tell "held by nobody that day" from "not mapped at all"
    assert [r["mapped"] for r in rows] == ["yes", "no"]


def test_where_json_says_which_points_are_unmapped(capsys, mini, tmp_path):
    path = write_csv(
        tmp_path / "towns.csv",
        [["lon", "lat", "date"], ["7.5", "2.5", "1946-01-01"], ["20", "20", "1946-01-01"]],
    )
    code, out, err = run(capsys, *mini, "where", "--input", path, "--json")
    assert code == 0, err
    assert [r["mapped"] for r in json.loads(out)] == [True, False]
    code, out, err = run(capsys, *mini, "where", "20", "20", "--date", "1946-01-01", "--json")
    assert code == 0 and json.loads(out) == []
    assert err == "spheremap: 20.0, 20.0 is outside the mapped region\n"
    code, out, err = run(capsys, *mini, "where", "7.5", "2.5", "--date", "1946-01-01", "--json")
    assert code == 0 and err == ""


def test_mapped_many_tells_land_from_sea_where_nothing_answers(mini_atlas):
    atlas = mini_atlas
    lons, lats = [2.5, 20.0], [5.0, 20.0]
    on_land = [atlas.on_mapped_land(x, y) for x, y in zip(lons, lats, strict=True)]
    assert on_land == [True, False]
    # with no answers given, only the land decides; with a control answer, it is mapped
    assert atlas.mapped_many(lons, lats, [[], []]) == [True, False]
    control = atlas.where(2.5, 5.0, date(1939, 1, 1))
    assert atlas.mapped_many([20.0], [20.0], [control]) == [True]


def test_where_batch_missing_column_is_fatal(capsys, mini, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["lon", "lat"], ["1", "2"]])
    code, out, err = run(capsys, *mini, "where", "--input", path)
    assert code == 1 and out == ""
    assert err == f"spheremap: error: {path}: missing column(s) date (need lon, lat, date)\n"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["1", "2", "1939-02-30"], "date '1939-02-30' is not a real day"),
        (["1", "2", "1.1.1940"], "date '1.1.1940' is not an ISO date"),
        (
            ["1", "2", "1930-01-01"],
            "date 1930-01-01 is outside the mapped range 1938-10-01..1949-12-31",
        ),
        (["999", "2", "1939-01-01"], "longitude 999.0 is outside -180..180"),
        (["1", "-91", "1939-01-01"], "latitude -91.0 is outside -90..90"),
        (["1", "nan", "1939-01-01"], "latitude nan is outside -90..90"),
        (["east", "2", "1939-01-01"], "longitude 'east' is not a number"),
        (["1", "2", "1939-01-01", "extra"], "more values than columns (4 for 3)"),
        (["1", "2"], "fewer values than columns (2 for 3)"),
        (["1", "2", "9" * 200_000], "a field is longer than 131072 characters"),
    ],
)
def test_where_batch_reports_bad_rows_and_answers_the_others(
    capsys, mini, tmp_path, bad_row, message
):
    good = ["2.5", "5", "1939-01-01"]
    path = write_csv(tmp_path / "bad.csv", [["lon", "lat", "date"], good, bad_row, good])
    code, out, err = run(capsys, *mini, "where", "--input", path)
    assert code == EXIT_BAD_ROWS
    first, last = err.splitlines()
    assert first.startswith(f"spheremap: {path} row 3: {message}")
    assert last == f"spheremap: {path}: 1 row(s) rejected (listed above), 2 answered"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["control_id"] for r in rows] == ["west-germany", "west-germany"]


def test_where_batch_rejects_rows_that_are_not_utf8(capsys, mini, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"town,lon,lat,date\nK\xf6ln,2.5,5,1939-01-01\nBonn,2.5,5,1939-01-01\n")
    code, out, err = run(capsys, *mini, "where", "--input", str(path))
    assert code == EXIT_BAD_ROWS
    assert err.splitlines()[0] == f"spheremap: {path} row 2: not UTF-8 text"
    assert [r["town"] for r in csv.DictReader(io.StringIO(out))] == ["Bonn"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["lon", "lat", "date", "lon"], "column 'lon' appears more than once"),
        (["town", "lat", "date", "town", "lon"], "column 'town' appears more than once"),
        (["lon", "lat", "date", "longitude"], "columns 'lon' and 'longitude' are ambiguous"),
        (["lng", "lat", "date", "Lon"], "columns 'lng' and 'Lon' are ambiguous"),
        (["lon", "LAT", "date", "lat"], "columns 'LAT' and 'lat' are ambiguous"),
        (["longitude", "lat", "date"], "missing column(s) lon (need lon, lat, date); rename"),
        (["lon", "lat", "date", "zone_id"], "column(s) 'zone_id' would clash with the answer's"),
    ],
)
def test_where_batch_refuses_duplicate_or_ambiguous_columns(
    capsys, mini, tmp_path, header, message
):
    row = ["2.5", "5", "1939-01-01", "7", "8"][: len(header)]
    path = write_csv(tmp_path / "cols.csv", [header, row])
    code, out, err = run(capsys, *mini, "where", "--input", path)
    assert code == 1 and out == ""
    assert err.startswith(f"spheremap: error: {path}: {message}") and err.count("\n") == 1


def test_where_batch_json_refuses_a_matches_column(capsys, mini, tmp_path):
    path = write_csv(
        tmp_path / "m.csv", [["lon", "lat", "date", "matches"], ["1", "2", "1939-01-01", "x"]]
    )
    code, out, err = run(capsys, *mini, "where", "--input", path, "--json")
    assert code == 1 and out == "" and "'matches' would clash" in err
    code, out, _ = run(capsys, *mini, "where", "--input", path)  # the CSV answer has no such column
    assert code == 0 and out.count("\n") == 2


@pytest.mark.parametrize("as_json", [False, True])
def test_where_batch_streams_chunk_by_chunk(monkeypatch, mini_root, tmp_path, as_json):
    """Each chunk is answered and written before the next is read; the output is whole."""
    from spheremap import cli
    from spheremap.atlas import Atlas

    towns = [[f"t{i}", "7.5" if i % 2 else "2.5", "2.5", "1946-01-01"] for i in range(5)]
    path = write_csv(tmp_path / "towns.csv", [["town", "lon", "lat", "date"], *towns])
    out = io.StringIO()
    seen, lines_read = [], []
    where_many, next_line = Atlas.where_many, cli._Lines.__next__

    def spy(self, lons, lats, days):
        seen.append((len(lons), len(lines_read), out.getvalue().count("\n")))
        return where_many(self, lons, lats, days)

    def read(self):
        line = next_line(self)
        lines_read.append(line)
        return line

    monkeypatch.setattr(Atlas, "where_many", spy)
    monkeypatch.setattr(cli._Lines, "__next__", read)
    monkeypatch.setattr(cli, "CHUNK_ROWS", 2)
    monkeypatch.setattr(sys, "stdout", out)
    argv = ["--data", str(mini_root), "where", "--input", path] + (["--json"] if as_json else [])
    assert main(argv) == 0
    # chunks of 2, 2, 1 rows, each answered when read (header + 2 lines, + 4, all 6), after
    # the answers so far are written (the CSV header and 2 lines per chunk; JSON: "[" first)
    written = [1, 3, 5] if not as_json else [0, 2, 4]
    assert seen == [(2, 3, written[0]), (2, 5, written[1]), (1, 6, written[2])]
    text = out.getvalue()
    if as_json:
        rows = json.loads(text)
        assert [r["town"] for r in rows] == [t[0] for t in towns]
        assert [m["power"] for m in rows[1]["matches"]] == ["Poland", "US"]
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["town"] for r in rows] == [t[0] for t in towns]
        assert [r["control_power"] for r in rows] == ["USSR", "Poland"] * 2 + ["USSR"]


def test_where_batch_json_of_no_rows_is_an_empty_array(capsys, mini, tmp_path):
    path = write_csv(tmp_path / "none.csv", [["lon", "lat", "date"]])
    code, out, _ = run(capsys, *mini, "where", "--input", path, "--json")
    assert code == 0 and json.loads(out) == []


def test_where_outside_the_mapped_range_says_so(capsys, mini):
    code, out, err = run(capsys, *mini, "where", "2.5", "5", "--date", "1930-01-01")
    assert code == 1 and out == ""
    assert "date 1930-01-01 is outside the mapped range 1938-10-01..1949-12-31" in err


def test_where_outside_the_mapped_land_says_so(capsys, mini):
    code, out, _ = run(capsys, *mini, "where", "20", "20", "--date", "1940-01-01")
    assert code == 0
    assert (
        out
        == "nothing mapped at 20.0, 20.0 on 1940-01-01: the point is outside the mapped region\n"
    )


def test_closed_stdout_ends_quietly(mini_root, tmp_path):
    """``spheremap where --input big.csv | head -1``: no traceback, no internal error."""
    rows = [["lon", "lat", "date"]] + [["2.5", "5", "1939-01-01"]] * 50_000
    path = write_csv(tmp_path / "big.csv", rows)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    argv = [
        sys.executable,
        "-m",
        "spheremap.cli",
        "--data",
        str(mini_root),
        "where",
        "--input",
        path,
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout.readline().startswith(b"lon,lat,date,")
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == ""


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


def test_validate_deeply_nested_json_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "deep.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and "internal error" not in err
    assert out == f"{path}: JSON nested too deeply to read\n"


def test_visible_shows_control_characters():
    assert visible("a\x1b[31mb\x07\x7f\x9b2J\u202eé日本\tend\n") == (
        "a\\x1b[31mb\\x07\\x7f\\x9b2J\\u202eé日本\tend\n"
    )


ESCAPES = "On 1 September 1939 \x1b[31mGermany\x1b]0;title\x07 invaded Poland \x9b2J \u202eevil."


def test_passages_show_terminal_escapes_instead_of_sending_them(capsys, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text(ESCAPES + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "passages", "--document", str(doc))
    assert code == 0
    assert "\\x1b[31mGermany\\x1b]0;title\\x07 invaded Poland \\x9b2J \\u202eevil." in out
    assert not set(out) & {"\x1b", "\x07", "\x9b", "\u202e"}
    code, out, _ = run(capsys, "passages", "--document", str(doc), "--json")
    assert code == 0 and not set(out) & {"\x1b", "\x07", "\x9b", "\u202e"}
    assert json.loads(out)[0]["text"] == ESCAPES  # escaped in JSON, the same text


def test_errors_quoting_input_show_control_characters(capsys, mini, tmp_path):
    path = str(tmp_path / "bad\x1b[2J.csv")
    code, _, err = run(capsys, *mini, "where", "--input", path)
    assert code == 1 and "\x1b" not in err and "bad\\x1b[2J.csv: no such file" in err


def test_where_batch_json_leaves_bad_rows_out_and_stays_valid(capsys, mini, tmp_path):
    rows = [
        ["town", "lon", "lat", "date"],
        ["a", "7.5", "2.5", "1946-01-01"],
        ["b", "x", "2", "1940-01-01"],
    ]
    path = write_csv(tmp_path / "towns.csv", rows + [["c", "2.5", "5", "1939-01-01"]])
    code, out, err = run(capsys, *mini, "where", "--input", path, "--json")
    assert code == EXIT_BAD_ROWS and f"{path} row 3: longitude 'x' is not a number" in err
    assert [r["town"] for r in json.loads(out)] == ["a", "c"]


def test_where_batch_input_is_a_folder(capsys, mini, tmp_path):
    code, out, err = run(capsys, *mini, "where", "--input", str(tmp_path))
    assert code == 1 and out == ""
    assert err == f"spheremap: error: {tmp_path}: is a folder, need a CSV file\n"


def test_the_cli_states_system_errors_and_lets_bugs_show(monkeypatch, capsys):
    """Its own errors and the system's (a disk full, a permission) end in one line; anything
    else is a bug and is not dressed up as a user's error."""
    from spheremap import cli as sm_cli

    def full(args):
        raise OSError(28, "No space left on device", "out.html")

    monkeypatch.setattr(sm_cli, "cmd_validate", full)
    assert sm_cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "out.html" in err

    def bug(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(sm_cli, "cmd_validate", bug)
    with pytest.raises(ZeroDivisionError):
        sm_cli.main(["validate"])
