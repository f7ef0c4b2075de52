"""Natural Earth loaders (npm ``world-atlas@2.0.2``, TopoJSON, public domain).

The package is pinned in ``geodata/sources/package.json`` (+ lock) and installed on demand
with ``npm ci`` into ``.cache/npm-geodata`` (ignored by git). Loaders return copies, so callers
may modify what they get.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import box

from geobuild import ROOT, SOURCES
from spheremap.model import DataError

#: Where ``npm ci`` installs the pinned packages.
CACHE = ROOT / ".cache" / "npm-geodata"
SCALES = ("10m", "50m", "110m")


#: Files that show each pinned package is installed (``geodata/sources/package.json``).
PINNED = {
    "world-atlas": "countries-50m.json",
    "neighborhood-outlines": "geoJSON/berlin.json",
}


def npm_package(name: str) -> Path:
    """Return the installed directory of a pinned npm package, running ``npm ci`` if missing.

    Parameters
    ----------
    name : str
        A key of :data:`PINNED`.

    Returns
    -------
    Path
        ``.cache/npm-geodata/node_modules/<name>``.

    Raises
    ------
    DataError
        If npm is missing or the install fails.
    """
    pkg = CACHE / "node_modules" / name
    if (pkg / PINNED[name]).exists():
        return pkg
    CACHE.mkdir(parents=True, exist_ok=True)
    for manifest in ("package.json", "package-lock.json"):
        src = SOURCES / manifest
        if not src.exists():
            raise DataError(src, "missing: it pins the npm packages the build reads")
        shutil.copyfile(src, CACHE / manifest)
    npm = shutil.which("npm")
    if npm is None:
        raise DataError(CACHE, f"npm not found: install Node.js/npm to fetch {name}")
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=CACHE,  # not --prefix: npm ci then refuses a folder reached through a link
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not (pkg / PINNED[name]).exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise DataError(CACHE, f"npm ci failed: {tail[0]}")
    return pkg


def package_dir() -> Path:
    """Return the installed ``world-atlas`` directory (see :func:`npm_package`)."""
    return npm_package("world-atlas")


def _unwrap(geom):
    """Repair polygons that cross the antimeridian (Russia, Fiji in world-atlas).

    GDAL reads such a ring with a jump from +180 to -180, which makes it self-intersect and
    ``make_valid`` would then span the globe. Shift the western half by +360, repair, and cut
    back at 180.
    """
    if geom is None or geom.is_empty or geom.bounds[2] - geom.bounds[0] <= 180:
        return shapely.make_valid(geom) if geom is not None else geom
    parts = []
    for part in shapely.get_parts(geom):
        if part.bounds[2] - part.bounds[0] > 180:
            part = shapely.transform(
                part, lambda xy: np.where(xy < 0, xy + 360, xy) * [1, 0] + xy * [0, 1]
            )
            part = shapely.make_valid(part)
            east = shapely.intersection(part, box(180, -90, 540, 90))
            parts.append(shapely.intersection(part, box(-180, -90, 180, 90)))
            parts.append(shapely.affinity.translate(east, -360, 0))
        else:
            parts.append(shapely.make_valid(part))
    polys = [g for p in parts for g in shapely.get_parts(p) if g.geom_type == "Polygon"]
    return shapely.make_valid(shapely.union_all(polys))


def _check_scale(scale: str) -> None:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, not {scale!r}")


@functools.lru_cache(maxsize=6)
def _read(kind: str, scale: str) -> gpd.GeoDataFrame:
    path = package_dir() / f"{kind}-{scale}.json"
    try:
        frame = gpd.read_file(path, layer=kind)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise DataError(path, f"unreadable TopoJSON layer {kind!r}: {exc}") from exc
    # GDAL sets no CRS for TopoJSON; world-atlas is lon/lat WGS84.
    return frame.set_crs(4326, allow_override=True)


def countries(scale: str = "50m") -> gpd.GeoDataFrame:
    """Natural Earth admin-0 countries.

    Parameters
    ----------
    scale : {"10m", "50m", "110m"}
        Natural Earth scale.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, columns ``name`` (Natural Earth short name, e.g. ``"Bosnia and Herz."``),
        ``iso`` (ISO 3166-1 numeric code as a string, empty where Natural Earth has none)
        and ``geometry``. Lakes are not cut out.
    """
    _check_scale(scale)
    frame = _read("countries", scale)
    iso = frame["id"].fillna("").astype(str) if "id" in frame else ""
    out = gpd.GeoDataFrame(
        {"name": frame["name"].astype(str), "iso": iso},
        geometry=[_unwrap(g) for g in frame.geometry],
        crs=4326,
    )
    return out.copy()


def land(scale: str = "50m") -> gpd.GeoDataFrame:
    """Natural Earth land polygons (one row per topology object).

    Parameters
    ----------
    scale : {"10m", "50m", "110m"}
        Natural Earth scale.

    Returns
    -------
    GeoDataFrame
        EPSG:4326 with a single ``geometry`` column.
    """
    _check_scale(scale)
    frame = _read("land", scale)
    return gpd.GeoDataFrame(geometry=[_unwrap(g) for g in frame.geometry], crs=4326).copy()


def country(name: str, scale: str = "50m"):
    """Return one country's geometry by its Natural Earth name.

    Parameters
    ----------
    name : str
        Natural Earth name, e.g. ``"Germany"``.
    scale : {"10m", "50m", "110m"}
        Natural Earth scale.

    Returns
    -------
    shapely geometry

    Raises
    ------
    KeyError
        If no country has that name.
    """
    frame = countries(scale)
    rows = frame[frame["name"] == name]
    if rows.empty:
        raise KeyError(f"no Natural Earth country named {name!r} at {scale}")
    return rows.geometry.union_all()
