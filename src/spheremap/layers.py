"""Reading ``geodata/`` layers, validating them, and building the features frame.

Two on-disk shapes (see ``geodata/README.md``):

* flat dated features (``sphere``, ``zone``, ``sector``, ``line``, ``event``), one GeoJSON
  Feature each;
* ``control`` pieces: a coverage of polygons, each with a ``timeline`` of consecutive
  half-open entries. Loading expands every entry into one row whose ``id`` is the entry's
  claim, so queries treat both shapes alike.

Reading never modifies a file. Every problem names the file, the feature and what is wrong.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio.errors
import shapely
import shapely.errors
from shapely.geometry import shape

from spheremap.model import (
    FEATURE_PROPERTIES,
    GEOMETRY_TYPES,
    KINDS,
    OPTIONAL_PROPERTIES,
    POWERS,
    PRECISIONS,
    STATUSES,
    TERRITORY_KINDS,
    THEATRES,
    ZONE_PARTS,
    DataError,
    InputError,
    Problem,
)
from spheremap.time import RANGE_END, RANGE_START, parse_date, parse_optional_date

logger = logging.getLogger(__name__)

#: What shapely's ``shape`` raises for malformed GeoJSON geometry (missing keys, wrong nesting,
#: unknown types, bad dimensions).
_MALFORMED = (shapely.errors.ShapelyError, KeyError, TypeError, ValueError, AttributeError)

#: Columns of the features frame, in order.
COLUMNS: tuple[str, ...] = (
    *FEATURE_PROPERTIES,
    *OPTIONAL_PROPERTIES,
    "layer",
    "piece",
    "geometry",
)

#: Ordinal used for open-ended intervals in the integer day columns.
OPEN_END = date.max.toordinal()

#: Largest gap or overlap between control pieces tolerated, in square degrees
#: (about 10 km² at 50°N): smaller ones are simplification noise at 3 decimals.
COVERAGE_TOLERANCE_DEG2 = 1e-3


def default_root() -> Path:
    """The bundled ``geodata/`` folder.

    An installed wheel carries it as package data (``spheremap/_data/geodata``, read through
    :mod:`importlib.resources`); a checkout (editable install, ``PYTHONPATH=src``) uses the
    repository's top-level ``geodata/``.

    Raises
    ------
    DataError
        If neither is there.
    """
    packaged = resources.files("spheremap").joinpath("_data", "geodata")
    if isinstance(packaged, Path) and (packaged / "layers").is_dir():
        return packaged
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "geodata"
        if (candidate / "layers").is_dir():
            return candidate
    raise DataError(
        Path(str(packaged)),
        "bundled geodata folder not found (reinstall spheremap, or pass --data DIR / set SPHEREMAP_DATA)",
    )


@dataclass(frozen=True)
class RawFeature:
    """One GeoJSON Feature as read, with where it came from."""

    path: str
    index: int
    properties: dict
    geometry: dict | None
    #: The collection's ``claims`` table (control files), shared by all its features.
    claims: dict | None = None


def read_feature_collection(path: Path) -> list[RawFeature]:
    """Read a GeoJSON FeatureCollection without interpreting its features.

    Raises
    ------
    DataError
        If the file cannot be read, is not JSON, or is not a FeatureCollection.
    """
    path = Path(path)
    if path.suffix.lower() not in (".geojson", ".json"):
        raise DataError(path, f"unknown file type {path.suffix or '(none)'!r}: expected .geojson")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(path, f"cannot read file: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise DataError(
            path, f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise DataError(path, "JSON nested too deeply to read") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataError(path, "not a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list):
        raise DataError(path, "FeatureCollection has no 'features' array")
    claims = doc.get("claims")
    if claims is not None and not (
        isinstance(claims, dict) and all(isinstance(v, dict) for v in claims.values())
    ):
        raise DataError(path, "'claims' must map claim ids to objects")
    out = []
    for i, feat in enumerate(features):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise DataError(path, f"item {i} of 'features' is not a GeoJSON Feature")
        props = feat.get("properties")
        out.append(
            RawFeature(
                str(path), i, props if isinstance(props, dict) else {}, feat.get("geometry"), claims
            )
        )
    return out


def layer_files(root: Path) -> list[Path]:
    """The layer files under ``root/layers``, sorted by name."""
    folder = Path(root) / "layers"
    if not folder.is_dir():
        raise DataError(folder, "layers folder not found")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".geojson", ".json"))


def _label(raw: RawFeature) -> str:
    fid = raw.properties.get("id")
    return str(fid) if fid not in (None, "") else f"feature #{raw.index}"


def _check_entry(props: dict, kind: str, where: str) -> tuple[list[str], dict]:
    """Check the dated, vocabulary-bound properties of a feature or a timeline entry."""
    errors: list[str] = []
    clean: dict = {}
    for key in ("power", "status", "date_precision"):
        if props.get(key) in (None, ""):
            errors.append(f"{where}missing '{key}'")
    power, status, precision = props.get("power"), props.get("status"), props.get("date_precision")
    if power not in (None, "") and power not in POWERS:
        errors.append(f"{where}unknown power {power!r} (see geodata/README.md)")
    if status not in (None, "") and status not in STATUSES:
        errors.append(f"{where}unknown status {status!r}")
    if precision not in (None, "") and precision not in PRECISIONS:
        errors.append(f"{where}unknown date_precision {precision!r}")
    try:
        start = parse_date(props.get("start_date"), what="start_date")
    except InputError as exc:
        errors.append(f"{where}{exc}")
        start = None
    try:
        end = parse_optional_date(props.get("end_date"), what="end_date")
    except InputError as exc:
        errors.append(f"{where}{exc}")
        end = None
    if start is not None and end is not None and not start < end:
        errors.append(
            f"{where}end_date {end.isoformat()} is not after start_date {start.isoformat()}"
        )
    sources = props.get("sources")
    if (
        not isinstance(sources, list)
        or not sources
        or not all(isinstance(s, str) and s for s in sources)
    ):
        errors.append(f"{where}'sources' must be a non-empty array of strings")
        sources = []
    note = props.get("note") or ""
    if not isinstance(note, str):
        errors.append(f"{where}'note' must be a string")
        note = str(note)
    clean.update(_check_optional(props, kind, where, errors))
    clean.update(
        power=power,
        status=status,
        date_precision=precision,
        start_date=start,
        end_date=end,
        sources=tuple(sources),
        note=note,
    )
    return errors, clean


def _check_optional(props: dict, kind: str, where: str, errors: list[str]) -> dict:
    """Check the optional properties (:data:`~spheremap.model.OPTIONAL_PROPERTIES`)."""
    approximate = props.get("approximate")
    if approximate is not None and not isinstance(approximate, bool):
        errors.append(f"{where}'approximate' must be true or false, not {approximate!r}")
        approximate = None
    km = props.get("precision_km")
    if km is not None and (isinstance(km, bool) or not isinstance(km, int | float) or km <= 0):
        errors.append(f"{where}'precision_km' must be a positive number, not {km!r}")
        km = None
    theatre = props.get("theatre")
    if theatre is not None:
        if theatre not in THEATRES:
            errors.append(f"{where}unknown theatre {theatre!r} (one of {', '.join(THEATRES)})")
            theatre = None
        elif kind != "line" or props.get("status") != "frontline":
            errors.append(f"{where}'theatre' is only for front lines (kind line, status frontline)")
            theatre = None
    territory = props.get("territory")
    if territory is not None:
        if not isinstance(territory, str) or not territory.strip():
            errors.append(f"{where}'territory' must be a non-empty string, not {territory!r}")
            territory = None
        elif kind not in TERRITORY_KINDS:
            errors.append(
                f"{where}'territory' is only for {' and '.join(TERRITORY_KINDS)} features, "
                f"not {kind}"
            )
            territory = None
    zone_part = props.get("zone_part")
    if zone_part is not None:
        if zone_part not in ZONE_PARTS:
            errors.append(
                f"{where}unknown zone_part {zone_part!r} (one of {', '.join(ZONE_PARTS)})"
            )
            zone_part = None
        elif kind != "zone" or territory is None:
            errors.append(f"{where}'zone_part' is only for zone features with a territory")
            zone_part = None
    return {
        "approximate": approximate,
        "precision_km": km,
        "theatre": theatre,
        "territory": territory,
        "zone_part": zone_part,
    }


@dataclass(frozen=True)
class ParsedGeometry:
    """A feature's geometry parsed in bulk, with the checks that are cheap to vectorise."""

    geom: object  # shapely geometry, or None
    error: str | None = None
    valid: bool = True
    oriented: bool = True


def parse_geometries(raws: list[RawFeature]) -> list[ParsedGeometry]:
    """Parse and pre-check all geometries of a file at once (vectorised; per feature on error)."""
    texts = [json.dumps(r.geometry) if isinstance(r.geometry, dict) else None for r in raws]
    try:
        geoms = shapely.from_geojson(np.array(texts, dtype=object))
    except (shapely.errors.ShapelyError, ValueError, TypeError):
        # one malformed geometry spoils the batch: find it feature by feature
        logger.debug("bulk geometry parse failed; parsing feature by feature", exc_info=True)
        geoms = None
    if geoms is None:
        out = []
        for raw, text in zip(raws, texts, strict=True):
            if text is None:
                out.append(ParsedGeometry(None, "missing geometry"))
                continue
            try:
                geom = shape(raw.geometry)
            except _MALFORMED as exc:
                out.append(ParsedGeometry(None, f"malformed geometry: {exc}"))
                continue
            out.append(ParsedGeometry(geom, None, bool(geom.is_valid), _oriented(geom)))
        return out
    valid = shapely.is_valid(geoms)
    oriented = shapely.equals_exact(geoms, shapely.orient_polygons(geoms), 0)
    return [
        ParsedGeometry(None, "missing geometry")
        if g is None
        else ParsedGeometry(g, None, bool(v), bool(o))
        for g, v, o in zip(geoms, valid, oriented, strict=True)
    ]


def _oriented(geom) -> bool:
    return bool(geom.equals_exact(shapely.orient_polygons(geom), 0))


def _check_geometry(parsed: ParsedGeometry, kind: str) -> tuple[list[str], object]:
    if parsed.error:
        return [parsed.error], None
    geom = parsed.geom
    errors = []
    allowed = GEOMETRY_TYPES.get(kind, ())
    if allowed and geom.geom_type not in allowed:
        errors.append(
            f"geometry {geom.geom_type} not allowed for kind {kind!r} ({', '.join(allowed)})"
        )
    if geom.is_empty:
        errors.append("empty geometry")
        return errors, None
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        errors.append("coordinates outside lon/lat range (RFC 7946 needs WGS84 lon, lat)")
    if not parsed.valid:
        errors.append(f"invalid geometry: {shapely.is_valid_reason(geom)}")
    elif geom.geom_type in ("Polygon", "MultiPolygon") and not parsed.oriented:
        errors.append("polygon rings break the right-hand rule (exterior counter-clockwise)")
    return errors, geom


def _rows_for(
    raw: RawFeature, parsed: ParsedGeometry, layer: str
) -> tuple[list[dict], list[Problem]]:
    """Validate one raw feature and expand it into frame rows."""
    props = raw.properties
    label = _label(raw)
    problems: list[str] = []
    fid, name, kind = props.get("id"), props.get("name"), props.get("kind")
    if fid in (None, ""):
        problems.append("missing 'id'")
    elif not isinstance(fid, str):
        problems.append("'id' must be a string")
    if name in (None, "") or not isinstance(name, str):
        problems.append("missing 'name'")
    if kind not in KINDS:
        problems.append(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    geom_errors, geom = _check_geometry(parsed, kind if kind in KINDS else "")
    problems += geom_errors
    rows: list[dict] = []
    if kind == "control":
        timeline = props.get("timeline")
        if not isinstance(timeline, list) or not timeline:
            problems.append("control piece needs a non-empty 'timeline' array")
            timeline = []
        previous_end: date | None = RANGE_START
        for i, entry in enumerate(timeline):
            where = f"timeline[{i}]: "
            if not isinstance(entry, dict):
                problems.append(f"{where}not an object")
                continue
            if raw.claims is not None:
                if entry.get("claim") not in raw.claims:
                    problems.append(f"{where}claim {entry.get('claim')!r} not in the claims table")
                    continue
                entry = {**raw.claims[entry["claim"]], **entry}
            errs, clean = _check_entry(entry, kind, where)
            problems += errs
            claim = entry.get("claim")
            if not isinstance(claim, str) or not claim:
                problems.append(f"{where}missing 'claim'")
            start = clean["start_date"]
            if start is not None and previous_end is not None and start != previous_end:
                problems.append(
                    f"{where}starts {start.isoformat()}, expected "
                    f"{previous_end.isoformat()} (timeline must be gapless and in order)"
                )
            previous_end = clean["end_date"]
            if i < len(timeline) - 1 and previous_end is None:
                problems.append(f"{where}open end before the last entry")
            rows.append(
                dict(
                    id=claim,
                    name=entry.get("name") or name,
                    kind=kind,
                    layer=layer,
                    piece=fid,
                    geometry=geom,
                    **clean,
                )
            )
        if timeline and previous_end is not None and previous_end < RANGE_END:
            problems.append(
                f"timeline ends {previous_end.isoformat()}, before the end of the modelled range "
                f"{RANGE_END.isoformat()}"
            )
    else:
        errs, clean = _check_entry(props, kind, "")
        problems += errs
        rows.append(
            dict(id=fid, name=name, kind=kind, layer=layer, piece=None, geometry=geom, **clean)
        )
    found = [Problem(raw.path, label, p) for p in problems]
    return ([] if found else rows), found


def _frame(rows: list[dict]) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        [{c: r.get(c) for c in COLUMNS} for r in rows],
        columns=list(COLUMNS),
        geometry="geometry",
        crs=4326,
    )
    frame["_start"] = np.array([d.toordinal() for d in frame["start_date"]], dtype=np.int64)
    frame["_end"] = np.array(
        [OPEN_END if d is None else d.toordinal() for d in frame["end_date"]], dtype=np.int64
    )
    return frame


def _coverage_problems(frame: gpd.GeoDataFrame, path: str) -> list[Problem]:
    """Pieces must not overlap (beyond simplification noise).

    Fast path: if the pieces' areas add up to the area of their union, nothing overlaps.
    Only otherwise are the pairs searched, to name them.
    """
    pieces = frame[frame["kind"] == "control"].drop_duplicates("piece")
    if len(pieces) < 2:
        return []
    geoms = pieces.geometry.to_numpy()
    try:
        excess = float(shapely.area(geoms).sum()) - shapely.union_all(geoms).area
    except shapely.errors.GEOSException:
        excess = float("inf")
    if excess <= COVERAGE_TOLERANCE_DEG2:
        return []
    ids = pieces["piece"].to_numpy()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    overlaps = shapely.intersection(geoms[left], geoms[right])
    areas = shapely.area(overlaps)
    problems = []
    for a, b, area, shared in zip(left, right, areas, overlaps, strict=True):
        if area > COVERAGE_TOLERANCE_DEG2:
            c = shared.representative_point()
            problems.append(
                Problem(
                    path,
                    str(ids[a]),
                    f"control piece overlaps {ids[b]} ({area:.4f} deg² near {c.x:.2f}, {c.y:.2f})",
                )
            )
    return problems


def _gap_problems(frame: gpd.GeoDataFrame, land: object, path: str) -> list[Problem]:
    """Control pieces must cover the mapped land (beyond simplification noise)."""
    pieces = frame[frame["kind"] == "control"].drop_duplicates("piece")
    if pieces.empty or land is None:
        return []
    try:
        covered = union_pieces(pieces.geometry.to_numpy())
        gaps = shapely.get_parts(shapely.difference(land, covered))
    except shapely.errors.GEOSException as exc:
        return [Problem(path, None, f"control pieces cannot be unioned into a coverage: {exc}")]
    problems = []
    for gap in gaps:
        if gap.area > COVERAGE_TOLERANCE_DEG2:
            c = gap.representative_point()
            problems.append(
                Problem(
                    path,
                    None,
                    f"land not covered by any control piece: {gap.area:.4f} deg² near {c.x:.2f}, {c.y:.2f}",
                )
            )
    return problems


def union_pieces(geoms) -> object:
    """Union polygons that should form a coverage; fall back to the robust union if they do not.

    ``coverage_union_all`` is fast but assumes edges match exactly; a broken coverage makes
    GEOS fail, so the general (slower) union answers instead.
    """
    try:
        return shapely.coverage_union_all(geoms)
    except shapely.errors.GEOSException:
        return shapely.union_all(geoms)


#: Control pieces smaller than this (deg^2, about 15 km^2 at 50 N: city districts such as
#: Warsaw's in 1944) keep their detail, with their edges: the build simplifies them at its fine
#: tolerance and the map draws them as stored (see :func:`simplify_coverage_keeping`).
SMALL_PIECE = 2e-3


def sea_around(geoms, grid_size: float | None = None) -> object:
    """The complement of a coverage within its bounds plus one degree: a polygon whose edges
    match the coverage's outer edges vertex for vertex (on ``grid_size``, if given)."""
    if grid_size is None:
        land = union_pieces(geoms)
    else:
        land = shapely.union_all(geoms, grid_size=grid_size)
    x0, y0, x1, y1 = land.bounds
    frame = shapely.box(x0 - 1, y0 - 1, x1 + 1, y1 + 1)
    return shapely.difference(frame, land, grid_size=grid_size)


def simplify_coverage_keeping(geoms, tolerance: float, keep, sea=None) -> np.ndarray:
    """Coverage-simplify polygons except the ``keep`` ones, whose edges stay exactly as they are.

    ``shapely.coverage_simplify`` takes one tolerance for a whole coverage and can only hold
    its outer boundary fixed. So the kept polygons are left out and the sea around the land
    is put in: the coastlines become shared edges (simplified as usual), and the edges that
    the other polygons share with the kept ones become the outer boundary (left alone). The
    result is still an exact coverage: small city districts keep their detail next to a
    coarse neighbour.

    Parameters
    ----------
    geoms : array of Polygon/MultiPolygon
        A valid coverage.
    tolerance : float
        Tolerance for the others.
    keep : array of bool
        Polygons to leave as they are.
    sea : Polygon, optional
        :func:`sea_around` of ``geoms`` (computed if missing; pass it to save the union).

    Returns
    -------
    numpy.ndarray
    """
    geoms = np.asarray(geoms, dtype=object).copy()
    keep = np.asarray(keep, dtype=bool)
    if not keep.any():
        return shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    if sea is None:
        sea = sea_around(geoms)
    others = np.append(geoms[~keep], sea)
    geoms[~keep] = shapely.coverage_simplify(others, tolerance, simplify_boundary=False)[:-1]
    return geoms


@dataclass(frozen=True)
class LoadResult:
    """The features frame and every problem found while reading it."""

    frame: gpd.GeoDataFrame
    problems: tuple[Problem, ...]


def load(paths: Iterable[Path], land: object = None) -> LoadResult:
    """Read and validate layer files into one features frame.

    Parameters
    ----------
    paths : iterable of Path
        GeoJSON layer files.
    land : shapely geometry, optional
        The mapped land the control coverage must cover; skipped when ``None``.

    Returns
    -------
    LoadResult
        Rows of the valid features, and the problems of the invalid ones (with file and id).
    """
    rows: list[dict] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    control_path = None
    for path in paths:
        try:
            raws = read_feature_collection(Path(path))
        except DataError as exc:
            problems.append(Problem(exc.path, None, exc.message))
            continue
        layer = Path(path).stem
        for raw, parsed in zip(raws, parse_geometries(raws), strict=True):
            new_rows, found = _rows_for(raw, parsed, layer)
            problems += found
            if raw.properties.get("kind") == "control":
                control_path = raw.path
            key = raw.properties.get("id")
            if isinstance(key, str) and key:
                if key in seen:
                    problems.append(Problem(raw.path, key, f"duplicate id (first in {seen[key]})"))
                    continue
                seen[key] = raw.path
            rows += new_rows
    frame = _frame(rows)
    is_control = frame["kind"] == "control"
    flat_ids = set(frame.loc[~is_control, "id"])
    for clash in sorted(set(frame.loc[is_control, "id"]) & flat_ids):
        problems.append(Problem(str(control_path), clash, "control claim id is also a feature id"))
    if control_path is not None:
        problems += _coverage_problems(frame, control_path)
        problems += _gap_problems(frame, land, control_path)
    return LoadResult(frame, tuple(problems))


def read_basemap(root: Path) -> dict[str, gpd.GeoDataFrame]:
    """The basemap layers under ``root/basemap`` by file stem (land, lakes, rivers, ...)."""
    folder = Path(root) / "basemap"
    out: dict[str, gpd.GeoDataFrame] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.geojson")):
        try:
            out[path.stem] = gpd.read_file(path, engine="pyogrio")
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError) as exc:
            raise DataError(path, f"cannot read basemap layer: {exc}") from None
    return out


def mapped_land(basemap: dict[str, gpd.GeoDataFrame]) -> object:
    """The land the control coverage must cover, from the basemap's ``land`` layer."""
    land = basemap.get("land")
    if land is None or land.empty:
        return None
    return shapely.union_all(land.geometry.to_numpy())


def iter_problems(
    root: Path | None = None, paths: Iterable[Path] | None = None
) -> Iterator[Problem]:
    """Validate the layers under ``root`` (or the given files) and yield every problem."""
    root = Path(root) if root is not None else default_root()
    try:
        files = list(paths) if paths is not None else layer_files(root)
    except DataError as exc:
        yield Problem(exc.path, None, exc.message)
        return
    land = mapped_land(read_basemap(root)) if paths is None else None
    yield from load(files, land).problems
