"""The loaded atlas and its queries: what held where on which day, and what the texts say.

Load once (layers validated, spatial index built), then ask pure questions:

>>> atlas = Atlas.load()                                          # doctest: +SKIP
>>> [m.power for m in atlas.where(13.40, 52.52, date(1945, 10, 1))]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from spheremap import bibliography, layers
from spheremap import fronts as sm_fronts
from spheremap import history as sm_history
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
        self._tree = shapely.STRtree(features.geometry.to_numpy())
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

        Raises
        ------
        InputError
            On coordinates out of range or inputs of different lengths.
        """
        if not len(lons) == len(lats) == len(days):
            raise InputError("lons, lats and days must have the same length")
        for lon, lat in zip(lons, lats, strict=True):
            _check_point(float(lon), float(lat))
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        p_idx, f_idx = self._tree.query(points, predicate="intersects")
        ords = np.array([d.toordinal() for d in days], dtype=np.int64)
        ok = (self._start[f_idx] <= ords[p_idx]) & (ords[p_idx] < self._end[f_idx])
        p_idx, f_idx = p_idx[ok], f_idx[ok]
        order = np.lexsort((f_idx, p_idx))
        out: list[list[Match]] = [[] for _ in range(len(points))]
        rows = self._rows
        kind_rank = {k: i for i, k in enumerate(KINDS)}
        for p, f in zip(p_idx[order], f_idx[order], strict=True):
            out[p].append(_match(rows[f]))
        for matches in out:
            matches.sort(key=lambda m: (kind_rank[m.kind], m.id))
        return out

    @cached_property
    def _rows(self) -> list:
        return list(self.features.itertuples(index=False))

    # ------------------------------------------------ places and changes
    def history(
        self, lon: float, lat: float, *, event_radius_km: float = sm_history.EVENT_RADIUS_KM
    ) -> sm_history.PlaceHistory:
        """Every span of every kind that held ``(lon, lat)`` over the range, and events near it.

        See :func:`spheremap.history.place_history`.
        """
        return sm_history.place_history(
            self.features, lon, lat, tree=self._tree, event_radius_km=event_radius_km
        )

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
        from spheremap import links

        return links.Corpus.load(self)
