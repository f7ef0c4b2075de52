"""Point-in-time historical facts, checked against the bundled atlas.

Each ``tests/facts/*.csv`` row says: at (lon, lat) on ``date``, the feature of ``kind``
there is held by ``expected_power``. ``expected_power`` may be ``none`` (no feature of
that kind there, e.g. outside every sphere). Rows cite their source.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from spheremap.model import KINDS, POWERS

FACTS = sorted((Path(__file__).parent / "facts").glob("*.csv"))
COLUMNS = ["place", "lon", "lat", "date", "kind", "expected_power", "source", "note"]


def _rows():
    for path in FACTS:
        with path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                yield pytest.param(
                    row, id=f"{path.stem}:{i}:{row['place']}:{row['date']}:{row['kind']}"
                )


ROWS = list(_rows())


def test_fact_files_are_well_formed():
    assert FACTS, "no fact files"
    for path in FACTS:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames[: len(COLUMNS)] == COLUMNS, path.name
            for row in reader:
                assert row["kind"] in KINDS, (path.name, row)
                assert row["expected_power"] in POWERS or row["expected_power"] == "none", row
                assert row["source"].strip(), (path.name, row)
                date.fromisoformat(row["date"])


@pytest.mark.parametrize("row", ROWS)
def test_fact(atlas, row):
    day = date.fromisoformat(row["date"])
    matches = [
        m for m in atlas.where(float(row["lon"]), float(row["lat"]), day) if m.kind == row["kind"]
    ]
    powers = sorted({m.power for m in matches})
    if row["expected_power"] == "none":
        assert powers == [], f"{row['place']} on {day}: expected no {row['kind']}, got {powers}"
    else:
        assert powers == [row["expected_power"]], (
            f"{row['place']} on {day}: expected {row['kind']} {row['expected_power']}, got "
            f"{[(m.power, m.id) for m in matches]}"
        )
