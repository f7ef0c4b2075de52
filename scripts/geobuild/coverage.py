"""The control coverage: ordered claims -> territory pieces with timelines.

Later claims paint over earlier ones on the days both hold. The land is split by every claim
geometry in turn, so the pieces partition the land by construction and each piece knows the
exact set of claims that contain it. A piece's timeline is, for each interval between change
dates, the top-most valid claim; equal neighbours are merged. A piece with no claim on some day
is an error. Pieces with identical timelines are merged, the result is simplified as a coverage
(``shapely.coverage_simplify``) and rounded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import shapely
import shapely.errors
from shapely.geometry.base import BaseGeometry

from geobuild.claims import Claim, check_claims
from spheremap.layers import SMALL_PIECE, sea_around, simplify_coverage_keeping
from spheremap.model import DataError

RANGE_START = date(1938, 10, 1)
RANGE_END = date(1950, 1, 1)
#: Noding grid for the overlay (degrees, about 10 cm), also the grid the theatre claims are cut
#: on (``geobuild.claims_1941_1945``). On a finer grid a claim's coast, snapped to 1e-6, lay up
#: to 5e-7 off the land's, and the land between was held by the claim beneath only: hairlines
#: along swept coasts, one joined to Japanese southern Karafuto along Maoka's coast, whose coast
#: then won the sea margin in front of Soviet-held Maoka (fact of 21 Aug 1945).
GRID = 1e-6
MIN_AREA = 1e-8  # pieces smaller than this (deg^2, about 100 m^2) are overlay dust
DUST = 1e-5  # unclaimed slivers smaller than this (deg^2, about 0.07 km^2) join a neighbour
#: Pieces smaller than this after rounding (deg^2, about 0.35 km^2 at 50 N) are noise left where
#: claim borders almost meet: they join the neighbour they share most edge with. Pieces with no
#: neighbour (small islands) and larger ones (the Vatican at 1:50m is 0.85e-4) stay.
MIN_PIECE = 5e-5
#: Simplification tolerance inside the ``fine`` areas (the sector cities) and for small
#: pieces: about 15-20 m.
FINE_TOLERANCE = 0.0002


@dataclass(frozen=True)
class Entry:
    """One timeline entry: claim ``claim`` (index into the claim list) holds ``[start, end)``."""

    claim: int
    start: date
    end: date | None


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal part of an overlay result (drop lines and points)."""
    if geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [
        p
        for g in shapely.get_parts(geom)
        for p in (shapely.get_parts(g) if g.geom_type == "GeometryCollection" else [g])
        if p.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def split_land(claims: list[Claim], land: BaseGeometry) -> list[tuple[BaseGeometry, frozenset]]:
    """Split the land by every claim geometry.

    Parameters
    ----------
    claims : list of Claim
        In painting order.
    land : BaseGeometry
        The mapped land.

    Returns
    -------
    list of (geometry, frozenset of int)
        Pieces partitioning the land (up to overlay dust) and the indices of the claims
        whose geometry contains each piece.
    """
    land = shapely.make_valid(shapely.set_precision(land, GRID))
    geoms = list(shapely.get_parts(_polygonal(land)))
    mems = [frozenset()] * len(geoms)
    bounds = shapely.bounds(np.asarray(geoms, dtype=object)).reshape(-1, 4)
    for k, claim in enumerate(claims):
        try:
            g = _polygonal(shapely.make_valid(claim.geometry))
            g = _polygonal(shapely.make_valid(shapely.set_precision(g, GRID)))
            g = _polygonal(shapely.intersection(g, land, grid_size=GRID))
        except shapely.errors.GEOSException as exc:
            raise DataError("claims", f"[{claim.id}] unusable geometry: {exc}") from exc
        if g.is_empty:
            continue
        shapely.prepare(g)
        gx0, gy0, gx1, gy1 = g.bounds
        near = np.flatnonzero(
            (bounds[:, 0] <= gx1) & (bounds[:, 2] >= gx0) & (bounds[:, 1] <= gy1)
            & (bounds[:, 3] >= gy0)
        )  # fmt: skip
        drop, new_geoms, new_mems = [], [], []
        for i in near:
            geom = geoms[i]
            if not g.intersects(geom):
                continue
            if g.contains(geom):
                mems[i] = mems[i] | {k}
                continue
            drop.append(i)
            inside = _polygonal(shapely.intersection(geom, g, grid_size=GRID))
            outside = _polygonal(shapely.difference(geom, g, grid_size=GRID))
            if inside.area >= MIN_AREA:
                new_geoms.append(inside)
                new_mems.append(mems[i] | {k})
            if outside.area >= MIN_AREA:
                new_geoms.append(outside)
                new_mems.append(mems[i])
        if drop:
            keep = np.ones(len(geoms), dtype=bool)
            keep[drop] = False
            geoms = [geoms[i] for i in np.flatnonzero(keep)] + new_geoms
            mems = [mems[i] for i in np.flatnonzero(keep)] + new_mems
            added = shapely.bounds(np.asarray(new_geoms, dtype=object)).reshape(-1, 4)
            bounds = np.vstack([bounds[keep], added])
    pieces = list(zip(geoms, mems, strict=True))
    return _absorb_dust(pieces, lambda m: not m)


def _absorb_dust(pieces: list[tuple[BaseGeometry, frozenset]], orphan) -> list:
    """Give orphan overlay slivers to the neighbour they share most boundary with.

    Claims cut from the same Natural Earth polygons meet exactly, but noding can still leave
    hairline slivers that no claim (or no claim on some day) holds. ``orphan(members)`` says
    which pieces are orphans; only those smaller than ``DUST`` are absorbed, so a real gap is
    still reported by :func:`build_coverage`.
    """
    keep = [(g, m) for g, m in pieces if not orphan(m) or g.area >= DUST]
    dust = [p for g, m in pieces if orphan(m) and g.area < DUST for p in shapely.get_parts(g)]
    if not dust or not keep:
        return keep + [(d, frozenset()) for d in dust]
    geoms = [g for g, _ in keep]
    tree = shapely.STRtree(geoms)
    extra: dict[int, list] = {}
    for d in dust:
        near = tree.query(d, predicate="dwithin", distance=1e-6)
        if len(near) == 0:
            keep.append((d, frozenset()))
            continue
        shared = [shapely.length(shapely.intersection(d.boundary, geoms[i].buffer(1e-6)))
                  for i in near]  # fmt: skip
        extra.setdefault(int(near[int(np.argmax(shared))]), []).append(d)
    for i, parts in extra.items():
        g, m = keep[i]
        keep[i] = (_polygonal(shapely.union_all([g, *parts], grid_size=GRID)), m)
    return keep


def change_dates(claims: list[Claim], start: date, end: date) -> list[date]:
    """Sorted dates in ``[start, end)`` at which some claim starts or ends, plus ``start``.

    Parameters
    ----------
    claims : list of Claim
    start, end : date
        The modelled range, half-open.

    Returns
    -------
    list of date
    """
    days = {start}
    for c in claims:
        for d in (c.start, c.end):
            if d is not None and start < d < end:
                days.add(d)
    return sorted(days)


def timeline(
    members: frozenset, claims: list[Claim], days: list[date], end: date
) -> list[Entry] | None:
    """Top-most valid claim per interval between change dates, equal neighbours merged.

    Parameters
    ----------
    members : frozenset of int
        Indices of the claims containing the piece.
    claims : list of Claim
    days : list of date
        Change dates (see :func:`change_dates`); only the first, the range start, is used:
        the piece's own claims decide where its timeline can change.
    end : date
        Range end (exclusive).

    Returns
    -------
    list of Entry, or None if some interval has no valid claim.
    """
    start = days[0]
    order = sorted(members, reverse=True)
    # the top claim can only change where one of the piece's own claims starts or ends
    events = {start}
    for k in members:
        for d in (claims[k].start, claims[k].end):
            if d is not None and start < d < end:
                events.add(d)
    events = sorted(events)
    raw: list[list] = []
    for i, day in enumerate(events):
        top = next(
            (
                k
                for k in order
                if claims[k].start <= day and (claims[k].end is None or claims[k].end > day)
            ),
            None,
        )
        if top is None:
            return None
        until = events[i + 1] if i + 1 < len(events) else end
        if raw and raw[-1][0] == top:
            raw[-1][2] = until
        else:
            raw.append([top, day, until])
    # The last entry ends where its claim ends (None = open; it is valid up to the range end).
    raw[-1][2] = claims[raw[-1][0]].end
    return [Entry(*r) for r in raw]


def entry_dict(entry: Entry, claims: list[Claim]) -> dict:
    """The JSON form of one timeline entry (see ``geodata/README.md``)."""
    c = claims[entry.claim]
    out = {
        "claim": c.id,
        "name": c.name,
        "power": c.power,
        "status": c.status,
        "start_date": entry.start.isoformat(),
        "end_date": entry.end.isoformat() if entry.end else None,
        "date_precision": c.precision,
        "sources": list(c.sources),
    }
    if c.note:
        out["note"] = c.note
    return out


def build_coverage(
    claims: list[Claim],
    land: BaseGeometry,
    start: date = RANGE_START,
    end: date = RANGE_END,
    tolerance: float = 0.006,
    decimals: int = 3,
    fine: BaseGeometry | None = None,
    fine_tolerance: float = FINE_TOLERANCE,
    sea_margin: float = 0.0,
    window: BaseGeometry | None = None,
    barrier: BaseGeometry | None = None,
) -> gpd.GeoDataFrame:
    """Turn ordered claims into the control coverage.

    Parameters
    ----------
    claims : list of Claim
        Painting order: later claims win where they overlap.
    land : BaseGeometry
        The mapped land; every point of it must be held on every day of the range.
    start, end : date
        Modelled range, half-open.
    tolerance : float
        ``shapely.coverage_simplify`` tolerance in degrees (0 to skip).
    decimals : int
        Coordinates are rounded to this many decimals.
    fine : BaseGeometry, optional
        Areas (the cities with sectors) whose pieces are simplified with ``fine_tolerance``
        only, edges to their neighbours included.
    fine_tolerance : float
        Tolerance inside ``fine``.
    sea_margin : float
        Coastal pieces reach this far (degrees) into the sea (:func:`extend_seaward`); 0 for
        none.
    window : BaseGeometry, optional
        The mapped region: the sea margin stays inside it.
    barrier : BaseGeometry, optional
        Unmapped land in the region that the sea margin must not cover.

    Returns
    -------
    GeoDataFrame
        Columns ``id``, ``kind``, ``name``, ``timeline`` (list of entry dicts) and geometry.

    Raises
    ------
    DataError
        If a claim is malformed or some land has no claim on some day.
    """
    check_claims(claims)
    pieces = split_land(claims, land)
    days = change_dates(claims, start, end)
    cache: dict[frozenset, list[Entry] | None] = {}

    def tl_of(members: frozenset) -> list[Entry] | None:
        if members not in cache:
            cache[members] = timeline(members, claims, days, end)
        return cache[members]

    pieces = _absorb_dust(pieces, lambda m: tl_of(m) is None)
    areas = [shapely.area(c.geometry) for c in claims]
    groups: dict[tuple, list] = {}
    for geom, members in pieces:
        tl = tl_of(members)
        if tl is None:
            p = geom.representative_point()
            held = [d for d in days if _held(members, claims, d)]
            gap = next(d for d in days if d not in held)
            raise DataError(
                "claims",
                f"no claim holds the land around ({p.x:.3f}, {p.y:.3f}) on {gap}: "
                "the base claims must cover all mapped land for the whole range",
            )
        key = tuple((e.claim, e.start, e.end) for e in tl)
        groups.setdefault(key, [geom, tl, members])
        if groups[key][0] is not geom:
            groups[key][0] = [*_as_list(groups[key][0]), geom]
            groups[key][2] = groups[key][2] | members
    rows = []
    for key, (geoms, tl, members) in groups.items():
        geom = shapely.union_all(_as_list(geoms), grid_size=GRID)
        label = min(members, key=lambda k: areas[k])
        digest = hashlib.sha1(
            json.dumps([[claims[k].id, str(s), str(e)] for k, s, e in key]).encode()
        ).hexdigest()[:10]
        rows.append(
            {
                "id": f"piece-{digest}",
                "kind": "control",
                "name": claims[label].name,
                "timeline": [entry_dict(e, claims) for e in tl],
                "geometry": geom,
            }
        )
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    if sea_margin > 0:
        frame["geometry"] = extend_seaward(
            frame.geometry.to_numpy(), land, sea_margin, window, barrier
        )
    frame = finish(frame, tolerance, decimals, fine, fine_tolerance)
    return frame.sort_values("id").reset_index(drop=True)


def extend_seaward(
    geoms: np.ndarray,
    land: BaseGeometry,
    margin: float,
    window: BaseGeometry | None = None,
    barrier: BaseGeometry | None = None,
) -> np.ndarray:
    """Let the coastal pieces reach ``margin`` degrees into the sea.

    Natural Earth's 1:10m coastline lies up to about a kilometre off the real one, and a
    harbour town's point (GeoNames) is often on the waterfront: without a margin such towns
    answer nothing. Each sea point within ``margin`` of some coastal piece goes to the
    **nearest** piece (a median line, as maritime boundaries are drawn), so across a strait
    narrower than twice the margin (Helsingør-Helsingborg, Kerch, Gibraltar's bay) each coast
    keeps its own half and a piece never claims water in front of a neighbour's coast. Only a
    piece's parts of at least :data:`MIN_PIECE` grow: overlay dust (hairlines a piece may carry
    along a whole coast) would otherwise grow a band along that coast. The margin never enters
    ``land`` nor ``barrier`` (land outside the mapped region, e.g. Syria beside Turkey). Lakes are
    part of the land already (Natural Earth admin-0 does not cut them out).

    Parameters
    ----------
    geoms : ndarray of Polygon/MultiPolygon
        Disjoint pieces partitioning ``land``.
    land : BaseGeometry
        The mapped land.
    margin : float
        Degrees.
    window : BaseGeometry, optional
        The margin is clipped to it (the mapped region).
    barrier : BaseGeometry, optional
        Unmapped land the margin must not cover.

    Returns
    -------
    ndarray
        The pieces, coastal ones grown into the sea; inland pieces are unchanged.
    """
    geoms = np.asarray(geoms, dtype=object)
    coast = shapely.get_parts(shapely.boundary(land))
    _, hit = shapely.STRtree(geoms).query(coast, predicate="intersects")
    coastal = np.unique(hit)
    seeds = np.array([_substantial(geoms[i]) for i in coastal], dtype=object)
    ok = ~shapely.is_empty(seeds)
    coastal, seeds = coastal[ok], seeds[ok]
    blocked = [land] if barrier is None or barrier.is_empty else [land, barrier]
    grown = shapely.buffer(seeds, margin, quad_segs=4)
    parts = np.empty(len(coastal), dtype=object)
    for n in range(len(coastal)):
        part = grown[n]
        for b in blocked:
            part = shapely.difference(part, shapely.clip_by_rect(b, *shapely.bounds(grown[n])))
        if window is not None and not part.is_empty:
            part = shapely.intersection(part, window)
        parts[n] = _polygonal(part)
    parts = _nearest_split(parts, seeds, margin)
    out = geoms.copy()
    for n, i in enumerate(coastal):
        if not parts[n].is_empty and parts[n].area >= MIN_AREA:
            out[i] = _polygonal(shapely.union(geoms[i], parts[n]))
    return out


def _substantial(geom: BaseGeometry) -> BaseGeometry:
    """The parts of ``geom`` of at least :data:`MIN_PIECE` (empty if none)."""
    parts = shapely.get_parts(geom)
    parts = parts[shapely.area(parts) >= MIN_PIECE]
    return shapely.union_all(parts) if len(parts) else shapely.Polygon()


def _nearest_split(parts: np.ndarray, seeds: np.ndarray, margin: float) -> np.ndarray:
    """Make the sea ``parts`` disjoint: water claimed by several goes to the nearest seed.

    Where parts overlap, the overlap is cut along the Voronoi diagram of points every
    ``margin / 8`` along the seeds' boundaries near it (labelled by seed), i.e. along the
    median line between the coasts, to within ``margin / 16``.
    """
    parts = parts.copy()
    tree = shapely.STRtree(parts)
    left, right = tree.query(parts, predicate="intersects")
    pairs = left < right
    left, right = left[pairs], right[pairs]
    if len(left) == 0:
        return parts
    overlaps = shapely.intersection(parts[left], parts[right])
    contested = _polygonal(shapely.union_all(overlaps))
    edges = np.empty(len(seeds), dtype=object)
    cut: dict[int, list] = {}
    won: dict[int, list] = {}
    for comp in shapely.get_parts(contested):
        if comp.area < MIN_AREA:
            continue
        who = tree.query(comp, predicate="intersects")
        zone = shapely.buffer(comp, 1.5 * margin)
        pts, labels = [], []
        for k in who:
            if edges[k] is None:
                edges[k] = shapely.boundary(seeds[k])
            line = shapely.intersection(shapely.clip_by_rect(edges[k], *zone.bounds), zone)
            xy = shapely.get_coordinates(shapely.segmentize(line, margin / 8))
            pts.append(xy)
            labels.append(np.full(len(xy), k))
        xy = np.vstack(pts)
        lab = np.concatenate(labels)
        xy, first = np.unique(np.round(xy, 9), axis=0, return_index=True)
        lab = lab[first]
        owners = np.unique(lab)
        if len(owners) == 1:
            cells = {owners[0]: comp}
        else:
            vor = shapely.get_parts(
                shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=zone, ordered=True)
            )
            cells = {k: shapely.union_all(vor[lab == k]) for k in owners}
        for k in who:
            cut.setdefault(k, []).append(comp)
            if k in cells:
                won.setdefault(k, []).append(shapely.intersection(comp, cells[k]))
    # one overlay per piece at the end: a coast's margin part can hold 10^5 vertices
    for k, comps in cut.items():
        rest = shapely.difference(parts[k], shapely.union_all(comps))
        parts[k] = _polygonal(shapely.union_all([rest, *won.get(k, [])]))
    return parts


def _held(members: frozenset, claims: list[Claim], day: date) -> bool:
    return any(
        claims[k].start <= day and (claims[k].end is None or claims[k].end > day) for k in members
    )


def _as_list(geoms) -> list:
    return geoms if isinstance(geoms, list) else [geoms]


def finish(
    frame: gpd.GeoDataFrame,
    tolerance: float,
    decimals: int,
    fine: BaseGeometry | None = None,
    fine_tolerance: float = FINE_TOLERANCE,
) -> gpd.GeoDataFrame:
    """Simplify the pieces as a coverage, round them and rebuild an exact coverage.

    Rounding each piece on its own can leave a shared edge with a vertex on one side only, and
    then the pieces no longer form a coverage that ``shapely.coverage_union_all`` accepts. So
    after rounding, all piece boundaries are noded together on the rounding grid, the faces
    are polygonized and each face goes back to the piece that holds it (slivers left between
    pieces go to the neighbour they share most edge with). The result is a valid coverage on
    the grid.

    Parameters
    ----------
    frame : GeoDataFrame
        Non-overlapping pieces.
    tolerance : float
        ``coverage_simplify`` tolerance (0 = none).
    decimals : int
        Rounding of coordinates.
    fine : BaseGeometry, optional
        Pieces whose interior point lies in it keep ``fine_tolerance`` detail (see
        :func:`simplify_two_levels`).
    fine_tolerance : float

    Returns
    -------
    GeoDataFrame
        Valid polygons (right-hand rule) forming a valid coverage; pieces that collapse are
        dropped.
    """
    grid = 10.0**-decimals
    geoms = np.asarray(frame.geometry.values, dtype=object)
    small = shapely.area(geoms) < SMALL_PIECE
    if tolerance > 0:
        geoms = simplify_two_levels(geoms, tolerance, fine, fine_tolerance, keep=small)
    geoms = np.array(
        [_polygonal(shapely.make_valid(g)) for g in shapely.set_precision(geoms, grid)],
        dtype=object,
    )
    geoms = _rebuild(geoms, grid, small)
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    geoms = shapely.orient_polygons(geoms, exterior_cw=False)
    out = frame.copy()
    out["geometry"] = geoms
    keep = ~shapely.is_empty(geoms) & (shapely.area(geoms) > 0)
    return out[keep].copy()


def simplify_two_levels(
    geoms: np.ndarray,
    tolerance: float,
    fine: BaseGeometry | None = None,
    fine_tolerance: float = FINE_TOLERANCE,
    keep: np.ndarray | None = None,
) -> np.ndarray:
    """Coverage-simplify with a finer tolerance for the pieces inside ``fine`` (or in ``keep``).

    The whole coverage (with the sea as one more polygon, so coastlines are shared edges) is
    simplified at ``fine_tolerance``; then everything but the fine pieces is simplified again
    at ``tolerance`` by :func:`spheremap.layers.simplify_coverage_keeping`, which leaves the
    fine pieces' edges as they are.

    Parameters
    ----------
    geoms : ndarray of Polygon/MultiPolygon
        A valid coverage.
    tolerance, fine_tolerance : float
    fine : BaseGeometry, optional
        Without it (or if no piece lies in it or is in ``keep``) this is one
        ``coverage_simplify`` call.
    keep : array of bool, optional
        More pieces to simplify at ``fine_tolerance`` (small ones).

    Returns
    -------
    ndarray
    """
    inside = np.zeros(len(geoms), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
    if fine is not None and not fine.is_empty:
        inside = inside | shapely.within(shapely.point_on_surface(geoms), fine)
    if not inside.any():
        return shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    sea = sea_around(geoms, grid_size=GRID)
    both = shapely.coverage_simplify(np.append(geoms, sea), fine_tolerance, simplify_boundary=False)
    return simplify_coverage_keeping(both[:-1], tolerance, inside, sea=both[-1])


def _rebuild(geoms: np.ndarray, grid: float, first: np.ndarray | None = None) -> np.ndarray:
    """Node all boundaries on ``grid``, polygonize, and give each face back to its piece.

    A face inside two pieces goes to the one flagged in ``first`` (small pieces simplified more
    finely than their neighbours), otherwise to the first found.
    """
    lines = shapely.union_all(shapely.boundary(geoms[~shapely.is_empty(geoms)]), grid_size=grid)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    if len(faces) == 0:
        return geoms
    tree = shapely.STRtree(geoms)
    points = shapely.point_on_surface(faces)
    owner = np.full(len(faces), -1)
    f_idx, g_idx = tree.query(points, predicate="within")
    for f, g in zip(f_idx, g_idx, strict=True):
        if owner[f] < 0 or (first is not None and first[g] and not first[owner[f]]):
            owner[f] = g
    # faces inside no piece: slivers between pieces join a neighbour; larger ones are holes
    face_tree = shapely.STRtree(faces)
    for f in np.flatnonzero(owner < 0):
        if faces[f].area > DUST * 10:
            continue
        near = face_tree.query(faces[f], predicate="touches")
        shared = [
            (shapely.length(shapely.intersection(faces[f].boundary, faces[n].boundary)), n)
            for n in near
            if owner[n] >= 0
        ]
        if shared:
            owner[f] = owner[max(shared)[1]]
    _absorb_tiny_pieces(faces, owner, face_tree, len(geoms))
    out = np.empty(len(geoms), dtype=object)
    for i in range(len(geoms)):
        mine = faces[owner == i]
        out[i] = shapely.coverage_union_all(mine) if len(mine) else shapely.Polygon()
    return out


def _absorb_tiny_pieces(
    faces: np.ndarray, owner: np.ndarray, face_tree: shapely.STRtree, n_pieces: int
) -> None:
    """Give the faces of pieces smaller than :data:`MIN_PIECE` to their main neighbour (in place)."""
    held = owner >= 0
    areas = np.bincount(owner[held], weights=shapely.area(faces[held]), minlength=n_pieces)
    for i in np.flatnonzero((areas > 0) & (areas < MIN_PIECE)):
        mine = np.flatnonzero(owner == i)
        shared: dict[int, float] = {}
        for f in mine:
            for n in face_tree.query(faces[f], predicate="touches"):
                j = int(owner[n])
                if j >= 0 and j != i and areas[j] >= MIN_PIECE:
                    edge = shapely.intersection(faces[f].boundary, faces[n].boundary)
                    shared[j] = shared.get(j, 0.0) + shapely.length(edge)
        if shared:
            j = max(shared, key=shared.get)
            owner[mine] = j
            areas[j] += areas[i]
            areas[i] = 0.0


def coverage_problems(frame: gpd.GeoDataFrame, land: BaseGeometry, tol: float = 1e-3) -> list:
    """Check a built coverage: valid, non-overlapping, covering the land, timelines partitioned.

    Rounding to a grid keeps shared edges but may leave vertices of one side unmatched on the
    other, so overlaps and gaps are measured by area, not by exact edge matching.

    Parameters
    ----------
    frame : GeoDataFrame
        As returned by :func:`build_coverage`.
    land : BaseGeometry
        The mapped land.
    tol : float
        Largest overlap or gap tolerated, in square degrees (1e-3 is about 10 km^2, the
        tolerance of ``spheremap validate``).

    Returns
    -------
    list of str
        Empty when the coverage is good.
    """
    out = []
    geoms = np.asarray(frame.geometry.values, dtype=object)
    ids = frame["id"].to_numpy()
    bad = [ids[i] for i, g in enumerate(geoms) if not g.is_valid]
    if bad:
        out.append(f"invalid geometry in {bad[:5]}")
        return out
    if not shapely.coverage_is_valid(geoms):
        out.append("pieces are not an exact coverage (shared edges do not match)")
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            area = shapely.intersection(geoms[i], geoms[j]).area
            if area > tol:
                out.append(f"{ids[i]} overlaps {ids[j]} by {area:.5f} deg2")
    covered = shapely.union_all(geoms)
    for gap in shapely.get_parts(shapely.difference(land, covered)):
        if gap.area > tol:
            p = gap.representative_point()
            out.append(f"land not covered near ({p.x:.3f}, {p.y:.3f}): {gap.area:.5f} deg2")
    for pid, tl in zip(ids, frame["timeline"], strict=True):
        if not tl:
            out.append(f"{pid}: empty timeline")
            continue
        for a_, b_ in zip(tl, tl[1:], strict=False):
            if a_["end_date"] != b_["start_date"]:
                out.append(f"{pid}: timeline gap or overlap at {a_['end_date']}")
    return out


#: Timeline fields that belong to the claim, written once in the collection's ``claims`` table.
CLAIM_FIELDS = ("name", "power", "status", "date_precision", "sources", "note")


def to_feature_collection(frame: gpd.GeoDataFrame) -> dict:
    """GeoJSON FeatureCollection dict of the coverage (see ``geodata/README.md``).

    Each piece's ``timeline`` keeps only ``claim``, ``start_date`` and ``end_date``; what
    belongs to a claim (name, power, status, precision, sources, note) is written once, in
    the collection's ``claims`` member, instead of in every entry of every piece.

    Parameters
    ----------
    frame : GeoDataFrame

    Returns
    -------
    dict
    """
    feats = []
    table: dict[str, dict] = {}
    for row in frame.itertuples(index=False):
        entries = []
        for e in row.timeline:
            table.setdefault(e["claim"], {k: e[k] for k in CLAIM_FIELDS if k in e})
            entries.append({k: e[k] for k in ("claim", "start_date", "end_date")})
        feats.append(
            {
                "type": "Feature",
                "properties": {
                    "id": row.id,
                    "kind": row.kind,
                    "name": row.name,
                    "timeline": entries,
                },
                "geometry": shapely.geometry.mapping(row.geometry),
            }
        )
    claims = {k: table[k] for k in sorted(table)}
    return {"type": "FeatureCollection", "claims": claims, "features": feats}
