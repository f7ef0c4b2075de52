"""Front lines derived from control: where the Axis-held ground meets the Allied-held ground.

The authored fronts (``line`` features with status ``frontline``) are valid from their own date
until the next front date, while the control coverage moves daily between them (ground swept in
four-week bands, dated captures). A front drawn from the authored line alone therefore lags the
colours. The front derived here is, on any day, the shared boundary of the control pieces held
that day by the two sides, so it agrees with the coloured ground by construction:

- **sides** per power and date (:data:`spheremap.model.SIDES`, read from ``vocabulary.toml``):
  Germany and its allies and puppets against the Soviet Union and the Western Allies, with
  Italy, Romania, Bulgaria and Finland leaving the Axis on their dates; neutral states and
  powers not at war belong to neither side;
- **theatres** (:data:`THEATRES`): the boundary with Soviet-side ground is the Eastern Front
  (from 22 June 1941); the boundary with Western-side ground is the Italian front (from the
  first Italian front date) or the Western Front (from the first Western one), each part given
  to the theatre whose authored fronts of the day lie nearer; all end with the capitulation
  (:data:`WAR_END`);
- **land only**: a shared boundary of two land pieces is never a coastline; the Far East window
  is left out (Japan and the Soviet Union were not at war before August 1945);
- **precision**: the coarser of the stated precisions of the two authored fronts bracketing the
  day in that theatre (their ``precision_km`` property; ``theatre`` says which front a line is).

Everything here is a pure function of frames; :class:`spheremap.atlas.Atlas` caches the result
per change date (:meth:`~spheremap.atlas.Atlas.fronts_at`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import shapely

from spheremap import model

# the sides live in model (one table for fronts, links and the build); re-exported here
from spheremap.model import (  # noqa: F401
    AXIS,
    EAST,
    FEATURE_PROPERTIES,
    SIDES,
    WEST,
    SideRule,
    side_of,
)

#: The first day on which no front between the Axis and the Allies is drawn in Europe: the
#: German capitulation took effect at 23:01 CET on 8 May 1945.
WAR_END = date(1945, 5, 9)

#: The first day of the Eastern Front (22 June 1941; the start line is not an authored front).
EAST_START = date(1941, 6, 22)

#: Only pieces west of this longitude take part (Europe; the Far East window is left out).
EUROPE_MAX_LON = 60.0


#: The theatres whose front is derived from control (those of the war in Europe).
THEATRES: dict[str, str] = {t: model.THEATRES[t] for t in ("east", "italy", "west")}


def side_change_dates() -> list[date]:
    """The days on which some power changes side (the derived front may change then)."""
    days = {d for r in SIDES for d in (r.start, r.end) if d is not None}
    return sorted(days | {EAST_START, WAR_END})


# ----------------------------------------------------------------------------- authored fronts
@dataclass(frozen=True)
class AuthoredFront:
    """One authored front line: theatre, date, stated precision (km), date precision, sources."""

    id: str
    theatre: str
    day: date
    precision_km: int | None
    date_precision: str
    sources: tuple[str, ...]
    geometry: object


def authored_fronts(features: gpd.GeoDataFrame) -> tuple[AuthoredFront, ...]:
    """The authored front lines of a features frame, by theatre and date.

    Only ``line`` features with status ``frontline`` whose ``theatre`` property is one of
    :data:`THEATRES` count; their stated precision is their ``precision_km`` property.
    """
    rows = features[(features["kind"] == "line") & (features["status"] == "frontline")]
    if "theatre" not in rows.columns:
        return ()
    rows = rows[rows["theatre"].isin(list(THEATRES))]
    out = []
    for rec, geom in zip(rows.to_dict("records"), rows.geometry, strict=True):
        km = rec.get("precision_km")
        out.append(
            AuthoredFront(
                id=rec["id"],
                theatre=rec["theatre"],
                day=rec["start_date"],
                precision_km=None if km is None or km != km else int(km),
                date_precision=str(rec.get("date_precision") or "approx"),
                sources=tuple(rec.get("sources") or ()),
                geometry=geom,
            )
        )
    return tuple(sorted(out, key=lambda f: (f.theatre, f.day)))


def bracketing(fronts: Sequence[AuthoredFront], theatre: str, day: date) -> list[AuthoredFront]:
    """The authored fronts of ``theatre`` on or before ``day`` (the last) and after it (the first)."""
    own = [f for f in fronts if f.theatre == theatre]
    before = [f for f in own if f.day <= day]
    after = [f for f in own if f.day > day]
    return ([before[-1]] if before else []) + ([after[0]] if after else [])


def theatre_window(fronts: Sequence[AuthoredFront], theatre: str) -> tuple[date, date] | None:
    """``[first, WAR_END)``: the days a theatre's front is derived, or ``None`` (no fronts)."""
    days = [f.day for f in fronts if f.theatre == theatre]
    if not days:
        return None
    if theatre == "east":
        return min(EAST_START, min(days)), WAR_END
    return min(days), WAR_END


def shows_authored(theatre: str | None, start: date, day: date) -> bool:
    """Whether an authored front valid on ``day`` is drawn as it is.

    It is drawn on its own date; a line dated after the capitulation (the Soviet-Western line
    of contact) is not a front between the Axis and the Allies and is drawn on every day it is
    valid. On the other days the derived front of its theatre is drawn instead.
    """
    if theatre not in THEATRES:
        return True
    return day == start or start >= WAR_END


def change_dates(fronts: Sequence[AuthoredFront], control_changes: Sequence[date]) -> list[date]:
    """The days on which the fronts drawn may change.

    Inside a theatre's window: control changes and side changes; the window's ends; each
    authored front's date and the day after it (an authored front is drawn on its own day
    only). Without authored fronts there are none.
    """
    windows = [w for t in THEATRES if (w := theatre_window(fronts, t))]
    days = set()
    for start, end in windows:
        days |= {d for d in (*control_changes, *side_change_dates()) if start <= d < end}
        days |= {start, end}
    for f in fronts:
        days |= {f.day, date.fromordinal(f.day.toordinal() + 1)}
    return sorted(days)


# ----------------------------------------------------------------------------- derivation
@dataclass(frozen=True)
class Edges:
    """The shared edges of a coverage of pieces, grouped by the pair of pieces they divide.

    Built once per coverage (:func:`shared_edges`); a front on a day is then a choice of
    pairs (:func:`front_pairs`), so it lies on the piece outlines by construction.

    Attributes
    ----------
    a, b : ndarray of int
        Per pair, the two pieces' indices (``a < b``).
    segments : ndarray of float, shape (n, 2, 2)
        Every shared segment, ``[[x0, y0], [x1, y1]]``.
    pair : ndarray of int
        Per segment, the index of its pair.
    mid : ndarray of shapely Points
        Per pair, a point on its shared boundary (the middle of its middle segment).
    europe : ndarray of bool
        Per pair, whether both pieces start west of :data:`EUROPE_MAX_LON`.
    """

    a: np.ndarray
    b: np.ndarray
    segments: np.ndarray
    pair: np.ndarray
    mid: np.ndarray
    europe: np.ndarray

    def lines(self, pairs: np.ndarray) -> object:
        """The shared boundary of the given pairs, merged into as few lines as possible."""
        if len(pairs) == 0:
            return shapely.MultiLineString()
        chosen = np.zeros(len(self.a), dtype=bool)
        chosen[pairs] = True
        segs = self.segments[chosen[self.pair]]
        return shapely.line_merge(shapely.multilinestrings(shapely.linestrings(segs)))


def shared_edges(geoms: Sequence[object] | np.ndarray) -> Edges:
    """The edges two polygons of a coverage share (coastlines and outer edges are left out).

    Parameters
    ----------
    geoms : sequence of Polygon / MultiPolygon
        A valid coverage (shared edges have the same vertices on both sides), e.g. the control
        pieces; indices in the result refer to this order.
    """
    geoms = np.asarray(geoms, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, ring_idx = shapely.get_coordinates(rings, return_index=True)
    same = ring_idx[:-1] == ring_idx[1:]
    p0, p1 = coords[:-1][same], coords[1:][same]
    seg_owner = owner[ring_part[ring_idx[:-1][same]]]
    swap = (p0[:, 0] > p1[:, 0]) | ((p0[:, 0] == p1[:, 0]) & (p0[:, 1] > p1[:, 1]))
    lo = np.where(swap[:, None], p1, p0)
    hi = np.where(swap[:, None], p0, p1)
    key = np.ascontiguousarray(np.hstack([lo, hi]))
    order = np.lexsort(key.T[::-1])
    key, seg_owner = key[order], seg_owner[order]
    dup = np.flatnonzero(np.all(key[1:] == key[:-1], axis=1))  # the second of two equal rows
    first, second = seg_owner[dup], seg_owner[dup + 1]
    keep = first != second
    dup, first, second = dup[keep], first[keep], second[keep]
    a, b = np.minimum(first, second), np.maximum(first, second)
    n = max(len(geoms), 1)
    pair_key, seg_pair = np.unique(a * n + b, return_inverse=True)
    segments = key[dup].reshape(-1, 2, 2)
    # a point per pair: the middle of its middle segment
    by_pair = np.argsort(seg_pair, kind="stable")
    starts = np.searchsorted(seg_pair[by_pair], np.arange(len(pair_key)))
    counts = np.bincount(seg_pair, minlength=len(pair_key))
    middle = by_pair[starts + counts // 2] if len(pair_key) else np.zeros(0, dtype=int)
    mid_xy = segments[middle].mean(axis=1) if len(pair_key) else np.zeros((0, 2))
    minx = shapely.bounds(geoms)[:, 0] if len(geoms) else np.zeros(0)
    pa, pb = pair_key // n, pair_key % n
    return Edges(
        a=pa,
        b=pb,
        segments=segments,
        pair=seg_pair,
        mid=shapely.points(mid_xy),
        europe=(minx[pa] < EUROPE_MAX_LON) & (minx[pb] < EUROPE_MAX_LON),
    )


#: Side codes in the per-piece arrays (0: neither side).
SIDE_CODES: dict[str | None, int] = {None: 0, AXIS: 1, EAST: 2, WEST: 3}


def piece_sides(
    n_pieces: int,
    index: np.ndarray,
    codes: np.ndarray,
    claims: Sequence[tuple[str, str]],
    day: date,
) -> np.ndarray:
    """Side codes (:data:`SIDE_CODES`) of ``n_pieces`` pieces on ``day``.

    Parameters
    ----------
    n_pieces : int
    index, codes : ndarray of int
        Per control row valid on ``day``: its piece and its claim (an index into ``claims``).
    claims : sequence of (power, claim id)
    day : date

    Pieces without a row are on neither side.
    """
    out = np.zeros(n_pieces, dtype=np.int8)
    present = np.unique(codes)
    side = np.zeros(len(claims), dtype=np.int8)
    for k in present:
        power, claim = claims[k]
        side[k] = SIDE_CODES[side_of(power, day, claim)]
    out[np.asarray(index, dtype=np.int64)] = side[codes]
    return out


def open_theatres(fronts: Sequence[AuthoredFront], day: date) -> list[str]:
    """The theatres whose front is derived on ``day`` (see :func:`theatre_window`)."""
    out = []
    for theatre in THEATRES:
        window = theatre_window(fronts, theatre)
        if window and window[0] <= day < window[1]:
            out.append(theatre)
    return out


#: The theatres fought against the Western Allies, in the order of :func:`western_theatres`.
WESTERN: tuple[str, ...] = ("italy", "west")


def western_theatres(edges: Edges, fronts: Sequence[AuthoredFront]) -> np.ndarray:
    """Per pair, the theatre (index into :data:`WESTERN`) it belongs to when it faces the West.

    The theatre whose authored fronts (all dates) lie nearest to the pair's boundary: the
    Alpine border goes with Italy, Normandy and the Rhine with the West; ``-1`` when neither
    theatre has authored fronts.
    """
    dist = np.full((len(WESTERN), len(edges.a)), np.inf)
    for k, theatre in enumerate(WESTERN):
        lines = [f.geometry for f in fronts if f.theatre == theatre]
        if lines and len(edges.a):
            dist[k] = shapely.distance(edges.mid, shapely.union_all(lines))
    best = np.argmin(dist, axis=0).astype(np.int8) if len(edges.a) else np.zeros(0, np.int8)
    best[~np.isfinite(dist.min(axis=0, initial=np.inf))] = -1
    return best


def front_pairs(
    edges: Edges,
    sides: np.ndarray,
    western: np.ndarray,
    fronts: Sequence[AuthoredFront],
    day: date,
) -> dict[str, np.ndarray]:
    """The pairs of pieces whose shared boundary is a front on ``day``, per open theatre.

    A pair is on a front when one piece is Axis-held and the other Soviet-side (the Eastern
    Front) or Western-side (its theatre in ``western``, from :func:`western_theatres`).
    """
    theatres = open_theatres(fronts, day)
    out = {t: np.zeros(0, dtype=np.int64) for t in theatres}
    if not theatres or len(edges.a) == 0:
        return out
    sa, sb = sides[edges.a], sides[edges.b]
    axis = SIDE_CODES[AXIS]

    def facing(code: int) -> np.ndarray:
        return edges.europe & (((sa == axis) & (sb == code)) | ((sb == axis) & (sa == code)))

    if "east" in out:
        out["east"] = np.flatnonzero(facing(SIDE_CODES[EAST]))
    west = facing(SIDE_CODES[WEST])
    for k, theatre in enumerate(WESTERN):
        if theatre in out:
            out[theatre] = np.flatnonzero(west & (western == k))
    return out


def _day_text(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


def interval_text(start: date, end: date) -> str:
    """``20 Sep 1943`` for one day, ``17–22 Sep 1943`` or ``28 Aug – 3 Sep 1943`` for more."""
    last = date.fromordinal(end.toordinal() - 1)
    if last <= start:
        return _day_text(start)
    if (start.year, start.month) == (last.year, last.month):
        return f"{start.day}–{_day_text(last)}"
    if start.year == last.year:
        return f"{start.day} {start.strftime('%b')} – {_day_text(last)}"
    return f"{_day_text(start)} – {_day_text(last)}"


#: The data-model properties of a feature plus the optional ones (theatre, precision in km...).
FRONT_COLUMNS = (*FEATURE_PROPERTIES, *model.OPTIONAL_PROPERTIES)


def front_row(fronts: Sequence[AuthoredFront], theatre: str, day: date, end: date) -> dict:
    """The properties of the derived front of ``theatre`` valid from ``day`` until ``end``.

    Precision: the coarser of the stated precisions of the authored fronts before and after.
    """
    brackets = bracketing(fronts, theatre, day)
    kms = [f.precision_km for f in brackets if f.precision_km is not None]
    km = max(kms) if kms else None
    precision = f"±{km} km" if km is not None else "unstated"
    approx = any(f.date_precision != "day" for f in brackets) or not brackets
    named = "; ".join(
        f"{_day_text(f.day)}: {f.precision_km} km" for f in brackets if f.precision_km
    )
    return {
        "id": f"front-{theatre}-derived-{day.isoformat()}",
        "name": (
            f"{THEATRES[theatre]} line, {interval_text(day, end)} "
            f"(derived from control; precision {precision})"
        ),
        "kind": "line",
        "power": "contested",
        "status": "frontline",
        "start_date": day,
        "end_date": end,
        "date_precision": "approx" if approx else "day",
        "sources": tuple(sorted({s for f in brackets for s in f.sources})),
        "note": (
            "Derived from control: the shared boundary of Axis-held and Allied-held land on "
            "these days, so it follows the coloured ground between the authored front dates "
            "(ground there moves in four-week bands and dated captures). Approximate: "
            "precision as the coarser of the authored fronts before and after "
            f"({named or 'none stated'})."
        ),
        "approximate": True,
        "theatre": theatre,
        "precision_km": km,
    }


def derive_fronts(
    edges: Edges,
    sides: np.ndarray,
    western: np.ndarray,
    fronts: Sequence[AuthoredFront],
    day: date,
    end: date,
) -> gpd.GeoDataFrame:
    """The derived front lines valid from ``day`` until ``end`` (exclusive), one row per theatre.

    Parameters
    ----------
    edges : Edges
        The shared edges of the control coverage (:func:`shared_edges`).
    sides : ndarray
        Per piece, its side code on ``day`` (:func:`piece_sides`).
    western : ndarray
        Per pair, its theatre when it faces the West (:func:`western_theatres`).
    fronts : sequence of AuthoredFront
        The authored fronts (theatres, windows, precision).
    day, end : date
        The snapshot's first day and the first day of the next snapshot.

    Returns
    -------
    GeoDataFrame
        Columns :data:`FRONT_COLUMNS` with ``kind="line"``, ``status="frontline"``; theatres
        with no front that day have no row.
    """
    rows, geoms = [], []
    for theatre, pairs in front_pairs(edges, sides, western, fronts, day).items():
        if len(pairs) == 0:
            continue
        rows.append(front_row(fronts, theatre, day, end))
        geoms.append(edges.lines(pairs))
    return gpd.GeoDataFrame(
        rows or {c: [] for c in FRONT_COLUMNS},
        geometry=gpd.GeoSeries(geoms, crs=4326),
        crs=4326,
    )
