"""Derive the gazetteer rows of the districts that the sector layers draw (Berlin's boroughs,
Vienna's districts) from the layers themselves, and write them into ``geodata/gazetteer.csv``::

    .venv/bin/python scripts/gazetteer_sectors.py [--check]

A place of the gazetteer whose ``features`` list sector features named after it as its extent
(``@id``) is a city divided into districts by them (a district's own row, which lists its
sectors too, names no city). Each such sector feature is named ``<city><sep><district>
(<who holds it>)`` in its layer (``Berlin-Kreuzberg (American sector)``, ``Vienna 3.
Landstraße (British sector)``, the district's number dropped): every sector feature of any
layer with the same city and district name is that district over time (``Berlin-Wedding
(Soviet-held)``, then British, then French). A district gets one row:

- ``kind`` ``city``, the point the representative point of the union of its sector
  geometries (inside the district; rounded to 3 decimals);
- ``features``: its sector features as its extent (``@id``), as the city lists them, so that
  what lies inside the district is found by territory and narrowed to the sentence's time;
- ``source``: the source keys of those features, as the layers cite them;
- ``variants``: the ASCII spellings of a name with umlauts or ß (``Neukoelln``,
  ``Neukolln``), plus any variants already in the gazetteer.

A row of the same name already in the gazetteer is replaced in place (its variants kept);
new rows go after their city. ``--check`` writes nothing and exits 1 if the file would change.
Sector features of a district the city does not list (a later boundary adjustment) are no
district of their own.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from spheremap.layers import layer_files, read_feature_collection  # noqa: E402
from spheremap.places import COLUMNS, parse_gazetteer  # noqa: E402

GAZETTEER = ROOT / "geodata" / "gazetteer.csv"

#: ASCII spellings of German letters: the transcription (ö -> oe) and the bare letter (ö -> o).
_FOLDS = (
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"},
    {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss"},
)


def ascii_variants(name: str) -> list[str]:
    """The ASCII spellings of a name with umlauts or ß, each once (none for an ASCII name)."""
    out = []
    for table in _FOLDS:
        folded = "".join(table.get(ch, ch) for ch in name)
        if folded != name and folded not in out:
            out.append(folded)
    return out


def district_name(feature_name: str, city_names: tuple[str, ...]) -> str | None:
    """The district a sector feature's name speaks of, or None if it names none of the city's
    names: ``Berlin-Kreuzberg (American sector)`` -> ``Kreuzberg``, ``Vienna 3. Landstraße
    (British sector)`` -> ``Landstraße``."""
    for city in sorted(city_names, key=len, reverse=True):
        m = re.fullmatch(
            re.escape(city) + r"(?:-| (?:\d+\. )?)(?P<district>[^()]+?) \([^()]+\)",
            feature_name.strip(),
        )
        if m:
            return m.group("district")
    return None


def sector_features(root: Path) -> list[dict]:
    """Every sector feature of the layers: id, name, sources, geometry."""
    out = []
    for path in layer_files(root):
        for raw in read_feature_collection(path):
            props = raw.properties
            if props.get("kind") == "sector" and raw.geometry:
                out.append(
                    {
                        "id": props["id"],
                        "name": props.get("name", ""),
                        "sources": props.get("sources") or [],
                        "geometry": shape(raw.geometry),
                    }
                )
    return out


def derive_rows(gazetteer_text: str, features: list[dict], path: str) -> dict[str, list[dict]]:
    """City name -> the district rows (dicts of the gazetteer's columns) its sectors give."""
    gaz = parse_gazetteer(gazetteer_text, path)
    by_id = {f["id"]: f for f in features}
    out: dict[str, list[dict]] = {}
    for city in gaz.places.values():
        listed = [by_id[fid] for fid in city.extent if fid in by_id]
        if not listed:
            continue
        names = {feat["id"]: district_name(feat["name"], city.names) for feat in listed}
        if not any(names.values()):
            continue  # sectors not named after the place: a district itself, not its city
        for fid, name in names.items():
            if name is None:
                raise SystemExit(
                    f"{path}: {city.name} lists sector {fid!r}, whose name "
                    f"{by_id[fid]['name']!r} names no district of {city.name}"
                )
        districts = dict.fromkeys(names.values())
        rows = []
        for name in districts:
            mine = [f for f in features if district_name(f["name"], city.names) == name]
            point = shapely.union_all([f["geometry"] for f in mine]).representative_point()
            keys = dict.fromkeys(key.split(",")[0].strip() for f in mine for key in f["sources"])
            rows.append(
                {
                    "name": name,
                    "variants": "|".join(ascii_variants(name)),
                    "kind": "city",
                    "lon": f"{point.x:.3f}",
                    "lat": f"{point.y:.3f}",
                    "power": "",
                    "features": "|".join(f"@{f['id']}" for f in mine),
                    "source": f"district of {city.name}: representative point of its sector "
                    f"features; {'; '.join(keys)}",
                }
            )
        out[city.name] = rows
    return out


def merged(gazetteer_text: str, derived: dict[str, list[dict]]) -> str:
    """The gazetteer text with the derived rows replacing those of the same name (variants
    kept) or added after their city."""
    reader = csv.DictReader(io.StringIO(gazetteer_text))
    rows = list(reader)
    index = {row["name"]: i for i, row in enumerate(rows)}
    after: dict[int, list[dict]] = {}
    for city, new_rows in derived.items():
        for new in new_rows:
            if new["name"] in index:
                old = rows[index[new["name"]]]
                variants = dict.fromkeys(
                    v for v in (old["variants"] + "|" + new["variants"]).split("|") if v
                )
                rows[index[new["name"]]] = {**new, "variants": "|".join(variants)}
            else:
                after.setdefault(index[city], []).append(new)
    out_rows = []
    for i, row in enumerate(rows):
        out_rows.append(row)
        out_rows += after.get(i, [])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=reader.fieldnames or COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out_rows)
    return buf.getvalue()


def update(derive, check: bool, what: str) -> int:
    """Rewrite ``geodata/gazetteer.csv`` as ``derive(text)`` makes it (``check``: write nothing,
    return 1 if it would change); ``what`` names the rows in the messages. Shared with
    ``scripts/gazetteer_captures.py``."""
    text = GAZETTEER.read_text("utf-8")
    new = derive(text)
    parse_gazetteer(new, str(GAZETTEER))  # the result must still be a valid gazetteer
    if new == text:
        print(f"{GAZETTEER.relative_to(ROOT)}: up to date")
        return 0
    if check:
        print(f"{GAZETTEER.relative_to(ROOT)}: {what} rows are stale (run without --check)")
        return 1
    GAZETTEER.write_text(new, "utf-8")
    print(f"{GAZETTEER.relative_to(ROOT)}: {what} rows written")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    features = sector_features(ROOT / "geodata")
    return update(
        lambda text: merged(text, derive_rows(text, features, str(GAZETTEER))),
        args.check,
        "district",
    )


if __name__ == "__main__":
    raise SystemExit(main())
