"""A place through time and two days compared: pure functions over the features frame.

* :func:`place_history`: every dated span of every kind that holds a point over the whole
  range (who held it, in whose sphere, zone or sector it lay), in order, with the events near
  it;
* :func:`compare`: what changed hands between two days, per power (area gained, lost and net)
  and as pieces (from-power, to-power, area).

Areas are computed in an equal-area projection, :data:`EQUAL_AREA_CRS` (EPSG:6933, WGS 84 /
NSIDC EASE-Grid 2.0 Global, a cylindrical equal-area projection valid worldwide), on the
atlas's own (simplified) control coverage: they are as good as its coastlines and borders,
typically within a few per cent for a country-sized area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from spheremap.model import KIND_TABLE, KINDS, InputError

#: Equal-area projection of every area this module reports.
EQUAL_AREA_CRS = "EPSG:6933"

#: Kinds that hold areas (a point lies in them); lines never hold a point, events are near it.
AREAL_KINDS: tuple[str, ...] = tuple(k.name for k in KIND_TABLE if k.areal)

#: Default distance (km) within which an event counts as near a place.
EVENT_RADIUS_KM = 50.0


@dataclass(frozen=True)
class Span:
    """One feature holding a place over a half-open interval ``[start_date, end_date)``."""

    start_date: date
    end_date: date | None
    kind: str
    power: str
    status: str
    id: str
    name: str
    date_precision: str

    def as_dict(self) -> dict:
        return {
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "kind": self.kind,
            "power": self.power,
            "status": self.status,
            "id": self.id,
            "name": self.name,
            "date_precision": self.date_precision,
        }


@dataclass(frozen=True)
class NearbyEvent:
    """An event within reach of a place, with its distance."""

    span: Span
    distance_km: float

    def as_dict(self) -> dict:
        return {**self.span.as_dict(), "distance_km": round(self.distance_km, 1)}


@dataclass(frozen=True)
class PlaceHistory:
    """Everything the atlas knows about one point, over its whole range."""

    lon: float
    lat: float
    spans: tuple[Span, ...]
    events: tuple[NearbyEvent, ...] = ()

    def holders(self, kind: str = "control") -> tuple[Span, ...]:
        """The spans of one kind, in date order."""
        return tuple(s for s in self.spans if s.kind == kind)

    def at(self, day: date) -> tuple[Span, ...]:
        """The spans that hold the point on ``day``."""
        return tuple(
            s
            for s in self.spans
            if s.start_date <= day and (s.end_date is None or day < s.end_date)
        )

    def feature_ids(self) -> tuple[str, ...]:
        """Ids of every span and nearby event, each once, in order."""
        ids = [s.id for s in self.spans] + [e.span.id for e in self.events]
        return tuple(dict.fromkeys(ids))

    def as_dict(self) -> dict:
        return {
            "lon": self.lon,
            "lat": self.lat,
            "spans": [s.as_dict() for s in self.spans],
            "events": [e.as_dict() for e in self.events],
        }


def _span(row) -> Span:
    end = row["end_date"]
    return Span(
        row["start_date"],
        None if end is None or (isinstance(end, float) and np.isnan(end)) else end,
        str(row["kind"]),
        str(row["power"]),
        str(row["status"]),
        str(row["id"]),
        str(row["name"]),
        str(row["date_precision"]),
    )


def _check_point(lon: float, lat: float) -> None:
    if not (np.isfinite(lon) and np.isfinite(lat)) or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputError(f"({lon}, {lat}) is not a longitude/latitude pair in degrees")


def place_history(
    features: gpd.GeoDataFrame,
    lon: float,
    lat: float,
    *,
    tree: shapely.STRtree | None = None,
    event_radius_km: float = EVENT_RADIUS_KM,
) -> PlaceHistory:
    """The ordered spans of every areal kind holding ``(lon, lat)``, and the events near it.

    Parameters
    ----------
    features : GeoDataFrame
        The atlas's features frame (one row per feature, one per control piece entry).
    lon, lat : float
        The place, in degrees.
    tree : STRtree, optional
        An index over ``features.geometry`` (the atlas keeps one); built if not given.
    event_radius_km : float
        Events whose point lies within this distance are listed, nearest first.

    Returns
    -------
    PlaceHistory
        Spans sorted by kind (in :data:`~spheremap.model.KINDS` order), then start date, then
        id. Consecutive spans of one control claim (a claim crossing two entries of the
        piece's timeline) are joined.
    """
    _check_point(lon, lat)
    if tree is None:
        tree = shapely.STRtree(features.geometry.to_numpy())
    point = Point(lon, lat)
    hits = tree.query(point, predicate="intersects")
    rows = features.iloc[np.sort(hits)]
    rows = rows[rows["kind"].isin(AREAL_KINDS)]
    order = {k: i for i, k in enumerate(KINDS)}
    spans = sorted(
        (_span(r) for _, r in rows.iterrows()),
        key=lambda s: (order[s.kind], s.start_date, s.id),
    )
    joined: list[Span] = []
    for s in spans:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.id == s.id
            and last.kind == s.kind
            and last.end_date == s.start_date
        ):
            joined[-1] = Span(
                last.start_date, s.end_date, s.kind, s.power, s.status, s.id, s.name,
                last.date_precision,
            )  # fmt: skip
        else:
            joined.append(s)
    events = features[features["kind"] == "event"]
    near: list[NearbyEvent] = []
    if not events.empty and event_radius_km > 0:
        # distance on the sphere's surface, with an equirectangular step (events are points)
        geoms = events.geometry.to_numpy()
        ex, ey = shapely.get_x(shapely.centroid(geoms)), shapely.get_y(shapely.centroid(geoms))
        dx = np.radians(ex - lon) * np.cos(np.radians((ey + lat) / 2))
        dy = np.radians(ey - lat)
        km = 6371.0 * np.hypot(dx, dy)
        for k in np.argsort(km, kind="stable"):
            if km[k] > event_radius_km:
                break
            near.append(NearbyEvent(_span(events.iloc[k]), float(km[k])))
    return PlaceHistory(float(lon), float(lat), tuple(joined), tuple(near))


@dataclass(frozen=True)
class PowerChange:
    """Control area (km²) a power gained and lost between two days."""

    power: str
    gained_km2: float
    lost_km2: float

    @property
    def net_km2(self) -> float:
        return self.gained_km2 - self.lost_km2

    def as_dict(self) -> dict:
        return {
            "power": self.power,
            "gained_km2": round(self.gained_km2),
            "lost_km2": round(self.lost_km2),
            "net_km2": round(self.net_km2),
        }


@dataclass(frozen=True, eq=False)
class Comparison:
    """What changed hands between ``start`` and ``end``.

    ``changes`` has one row per (from-power, to-power) pair with its ground dissolved:
    ``from_power, to_power, area_km2, geometry`` (EPSG:4326), largest first.
    """

    start: date
    end: date
    powers: tuple[PowerChange, ...]
    changes: gpd.GeoDataFrame = field(repr=False)

    def power(self, name: str) -> PowerChange:
        """The change of one power (zero if it neither gained nor lost)."""
        for p in self.powers:
            if p.power == name:
                return p
        return PowerChange(name, 0.0, 0.0)

    def lines(self, limit: int = 5) -> list[str]:
        """Plain-text lines: the powers with the largest changes (by size of the net change),
        ``"USSR: net +462,475 km² (gained 462,475, lost 0)"``; the rest counted."""
        ranked = sorted(self.powers, key=lambda p: -abs(p.net_km2))
        out = [
            f"{p.power}: net {p.net_km2:+,.0f} km² "
            f"(gained {p.gained_km2:,.0f}, lost {p.lost_km2:,.0f})"
            for p in ranked[:limit]
        ]
        if len(ranked) > limit:
            out.append(f"and {len(ranked) - limit} more powers")
        return out

    def as_dict(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "area_crs": EQUAL_AREA_CRS,
            "powers": [p.as_dict() for p in self.powers],
            "changes": [
                {"from_power": f, "to_power": t, "area_km2": round(a)}
                for f, t, a in zip(
                    self.changes["from_power"],
                    self.changes["to_power"],
                    self.changes["area_km2"],
                    strict=True,
                )
            ],
        }


def compare(
    control_start: gpd.GeoDataFrame, control_end: gpd.GeoDataFrame, start: date, end: date
) -> Comparison:
    """Compare control on two days, piece by piece.

    Parameters
    ----------
    control_start, control_end : GeoDataFrame
        The control rows valid on ``start`` and on ``end`` (one row per piece: columns
        ``piece``, ``power``, ``geometry``), as :meth:`Atlas.features_at` gives them.
    start, end : date
        The two days (any order is accepted; ``start`` is the "from" side).

    Returns
    -------
    Comparison
        Per power the area gained and lost (powers that changed nothing are left out,
        sorted by net change, largest gain first), and the changed ground by from/to power.
    """
    a = pd.DataFrame({"piece": control_start["piece"], "from_power": control_start["power"]})
    b = gpd.GeoDataFrame(
        {"piece": control_end["piece"].to_numpy(), "to_power": control_end["power"].to_numpy()},
        geometry=control_end.geometry.to_numpy(),
        crs=control_end.crs or 4326,
    )
    both = b.merge(a, on="piece", how="left")
    both["from_power"] = both["from_power"].fillna("none")
    moved = both[both["from_power"] != both["to_power"]]
    empty = gpd.GeoDataFrame(
        {"from_power": [], "to_power": [], "area_km2": []}, geometry=[], crs=4326
    )
    if moved.empty:
        return Comparison(start, end, (), empty)
    area = moved.to_crs(EQUAL_AREA_CRS).area.to_numpy() / 1e6
    moved = moved.assign(area_km2=area)
    changes = moved.dissolve(by=["from_power", "to_power"], aggfunc={"area_km2": "sum"})
    changes = changes.reset_index().sort_values("area_km2", ascending=False, kind="stable")
    changes = changes[["from_power", "to_power", "area_km2", "geometry"]].reset_index(drop=True)
    gained = moved.groupby("to_power")["area_km2"].sum()
    lost = moved.groupby("from_power")["area_km2"].sum()
    names = sorted(set(gained.index) | set(lost.index))
    powers = [PowerChange(p, float(gained.get(p, 0.0)), float(lost.get(p, 0.0))) for p in names]
    powers.sort(key=lambda p: (-p.net_km2, p.power))
    return Comparison(start, end, tuple(powers), changes)


# ----------------------------------------------------------------------------- timeline strip
@dataclass(frozen=True)
class StripSpan:
    """One span of a place's timeline strip: who held it from ``start`` until ``end``.

    ``left`` and ``width`` place it on the strip as fractions of the modelled range.
    """

    start: date
    end: date
    power: str
    status: str
    id: str
    name: str
    left: float
    width: float

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "power": self.power,
            "status": self.status,
            "id": self.id,
            "name": self.name,
            "left": round(self.left, 5),
            "width": round(self.width, 5),
        }


def strip_spans(
    history: PlaceHistory,
    kind: str = "control",
    start: date | None = None,
    end: date | None = None,
) -> tuple[StripSpan, ...]:
    """The spans of one kind holding the place, clipped to ``[start, end)`` and placed on a strip.

    ``start`` and ``end`` default to the modelled range (:data:`spheremap.time.RANGE_START`,
    :data:`~spheremap.time.RANGE_END`). Days no span holds are gaps (no span); an open-ended
    span ends at ``end``. Consecutive spans of one power (one holder under several claims, e.g.
    occupied, then annexed) are joined into one, named after the first.
    """
    from spheremap import time as sm_time

    lo = start or sm_time.RANGE_START
    hi = end or sm_time.RANGE_END
    if not lo < hi:
        raise InputError(f"strip end {hi.isoformat()} is not after its start {lo.isoformat()}")
    total = (hi - lo).days
    out = []
    for s in history.holders(kind):
        a = max(s.start_date, lo)
        b = min(s.end_date or hi, hi)
        if a >= b:
            continue
        last = out[-1] if out else None
        if last is not None and last.power == s.power and last.end == a:
            out[-1] = StripSpan(
                last.start, b, last.power, last.status, last.id, last.name, last.left,
                (b - last.start).days / total,
            )  # fmt: skip
            continue
        out.append(
            StripSpan(
                a, b, s.power, s.status, s.id, s.name, (a - lo).days / total, (b - a).days / total
            )
        )
    return tuple(out)
