"""``spheremap history`` and ``spheremap compare``, run in-process through main()."""

from __future__ import annotations

import json

from spheremap.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_history_lists_the_spans_and_the_events(capsys):
    code, out, err = run(capsys, "history", "24.03", "49.84", "--json")
    assert code == 0, err
    doc = json.loads(out)
    control = [s for s in doc["spans"] if s["kind"] == "control"]
    assert control[0]["start_date"] == "1938-10-01" and control[0]["power"] == "Poland"
    assert control[-1]["end_date"] is None and control[-1]["power"] == "USSR"
    assert {"start_date", "end_date", "kind", "power", "status", "id", "name"} <= set(control[0])
    code, out, err = run(capsys, "history", "37.62", "55.75")
    assert code == 0, err
    assert "events within 50 km:" in out and "[event-1939-pact-moscow]" in out


def test_history_off_the_map_says_so(capsys):
    code, out, err = run(capsys, "history", "116.40", "39.90")  # Beijing: outside the window's land
    assert code == 0, err
    assert "outside the mapped region" in out


def test_history_refuses_an_impossible_point(capsys):
    code, out, err = run(capsys, "history", "24.03", "95")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "latitude 95.0 is outside -90..90" in err


def test_compare_prints_json_and_writes_the_changed_ground(capsys, tmp_path):
    out_file = tmp_path / "changed.geojson"
    out_file.write_text("old")
    code, out, err = run(
        capsys, "compare", "--from", "1940-06-27", "--to", "1940-07-04", "--json",
        "--geojson", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert doc["area_crs"] == "EPSG:6933"
    ussr = next(p for p in doc["powers"] if p["power"] == "USSR")
    assert 49_000 < ussr["gained_km2"] < 52_500 and ussr["lost_km2"] == 0
    layer = json.loads(out_file.read_text())
    pairs = {
        (f["properties"]["from_power"], f["properties"]["to_power"]) for f in layer["features"]
    }
    assert ("Romania", "USSR") in pairs
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in layer["features"])


def test_compare_outside_the_range_is_one_line(capsys, tmp_path):
    target = tmp_path / "keep.geojson"
    target.write_text("keep")
    code, out, err = run(
        capsys, "compare", "--from", "1937-01-01", "--to", "1940-01-01", "--geojson", str(target)
    )
    assert code == 1 and out == ""
    assert "outside the mapped range" in err and err.count("\n") == 1
    assert target.read_text() == "keep"


def test_export_a_view_compared_with_another_day(tmp_path, capsys):
    out = tmp_path / "view.html"
    code = main(["export", "--date", "1940-08-01", "--compare", "1939-08-01", "--out", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "Changed hands since 1939-08-01" in page and '"id":"change-0"' in page
    assert main(["export", "--atlas", "--compare", "1939-08-01", "--out", str(out)]) == 1
    assert "--compare goes with a view" in capsys.readouterr().err
