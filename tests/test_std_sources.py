"""Rows citing only ``STD`` ("general knowledge, not re-checked against a listed source") do not
come back (issue #11, "standard literature replaced by a named source").

Each authored input that dates a change of control names its sources by bibliography key. A row
whose only key is ``STD`` has no checked source; any left would be listed here by name (none is), so
that a new one fails the test until it is given a named source (or is added here, visibly, with a
reason).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

GEODATA = Path(__file__).resolve().parents[1] / "geodata"
SOURCES = GEODATA / "sources"

#: file (under geodata/sources), the column of keys, the columns naming a row
INPUTS = [
    ("war_1941_1945/captures.csv", "source", ("place", "date")),
    ("war_1941_1945/pockets.csv", "sources", ("id",)),
    ("war_1941_1945/risings_claims.csv", "sources", ("id",)),
    ("war_1941_1945/front_meta.csv", "sources", ("theatre", "front_date")),
    ("war_1941_1945/italy_administration.csv", "sources", ("id",)),
    ("far_east_1945/captures.csv", "source", ("place", "date")),
    ("far_east_1945/pockets.csv", "sources", ("id",)),
    ("far_east_1945/front_meta.csv", "sources", ("theatre", "front_date")),
    ("claims_1938_1941.csv", "sources", ("id",)),
    ("claims_1941_1945.csv", "sources", ("id",)),
    ("claims_1945_1949.csv", "sources", ("id",)),
    ("events/events.csv", "sources", ("id",)),
]

#: The rows still on STD alone, each with the reason no named source was found (none left: the
#: last, the Eastern Front of 1 May 1942, names its sources since December 2026).
STILL_ON_STD: set[tuple[str, tuple]] = set()


def _keys(field: str) -> list[str]:
    """The bibliography keys of a sources field (``;`` or ``|`` between entries, a locator after
    a comma)."""
    return [e.split(",", 1)[0].strip() for e in re.split(r"[;|]", field or "") if e.strip()]


def _std_only(name: str, column: str, naming: tuple[str, ...]) -> set[tuple[str, tuple]]:
    with (SOURCES / name).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, name
    return {(name, tuple(r[c] for c in naming)) for r in rows if _keys(r[column]) == ["STD"]}


def test_no_new_row_cites_only_std():
    found = set().union(*(_std_only(*spec) for spec in INPUTS))
    assert found - STILL_ON_STD == set(), "rows citing only STD: give them a named source"
    assert STILL_ON_STD - found == set(), "listed as STD-only but now named: drop them here"


@pytest.mark.parametrize("layer", ["control", "1938_1941", "1941_1945", "1945_1949"])
def test_no_bundled_claim_or_feature_cites_only_std(layer):
    doc = json.loads((GEODATA / "layers" / f"{layer}.geojson").read_text(encoding="utf-8"))
    cited = [(cid, c.get("sources") or []) for cid, c in (doc.get("claims") or {}).items()]
    cited += [
        (f["properties"].get("id"), f["properties"].get("sources") or []) for f in doc["features"]
    ]
    assert cited
    only = sorted(
        str(i) for i, srcs in cited if [s.split(",", 1)[0].strip() for s in srcs] == ["STD"]
    )
    assert only == []
