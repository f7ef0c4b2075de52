"""Flat features of the war, 1941-06-22 to 1945-07-01: the front lines and the events.

Fronts (kind ``line``, status ``frontline``, power ``contested``) come from the same authored
sources as the control claims (``geodata/sources/war_1941_1945``); each is valid from its date
to the next front of its theatre, with its ``theatre`` and stated ``precision_km`` (also told in
``note`` for readers). Events are the rows of
the shared ``geodata/sources/events/events.csv`` that start in this module's period.
"""

from __future__ import annotations

import csv
from datetime import date

import shapely
from shapely.geometry import LineString, mapping
from shapely.geometry.base import BaseGeometry

from geobuild.claims_1941_1945 import (
    FRONTS_CSV,
    ITALY_CSV,
    META_CSV,
    WEST_CSV,
    FrontMeta,
    _source,
    period,
    read_fronts,
    read_meta,
    west_snapshots,
)
from spheremap.model import DataError

#: Events written by this module: those starting after the war's start, before EVENTS_END ...
EVENTS_END = date(1945, 7, 1)
#: ... except the conferences the settlement module writes.
SETTLEMENT_EVENTS = ("event-1943-tehran", "event-1944-london-protocol", "event-1945-yalta")

THEATRE_NAMES = {"east": "Eastern Front", "italy": "Italian front", "west": "Western Front"}


def _rounded(obj, nd: int = 3):
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, (list, tuple)):
        return [_rounded(x, nd) for x in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v, nd) for k, v in obj.items()}
    return obj


def front_feature(
    theatre: str, day: date, end: date, geom: BaseGeometry, meta: FrontMeta | None
) -> dict:
    """One dated front line as a GeoJSON Feature.

    Parameters
    ----------
    theatre : str
        ``east``, ``italy`` or ``west``.
    day, end : date
        Valid ``[day, end)``.
    geom : BaseGeometry
        The line.
    meta : FrontMeta or None
        Stated precision and sources; required.

    Returns
    -------
    dict

    Raises
    ------
    DataError
        If the front has no row in ``front_meta.csv``.
    """
    if meta is None:
        raise DataError(META_CSV, f"no precision stated for the {theatre} front of {day}")
    note = (
        f"Stated precision: about {meta.precision_km} km (vertices H/M where a source places "
        f"them, L between). {meta.note}"
    )
    return {
        "type": "Feature",
        "geometry": _rounded(mapping(geom)),
        "properties": {
            "id": f"front-{theatre}-{day.isoformat()}",
            "name": meta.name,
            "kind": "line",
            "power": "contested",
            "status": "frontline",
            "start_date": day.isoformat(),
            "end_date": end.isoformat(),
            "date_precision": meta.date_precision,
            "sources": [_source(k) for k in meta.sources],
            "note": note,
            "theatre": theatre,
            "precision_km": meta.precision_km,
        },
    }


def front_features() -> list[dict]:
    """Every authored front (the start line of 22 June 1941 excepted).

    Returns
    -------
    list of dict
    """
    meta = read_meta(META_CSV)
    war = period("war")
    out = []
    for theatre, path in (("east", FRONTS_CSV), ("italy", ITALY_CSV)):
        fronts = read_fronts(path)
        days = sorted(fronts)
        for k, day in enumerate(days):
            if day == war.start:
                continue
            end = days[k + 1] if k + 1 < len(days) else war.end
            line = LineString([(v.lon, v.lat) for v in fronts[day]])
            out.append(front_feature(theatre, day, end, line, meta.get((theatre, day))))
    snaps = west_snapshots()
    segments = west_front_segments()
    for k, snap in enumerate(snaps[:-1]):  # the last is the line of contact (an east front)
        lines = segments.get(snap.day)
        if not lines:
            continue
        line = shapely.line_merge(shapely.MultiLineString(lines))
        out.append(front_feature("west", snap.day, snaps[k + 1].day, line, snap.meta))
    return out


def west_front_segments(path=WEST_CSV) -> dict[date, list[list[tuple[float, float]]]]:
    """The front parts of the Allied-area polygons: ring edges between two ``front`` vertices.

    Parameters
    ----------
    path : Path
        ``west_areas.csv``; its ``note`` is ``front`` or ``closure`` (sea, neutral border).

    Returns
    -------
    dict
        Date -> list of two-point segments.
    """
    rings: dict[str, list[tuple[int, float, float, bool]]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rings.setdefault(row["shape"], []).append(
                (int(row["seq"]), float(row["lon"]), float(row["lat"]), row["note"] == "front")
            )
    out: dict[date, list] = {}
    for name, pts in rings.items():
        pts.sort()
        day = date.fromisoformat(name.split("#")[0])
        for (_, x0, y0, f0), (_, x1, y1, f1) in zip(pts, pts[1:] + pts[:1], strict=True):
            if f0 and f1:
                out.setdefault(day, []).append([(x0, y0), (x1, y1)])
    return out


def event_features() -> list[dict]:
    """Events of 1941-06-22 to 1945-06-30 from the shared table.

    Returns
    -------
    list of dict
    """
    from geobuild.features_1938_1941 import read_events

    return [
        f
        for f in read_events()
        # events starting on 22 June 1941 (Barbarossa) belong to the 1938-1941 layer
        if period("war").start < date.fromisoformat(f["properties"]["start_date"]) < EVENTS_END
        and f["properties"]["id"] not in SETTLEMENT_EVENTS
    ]


def features() -> list[dict]:
    """Every flat feature of this module: fronts and events.

    Returns
    -------
    list of dict
        GeoJSON Feature dicts with the full property set.
    """
    return [*front_features(), *event_features()]
