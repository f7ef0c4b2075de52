"""The loaded atlas and its queries: what held where on which day, and what the texts say.

Load once (layers validated, spatial index built), then ask pure questions:

>>> atlas = Atlas.load()                                          # doctest: +SKIP
>>> [m.power for m in atlas.where(13.40, 52.52, date(1945, 10, 1))]  # doctest: +SKIP
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

import cachetools
import geopandas as gpd
import numpy as np
import shapely

from spheremap import bibliography, layers, links
from spheremap import fronts as sm_fronts
from spheremap import history as sm_history
from spheremap import time as sm_time
from spheremap.model import (
    FEATURE_PROPERTIES,
    KINDS,
    OPTIONAL_PROPERTIES,
    DataError,
    InputError,
    Match,
    Problem,
)

#: Bytes (estimated by :func:`frame_nbytes`) of dissolved control kept per atlas, most recently
#: used days first; an evicted day is computed again when asked for. Full data: ~0.3-1 MB a day.
CONTROL_CACHE_BYTES = 32 * 2**20
#: The same for the derived fronts (a few tens of kB a day on the full data).
FRONTS_CACHE_BYTES = 16 * 2**20


def frame_nbytes(frame: gpd.GeoDataFrame) -> int:
    """Estimated memory of a frame: its columns (deep) and its geometries (GEOS coordinates).

    GEOS keeps each coordinate as 2-3 doubles outside Python's heap; 24 bytes a coordinate and
    100 a geometry is the estimate (pandas reports only the pointers of a geometry column).
    """
    geoms = frame.geometry.to_numpy()
    table = int(frame.drop(columns=frame.geometry.name).memory_usage(deep=True).sum())
    return table + 24 * int(shapely.get_num_coordinates(geoms).sum()) + 100 * len(geoms)


def _frame_cache(nbytes: int) -> cachetools.LRUCache:
    return cachetools.LRUCache(maxsize=nbytes, getsizeof=frame_nbytes)


#: Margin (degrees) around the sector cities inside which control is drawn at full detail.
DETAIL_MARGIN = 0.02


def _check_point(lon: float, lat: float) -> None:
    if not (np.isfinite(lon) and np.isfinite(lat)):
        raise InputError(f"coordinates must be numbers, got lon={lon!r}, lat={lat!r}")
    if not -180 <= lon <= 180:
        raise InputError(f"longitude {lon} is outside -180..180")
    if not -90 <= lat <= 90:
        raise InputError(f"latitude {lat} is outside -90..90")


def _check_kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InputError(f"unknown layer kind {unknown[0]!r} (one of {', '.join(KINDS)})")
    return tuple(kinds)


def _match(columns: dict[str, list], r: int) -> Match:
    """The :class:`Match` of row ``r``, given the frame's columns as lists."""
    return Match(
        id=columns["id"][r],
        name=columns["name"][r],
        kind=columns["kind"][r],
        power=columns["power"][r],
        status=columns["status"][r],
        start_date=columns["start_date"][r],
        end_date=columns["end_date"][r],
        date_precision=columns["date_precision"][r],
        sources=tuple(columns["sources"][r]),
        note=columns["note"][r] or "",
    )


def _once(matches: list[Match]) -> list[Match]:
    """``matches`` with each feature once: a point on the border of two pieces of one claim
    meets both pieces, but the claim (id, power, status) answers once, its first row kept."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for m in matches:
        key = (m.id, m.kind, m.power, m.status)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


#: Points answered at a time inside :meth:`Atlas.where_many` (bounds its scratch memory).
_WHERE_SLICE = 65_536
#: About this many grid cells over the features' extent in :class:`_WhereIndex`.
_GRID_CELLS = 250_000
#: At most this many (cell, geometry) entries; the grid gets coarser until they fit.
_GRID_ENTRIES = 8_000_000
#: Day ordinals are below this (date.max is 3,652,059): keys ``geometry * _DAYS + day``.
_DAYS = 1 << 22


@dataclass(frozen=True, eq=False)
class _WhereIndex:
    """Which rows hold a point on a day, without one shapely object per point.

    Rows share few geometries (a control piece has one row per holder), so each distinct
    geometry is kept once, prepared. A regular grid over their extent lists, per cell, the
    geometries whose bounding box meets it; a point's candidates are those of its cell whose
    box holds it. Each candidate geometry is then narrowed to its row valid on the point's day
    (one search, when its rows' intervals are disjoint) before the exact test, done once per
    (point, geometry) with ``intersects_xy``.
    """

    geoms: np.ndarray  # distinct geometries, prepared
    bounds: np.ndarray  # their (xmin, ymin, xmax, ymax)
    origin: tuple[float, float]
    cell: float
    shape: tuple[int, int]  # (nx, ny)
    cell_ptr: np.ndarray  # CSR: geometries of cell c are cell_geoms[cell_ptr[c]:cell_ptr[c+1]]
    cell_geoms: np.ndarray
    row_ptr: np.ndarray  # CSR: rows of geometry g are rows[row_ptr[g]:row_ptr[g+1]], by start
    rows: np.ndarray
    keys: np.ndarray  # geometry * _DAYS + start, per entry of ``rows`` (sorted)
    disjoint: np.ndarray  # per geometry: its rows' intervals never overlap
    start: np.ndarray  # per row: first day (ordinal)
    end: np.ndarray  # per row: first day after (ordinal)
    geom_of: np.ndarray  # per row: its geometry
    rank: np.ndarray  # per row: its place in (kind, id, row) order

    @classmethod
    def build(cls, frame_geoms, start, end, kinds, ids) -> _WhereIndex:
        """Index rows given their geometries, day ordinals ``[start, end)``, kinds and ids."""
        # rows share a geometry when they share the object (a piece's rows, see layers.load)
        _, first, geom_of = np.unique(
            np.fromiter((id(g) for g in frame_geoms), dtype=np.int64, count=len(frame_geoms)),
            return_index=True,
            return_inverse=True,
        )
        geom_of = geom_of.reshape(-1)
        geoms = frame_geoms[first]
        shapely.prepare(geoms)
        rows = np.lexsort((start, geom_of))
        row_ptr = np.concatenate([[0], np.cumsum(np.bincount(geom_of, minlength=len(geoms)))])
        keys = geom_of[rows] * _DAYS + start[rows]
        same = geom_of[rows][1:] == geom_of[rows][:-1]
        overlap = same & (start[rows][1:] < end[rows][:-1])
        disjoint = np.ones(len(geoms), dtype=bool)
        disjoint[geom_of[rows][1:][overlap]] = False
        kind_rank = {k: i for i, k in enumerate(KINDS)}
        order = sorted(range(len(ids)), key=lambda i: (kind_rank[kinds[i]], ids[i], i))
        rank = np.empty(len(ids), dtype=np.int64)
        rank[order] = np.arange(len(ids))

        bounds = shapely.bounds(geoms)
        known = np.flatnonzero(~np.isnan(bounds).any(axis=1))
        if len(known):
            x0, y0 = bounds[known, 0].min(), bounds[known, 1].min()
            width, height = bounds[known, 2].max() - x0, bounds[known, 3].max() - y0
        else:
            x0 = y0 = width = height = 0.0
        cell = max(np.sqrt(width * height / _GRID_CELLS), max(width, height) / 4096, 1e-9)
        while True:
            nx, ny = int(width / cell) + 1, int(height / cell) + 1
            gx0, gy0, gx1, gy1 = (
                np.floor((bounds[known, k] - o) / cell).astype(np.int64)
                for k, o in ((0, x0), (1, y0), (2, x0), (3, y0))
            )
            gx1, gy1 = np.minimum(gx1, nx - 1), np.minimum(gy1, ny - 1)
            if ((gx1 - gx0 + 1) * (gy1 - gy0 + 1)).sum() <= _GRID_ENTRIES or nx == ny == 1:
                break
            cell *= 2
        cells = [
            (np.arange(b0, b1 + 1)[:, None] * nx + np.arange(a0, a1 + 1)[None, :]).ravel()
            for a0, a1, b0, b1 in zip(gx0, gx1, gy0, gy1, strict=True)
        ]
        owner = np.repeat(known, [len(c) for c in cells])
        cells = np.concatenate(cells) if cells else np.empty(0, dtype=np.int64)
        by_cell = np.argsort(cells, kind="stable")
        cell_ptr = np.searchsorted(cells[by_cell], np.arange(nx * ny + 1))
        return cls(
            geoms,
            bounds,
            (float(x0), float(y0)),
            float(cell),
            (nx, ny),
            cell_ptr,
            owner[by_cell].astype(np.int32),
            row_ptr,
            rows,
            keys,
            disjoint,
            start,
            end,
            geom_of,
            rank,
        )

    def pairs(self, x: np.ndarray, y: np.ndarray, ords: np.ndarray):
        """(point, row) pairs: row valid on the point's day, its geometry meeting the point;
        sorted by point, then rank."""
        nx, ny = self.shape
        ix = np.floor((x - self.origin[0]) / self.cell)
        iy = np.floor((y - self.origin[1]) / self.cell)
        inside = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        cell = np.where(inside, iy * nx + ix, 0).astype(np.int64)
        n = np.where(inside, self.cell_ptr[cell + 1] - self.cell_ptr[cell], 0)
        p = np.repeat(np.arange(len(x)), n)
        g = self.cell_geoms[_ranges(self.cell_ptr[cell], n)].astype(np.int64)  # keys below
        box = self.bounds[g]
        px, py = x[p], y[p]
        near = (box[:, 0] <= px) & (px <= box[:, 2]) & (box[:, 1] <= py) & (py <= box[:, 3])
        p, g = p[near], g[near]
        # disjoint intervals: the one row that started last on or before the day, if any
        fast = self.disjoint[g]
        pf, gf = p[fast], g[fast]
        at = np.searchsorted(self.keys, gf * _DAYS + ords[pf], side="right") - 1
        ok = at >= self.row_ptr[gf]
        pf, at = pf[ok], at[ok]
        rf = self.rows[at]
        ok = ords[pf] < self.end[rf]
        pf, rf = pf[ok], rf[ok]
        # overlapping intervals: every row of the geometry, then the date filter
        ps, gs = p[~fast], g[~fast]
        n = self.row_ptr[gs + 1] - self.row_ptr[gs]
        ps = np.repeat(ps, n)
        rs = self.rows[_ranges(self.row_ptr[gs], n)]
        ok = (self.start[rs] <= ords[ps]) & (ords[ps] < self.end[rs])
        p, r = np.concatenate([pf, ps[ok]]), np.concatenate([rf, rs[ok]])
        # one exact test per (point, geometry)
        g = self.geom_of[r]
        key = p * len(self.geoms) + g
        tests, back = np.unique(key, return_inverse=True)
        tp, tg = tests // len(self.geoms), tests % len(self.geoms)
        hit = shapely.intersects_xy(self.geoms[tg], x[tp], y[tp])[back.reshape(-1)]
        p, r = p[hit], r[hit]
        order = np.lexsort((self.rank[r], p))
        return p[order], r[order]


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(s, s + c)`` for each start ``s`` and count ``c``."""
    total = int(counts.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + offsets


class Atlas:
    """All layers of one ``geodata/`` folder, validated and indexed, with their documents.

    Build it with :meth:`load`; the frame is read-only by convention.
    """

    def __init__(
        self,
        features: gpd.GeoDataFrame,
        *,
        root: Path | None = None,
        basemap: dict[str, gpd.GeoDataFrame] | None = None,
        problems: Sequence[Problem] = (),
        references: dict[str, bibliography.Reference] | None = None,
        coverage_checked: bool = False,
    ):
        self.features = features
        #: Whether the control pieces passed :meth:`load`'s coverage check (no overlaps, the
        #: land covered): the display can then simplify them as a coverage without checking
        #: again (:func:`spheremap.render.display_geometries`).
        self.coverage_checked = coverage_checked
        self.root = root
        self.basemap = basemap or {}
        self.problems = tuple(problems)
        self._start = features["_start"].to_numpy()
        self._end = features["_end"].to_numpy()
        #: The folder's bibliography by key (empty when it has none).
        self.references = dict(references or {})
        # Per-day results shared by every caller (all app sessions), bounded by bytes; the
        # condition makes concurrent callers of the same day wait for one computation.
        self._control_cache = _frame_cache(CONTROL_CACHE_BYTES)
        self._fronts_cache = _frame_cache(FRONTS_CACHE_BYTES)
        self._cache_cond = threading.Condition(threading.RLock())

    @classmethod
    def load(cls, root: Path | str | None = None, *, strict: bool = True) -> Atlas:
        """Read, validate and index every layer under ``root`` (default: the bundled data).

        Parameters
        ----------
        root : path, optional
            A ``geodata/`` folder with ``layers/`` (and optionally ``basemap/``, ``documents/``).
        strict : bool
            Raise on the first validation problem (default). With ``False`` the invalid
            features are left out and listed in :attr:`problems`.

        Raises
        ------
        DataError
            If a layer is unreadable or, when ``strict``, breaks the model.
        """
        root = Path(root) if root is not None else layers.default_root()
        basemap = layers.read_basemap(root)
        result = layers.load(layers.layer_files(root), layers.mapped_land(basemap))
        references = bibliography.read_folder(root)
        problems = list(result.problems)
        if references is not None:
            once = result.frame.drop_duplicates("id")
            problems += bibliography.unresolved(
                (
                    (str(root / "layers" / f"{layer}.geojson"), fid, sources)
                    for layer, fid, sources in zip(
                        once["layer"], once["id"], once["sources"], strict=True
                    )
                ),
                references,
            )
        if strict and problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more; run 'spheremap validate')"
            raise DataError(
                first.path,
                (f"[{first.feature_id}] " if first.feature_id else "")
                + first.message
                + (more if len(problems) > 1 else ""),
            )
        return cls(
            result.frame,
            root=root,
            basemap=basemap,
            problems=problems,
            references=references,
            coverage_checked=not problems,  # every check passed, the coverage's included
        )

    # ------------------------------------------------------------ geometry
    @cached_property
    def detail_area(self):
        """Where control keeps full detail on the map: the sector cities plus about 2 km.

        ``None`` when the atlas has no sectors.
        """
        sectors = self.features.geometry[self.features["kind"] == "sector"].to_numpy()
        if len(sectors) == 0:
            return None
        return shapely.buffer(shapely.union_all(sectors), DETAIL_MARGIN)

    @cached_property
    def sea(self):
        """The sea around the control coverage (see :func:`layers.sea_around`), or ``None``."""
        control = self.features[self.features["kind"] == "control"]
        if control.empty or "piece" not in control:
            return None
        return layers.sea_around(control.drop_duplicates("piece").geometry.to_numpy())

    # ----------------------------------------------------------------- time
    def change_dates(self, kinds: Sequence[str] | None = None) -> list[date]:
        """Days in the modelled range at which any feature of ``kinds`` starts or ends.

        With ``line`` among the kinds, also the days on which a front derived from control
        may change (:meth:`front_change_dates`): the map's lines change then too.
        """
        kinds = _check_kinds(kinds)
        return list(self._changes(tuple(k for k in KINDS if k in kinds)))

    @lru_cache(maxsize=64)  # noqa: B019 - the atlas lives for the whole process
    def _changes(self, kinds: tuple[str, ...]) -> tuple[date, ...]:
        frame = self._of_kinds(kinds)
        days = sm_time.change_dates(frame["start_date"], frame["end_date"])
        if "line" in kinds and self.authored_fronts:
            days = sorted(set(days) | set(self._front_changes))
        return tuple(days)

    def previous_change(self, day: date) -> date | None:
        """The last day before ``day`` at which the map changes."""
        return sm_time.previous_change(day, self.change_dates())

    def next_change(self, day: date) -> date | None:
        """The first day after ``day`` at which the map changes."""
        return sm_time.next_change(day, self.change_dates())

    # ------------------------------------------------------------ features
    def _of_kinds(self, kinds: tuple[str, ...]) -> gpd.GeoDataFrame:
        if kinds == KINDS:
            return self.features
        return self.features[self.features["kind"].isin(kinds)]

    def _valid_mask(self, day: date) -> np.ndarray:
        o = day.toordinal()
        return (self._start <= o) & (o < self._end)

    def features_at(self, day: date, kinds: Sequence[str] | None = None) -> gpd.GeoDataFrame:
        """The rows valid on ``day`` (control rows: one per piece), optionally of some kinds."""
        kinds = _check_kinds(kinds)
        mask = self._valid_mask(day) & self.features["kind"].isin(kinds).to_numpy()
        return self.features[mask]

    def feature(self, feature_id: str) -> gpd.GeoDataFrame:
        """All rows carrying ``feature_id`` (a control claim spans several pieces and intervals).

        Raises
        ------
        InputError
            If no feature has that id.
        """
        rows = self.features[self.features["id"] == feature_id]
        if rows.empty:
            raise InputError(f"no feature with id {feature_id!r}")
        return rows

    def sources_of(self, feature_id: str) -> list[tuple[str, bibliography.Reference | None]]:
        """Each ``sources`` entry of a feature with its full reference (``None`` if unknown).

        Raises
        ------
        InputError
            If no feature has that id.
        """
        entries = self.feature(feature_id)["sources"].iloc[0]
        return [(e, self.references.get(bibliography.source_key(e))) for e in entries]

    def drop_caches(self) -> None:
        """Forget the cached control and front snapshots (they are rebuilt when asked again).

        The explorer calls this when no session is left (:func:`spheremap.launcher.shed_idle`).
        """
        with self._cache_cond:
            self._control_cache.clear()
            self._fronts_cache.clear()

    def control_at(self, day: date) -> gpd.GeoDataFrame:
        """Control on ``day`` dissolved by claim: one row per claim holding land that day."""
        snap = sm_time.snapshot_day(day, self.change_dates(["control"]))
        return self._control_snapshot(snap).copy()

    @cachetools.cachedmethod(
        lambda self: self._control_cache,
        lock=lambda self: self._cache_cond,
        condition=lambda self: self._cache_cond,
        info=True,
    )
    def _control_snapshot(self, day: date) -> gpd.GeoDataFrame:
        rows = self.features_at(day, ["control"])
        if rows.empty:
            return rows.drop(columns=["piece"])
        keys = [
            *("id", "name", "power", "status", "start_date", "end_date", "date_precision"),
            *OPTIONAL_PROPERTIES,
        ]
        parts = []
        for (claim, power, status), group in rows.groupby(["id", "power", "status"], sort=True):
            first = group.iloc[0]
            geom = layers.union_pieces(group.geometry.to_numpy())
            parts.append(
                {
                    **{k: first[k] for k in keys},
                    "id": claim,
                    "power": power,
                    "status": status,
                    # the claim's own interval may be wider than this piece's entry
                    "start_date": group["start_date"].min(),
                    "end_date": None if group["end_date"].isna().any() else group["end_date"].max(),
                    "kind": "control",
                    "sources": tuple(sorted({s for ss in group["sources"] for s in ss})),
                    "note": first["note"],
                    "layer": first["layer"],
                    "geometry": geom,
                }
            )
        return gpd.GeoDataFrame(parts, geometry="geometry", crs=4326)

    # -------------------------------------------------------------- fronts
    @cached_property
    def authored_fronts(self) -> tuple[sm_fronts.AuthoredFront, ...]:
        """The authored front lines by theatre and date (see :mod:`spheremap.fronts`)."""
        return sm_fronts.authored_fronts(self.features)

    def front_change_dates(self) -> list[date]:
        """The days on which a derived front may change (control, sides, authored fronts)."""
        return list(self._front_changes)

    @cached_property
    def _front_changes(self) -> tuple[date, ...]:
        days = sm_fronts.change_dates(self.authored_fronts, self.change_dates(["control"]))
        days = {sm_time.RANGE_START, *days}  # like every change list: never empty
        return tuple(sorted(d for d in days if sm_time.RANGE_START <= d < sm_time.RANGE_END))

    def fronts_at(self, day: date) -> gpd.GeoDataFrame:
        """Front lines derived from control on ``day``: one row per theatre with a front.

        The shared boundary of Axis-held and Allied-held land that day (see
        :mod:`spheremap.fronts`), so it agrees with :meth:`control_at` by construction. Rows
        carry the feature properties plus ``theatre`` and ``precision_km``; the row is valid
        over the whole snapshot (``start_date`` to ``end_date``) that ``day`` falls in.
        """
        changes = self.front_change_dates()
        snap = sm_time.snapshot_day(day, changes)
        return self._fronts_snapshot(snap).copy()

    @cachetools.cachedmethod(
        lambda self: self._fronts_cache,
        lock=lambda self: self._cache_cond,
        condition=lambda self: self._cache_cond,
        info=True,
    )
    def _fronts_snapshot(self, day: date) -> gpd.GeoDataFrame:
        changes = self.front_change_dates()
        end = sm_time.next_change(day, changes) or sm_time.RANGE_END
        return sm_fronts.derive_fronts(
            self.piece_edges, self.piece_sides(day), self._western, self.authored_fronts, day, end
        )

    def front_pairs_at(self, day: date) -> dict[str, np.ndarray]:
        """Per theatre, the indices of :attr:`piece_edges` pairs on a front on ``day``."""
        return sm_fronts.front_pairs(
            self.piece_edges, self.piece_sides(day), self._western, self.authored_fronts, day
        )

    @cached_property
    def piece_index(self) -> dict[str, int]:
        """Control piece id -> its number in :attr:`piece_edges` (frame order)."""
        firsts = self.features[self.features["kind"] == "control"].drop_duplicates("piece")
        return {p: i for i, p in enumerate(firsts["piece"])}

    @cached_property
    def piece_edges(self) -> sm_fronts.Edges:
        """The edges control pieces share; pieces numbered in frame order (first rows)."""
        firsts = self.features[self.features["kind"] == "control"].drop_duplicates("piece")
        return sm_fronts.shared_edges(firsts.geometry.to_numpy())

    @cached_property
    def _western(self) -> np.ndarray:
        return sm_fronts.western_theatres(self.piece_edges, self.authored_fronts)

    @cached_property
    def _control_claims(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
        """Control rows (positions), their pieces and claims (codes into the list of claims)."""
        rows = np.flatnonzero((self.features["kind"] == "control").to_numpy())
        frame = self.features.iloc[rows]
        index = self.piece_index
        pieces = np.array([index[p] for p in frame["piece"].tolist()], dtype=np.int64)
        keys = list(zip(frame["power"].tolist(), frame["id"].tolist(), strict=True))
        claims = sorted(set(keys))
        code_of = {k: i for i, k in enumerate(claims)}
        codes = np.array([code_of[k] for k in keys], dtype=np.int64)
        return rows, pieces, codes, claims

    def piece_sides(self, day: date) -> np.ndarray:
        """Per control piece (in frame order), its side code on ``day`` (see ``fronts``)."""
        rows, pieces, codes, claims = self._control_claims
        o = day.toordinal()
        valid = (self._start[rows] <= o) & (o < self._end[rows])
        return sm_fronts.piece_sides(
            len(self.piece_index), pieces[valid], codes[valid], claims, day
        )

    # --------------------------------------------------------------- where
    def where(self, lon: float, lat: float, day: date) -> list[Match]:
        """The features valid on ``day`` whose geometry contains the point (lon, lat).

        Points on a shared border answer both sides; lines and events answer only when
        the point lies on them exactly, so in practice polygons answer.
        """
        return self.where_many([lon], [lat], [day])[0]

    def where_many(
        self, lons: Sequence[float], lats: Sequence[float], days: Sequence[date]
    ) -> list[list[Match]]:
        """Vectorised :meth:`where`: one list of matches per input point, in input order.

        Each list is sorted by kind (in :data:`~spheremap.model.KINDS` order), then id. The
        :class:`~spheremap.model.Match` objects are shared between answers (they are frozen).

        Raises
        ------
        InputError
            On coordinates out of range or inputs of different lengths.
        """
        if not len(lons) == len(lats) == len(days):
            raise InputError("lons, lats and days must have the same length")
        x = np.asarray(lons, dtype=float).reshape(-1)
        y = np.asarray(lats, dtype=float).reshape(-1)
        bad = ~(np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90))
        if bad.any():
            i = int(np.argmax(bad))
            _check_point(float(x[i]), float(y[i]))
        ords = np.fromiter((d.toordinal() for d in days), dtype=np.int64, count=len(x))
        points, rows = self._where_pairs(x, y, ords)
        cache = self._match_cache
        missing = [r for r in np.unique(rows).tolist() if cache[r] is None]
        for r in missing:
            cache[r] = _match(self._match_columns, r)
        matches = list(map(cache.__getitem__, rows.tolist()))
        cuts = np.searchsorted(points, np.arange(len(x) + 1)).tolist()
        return [_once(matches[a:b]) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]

    def _where_pairs(
        self, x: np.ndarray, y: np.ndarray, ords: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(point, row) pairs where the row is valid on the point's day and its geometry
        intersects the point, sorted by point, then kind, id and row (see :class:`_WhereIndex`).
        """
        index = self._where_index
        parts = [
            index.pairs(
                x[s : s + _WHERE_SLICE], y[s : s + _WHERE_SLICE], ords[s : s + _WHERE_SLICE]
            )
            for s in range(0, len(x), _WHERE_SLICE)
        ]
        if not parts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        starts = range(0, len(x), _WHERE_SLICE)
        return (
            np.concatenate([p + s for (p, _), s in zip(parts, starts, strict=True)]),
            np.concatenate([r for _, r in parts]),
        )

    @cached_property
    def _where_index(self) -> _WhereIndex:
        return _WhereIndex.build(
            self.features.geometry.to_numpy(),
            self._start,
            self._end,
            self.features["kind"].tolist(),
            self.features["id"].tolist(),
        )

    @cached_property
    def _match_columns(self) -> dict[str, list]:
        return {c: self.features[c].tolist() for c in FEATURE_PROPERTIES}

    @cached_property
    def _match_cache(self) -> list[Match | None]:
        return [None] * len(self.features)

    @cached_property
    def _mapped_land(self):
        land = layers.mapped_land(self.basemap)
        if land is not None:
            shapely.prepare(land)
        return land

    def on_mapped_land(self, lon: float, lat: float) -> bool | None:
        """Whether (lon, lat) lies on the basemap's land (which control must cover).

        ``None`` when the atlas has no ``land`` basemap, so it cannot tell.
        """
        land = self._mapped_land
        if land is None:
            return None
        return bool(shapely.intersects_xy(land, float(lon), float(lat)))

    def mapped_many(
        self, lons: Sequence[float], lats: Sequence[float], answers: Sequence[Sequence[Match]]
    ) -> list[bool | None]:
        """Whether each point lies in the mapped region, given its :meth:`where_many` answers.

        A point that some control piece answers is mapped (the coastal pieces reach a little
        into the sea); any other point is mapped when it lies on the basemap's land (it then
        answers no control only on a day outside every piece, which the build rules out). ``None``
        for a point without control when the atlas has no ``land`` basemap, so it cannot tell.
        """
        if not len(lons) == len(lats) == len(answers):
            raise InputError("lons, lats and answers must have the same length")
        out: list[bool | None] = [any(m.kind == "control" for m in ms) or None for ms in answers]
        rest = [i for i, known in enumerate(out) if known is None]
        land = self._mapped_land
        if rest and land is not None:
            x = np.asarray(lons, dtype=float)[rest]
            y = np.asarray(lats, dtype=float)[rest]
            for i, on in zip(rest, shapely.intersects_xy(land, x, y).tolist(), strict=True):
                out[i] = bool(on)
        return out

    # ------------------------------------------------ places and changes
    def history(
        self, lon: float, lat: float, *, event_radius_km: float = sm_history.EVENT_RADIUS_KM
    ) -> sm_history.PlaceHistory:
        """Every span of every kind that held ``(lon, lat)`` over the range, and events near it.

        See :func:`spheremap.history.place_history`.
        """
        return sm_history.place_history(
            self.features, lon, lat, tree=self._row_tree, event_radius_km=event_radius_km
        )

    @cached_property
    def _row_tree(self) -> shapely.STRtree:
        """An index over every row's geometry (built on the first place history)."""
        return shapely.STRtree(self.features.geometry.to_numpy())

    def compare(self, start: date, end: date) -> sm_history.Comparison:
        """What changed hands between two days: area per power and the changed ground.

        Raises
        ------
        InputError
            If a day lies outside the mapped range.
        """
        for day in (start, end):
            if not sm_time.RANGE_START <= day < sm_time.RANGE_END:
                raise InputError(
                    f"{day.isoformat()} is outside the mapped range "
                    f"({sm_time.RANGE_START.isoformat()} to "
                    f"{(sm_time.RANGE_END - timedelta(days=1)).isoformat()})"
                )
        return sm_history.compare(
            self.features_at(start, ["control"]), self.features_at(end, ["control"]), start, end
        )

    # ----------------------------------------------------------- documents
    @cached_property
    def corpus(self):
        """The bundled documents linked to this atlas's features (see :mod:`spheremap.links`)."""
        return links.Corpus.load(self)
