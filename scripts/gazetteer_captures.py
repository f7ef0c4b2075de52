"""Derive gazetteer rows for the towns of the dated captures (``geodata/sources/war_1941_1945/
captures.csv``) that no gazetteer row names yet, and write them into ``geodata/gazetteer.csv``::

    .venv/bin/python scripts/gazetteer_captures.py [--check]

The captures table holds, for each town taken or retaken in 1941-1945, its point and the source
that dates the capture. A text that names such a town (Kharkiv, Rome, Brno) should find it: the
linker links a town through the control holds at its point (``spheremap.links``), so a town the
gazetteer does not know links nothing however well the layers draw it. One row per town:

- ``kind`` ``city`` (``peninsula`` for a name ending in "peninsula"), the point as the captures
  table gives it (the town's centre, to 0.01 degree);
- ``features`` empty: the holds are found at the point, at the sentence's time;
- ``source``: ``capture point (war_1941_1945/captures.csv)`` and the source keys of the town's
  capture rows (those keys resolve in ``geodata/bibliography.csv``);
- ``variants``: the town's spelling without diacritics (``Iasi`` for ``Iași``), plus any
  variants already written into its row by hand (period spellings such as ``Kharkov``: this
  script keeps them).

The Far East's captures of August 1945 (``geodata/sources/far_east_1945/captures.csv``) are
read the same way, into rows of their own mark; their towns are written "Chongjin (Seishin)",
the bracketed name becoming a variant.

A town already named by a row that this script did not write (its name or a variant) is left
alone. The derived rows go at the end of the file, in the order of the captures table.
``--check`` writes nothing and exits 1 if the file would change.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import gazetteer_sectors  # noqa: E402

from spheremap.places import COLUMNS, parse_gazetteer  # noqa: E402

GAZETTEER = gazetteer_sectors.GAZETTEER
CAPTURES = ROOT / "geodata" / "sources" / "war_1941_1945" / "captures.csv"
#: How a derived row's source begins (it marks the rows this script owns).
MARK = "capture point (war_1941_1945/captures.csv)"
#: The Far East's captures of August 1945, whose towns are named "Chongjin (Seishin)": the
#: name, then a period or later name in brackets (a variant).
FAR_EAST = ROOT / "geodata" / "sources" / "far_east_1945" / "captures.csv"
FAR_EAST_MARK = "capture point (far_east_1945/captures.csv)"
#: "Chongjin (Seishin)": a name and, in brackets, another name of the same town.
_BRACKETED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<other>[^()]+)\)$")

#: Letters that Unicode decomposition leaves whole.
_WHOLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


def plain_spelling(name: str) -> str:
    """``name`` without diacritics (``Iași`` -> ``Iasi``, ``Łódź`` -> ``Lodz``)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_WHOLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def capture_towns(captures_text: str, path: str, bracketed: bool = False) -> dict[str, dict]:
    """Town -> its point and the source keys of its capture rows, in the table's order
    (``bracketed``: a name "Chongjin (Seishin)" is the town Chongjin, with the variant
    Seishin)."""
    towns: dict[str, dict] = {}
    for n, row in enumerate(csv.DictReader(io.StringIO(captures_text)), start=2):
        name = (row.get("place") or "").strip()
        if not name:
            raise SystemExit(f"{path}:{n}: a capture row without a place")
        other = None
        m = _BRACKETED.match(name) if bracketed else None
        if m is not None:
            name, other = m["name"].strip(), m["other"].strip()
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
        except (KeyError, TypeError, ValueError):
            raise SystemExit(f"{path}:{n}: {name}: lon/lat are not numbers") from None
        town = towns.setdefault(name, {"lon": lon, "lat": lat, "sources": {}, "others": {}})
        if other:
            town["others"][other] = None
        if abs(town["lon"] - lon) > 0.05 or abs(town["lat"] - lat) > 0.05:
            raise SystemExit(f"{path}:{n}: {name} is placed at two different points")
        for key in (row.get("source") or "").split("|"):
            if key.strip():
                town["sources"][key.strip()] = None
    return towns


def derive_rows(
    gazetteer_text: str, captures_text: str, path: str, mark: str = MARK, bracketed: bool = False
) -> list[dict]:
    """The rows (dicts of the gazetteer's columns) for the capture towns that no other row
    names (hand-written, or derived from another table); a derived row already present keeps
    its variants."""
    rows = list(csv.DictReader(io.StringIO(gazetteer_text)))
    own = {r["name"]: r for r in rows if r["source"].startswith(mark)}
    others = parse_gazetteer(
        _write([r for r in rows if not r["source"].startswith(mark)]), str(GAZETTEER)
    )
    out = []
    for name, town in capture_towns(captures_text, path, bracketed).items():
        if others.lookup(name) is not None or any(others.lookup(o) for o in town["others"]):
            continue
        plain = plain_spelling(name)
        kept = own.get(name, {}).get("variants", "")
        named = [plain, *town["others"], *(plain_spelling(o) for o in town["others"])]
        variants = dict.fromkeys(v for v in (named + kept.split("|")) if v and v != name)
        out.append(
            {
                "name": name,
                "variants": "|".join(variants),
                "kind": "peninsula" if name.lower().endswith("peninsula") else "city",
                "lon": f"{town['lon']:.2f}",
                "lat": f"{town['lat']:.2f}",
                "power": "",
                "features": "",
                "source": f"{mark}; {'; '.join(town['sources'])}",
            }
        )
    return out


def _write(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def merged(gazetteer_text: str, derived: list[dict], mark: str = MARK) -> str:
    """The gazetteer with its rows derived from one table (``mark``) replaced by ``derived``
    (at the end)."""
    rows = [
        r for r in csv.DictReader(io.StringIO(gazetteer_text)) if not r["source"].startswith(mark)
    ]
    return _write(rows + derived)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    captures = CAPTURES.read_text("utf-8")
    far_east = FAR_EAST.read_text("utf-8")

    def derive(text: str) -> str:
        text = merged(text, derive_rows(text, captures, str(CAPTURES)))
        rows = derive_rows(text, far_east, str(FAR_EAST), FAR_EAST_MARK, bracketed=True)
        return merged(text, rows, FAR_EAST_MARK)

    return gazetteer_sectors.update(derive, args.check, "capture-town")


if __name__ == "__main__":
    raise SystemExit(main())
