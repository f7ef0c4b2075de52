"""Flat features of 1938-10-01 to 1941-06-22: spheres, lines and events.

- **Spheres** (kind ``sphere``): the Secret Additional Protocol of 23 Aug 1939 and its revision
  of 28 Sep 1939 (fact sheet §1.1-1.3). Built from the 1938 state geometries of
  :func:`geobuild.base.states_1938` (Finland, Estonia, Latvia, Lithuania, Memel, Poland, the
  Vilnius region, Bessarabia), cut by the demarcation lines below and by the Lithuanian strip
  authored in ``geodata/sources/spheres_1939/shapes.csv``, so spheres and control agree.
- **Lines** (kind ``line``): the Pisa-Narew-Vistula-San line and the 28 Sep 1939 "Bug line"
  (``geodata/sources/lines_1939/lines.csv``), and the 1940 Finnish border.
- **Events** (kind ``event``): ``geodata/sources/events/events.csv`` (shared table; the rows
  dated in this period are this module's).

Vertex lists use the columns of :func:`geobuild.claims.read_shapes` plus ``follow``: when a
vertex names a river there, the path to the next vertex follows that river's authored course
(``geodata/sources/basemap/rivers.csv``) instead of a straight segment; both vertices must be
vertices of the river. So a line "along the Narew" is the same course the basemap draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import shapely
import shapely.ops
from shapely.geometry import LineString, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES
from geobuild.basemap import read_rivers
from geobuild.claims import VERTEX_COLUMNS, vertex_row
from geobuild.tables import read_table
from spheremap.model import KINDS, POWERS, PRECISIONS, STATUSES, DataError

SPHERES_CSV = SOURCES / "spheres_1939" / "shapes.csv"
LINES_CSV = SOURCES / "lines_1939" / "lines.csv"
EVENTS_CSV = SOURCES / "events" / "events.csv"
EVENT_COLUMNS = (
    "id", "name", "lon", "lat", "start_date", "end_date", "date_precision", "power", "status",
    "sources", "note",
)  # fmt: skip
#: Events of this module's period: start on or after this day, before the end.
PERIOD = (date(1938, 10, 1), date(1941, 6, 23))
DECIMALS = 3
#: Latitudes beyond every demarcation line, used to close the "east of the line" polygon.
NORTH, SOUTH, EAST = 57.5, 47.5, 40.0
#: Keys of :func:`geobuild.base.states_1938` the spheres are built from.
STATE_KEYS = (
    "finland", "estonia", "latvia", "lithuania", "memel", "poland", "vilnius_region",
    "bessarabia", "petsamo", "ussr", "east_prussia",
)  # fmt: skip
#: The modern Finnish-Russian border is the 1940 line up to about this latitude (fact sheet §2.3).
FINLAND_1940_MAX_LAT = 68.07

PACT = date(1939, 8, 23)
REVISION = date(1939, 9, 28)
STRIP_RENOUNCED = date(1941, 1, 10)
BARBAROSSA = date(1941, 6, 22)
BESSARABIA_OCCUPIED = date(1940, 6, 28)
MOSCOW_PEACE_IN_FORCE = date(1940, 3, 13)


@dataclass(frozen=True)
class Vertex:
    """One authored vertex; ``follow`` names the river followed to the next vertex."""

    lon: float
    lat: float
    conf: str
    follow: str
    line: int


# --------------------------------------------------------------------------- reading
def read_paths(path: Path) -> dict[str, list[Vertex]]:
    """Read a vertex list with an optional ``follow`` column.

    Parameters
    ----------
    path : Path
        CSV with columns ``shape,seq,lon,lat,conf,source,note`` and optionally ``follow``.

    Returns
    -------
    dict
        Shape name -> vertices in ``seq`` order.

    Raises
    ------
    DataError
        On a missing column, a bad number, an unknown confidence, an empty source, an
        out-of-range coordinate or a repeated ``seq``; the message names the file and line.
    """
    rows = read_table(path, VERTEX_COLUMNS)
    shapes: dict[str, list[tuple[int, Vertex]]] = {}
    for line, row in enumerate(rows, start=2):
        seq, lon, lat = vertex_row(path, line, row)
        follow = (row.get("follow") or "").strip()
        shapes.setdefault(row["shape"], []).append(
            (seq, Vertex(lon, lat, row["conf"], follow, line))
        )
    out = {}
    for name, items in shapes.items():
        seqs = [s for s, _ in items]
        if len(set(seqs)) != len(seqs):
            raise DataError(path, f"shape {name!r}: repeated seq")
        out[name] = [v for _, v in sorted(items, key=lambda item: item[0])]
    return out


def _index(course: list[tuple[float, float]], v: Vertex) -> int | None:
    for i, (lon, lat) in enumerate(course):
        if abs(lon - v.lon) < 1e-9 and abs(lat - v.lat) < 1e-9:
            return i
    return None


def shared_border(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """The border two neighbouring areas share, as merged lines.

    Parameters
    ----------
    a, b : BaseGeometry
        Polygonal areas.

    Returns
    -------
    LineString or MultiLineString
    """
    return shapely.line_merge(shapely.intersection(a.boundary, b.buffer(1e-6)))


def _follow_border(border: BaseGeometry, v: Vertex, nxt: Vertex) -> list[tuple[float, float]]:
    """The stretch of ``border`` between the points nearest to ``v`` and ``nxt``."""
    parts = [g for g in shapely.get_parts(border) if g.geom_type == "LineString"]
    p, q = Point(v.lon, v.lat), Point(nxt.lon, nxt.lat)
    line = min(parts, key=lambda g: g.distance(p) + g.distance(q))
    d0, d1 = line.project(p), line.project(q)
    piece = shapely.ops.substring(line, min(d0, d1), max(d0, d1))
    coords = list(piece.coords) if piece.geom_type == "LineString" else []
    return coords if d0 <= d1 else coords[::-1]


def trace(
    path: Path,
    name: str,
    vertices: list[Vertex],
    rivers: dict[str, list[dict]],
    borders: dict[str, BaseGeometry] | None = None,
) -> list[tuple[float, float]]:
    """Expand a vertex list into coordinates, following rivers or borders where told.

    Parameters
    ----------
    path : Path
        The CSV the vertices came from (named in errors).
    name : str
        Shape name (named in errors).
    vertices : list of Vertex
        A vertex's ``follow`` is a river name (both ends must be vertices of that river in
        ``rivers.csv``) or ``border:NAME`` (the stretch of ``borders[NAME]`` between the
        points nearest to both ends).
    rivers : dict
        As returned by :func:`geobuild.basemap.read_rivers`.
    borders : dict, optional
        Border name -> lines, for ``border:`` follows.

    Returns
    -------
    list of (lon, lat)

    Raises
    ------
    DataError
        If a followed river or border is unknown or either end of a river stretch is not
        one of its vertices.
    """
    borders = borders or {}
    out: list[tuple[float, float]] = []
    for k, v in enumerate(vertices):
        if not out or out[-1] != (v.lon, v.lat):
            out.append((v.lon, v.lat))
        if not v.follow or k + 1 == len(vertices):
            continue
        nxt = vertices[k + 1]
        if v.follow.startswith("border:"):
            key = v.follow.removeprefix("border:")
            if key not in borders:
                raise DataError(path, f"line {v.line}: {name}: no border named {key!r}")
            out.extend(_follow_border(borders[key], v, nxt))
            continue
        if v.follow not in rivers:
            raise DataError(path, f"line {v.line}: {name}: no river named {v.follow!r}")
        course = [(r["lon"], r["lat"]) for r in rivers[v.follow]]
        i, j = _index(course, v), _index(course, nxt)
        for end, idx in ((v, i), (nxt, j)):
            if idx is None:
                raise DataError(
                    path,
                    f"line {end.line}: {name}: ({end.lon}, {end.lat}) is not a vertex of the "
                    f"{v.follow} in rivers.csv",
                )
        stretch = course[i : j + 1] if i <= j else course[j : i + 1][::-1]
        out.extend(stretch[1:-1])
    return out


# --------------------------------------------------------------------------- geometry helpers
def east_of(coords: list[tuple[float, float]]) -> Polygon:
    """The area east of a north-to-south line, closed far to the east.

    The line is extended due north from its first vertex to :data:`NORTH` and due south
    from its last to :data:`SOUTH`, then closed through :data:`EAST`.

    Parameters
    ----------
    coords : list of (lon, lat)
        The line, from its northern end to its southern end.

    Returns
    -------
    Polygon
    """
    (x0, _), (x1, _) = coords[0], coords[-1]
    ring = [(x0, NORTH), *coords, (x1, SOUTH), (EAST, SOUTH), (EAST, NORTH)]
    poly = Polygon(ring)
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    return poly


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else Polygon()


def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Round to :data:`DECIMALS`, keep polygons, drop dust, orient (RFC 7946)."""
    geom = _polygonal(shapely.make_valid(shapely.set_precision(geom, 10**-DECIMALS)))
    parts = [p for p in shapely.get_parts(geom) if p.area > 1e-5]
    parts = [shapely.geometry.polygon.orient(p, 1.0) for p in parts]
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _shape(paths: dict[str, list[Vertex]], name: str, rivers, path: Path) -> Polygon:
    if name not in paths:
        raise DataError(path, f"no shape named {name!r}")
    coords = trace(path, name, paths[name], rivers)
    poly = Polygon(coords)
    if not poly.is_valid:
        raise DataError(path, f"{name}: not a valid polygon: {shapely.is_valid_reason(poly)}")
    return poly


def finland_1940_line(
    enso: tuple[float, float], petsamo: BaseGeometry, ussr: BaseGeometry
) -> BaseGeometry:
    """The 1940 Soviet-Finnish border.

    South of about 68 N the modern Natural Earth border (1:50m) is the 1940 line except near
    Enso (Svetogorsk), which stayed Finnish in 1940 (fact sheet §2.3): the line is moved east
    of it through the authored vertex ``enso``. In the north, Petsamo stayed Finnish until
    1944: the line there is the 1920 border of Petsamo with the USSR (its shared boundary in
    :func:`geobuild.base.states_1938`).

    Parameters
    ----------
    enso : (lon, lat)
    petsamo, ussr : BaseGeometry
        The 1938 Petsamo and USSR geometries.

    Returns
    -------
    LineString
        South to north.
    """
    from geobuild.base import SCALE
    from geobuild.naturalearth import countries

    frame = countries(SCALE)
    fi = frame[frame["name"] == "Finland"].geometry.union_all()
    ru = frame[frame["name"] == "Russia"].geometry.union_all()
    shared = shapely.line_merge(shapely.intersection(fi.boundary, ru.buffer(1e-6)))
    parts = sorted(shapely.get_parts(shared), key=lambda g: -g.length)
    coords = list(parts[0].coords)
    if coords[0][1] > coords[-1][1]:
        coords.reverse()
    coords = [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in coords]
    coords = [c for c in coords if c[1] <= FINLAND_1940_MAX_LAT]
    # insert the Enso vertex, dropping the modern vertices it bypasses
    south = [c for c in coords if c[1] < enso[1] - 0.05]
    north = [c for c in coords if c[1] > enso[1] + 0.05]
    coords = [*south, enso, *north]
    north_part = shapely.line_merge(shapely.intersection(petsamo.boundary, ussr.buffer(1e-3)))
    pieces = [
        g for g in shapely.get_parts(north_part) if g.geom_type == "LineString" and g.length > 0.05
    ]
    if pieces:
        # the Petsamo border continues the line from Korvatunturi, where the modern border ends
        petsamo_line = max(pieces, key=lambda g: g.length)
        tail = list(petsamo_line.coords)
        if Point(tail[-1]).distance(Point(coords[-1])) < Point(tail[0]).distance(Point(coords[-1])):
            tail.reverse()
        coords += tail
    return shapely.set_precision(LineString(coords), 10**-DECIMALS)


# --------------------------------------------------------------------------- features
def _feature(
    fid: str,
    name: str,
    kind: str,
    power: str,
    status: str,
    start: date,
    end: date | None,
    precision: str,
    sources: list[str],
    note: str,
    geometry: BaseGeometry,
) -> dict:
    problems = []
    if kind not in KINDS:
        problems.append(f"kind {kind!r}")
    if power not in POWERS:
        problems.append(f"power {power!r}")
    if status not in STATUSES:
        problems.append(f"status {status!r}")
    if precision not in PRECISIONS:
        problems.append(f"precision {precision!r}")
    if end is not None and not end > start:
        problems.append(f"end {end} not after start {start}")
    if geometry.is_empty:
        problems.append("empty geometry")
    if problems:
        raise DataError(__file__, f"[{fid}] bad feature: {', '.join(problems)}")
    return {
        "type": "Feature",
        "properties": {
            "id": fid,
            "name": name,
            "kind": kind,
            "power": power,
            "status": status,
            "start_date": start.isoformat(),
            "end_date": end.isoformat() if end else None,
            "date_precision": precision,
            "sources": list(sources),
            "note": note,
        },
        "geometry": _rounded(mapping(geometry)),
    }


def _rounded(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_rounded(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj


def demarcation_lines(states: dict[str, BaseGeometry]) -> dict[str, list[tuple[float, float]]]:
    """The 1939 lines as coordinate lists, north to south, and the Enso vertex.

    Parameters
    ----------
    states : dict
        :func:`geobuild.base.states_1938` (``poland`` and ``east_prussia`` give the
        ``border:poland|east_prussia`` stretch of the Bug line).

    Returns
    -------
    dict
        ``four_river_line``, ``bug_line``, ``finland_1940_enso``.
    """
    rivers = read_rivers()
    paths = read_paths(LINES_CSV)
    borders = {"poland|east_prussia": shared_border(states["poland"], states["east_prussia"])}
    out = {}
    for name in ("four_river_line", "bug_line"):
        if name not in paths:
            raise DataError(LINES_CSV, f"no line named {name!r}")
        out[name] = trace(LINES_CSV, name, paths[name], rivers, borders)
    enso = paths.get("finland_1940_enso")
    if not enso:
        raise DataError(LINES_CSV, "no vertex finland_1940_enso")
    out["finland_1940_enso"] = [(enso[0].lon, enso[0].lat)]
    return out


def sphere_geometries(
    states: dict[str, BaseGeometry], land: BaseGeometry, lines: dict | None = None
) -> dict[str, BaseGeometry]:
    """The sphere polygons, by key.

    Parameters
    ----------
    states : dict
        :func:`geobuild.base.states_1938`; needs the keys of :data:`STATE_KEYS`.
    land : BaseGeometry
        The mapped land; every sphere is clipped to it.
    lines : dict, optional
        :func:`demarcation_lines` (computed if omitted).

    Returns
    -------
    dict of str to BaseGeometry

    Raises
    ------
    DataError
        If a needed state is missing.
    """
    missing = [k for k in STATE_KEYS if k not in states]
    if missing:
        raise DataError("geobuild.base.states_1938", f"missing states {missing}")
    rivers = read_rivers()
    shapes = read_paths(SPHERES_CSV)
    lines = demarcation_lines(states) if lines is None else lines
    lithuania, poland, memel = states["lithuania"], states["poland"], states["memel"]
    # The Vilna area of protocol art. 1 is undefined; the region transferred on 10 Oct 1939.
    vilna = states["vilnius_region"]
    strip_cut = _shape(shapes, "lithuanian_strip", rivers, SPHERES_CSV)
    strip = shapely.difference(shapely.intersection(lithuania, strip_cut), memel)
    east4 = shapely.intersection(poland, east_of(lines["four_river_line"]))
    eastb = shapely.intersection(poland, east_of(lines["bug_line"]))
    g = {
        "baltic": shapely.union_all([states["finland"], states["estonia"], states["latvia"]]),
        "lithuania_1939": shapely.difference(lithuania, shapely.union_all([memel, vilna])),
        "vilna": vilna,
        "poland_east_1939": shapely.difference(east4, vilna),
        "poland_west_1939": shapely.difference(poland, east4),
        "bessarabia": states["bessarabia"],
        "lithuania_revised": shapely.union_all(
            [shapely.difference(lithuania, shapely.union_all([memel, strip])), vilna]
        ),
        "strip": strip,
        "poland_east_final": shapely.difference(eastb, vilna),
        "poland_west_final": shapely.difference(poland, eastb),
    }
    return {k: _clean(shapely.intersection(v, land)) for k, v in g.items()}


# (key, id, name, power, status, start, end, precision, sources, note)
SPHERES = (
    ("baltic", "sphere-1939-ussr-finland-estonia-latvia",
     "Soviet sphere: Finland, Estonia and Latvia (Secret Additional Protocol, art. 1)",
     "USSR", "protocol", PACT, BARBAROSSA, "day", ["S1", "S2", "S3"],
     "The northern frontier of Lithuania is the boundary of the spheres. The pact lapsed with "
     "the German invasion of 22 June 1941; Estonia and Latvia were occupied in June 1940."),
    ("lithuania_1939", "sphere-1939-germany-lithuania",
     "German sphere: Lithuania (Secret Additional Protocol, art. 1)",
     "Germany", "protocol", PACT, REVISION, "day", ["S1", "S2", "S3"],
     "Lithuania in its 1939 borders, without the Memel Territory (German since 22 March 1939, "
     "outside the protocol) and without the Vilna area, whose Lithuanian interest both parties "
     "recognised. Memel Territory edge approximate."),
    ("vilna", "sphere-1939-lithuania-vilna-area",
     "Vilna area: Lithuanian interest recognised by both parties (protocol art. 1)",
     "Lithuania", "recognised-interest", PACT, REVISION, "day", ["S1", "S5", "S15"],
     "Ambiguous: Polish territory east of the line, but 'the interest of Lithuania in the Vilna "
     "area is recognised by each party' while Lithuania was in the German sphere; neither plainly "
     "Soviet nor German. The area is undefined in the protocol; drawn as the area transferred to "
     "Lithuania by the treaty of 10 October 1939 (approximate trace)."),
    ("poland_east_1939", "sphere-1939-ussr-poland-east",
     "Soviet sphere: Poland east of the Narew, Vistula and San (protocol art. 2)",
     "USSR", "protocol", PACT, REVISION, "day", ["S1", "S2", "S3", "S5", "S8"],
     "'Approximately by the line of the rivers Narew, Vistula and San'; the Pisa, which joins "
     "the Narew to the East Prussian frontier, is German usage from 22 September 1939. Without "
     "the Vilna area."),
    ("poland_west_1939", "sphere-1939-germany-poland-west",
     "German sphere: Poland west of the Narew, Vistula and San (protocol art. 2)",
     "Germany", "protocol", PACT, REVISION, "day", ["S1", "S2", "S3", "S5"],
     "West and north of the Pisa-Narew-Vistula-San line."),
    ("bessarabia", "sphere-1939-ussr-bessarabia",
     "Soviet interest: Bessarabia (protocol art. 3)",
     "USSR", "protocol", PACT, BESSARABIA_OCCUPIED, "day", ["S1", "S2", "S3", "S20"],
     "Germany declared its 'complete political désintéressement'. Between the Prut and the "
     "Dniester down to the Danube (Chilia branch); Northern Bukovina is not in the protocol. "
     "River courses and the Bukovina edge are approximate traces. Occupied from 28 June 1940."),
    ("lithuania_revised", "sphere-1939-ussr-lithuania",
     "Soviet sphere: Lithuania with the Vilna area, less the strip (protocol of 28 Sep 1939)",
     "USSR", "protocol", REVISION, BARBAROSSA, "day", ["S4", "S5", "S7"],
     "The secret protocol of 28 September 1939 moved Lithuania into the Soviet sphere in "
     "exchange for the Lublin and eastern Warsaw regions. Occupied from 15 June 1940."),
    ("strip", "sphere-1939-germany-lithuanian-strip",
     "Lithuanian strip: German sphere (protocol of 28 Sep 1939)",
     "Germany", "protocol", REVISION, STRIP_RENOUNCED, "day", ["S5", "S6", "S7"],
     "South-western Lithuania on the left bank of the Šešupė (about 1,800 km²). The Red Army "
     "occupied it with the rest of Lithuania on 15 June 1940. The edge from Kalvarija to "
     "Kapčiamiestis is an approximate trace."),
    ("strip", "sphere-1941-ussr-lithuanian-strip",
     "Lithuanian strip: Soviet sphere (renounced by Germany, 10 Jan 1941)",
     "USSR", "protocol", STRIP_RENOUNCED, BARBAROSSA, "day", ["S7"],
     "Germany renounced the strip in a secret protocol of 10 January 1941 against 7.5 million "
     "gold dollars (amount M). The edge from Kalvarija to Kapčiamiestis is an approximate trace."),
    ("poland_west_final", "sphere-1939-germany-poland-final",
     "German sphere: Poland west of the Pisa-Narew-Bug-San line (with Lublin and eastern Warsaw)",
     "Germany", "protocol", REVISION, BARBAROSSA, "day", ["S4", "S5", "S9", "S11"],
     "Includes the Lublin voivodeship, the Vistula-Bug interfluve of the Warsaw voivodeship and "
     "the Suwałki pocket, gained on 28 September 1939. Troops held the line from early or mid "
     "October 1939. The Suwałki-Augustów and Krystynopol-San segments are approximate traces."),
    ("poland_east_final", "sphere-1939-ussr-poland-final",
     "Soviet sphere: Poland east of the Pisa-Narew-Bug-San line",
     "USSR", "protocol", REVISION, BARBAROSSA, "day", ["S4", "S5", "S9", "S13"],
     "Łomża, Białystok, Grodno, Brest, Lwów and Przemyśl east of the San; the Vilna area is in "
     "the Lithuania feature. The Suwałki-Augustów and Krystynopol-San segments are approximate "
     "traces."),
)  # fmt: skip


def sphere_features(
    states: dict[str, BaseGeometry], land: BaseGeometry, lines: dict | None = None
) -> list[dict]:
    """Sphere features of 1939-1941.

    Parameters
    ----------
    states : dict
        :func:`geobuild.base.states_1938`.
    land : BaseGeometry
        The mapped land.
    lines : dict, optional
        :func:`demarcation_lines` (computed if omitted).

    Returns
    -------
    list of dict
        GeoJSON Features.
    """
    geoms = sphere_geometries(states, land, lines)
    return [
        _feature(fid, name, "sphere", power, status, start, end, prec, src, note, geoms[key])
        for key, fid, name, power, status, start, end, prec, src, note in SPHERES
    ]


def line_features(states: dict[str, BaseGeometry], lines: dict | None = None) -> list[dict]:
    """The demarcation lines of 1939 and the 1940 Finnish border.

    Parameters
    ----------
    states : dict
        :func:`geobuild.base.states_1938` (``petsamo`` and ``ussr`` are used).
    lines : dict, optional
        :func:`demarcation_lines` (computed if omitted).

    Returns
    -------
    list of dict
        GeoJSON Features (LineStrings).
    """
    lines = demarcation_lines(states) if lines is None else lines
    return [
        _feature(
            "line-1939-pisa-narew-vistula-san",
            "Pisa-Narew-Vistula-San line (sphere boundary; military demarcation line from "
            "22 Sep 1939)",
            "line", "none", "boundary", PACT, REVISION, "day",
            ["S1", "S5", "S8", "S13"],
            "Sphere boundary of the protocol of 23 August 1939 ('approximately' the Narew, "
            "Vistula and San; the Pisa from German usage); published as the military "
            "demarcation line on 22 September 1939. Troops withdrew behind the new line by "
            "early or mid October. Drawn along the authored river courses.",
            LineString(lines["four_river_line"]),
        ),
        _feature(
            "line-1939-bug-line",
            "German-Soviet boundary of 28 Sep 1939 ('line of national interests', Pisa-Narew-"
            "Bug-San)",
            "line", "none", "boundary", REVISION, BARBAROSSA, "day",
            ["S4", "S5", "S7", "S9", "S10", "S11", "S14"],
            "On paper from 28 September 1939; held by troops from early or mid October; "
            "official status by the agreement of 17 August 1940. Approximate traces (L): the "
            "Suwałki-Augustów-Grajewo segment, the East Prussian frontier segment and the "
            "overland segment from Krystynopol to the San. Narew-Ostrołęka-railway-Małkinia-Bug "
            "logic is sourced [S9].",
            LineString(lines["bug_line"]),
        ),
        _feature(
            "line-1940-finland-border",
            "Soviet-Finnish border of the Moscow Peace (1940)",
            "line", "none", "boundary", MOSCOW_PEACE_IN_FORCE, BARBAROSSA, "day",
            ["S16", "S19", "NE-ADMIN0-10M"],
            "From the Gulf of Finland east of Vaalimaa to about 68 N: the modern border, which "
            "follows the 1940 line there except near Enso (Svetogorsk, Finnish in 1940; "
            "moved east of it, approximate). North of it, the 1920 border of Petsamo (Finnish "
            "until 1944); the cession of the Finnish part of the Rybachy and Sredny peninsulas "
            "is not drawn. Intermediate vertices are approximate (L).",
            finland_1940_line(lines["finland_1940_enso"][0], states["petsamo"], states["ussr"]),
        ),
    ]  # fmt: skip


def read_events(path: Path = EVENTS_CSV) -> list[dict]:
    """Read the shared events table.

    Parameters
    ----------
    path : Path
        CSV with columns ``id,name,lon,lat,start_date,end_date,date_precision,power,status,
        sources,note``; ``sources`` separated by ``;``; ``end_date`` empty for open-ended.

    Returns
    -------
    list of dict
        GeoJSON Features (Points), every row of the table.

    Raises
    ------
    DataError
        On a missing column, a bad date or number, an unknown vocabulary value, an empty
        source or a repeated id; the message names the file and line.
    """
    rows = read_table(path, EVENT_COLUMNS)
    out, seen = [], set()
    for line, row in enumerate(rows, start=2):
        try:
            point = Point(float(row["lon"]), float(row["lat"]))
            start = date.fromisoformat(row["start_date"])
            end = date.fromisoformat(row["end_date"]) if row["end_date"] else None
        except (TypeError, ValueError) as exc:
            raise DataError(path, f"line {line}: bad lon/lat/date ({exc})") from exc
        sources = [s.strip() for s in (row["sources"] or "").split(";") if s.strip()]
        if not sources:
            raise DataError(path, f"line {line}: no sources")
        if row["id"] in seen:
            raise DataError(path, f"line {line}: repeated id {row['id']!r}")
        seen.add(row["id"])
        try:
            out.append(
                _feature(
                    row["id"], row["name"], "event", row["power"], row["status"], start, end,
                    row["date_precision"], sources, row["note"] or "", point,
                )
            )  # fmt: skip
        except DataError as exc:
            raise DataError(path, f"line {line}: {exc.message}") from exc
    return out


def event_features(path: Path = EVENTS_CSV) -> list[dict]:
    """The events of this module's period (start from 1938-10-01, up to 1941-06-22).

    Parameters
    ----------
    path : Path

    Returns
    -------
    list of dict
    """
    lo, hi = PERIOD
    return [
        f for f in read_events(path) if lo <= date.fromisoformat(f["properties"]["start_date"]) < hi
    ]


def features() -> list[dict]:
    """Every flat feature of 1938-10-01 to 1941-06-22 (spheres, lines, events).

    Returns
    -------
    list of dict
        GeoJSON Feature dicts with the full property set.
    """
    from geobuild.base import mapped_land, states_1938

    states = states_1938()
    lines = demarcation_lines(states)
    return [
        *sphere_features(states, mapped_land(), lines),
        *line_features(states, lines),
        *event_features(),
    ]
