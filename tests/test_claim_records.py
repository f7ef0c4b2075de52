"""The build's claim records are data (``geodata/sources/claims_*.csv`` and their kin).

The claim modules keep only geometry recipes; a record edited in a copy of a table changes the
claim built, and a malformed row stops the build with the file and line named.
"""

from __future__ import annotations

import csv
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from geobuild import claims_1941_1945 as war  # noqa: E402
from geobuild.claims import ClaimTable, claim_records  # noqa: E402

from spheremap.model import DataError  # noqa: E402


def _copy(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / path.name
    shutil.copyfile(path, out)
    return out


def _edit(path: Path, value: str, column: str, new: str, key_column: str = "id") -> int:
    """Set ``column`` of the row whose ``key_column`` is ``value`` to ``new``; return its line."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    hits = [k for k, r in enumerate(rows) if r[key_column] == value]
    assert len(hits) == 1, (value, hits)
    assert rows[hits[0]][column] != new
    rows[hits[0]][column] = new
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return hits[0] + 2


def _by_id(claims):
    return {c.id: c for c in claims}


# ---------------------------------------------------------------------------- edits take effect
def test_a_record_edited_in_a_copy_changes_the_claim_built(tmp_path):
    copy = _copy(war.CLAIMS_CSV, tmp_path)
    _edit(copy, "bornholm-ussr-1945", "start", "1945-05-12")
    _edit(copy, "bornholm-ussr-1945", "note", "Edited in a copy.")
    _edit(copy, "dodecanese-greece-1947", "power", "UK")
    built = _by_id(war.restoration_claims(ClaimTable(copy)))
    assert built["bornholm-ussr-1945"].start == date(1945, 5, 12)
    assert built["bornholm-ussr-1945"].note == "Edited in a copy."
    assert built["dodecanese-greece-1947"].power == "UK"
    # and the committed table still gives the committed record
    committed = _by_id(war.restoration_claims())
    assert committed["bornholm-ussr-1945"].start == date(1945, 5, 9)
    assert committed["dodecanese-greece-1947"].power == "Greece"


def test_row_order_of_the_table_is_the_painting_order(tmp_path):
    copy = _copy(war.CLAIMS_CSV, tmp_path)
    lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    ids = [ln.split(",", 1)[0] for ln in lines[1:]]
    first, second = ids.index("petsamo-ussr-1944") + 1, ids.index("porkkala-lease-1944") + 1
    lines[first], lines[second] = lines[second], lines[first]
    copy.write_text("".join(lines), encoding="utf-8")
    got = [c.id for c in war.restoration_claims(ClaimTable(copy))]
    assert got.index("porkkala-lease-1944") < got.index("petsamo-ussr-1944")


def test_a_holder_date_edited_in_a_copy_changes_the_holder(tmp_path, monkeypatch):
    assert {h.key: h for h in war.axis_holders()}["fin"].end == date(1944, 9, 19)
    copy = _copy(war.HOLDERS_CSV, tmp_path)
    _edit(copy, "fin", "end", "1944-09-20", key_column="key")
    monkeypatch.setattr(war, "HOLDERS_CSV", copy)
    war.axis_holders.cache_clear()
    try:
        fin = {h.key: h for h in war.axis_holders()}["fin"]
    finally:
        war.axis_holders.cache_clear()  # the other tests build from the committed table
    assert fin.end == date(1944, 9, 20)


def test_a_period_edited_in_a_copy_moves_the_last_fronts_end(tmp_path, monkeypatch):
    from geobuild import features_1941_1945 as feats

    def last_east_end():
        fronts = [f["properties"] for f in feats.front_features()]
        east = [p for p in fronts if p["theatre"] == "east"]
        return max(p["end_date"] for p in east)

    assert last_east_end() == "1945-07-04"
    copy = _copy(war.PERIODS_CSV, tmp_path)
    _edit(copy, "war", "end", "1945-07-05", key_column="period")
    monkeypatch.setattr(war, "PERIODS_CSV", copy)
    assert last_east_end() == "1945-07-05"


# ---------------------------------------------------------------------------- malformed rows
def _claims_copy(tmp_path: Path, **cells) -> tuple[Path, int]:
    copy = _copy(war.CLAIMS_CSV, tmp_path)
    line = 0
    for column, new in cells.items():
        line = _edit(copy, "finnmark-ussr-1944", column, new)
    return copy, line


@pytest.mark.parametrize(
    "cells, problem",
    [
        ({"power": "Atlantis"}, "unknown power 'Atlantis'"),
        ({"status": "dreaming"}, "unknown status 'dreaming'"),
        ({"precision": "week"}, "unknown date precision 'week'"),
        ({"start": "1944-02-30"}, "dates must be YYYY-MM-DD"),
        ({"end": "1944-10-25"}, "end 1944-10-25 is not after start 1944-10-25"),
        ({"sources": ""}, "no sources"),
        ({"note": ""}, "approximate claim without a note"),
        ({"id": "Finnmark 1944"}, "id 'Finnmark 1944' is not a-z0-9-"),
    ],
)
def test_a_malformed_record_names_the_file_and_line(tmp_path, cells, problem):
    copy, line = _claims_copy(tmp_path, **cells)
    with pytest.raises(DataError, match=f"line {line}: .*{problem}") as err:
        claim_records(copy)
    assert str(err.value).startswith(f"{copy}: line {line}: ")


def test_a_row_without_a_recipe_is_named_with_its_line(tmp_path):
    copy, line = _claims_copy(tmp_path, id="finnmark-ussr-1944-b")
    with pytest.raises(
        DataError, match=rf"rows without a geometry recipe: 'finnmark-ussr-1944-b' \(line {line}\)"
    ) as err:
        war.restoration_claims(ClaimTable(copy))
    assert err.value.path == str(copy)


def test_a_recipe_without_a_row_is_named(tmp_path):
    copy = _copy(war.CLAIMS_CSV, tmp_path)
    lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(ln for ln in lines if not ln.startswith("bornholm-ussr-1945,")))
    with pytest.raises(
        DataError, match="geometry recipes without a row: 'bornholm-ussr-1945'"
    ) as err:
        war.occupation_claims(ClaimTable(copy))
    assert err.value.path == str(copy)


@pytest.mark.parametrize(
    "column, new, problem",
    [
        ("power", "Atlantis", "unknown power 'Atlantis'"),
        ("end", "1944-09-31", "bad date '1944-09-31'"),
        ("group", "east-atlantis", "unknown group 'east-atlantis'"),
    ],
)
def test_a_malformed_holder_names_the_file_and_line(tmp_path, column, new, problem):
    copy = _copy(war.HOLDERS_CSV, tmp_path)
    line = _edit(copy, "fin", column, new, key_column="key")
    with pytest.raises(DataError, match=f"line {line}: {problem}") as err:
        war.holder_rows(copy)
    assert err.value.path == str(copy)


def test_holders_and_recipes_must_match(tmp_path):
    copy = _copy(war.HOLDERS_CSV, tmp_path)
    line = _edit(copy, "gertr", "key", "gerx", key_column="key")
    geoms = dict.fromkeys(("fin", "rom", "trans", "gertr", "ger"), war.box(0, 0, 1, 1))
    with pytest.raises(
        DataError, match=f"line {line}: holder east-axis/gerx has no geometry recipe"
    ):
        war.holders("east-axis", geoms, copy)
    geoms["gerx"] = geoms.pop("gertr")
    geoms["extra"] = geoms["fin"]
    with pytest.raises(DataError, match=r"no row for the east-axis holders \['extra'\]"):
        war.holders("east-axis", geoms, copy)


def test_a_period_the_code_needs_must_have_its_dates(tmp_path):
    copy = _copy(war.PERIODS_CSV, tmp_path)
    line = _edit(copy, "line-of-contact", "front", "", key_column="period")
    with pytest.raises(DataError, match=f"line {line}: period 'line-of-contact' needs front"):
        war.periods(copy)
    copy = _copy(war.PERIODS_CSV, tmp_path)
    lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(ln for ln in lines if not ln.startswith("italy,")), encoding="utf-8")
    with pytest.raises(DataError, match=r"no row for periods \['italy'\]"):
        war.periods(copy)


# ---------------------------------------------------------------------------- 1945-1949
def test_the_kuril_groups_are_data(tmp_path):
    from geobuild import claims_1945_1949 as settlement

    committed = settlement._kurils()
    assert list(committed) == ["north", "iturup", "kunashir", "shikotan", "habomai"]
    assert not any(g.is_empty for g in committed.values())
    copy = _copy(settlement.KURIL_GROUPS_CSV, tmp_path)
    _edit(copy, "iturup", "south", "60", key_column="group")  # no island that far north
    moved = settlement._kurils(copy)
    assert moved["iturup"].is_empty
    assert moved["shikotan"].area == pytest.approx(
        committed["shikotan"].area + committed["iturup"].area, rel=1e-6
    )


def test_a_malformed_kuril_group_names_the_file_and_line(tmp_path):
    from geobuild import claims_1945_1949 as settlement

    copy = _copy(settlement.KURIL_GROUPS_CSV, tmp_path)
    line = _edit(copy, "kunashir", "east", "west", key_column="group")
    with pytest.raises(DataError, match=f"line {line}: bad box") as err:
        settlement.kuril_groups(copy)
    assert err.value.path == str(copy)
    copy = _copy(settlement.KURIL_GROUPS_CSV, tmp_path)
    lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    copy.write_text("".join(ln for ln in lines if not ln.startswith("habomai,")), encoding="utf-8")
    with pytest.raises(DataError, match="no group holds the island at"):
        settlement._kurils(copy)


def test_the_far_east_occupations_start_on_the_last_phase_of_the_advance(tmp_path, monkeypatch):
    from geobuild import far_east_1945 as far_east
    from shapely.geometry import box

    occupied = far_east.occupation_day()
    claim = far_east.on_occupation_day("ussr-occupation-manchuria-1945", "start", box(0, 0, 1, 1))
    assert claim.start == occupied and claim.power == "USSR"
    copy = _copy(far_east.CLAIMS_CSV, tmp_path)
    line = _edit(copy, "ussr-occupation-manchuria-1945", "start", "1945-08-31")
    monkeypatch.setattr(far_east, "CLAIMS_CSV", copy)
    with pytest.raises(
        DataError,
        match=f"line {line}: the start of ussr-occupation-manchuria-1945 is 1945-08-31, but .* {occupied}",
    ) as err:
        far_east.on_occupation_day("ussr-occupation-manchuria-1945", "start", box(0, 0, 1, 1))
    assert err.value.path == str(copy)


def test_the_settlement_features_take_their_dates_from_the_claim_records(tmp_path, monkeypatch):
    from geobuild import features_1945_1949 as feats

    records = claim_records(feats.CLAIMS_CSV)
    assert records["us-sector-berlin-1945"]["start"] == feats.ZONES_IN_FORCE
    assert records["us-control-bremen-enclave-1945"]["end"] == feats.BREMEN_REDUCED
    copy = _copy(feats.CLAIMS_CSV, tmp_path)
    _edit(copy, "us-sector-berlin-1945", "start", "1945-07-05")
    monkeypatch.setattr(feats, "_CLAIMS", ClaimTable(copy))
    assert feats.claim_day("us-sector-berlin-1945") == date(1945, 7, 5)
    with pytest.raises(DataError, match="no end date for claim 'us-sector-berlin-1945'"):
        feats.claim_day("us-sector-berlin-1945", "end")
