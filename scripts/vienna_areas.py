"""Measure Vienna's sector map: district areas, the 1937 total, and limits against checkpoints.

Builds the district faces straight from the authored sources (no layer files needed) and prints,
for every district, the area of its face (equal-area, ETRS89-LAEA) beside the recorded area; the
1937 city within its limit against the 278.4 km2 on record for 1934; and, for street points the
Wien Geschichte Wiki places on a district limit, their distance to the modelled limit::

    .venv/bin/python scripts/vienna_areas.py [--json]

The recorded areas are the city statistics' (MA 23) for today's districts. They measure the
1938-54 districts inside the 1937 limit only where the 1938 and 1954 laws left a district
alone (``kind`` ``same``). ``danube``: the same land, but the 1938-54 districts 2 and 20 reached
the Danube's left bank (ordinance of 15 October 1938) and the faces here stop at its midline,
while today's limits differ by part of the river bed (about 0.2 km2 per km of bank). Where 1938
added land outside the 1937 limit (10, 11, 12, 13, 14, 21) today's area is an upper bound and
only the total is checked (``kind`` ``bigger-today``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pyproj
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))

from geobuild.features_1945_1949 import vienna_districts, vienna_outline  # noqa: E402

#: Vienna's area within its 1937 limit (km2): 278.4 in 1934 (Wien Geschichte Wiki
#: 'Gebietsumfang'; wien.gv.at 'Raeumliche Entwicklung des Stadtgebiets': 278.05 km2 from 1910).
RECORDED_TOTAL_KM2 = 278.4

#: District -> (recorded km2 of today's district, kind). ``same``: the 1938-54 district inside
#: the 1937 limit is today's district (boundary tweaks since 1954 are a few hectares; 19 took
#: Neustift and Salmannsdorf from 18 in 1938, the Arsenal went from 10 to 3 in 1938, as today).
#: ``danube``: see the module docstring. ``bigger-today``: today's district also holds land added
#: in 1938 or 1954 (Oberlaa-Land, Unterlaa, Rothneusiedl; Albern; the rest of Altmannsdorf, of
#: which the law of 1890 took only a part; the Lainzer Tiergarten; Hadersdorf-Weidlingau;
#: Stammersdorf; and 21 here stands for the 1937 left bank, today's 21 and most of 22).
RECORDED_KM2: dict[int, tuple[float, str]] = {
    1: (2.87, "same"),
    2: (19.24, "danube"),
    3: (7.40, "same"),
    4: (1.78, "same"),
    5: (2.01, "same"),
    6: (1.46, "same"),
    7: (1.61, "same"),
    8: (1.08, "same"),
    9: (2.97, "same"),
    10: (31.82, "bigger-today"),
    11: (23.26, "bigger-today"),
    12: (8.10, "bigger-today"),
    13: (37.72, "bigger-today"),
    14: (33.76, "bigger-today"),
    15: (3.92, "same"),
    16: (8.67, "same"),
    17: (11.40, "same"),
    18: (6.35, "same"),
    19: (24.94, "danube"),
    20: (5.71, "danube"),
    21: (146.78, "bigger-today"),
}

#: Points on a district limit with their coordinates in the Wien Geschichte Wiki (the wiki's
#: point for a street or bridge that forms the limit; the Hermannskogel (Wikipedia): the limit runs
#: about 150 m north of its summit): (name, lon, lat, district a, district b or 0 for the 1937 city
#: limit, blind). ``blind``: not used to author the lines (measured first, then left alone); the
#: others were measured at 201 m (Arsenalstrasse), 432 m (Peter-Jordan-Strasse) and 395 m
#: (Hermannskogel) before the lines were moved onto them, or guided the trace from the start.
CHECKPOINTS: list[tuple[str, float, float, int, int, bool]] = [
    ("Deutschmeisterplatz (1/9 at its corners)", 16.36818, 48.21672, 1, 9, False),
    ("Margaretenguertel", 16.34910, 48.18087, 5, 12, False),
    ("Gablenzgasse", 16.32362, 48.20558, 15, 16, True),
    ("Lerchenfelder Guertel", 16.33783, 48.20813, 7, 16, True),
    ("Hernalser Guertel", 16.34091, 48.21436, 8, 17, True),
    ("Arsenalstrasse", 16.38777, 48.18117, 3, 10, False),
    ("Peter-Jordan-Strasse", 16.33278, 48.23708, 18, 19, False),
    ("Kronprinz-Rudolf-Bruecke (Danube midline)", 16.40856, 48.22760, 2, 21, False),
    ("Hermannskogel, 150 m north of the summit", 16.29361, 48.27163, 19, 0, False),
]

_TO_LAEA = pyproj.Transformer.from_crs(4326, 3035, always_xy=True)


def _laea(coords: np.ndarray) -> np.ndarray:
    return np.column_stack(_TO_LAEA.transform(coords[:, 0], coords[:, 1]))


def km2(geom: shapely.Geometry) -> float:
    """Area of a lon/lat geometry in km2 (ETRS89-LAEA, equal-area)."""
    return shapely.transform(geom, _laea).area / 1e6


def metres(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Distance between two lon/lat geometries in metres (ETRS89-LAEA)."""
    return shapely.distance(shapely.transform(a, _laea), shapely.transform(b, _laea))


def measure() -> dict:
    """District areas, the total and the checkpoint distances, as a dict (see the docstring)."""
    rows = []
    faces = {int(row["number"]): geom for geom, row in vienna_districts().values()}
    checks = []
    for name, lon, lat, a, b, blind in CHECKPOINTS:
        other = faces[b].boundary if b else vienna_outline().boundary
        border = shapely.intersection(faces[a].boundary, other)
        checks.append(
            {
                "checkpoint": name,
                "limit": f"{a}/{b or 'city'}",
                "metres": round(metres(border, shapely.Point(lon, lat))),
                "blind": blind,
            }
        )
    for name, (geom, row) in vienna_districts().items():
        number = int(row["number"])
        recorded, kind = RECORDED_KM2[number]
        area = km2(geom)
        rows.append(
            {
                "number": number,
                "district": name,
                "km2": round(area, 2),
                "recorded_km2": recorded,
                "kind": kind,
                "error_pct": round(100 * (area - recorded) / recorded, 1),
            }
        )
    total = km2(vienna_outline())
    return {
        "districts": sorted(rows, key=lambda r: r["number"]),
        "total_km2": round(total, 1),
        "recorded_total_km2": RECORDED_TOTAL_KM2,
        "total_error_pct": round(100 * (total - RECORDED_TOTAL_KM2) / RECORDED_TOTAL_KM2, 1),
        "checkpoints": checks,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = measure()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{'no':>3} {'district':<22} {'km2':>7} {'recorded':>9} {'error':>7}  kind")
    for r in result["districts"]:
        print(
            f"{r['number']:>3} {r['district']:<22} {r['km2']:>7.2f} {r['recorded_km2']:>9.2f} "
            f"{r['error_pct']:>6.1f}%  {r['kind']}"
        )
    for kind in ("same", "danube"):
        rows = [r for r in result["districts"] if r["kind"] == kind]
        mean = sum(abs(r["error_pct"]) for r in rows) / len(rows)
        worst = max(rows, key=lambda r: abs(r["error_pct"]))
        print(
            f"kind {kind}: {len(rows)} districts, mean |error| {mean:.1f}%, "
            f"worst {worst['number']} ({worst['error_pct']:+.1f}%)"
        )
    print(
        f"1937 city: {result['total_km2']:.1f} km2, recorded {RECORDED_TOTAL_KM2} km2 "
        f"({result['total_error_pct']:+.1f}%)"
    )
    print("checkpoints on district limits (documented points):")
    for c in result["checkpoints"]:
        blind = " (blind)" if c["blind"] else ""
        print(f"  {c['checkpoint']:<42} {c['limit']:>5}  {c['metres']:>4} m{blind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
