"""The Soviet-Japanese war of August 1945 day by day: Manchuria, northern Korea, South Sakhalin.

Authored inputs in ``geodata/sources/far_east_1945`` (see its README):

- ``areas.csv``: the ground Soviet troops held on each phase date (12, 15, 17, 18, 19, 20,
  24 and 30 August 1945; the start line of 8 August is the border) as polygons (``shape`` = date, ``#a``/``#b`` for several parts). Phases are
  cumulative (a phase holds its own polygons and every earlier phase), and they are clipped to
  the theatre, so closure vertices may lie anywhere outside it (in the USSR, Mongolia, the
  sea);
- ``front_meta.csv``: each phase's name, stated precision (km), date precision and sources;
- ``captures.csv``: dated captures (the day a place was first Soviet-held);
- ``pockets.csv``: garrisons that fought on after the ground around them was taken (Hutou).

Between two phases the ground that changes hands is swept in dated bands by the Eastern
Front's engine (:func:`geobuild.claims_1941_1945.theatre_claims`): 0.1-degree cells get a
date interpolated by their distance to the two fronts and pulled to the captures within
60 km, in daily bands; a listed town changes hands on its listed day. Airborne landings far
ahead of the troops (Harbin, Changchun, Mukden) are small areas of their own. The front of a
phase is the edge of its area inside the theatre (coasts, borders and the 38th parallel are
not front).

Who holds what (vocabulary of the claims):

- Soviet-held ground is ``USSR`` ``occupied``. Mongolian People's Army divisions fought in the
  Soviet-Mongolian Cavalry-Mechanized Group under Soviet command (Pliyev), mostly in Chahar
  (Dolonnur, Kalgan), outside the mapped land; its vanguard took Chengde (Jehol) on 19 August.
  No area was under Mongolian rather than Soviet command, so none is drawn as ``Mongolia``.
- Manchuria not yet reached stays Manchukuo (the 1938 base) until Puyi's abdication of
  17 August; from 18 August it is Japanese-held (the Kwantung Army, ``Japan`` ``occupied``)
  until Soviet troops arrive. Most units surrendered on 19-20 August and waited to be disarmed.
- Korea and Karafuto not yet reached stay Japanese (the base); the Kwantung Leased Territory
  is not swept (the Port Arthur lease claim of :mod:`geobuild.claims_1945_1949` starts with the
  airborne landings of 22 August); the Kurils keep their dated island groups there.

The sweep ends on the last phase date (:func:`occupation_day`); from that day the occupation
claims of :mod:`geobuild.claims_1945_1949` hold. This module also writes the phase fronts as
``line`` features (status ``frontline``) into the 1945-1949 layer.
"""

from __future__ import annotations

import functools
from datetime import date

import shapely
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geobuild import SOURCES
from geobuild.base import FAR_EAST_BOX, ne, states_1938
from geobuild.claims import Claim, check_claims, claim_table, polygon, read_shapes
from geobuild.claims_1941_1945 import (
    Capture,
    Holder,
    Snapshot,
    _clean,
    _day,
    _inter,
    _union,
    read_captures,
    read_meta,
    read_pockets,
    theatre_claims,
)
from geobuild.claims_1941_1945 import holders as war_holders
from geobuild.features_1941_1945 import front_feature
from spheremap.model import DataError

FAR_EAST = SOURCES / "far_east_1945"
AREAS_CSV = FAR_EAST / "areas.csv"
META_CSV = FAR_EAST / "front_meta.csv"
CAPTURES_CSV = FAR_EAST / "captures.csv"
POCKETS_CSV = FAR_EAST / "pockets.csv"

#: Theatre key: prefix of the claim ids and the ``theatre`` column of ``front_meta.csv``.
THEATRE = "fareast"
#: The start line: war declared on the evening of 8 August, attack from 00:10 on 9 August.
START = date(1945, 8, 8)
#: Band width of the sweep: phases are days apart, so the bands are daily.
STEP_DAYS = 1
#: Width (degrees) of the strip along coasts and borders that is never front.
EDGE = 0.03
#: Front pieces shorter than this (degrees) are clipping noise.
MIN_FRONT = 0.05


@functools.lru_cache(maxsize=1)
def _theatre() -> tuple[tuple[str, BaseGeometry], ...]:
    s = states_1938()
    korea = ne("North Korea", "South Korea", window=FAR_EAST_BOX)
    north = shapely.intersection(korea, box(120.0, 38.0, 135.0, 44.0))
    return (
        ("manchuria", shapely.difference(s["manchukuo"], s["kwantung"])),
        ("north_korea", north),
        ("karafuto", s["karafuto"]),
        ("south_korea", shapely.difference(korea, north)),
    )


def theatre() -> dict[str, BaseGeometry]:
    """The swept ground by holder key, and Korea south of the 38th parallel.

    Returns
    -------
    dict
        A fresh dict: ``manchuria`` (Manchukuo without the Kwantung Leased Territory),
        ``north_korea`` (Korea north of the 38th parallel), ``karafuto``, ``south_korea``.
    """
    return dict(_theatre())


@functools.lru_cache(maxsize=1)
def region() -> BaseGeometry:
    """All ground the sweep covers (Manchuria, North Korea, Karafuto).

    Returns
    -------
    BaseGeometry
    """
    t = theatre()
    return _clean(_union(t["manchuria"], t["north_korea"], t["karafuto"]))


def start_line() -> BaseGeometry:
    """The theatre's land borders with the USSR and Mongolia: the line the sweep starts from.

    Returns
    -------
    BaseGeometry
    """
    s = states_1938()
    soviet = shapely.union_all([s["ussr"], ne("Mongolia", window=FAR_EAST_BOX)])
    return _front_pieces(shapely.intersection(region().boundary, soviet.buffer(EDGE)))


def front_line(area: BaseGeometry) -> BaseGeometry:
    """The front of a Soviet-held area: its edge inside the theatre.

    Parameters
    ----------
    area : BaseGeometry
        Soviet-held ground (inside :func:`region`).

    Returns
    -------
    BaseGeometry
        Lines; empty when the area has no edge inside the theatre.
    """
    if area.is_empty:
        return shapely.MultiLineString()
    edge = shapely.difference(area.boundary, region().boundary.buffer(EDGE))
    return _front_pieces(edge)


def _front_pieces(lines: BaseGeometry) -> BaseGeometry:
    parts = [
        g
        for g in shapely.get_parts(lines)
        if g.geom_type in ("LineString", "LinearRing") and not g.is_empty
    ]
    merged = shapely.line_merge(shapely.MultiLineString(parts)) if parts else lines
    keep = [g for g in shapely.get_parts(merged) if g.length >= MIN_FRONT]
    return shapely.MultiLineString(keep) if keep else shapely.MultiLineString()


@functools.lru_cache(maxsize=1)
def snapshots() -> tuple[Snapshot, ...]:
    """The phases: the start line and the cumulative Soviet-held area of each phase date.

    Returns
    -------
    tuple of Snapshot
        Ascending dates, the first the start line (empty area).

    Raises
    ------
    DataError
        If a phase date has no row in ``front_meta.csv``, or a phase is not after the start.
    """
    table = read_shapes(AREAS_CSV)
    meta = read_meta(META_CSV)
    parts: dict[date, list] = {}
    for name in table:
        day = _day(AREAS_CSV, 0, name.split("#")[0])
        if day <= START:
            raise DataError(AREAS_CSV, f"area {name!r} is not after the start line ({START})")
        parts.setdefault(day, []).append(polygon(AREAS_CSV, table, name))
    for day in (START, *parts):
        if (THEATRE, day) not in meta:
            raise DataError(META_CSV, f"no precision stated for the {THEATRE} phase of {day}")
    out = [Snapshot(START, Polygon(), (start_line(),), meta[(THEATRE, START)])]
    area = Polygon()
    for day in sorted(parts):
        area = _clean(_union(area, _inter(shapely.union_all(parts[day]), region())))
        out.append(Snapshot(day, area, (front_line(area),), meta[(THEATRE, day)]))
    return tuple(out)


def occupation_day() -> date:
    """The last phase date: the sweep ends and the occupation claims begin.

    Returns
    -------
    date
    """
    return snapshots()[-1].day


def check_captures(
    snaps: tuple[Snapshot, ...], captures: list[Capture], pockets: list[Claim]
) -> None:
    """Check that the phases agree with the captures inside the theatre.

    A place captured on day D must lie outside the last phase before D and inside the first
    phase on or after D, so that the sweep can give it its day; a place inside a pocket that
    ends on D takes its day from the pocket instead.

    Parameters
    ----------
    snaps : tuple of Snapshot
    captures : list of Capture
    pockets : list of Claim

    Raises
    ------
    DataError
        Naming every capture the phases contradict.
    """
    problems = []
    shapely.prepare(region())
    for c in captures:
        pt = Point(c.lon, c.lat)
        if c.side != "soviet":
            problems.append(f"{c.place}: side {c.side!r}, only 'soviet' captures are modelled")
        if not region().contains(pt):
            continue  # the lease, the Kurils: dated claims of their own
        if any(p.end == c.day and p.geometry.contains(pt) for p in pockets):
            continue
        before = [s for s in snaps if s.day < c.day]
        after = [s for s in snaps if s.day >= c.day]
        if before and before[-1].area.contains(pt):
            problems.append(f"{c.place} ({c.day}) is already inside the phase of {before[-1].day}")
        if not after or not after[0].area.contains(pt):
            first = after[0].day if after else "none"
            problems.append(f"{c.place} ({c.day}) is not inside the phase of {first}")
    if problems:
        raise DataError(CAPTURES_CSV, "; ".join(problems))


@functools.lru_cache(maxsize=1)
def holders() -> tuple[Holder, ...]:
    """Who holds the Soviet side, by part of the theatre (rows ``fareast`` of the war module's
    holders table, :data:`geobuild.claims_1941_1945.HOLDERS_CSV`).

    Returns
    -------
    tuple of Holder
    """
    t = theatre()
    return war_holders(
        "fareast", {"man": t["manchuria"], "kor": t["north_korea"], "sak": t["karafuto"]}
    )


#: The records of the Far East's claims that are not swept (the Kwantung Army's Manchuria, the
#: occupations after the advance): rows of the settlement's claim table.
CLAIMS_CSV = SOURCES / "claims_1945_1949.csv"


def on_occupation_day(cid: str, field: str, geometry: BaseGeometry) -> Claim:
    """The claim ``cid`` of :data:`CLAIMS_CSV`, whose ``field`` (``start`` or ``end``) must be
    the day the swept advance ends (:func:`occupation_day`).

    Raises
    ------
    DataError
        Naming the row, if that date is not the last phase date of ``areas.csv``.
    """
    table = claim_table(CLAIMS_CSV)
    out = table.claim(cid, geometry)
    occupied = occupation_day()
    if getattr(out, field) != occupied:
        line = list(table.records()).index(cid) + 2
        raise DataError(
            CLAIMS_CSV,
            f"line {line}: the {field} of {cid} is {getattr(out, field)}, but the Far East "
            f"advance is drawn to its last phase, {occupied} ({AREAS_CSV})",
        )
    return out


def kwantung_army_claim() -> Claim:
    """Manchuria after Manchukuo's end, held by the Kwantung Army until the Soviets arrive.

    Painted beneath the swept bands, so it shows only where Soviet troops had not yet arrived.

    Returns
    -------
    Claim
    """
    return on_occupation_day("fareast-kwantung-army-1945", "end", theatre()["manchuria"])


def claims() -> list[Claim]:
    """The Kwantung Army's Manchuria, the swept bands of 8-30 August 1945 and the pockets.

    Returns
    -------
    list of Claim
        To be painted after the 1938 base and before the occupation claims that start on
        :func:`occupation_day`.
    """
    caps = read_captures(CAPTURES_CSV)
    pockets = read_pockets(POCKETS_CSV)
    snaps = snapshots()
    check_captures(snaps, caps, pockets)
    out = [kwantung_army_claim()]
    out += theatre_claims(
        THEATRE, list(snaps), snaps[-1].day, holders(), (), caps, "soviet", "axis", STEP_DAYS
    )
    out += pockets
    check_claims(out, "far_east_1945")
    return out


def front_features() -> list[dict]:
    """The phase fronts as ``line`` features (status ``frontline``), each valid to the next.

    Neither the start line nor the last phase (the whole theatre) is drawn.

    Returns
    -------
    list of dict
    """
    snaps = snapshots()
    out = []
    for a, b in zip(snaps[1:], snaps[2:], strict=False):
        line = a.lines[0]
        if not line.is_empty:
            out.append(front_feature(THEATRE, a.day, b.day, line, a.meta))
    return out
