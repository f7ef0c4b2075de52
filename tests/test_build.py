"""Engine tests for the geodata build on tiny synthetic claims (no Natural Earth needed)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from geobuild.claims import Claim, check_claims, read_shapes  # noqa: E402
from geobuild.coverage import (  # noqa: E402
    build_coverage,
    coverage_problems,
    to_feature_collection,
)

from spheremap.model import DataError  # noqa: E402

START = date(2000, 1, 1)
END = date(2001, 1, 1)
LAND = box(0, 0, 4, 2)


def claim(cid, power, geom, start=START, end=None, **kw):
    return Claim(
        id=cid,
        name=cid.upper(),
        power=power,
        status=kw.pop("status", "sovereign"),
        start=start,
        end=end,
        precision=kw.pop("precision", "day"),
        sources=("test",),
        geometry=geom,
        **kw,
    )


def build(claims, land=LAND):
    return build_coverage(claims, land, start=START, end=END, tolerance=0, decimals=6)


def power_at(frame, x, y, day):
    hits = frame[frame.geometry.contains(Point(x, y))]
    assert len(hits) == 1, f"{len(hits)} pieces at ({x}, {y})"
    for e in hits.iloc[0]["timeline"]:
        end = date.fromisoformat(e["end_date"]) if e["end_date"] else date.max
        if date.fromisoformat(e["start_date"]) <= day < end:
            return e["power"]
    raise AssertionError(f"no entry for {day}")


def test_later_claims_paint_over_earlier_on_their_days():
    base = [claim("west", "Poland", box(0, 0, 2, 2)), claim("east", "USSR", box(2, 0, 4, 2))]
    invasion = claim(
        "inv", "Germany", box(1, 0, 3, 1), start=date(2000, 3, 1), end=date(2000, 6, 1)
    )
    frame = build([*base, invasion])
    assert power_at(frame, 1.5, 0.5, date(2000, 2, 29)) == "Poland"
    assert power_at(frame, 1.5, 0.5, date(2000, 3, 1)) == "Germany"
    assert power_at(frame, 2.5, 0.5, date(2000, 5, 31)) == "Germany"
    assert power_at(frame, 2.5, 0.5, date(2000, 6, 1)) == "USSR"
    assert power_at(frame, 1.5, 1.5, date(2000, 4, 1)) == "Poland"
    assert coverage_problems(frame, LAND) == []


def test_order_decides_not_dates():
    a = claim("a", "France", box(0, 0, 4, 2))
    b = claim("b", "Germany", box(0, 0, 2, 2), start=date(2000, 5, 1))
    c = claim("c", "Italy", box(1, 0, 2, 2), start=date(2000, 2, 1))
    frame = build([a, b, c])
    # c is later in the list, so it wins over b although b starts later
    assert power_at(frame, 1.5, 1, date(2000, 6, 1)) == "Italy"
    assert power_at(frame, 0.5, 1, date(2000, 6, 1)) == "Germany"


def test_gap_is_an_error():
    only_west = [claim("west", "Poland", box(0, 0, 2, 2))]
    with pytest.raises(DataError, match="no claim holds"):
        build(only_west)


def test_gap_in_time_is_an_error():
    early = claim("early", "Poland", LAND, end=date(2000, 6, 1))
    with pytest.raises(DataError, match="2000-06-01"):
        build([early])


def test_identical_timelines_merge_and_timelines_are_merged():
    left = claim("left", "Sweden", box(0, 0, 2, 2))
    right = claim("right", "Sweden", box(2, 0, 4, 2))
    over = claim("over", "Norway", box(0, 0, 4, 2), start=date(2000, 5, 1))
    frame = build([left, right, over])
    assert len(frame) == 2  # left and right differ by claim id
    same = build([claim("all", "Sweden", LAND), over])
    assert len(same) == 1
    (tl,) = same["timeline"]
    assert [e["claim"] for e in tl] == ["all", "over"]
    assert tl[0]["end_date"] == tl[1]["start_date"] == "2000-05-01"
    assert tl[1]["end_date"] is None


def test_claim_ending_before_range_end_resumes_underlying_claim():
    base = claim("base", "Austria", LAND)
    anschluss = claim("reich", "Germany", LAND, start=date(2000, 3, 1), end=date(2000, 9, 1))
    (tl,) = build([base, anschluss])["timeline"]
    assert [(e["claim"], e["start_date"], e["end_date"]) for e in tl] == [
        ("base", "2000-01-01", "2000-03-01"),
        ("reich", "2000-03-01", "2000-09-01"),
        ("base", "2000-09-01", None),
    ]


def test_claims_are_clipped_to_land_and_pieces_partition_it():
    land = shapely.union_all([box(0, 0, 1, 1), box(2, 0, 3, 1)])
    sea_claim = claim("big", "UK", box(-5, -5, 5, 5))
    cut = claim("cut", "Ireland", box(0.5, -1, 2.5, 2), start=date(2000, 2, 1))
    frame = build([sea_claim, cut], land=land)
    assert coverage_problems(frame, land) == []
    assert shapely.union_all(frame.geometry.values).equals(land)
    assert sum(shapely.area(frame.geometry.values)) == pytest.approx(land.area)


def test_output_is_valid_geojson_with_timelines():
    frame = build([claim("a", "France", LAND)])
    fc = to_feature_collection(frame)
    (feat,) = fc["features"]
    assert feat["geometry"]["type"] == "Polygon"
    props = feat["properties"]
    assert props["kind"] == "control" and props["id"].startswith("piece-")
    assert set(props["timeline"][0]) == {"claim", "start_date", "end_date"}
    # what belongs to the claim is written once, in the collection's claims table
    assert set(fc["claims"]["a"]) >= {"name", "power", "status", "date_precision", "sources"}
    assert fc["claims"]["a"]["power"] == "France"


def test_bad_claims_are_named():
    bad = [
        claim("ok", "France", LAND),
        claim("Bad Id", "France", LAND),
        claim("x", "Narnia", LAND),
        claim("y", "France", LAND, start=date(2000, 5, 1), end=date(2000, 5, 1)),
        claim("z", "France", LAND, precision="approx"),
    ]
    with pytest.raises(DataError) as err:
        check_claims(bad)
    text = str(err.value)
    for part in ("Bad Id", "Narnia", "not after start", "without a note"):
        assert part in text
    assert "[ok]" not in text


def test_simplified_coverage_stays_valid():
    wiggly = shapely.Polygon([(0, 0), (2, 0), (2.001, 1), (2, 2), (0, 2)])
    left = claim("l", "Spain", wiggly)
    right = claim("r", "Portugal", shapely.difference(LAND, wiggly))
    frame = build_coverage([left, right], LAND, start=START, end=END, tolerance=0.01, decimals=3)
    assert coverage_problems(frame, LAND) == []
    assert len(frame) == 2


def test_vertex_csv_errors_name_file_and_line(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("shape,seq,lon,lat,conf,source,note\na,1,10,50,X,src,\n")
    with pytest.raises(DataError, match=r"v\.csv: line 2: conf"):
        read_shapes(path)
    path.write_text("shape,seq,lon,lat,conf,source,note\na,1,10,500,H,src,\n")
    with pytest.raises(DataError, match="out of range"):
        read_shapes(path)
    path.write_text("shape,seq,lon,lat,conf,source\n")
    with pytest.raises(DataError, match="missing columns"):
        read_shapes(path)


def test_rounded_output_is_an_exact_coverage():
    # three claims whose shared edges carry vertices that rounding moves differently
    a = shapely.Polygon([(0, 0), (1.23456, 0), (1.23449, 0.77771), (1.2346, 2), (0, 2)])
    b = shapely.difference(box(0, 0, 2.5, 2), a)
    c = shapely.Polygon([(2.0004, -1), (4, -1), (4, 3), (2.0004, 3)])
    land = box(0, 0, 4, 2)
    claims = [claim("a", "France", a), claim("b", "Spain", b), claim("c", "Italy", c)]
    frame = build_coverage(claims, land, start=START, end=END, tolerance=0.01, decimals=3)
    geoms = frame.geometry.to_numpy()
    assert shapely.coverage_is_valid(geoms)
    assert shapely.coverage_union_all(geoms).area == pytest.approx(land.area, rel=1e-3)
    coords = shapely.get_coordinates(geoms)
    assert abs(coords * 1000 - (coords * 1000).round()).max() < 1e-6
    assert coverage_problems(frame, land) == []


def test_unclaimed_sliver_between_claims_joins_a_neighbour():
    # a hairline gap (1e-6 wide) between two base claims is noise, not a missing state
    left = claim("left", "Poland", box(0, 0, 2 - 1e-6, 2))
    right = claim("right", "Germany", box(2, 0, 4, 2))
    later = claim("later", "USSR", box(1, 0, 3, 2), start=date(2000, 6, 1))
    frame = build([left, right, later])
    assert power_at(frame, 0.5, 1, date(2000, 2, 1)) == "Poland"
    assert power_at(frame, 1.5, 1, date(2000, 7, 1)) == "USSR"


def test_rebuild_repairs_unmatched_shared_edges():
    from geobuild.coverage import _rebuild

    # b has a vertex at (1, 0.5) on the shared edge that a lacks: not an exact coverage
    a = shapely.Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    b = shapely.Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (1, 0.5)])
    # and c overlaps b by a sliver of 1e-4 width
    c = shapely.Polygon([(1.9999, 0), (3, 0), (3, 1), (1.9999, 1)])
    geoms = np.array([a, b, c], dtype=object)
    assert not shapely.coverage_is_valid(geoms)
    fixed = _rebuild(geoms, 0.001)
    assert shapely.coverage_is_valid(fixed)
    assert [round(g.area, 3) for g in fixed] == [1.0, 1.0, 1.0]


def test_fine_area_keeps_its_detail_and_the_coverage_stays_exact():
    # a zig-zag border (amplitude 0.02) between two small pieces inside the fine area, and the
    # same zig-zag between two pieces outside it: coarse simplification flattens only the latter
    zig = [(1.0 + 0.02 * (i % 2), 0.1 * i) for i in range(21)]
    west = shapely.Polygon([(0, 0), *zig, (0, 2)])
    fine_west = claim("fw", "France", shapely.intersection(west, box(0, 0, 4, 1)))
    coarse_west = claim("cw", "Spain", shapely.intersection(west, box(0, 1, 4, 2)))
    east = claim("e", "Italy", shapely.difference(LAND, west))
    fine_area = box(-1, -1, 1.5, 0.9)
    frame = build_coverage(
        [fine_west, coarse_west, east], LAND, start=START, end=END, tolerance=0.05,
        decimals=4, fine=fine_area, fine_tolerance=0.001,
    )  # fmt: skip
    geoms = frame.geometry.to_numpy()
    assert shapely.coverage_is_valid(geoms)
    assert shapely.coverage_union_all(geoms).area == pytest.approx(LAND.area, rel=1e-6)
    assert coverage_problems(frame, LAND) == []
    fine = frame.iloc[power_of(frame, 0.5, 0.5)]
    border = shapely.intersection(fine.geometry.boundary, box(0.9, 0.05, 1.1, 0.95))
    # the zig-zag of the fine piece survives: all its corners are still there
    assert len(shapely.get_coordinates(border)) >= 9
    coarse = frame[frame.geometry.contains(Point(0.5, 1.5))].geometry.iloc[0]
    assert len(shapely.get_coordinates(coarse.boundary)) < 10


def power_of(frame, x, y):
    return int(np.flatnonzero(frame.geometry.contains(Point(x, y)))[0])


# ----------------------------------------------------------------------------- --verify
def test_verify_rebuilds_the_war_fronts_layer_byte_for_byte(tmp_path, capsys):
    """CI's cheap part of ``build_geodata.py --verify``: the 1941-1945 fronts and events
    (seconds; the control coverage and the 1938 and 1945 layers take minutes and npm)."""
    import build_geodata

    root = Path(build_geodata.__file__).resolve().parents[1] / "geodata"
    assert build_geodata.main(["--verify", "--only", "1941_1945"]) == 0
    assert "verified: 1941_1945" in capsys.readouterr().out
    # one byte changed in the committed layer: exit 1 naming the file; a missing one too
    other = tmp_path / "geodata"
    (other / "layers").mkdir(parents=True)
    text = (root / "layers" / "1941_1945.geojson").read_bytes()
    (other / "layers" / "1941_1945.geojson").write_bytes(text.replace(b"km", b"kn", 1))
    assert build_geodata.main(["--verify", "--only", "1941_1945", "--against", str(other)]) == 1
    err = capsys.readouterr().err
    assert f"{other / 'layers' / '1941_1945.geojson'}: differs from the rebuild" in err
    (other / "layers" / "1941_1945.geojson").unlink()
    assert build_geodata.main(["--verify", "--only", "1941_1945", "--against", str(other)]) == 1
    assert "1941_1945.geojson: missing" in capsys.readouterr().err


def test_verify_refuses_unknown_outputs(capsys):
    import build_geodata

    assert build_geodata.main(["--verify", "--only", "1941_1945,atlantis"]) == 2
    assert "unknown outputs ['atlantis']" in capsys.readouterr().err


# ----------------------------------------------------------------------------- claim records
def test_claim_records_are_data_and_each_row_is_drawn_once(tmp_path):
    from geobuild.claims import claim_records, in_file_order, record_claim

    path = tmp_path / "claims.csv"
    path.write_text(
        "id,name,power,status,start,end,precision,sources,note\n"
        'b,B,USSR,occupied,2000-03-01,,day,"S1, p. 2 | S2",\n'
        "a,A,Poland,sovereign,2000-01-01,2000-03-01,approx,S1,Note.\n",
        encoding="utf-8",
    )
    records = claim_records(path)
    a = record_claim(path, records, "a", box(0, 0, 1, 1))
    b = record_claim(path, records, "b", box(1, 0, 2, 1))
    assert b.sources == ("S1, p. 2", "S2") and b.end is None and b.start == date(2000, 3, 1)
    assert a.note == "Note." and a.end == date(2000, 3, 1) and a.precision == "approx"
    assert [c.id for c in in_file_order(path, records, [a, b])] == ["b", "a"]  # row order
    with pytest.raises(DataError, match="rows without a geometry recipe: a"):
        in_file_order(path, records, [b])
    with pytest.raises(DataError, match="drawn twice: b"):
        in_file_order(path, records, [a, b, b])
    with pytest.raises(DataError, match="no row for claim 'c'"):
        record_claim(path, records, "c", box(0, 0, 1, 1))
    path.write_text(path.read_text(encoding="utf-8") + "a,A,X,y,2000-13-01,,day,S,\n")
    with pytest.raises(DataError, match="line 4: claim 'a' listed twice"):
        claim_records(path)
    path.write_text(path.read_text(encoding="utf-8").replace("\na,A,X", "\nc,A,X"))
    with pytest.raises(DataError, match="line 4: dates must be YYYY-MM-DD"):
        claim_records(path)
