"""The loaded atlas and its queries: what held where on which day, and what the texts say.

Load once (layers validated, spatial index built), then ask pure questions:

>>> atlas = Atlas.load()                                          # doctest: +SKIP
>>> [m.power for m in atlas.where(13.40, 52.52, date(1945, 10, 1))]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from spheremap import bibliography, layers
from spheremap import fronts as sm_fronts
from spheremap import time as sm_time
from spheremap.model import KINDS, DataError, InputError, Match, Problem

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


def _match(row) -> Match:
    return Match(
        id=row.id,
        name=row.name,
        kind=row.kind,
        power=row.power,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        date_precision=row.date_precision,
        sources=tuple(row.sources),
        note=row.note or "",
    )


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
    ):
        self.features = features
        self.root = root
        self.basemap = basemap or {}
        self.problems = tuple(problems)
        self._start = features["_start"].to_numpy()
        self._end = features["_end"].to_numpy()
        #: The folder's bibliography by key (empty when it has none).
        self.references = dict(references or {})

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
            result.frame, root=root, basemap=basemap, problems=problems, references=references
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

    def control_at(self, day: date) -> gpd.GeoDataFrame:
        """Control on ``day`` dissolved by claim: one row per claim holding land that day."""
        snap = sm_time.snapshot_day(day, self.change_dates(["control"]))
        return self._control_snapshot(snap).copy()

    @lru_cache(maxsize=64)  # noqa: B019 - the atlas lives for the whole process
    def _control_snapshot(self, day: date) -> gpd.GeoDataFrame:
        rows = self.features_at(day, ["control"])
        if rows.empty:
            return rows.drop(columns=["piece"])
        keys = ["id", "name", "power", "status", "start_date", "end_date", "date_precision"]
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

    @lru_cache(maxsize=64)  # noqa: B019 - the atlas lives for the whole process
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
        for r in np.unique(rows).tolist():
            if cache[r] is None:
                cache[r] = _match(self._rows[r])
        out: list[list[Match]] = [[] for _ in range(len(x))]
        for p, r in zip(points.tolist(), rows.tolist(), strict=True):
            out[p].append(cache[r])
        return out

    def _where_pairs(
        self, x: np.ndarray, y: np.ndarray, ords: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(point, row) pairs where row is valid on the point's day and its geometry
        intersects the point, sorted by point, then kind, id and row.

        The features share few geometries (a control piece has one row per holder), so the
        index holds each distinct geometry once, prepared. The bounding-box candidates are
        expanded to their rows and filtered by date first; only the (point, geometry) pairs
        still left are tested exactly.
        """
        geoms, tree, indptr, rows_of, geom_of, rank = self._where_index
        p, g = tree.query(shapely.points(x, y))
        # expand each (point, geometry) candidate to the rows that carry the geometry
        n_rows = indptr[g + 1] - indptr[g]
        p = np.repeat(p, n_rows)
        offset = np.arange(len(p)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
        r = rows_of[np.repeat(indptr[g], n_rows) + offset]
        valid = (self._start[r] <= ords[p]) & (ords[p] < self._end[r])
        p, r = p[valid], r[valid]
        g = geom_of[r]
        # the rows of one candidate are adjacent: test each (point, geometry) pair once
        first = np.ones(len(p), dtype=bool)
        first[1:] = (p[1:] != p[:-1]) | (g[1:] != g[:-1])
        at = np.flatnonzero(first)
        hit = shapely.intersects(geoms[g[at]], shapely.points(x[p[at]], y[p[at]]))
        keep = hit[np.cumsum(first) - 1]
        p, r = p[keep], r[keep]
        order = np.lexsort((rank[r], p))
        return p[order], r[order]

    @cached_property
    def _where_index(self):
        """Distinct geometries (prepared) in an STRtree, with their rows (CSR) and ranks."""
        frame_geoms = self.features.geometry.to_numpy()
        # rows share a geometry when they share the object (a piece's rows, see layers.load)
        _, first, geom_of = np.unique(
            np.fromiter((id(g) for g in frame_geoms), dtype=np.int64, count=len(frame_geoms)),
            return_index=True,
            return_inverse=True,
        )
        geom_of = geom_of.reshape(-1)
        geoms = frame_geoms[first]
        shapely.prepare(geoms)
        rows_of = np.argsort(geom_of, kind="stable")
        indptr = np.concatenate([[0], np.cumsum(np.bincount(geom_of, minlength=len(geoms)))])
        kind_rank = {k: i for i, k in enumerate(KINDS)}
        keys = zip((kind_rank[k] for k in self.features["kind"]), self.features["id"], strict=True)
        by = [i for _, i in sorted((key, i) for i, key in enumerate(keys))]
        rank = np.empty(len(by), dtype=np.int64)
        rank[by] = np.arange(len(by))
        return geoms, shapely.STRtree(geoms), indptr, rows_of, geom_of, rank

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

    @cached_property
    def _rows(self) -> list:
        return list(self.features.itertuples(index=False))

    # ----------------------------------------------------------- documents
    @cached_property
    def corpus(self):
        """The bundled documents linked to this atlas's features (see :mod:`spheremap.links`)."""
        from spheremap import links

        return links.Corpus.load(self)
