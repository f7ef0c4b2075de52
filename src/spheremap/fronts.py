"""Front lines derived from control: where the Axis-held ground meets the Allied-held ground.

The authored fronts (``line`` features with status ``frontline``) are valid from their own date
until the next front date, while the control coverage moves daily between them (ground swept in
four-week bands, dated captures). A front drawn from the authored line alone therefore lags the
colours. The front derived here is, on any day, the shared boundary of the control pieces held
that day by the two sides, so it agrees with the coloured ground by construction:

- **sides** per power and date (:data:`SIDES`): Germany and its allies and puppets against the
  Soviet Union and the Western Allies, with Italy, Romania, Bulgaria and Finland leaving the
  Axis on their dates; neutral states and powers not at war belong to neither side;
- **theatres** (:data:`THEATRES`): the boundary with Soviet-side ground is the Eastern Front
  (from 22 June 1941); the boundary with Western-side ground is the Italian front (from the
  first Italian front date) or the Western Front (from the first Western one), each part given
  to the theatre whose authored fronts of the day lie nearer; all end with the capitulation
  (:data:`WAR_END`);
- **land only**: a shared boundary of two land pieces is never a coastline; the Far East window
  is left out (Japan and the Soviet Union were not at war before August 1945);
- **precision**: the coarser of the stated precisions of the two authored fronts bracketing the
  day in that theatre (their ``note``: "Stated precision: about N km").

Everything here is a pure function of frames; :class:`spheremap.atlas.Atlas` caches the result
per change date (:meth:`~spheremap.atlas.Atlas.fronts_at`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import shapely

from spheremap.layers import union_pieces

AXIS, EAST, WEST = "axis", "east", "west"

#: The first day on which no front between the Axis and the Allies is drawn in Europe: the
#: German capitulation took effect at 23:01 CET on 8 May 1945.
WAR_END = date(1945, 5, 9)

#: The first day of the Eastern Front (22 June 1941; the start line is not an authored front).
EAST_START = date(1941, 6, 22)

#: Only pieces west of this longitude take part (Europe; the Far East window is left out).
EUROPE_MAX_LON = 60.0


@dataclass(frozen=True)
class SideRule:
    """``power`` fights on ``side`` from ``start`` (inclusive) to ``end`` (exclusive).

    With ``claim`` the rule holds only for that control claim (and wins over the power's
    rules); ``side=None`` then means "on neither side".
    """

    power: str
    side: str | None
    start: date | None = None
    end: date | None = None
    claim: str | None = None

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


#: Who fights on which side when (powers of the vocabulary; any other power is on neither side:
#: neutral states, Vichy France, Japan and Manchukuo, ``four-power`` after the war).
SIDES: tuple[SideRule, ...] = (
    # the Axis, its allies and puppets
    SideRule("Germany", AXIS),
    SideRule("Croatia", AXIS),
    SideRule("Slovakia", AXIS),
    SideRule("Hungary", AXIS, date(1941, 6, 27)),  # declared war on the USSR
    SideRule("Finland", AXIS, date(1941, 6, 25), date(1944, 9, 5)),  # to the ceasefire
    SideRule("Italy", AXIS, None, date(1943, 9, 8)),  # the armistice announced
    SideRule("Italy", WEST, date(1943, 9, 8)),  # the King's government, co-belligerent
    # ground still on the pre-war claim after the armistice was held by neither the King's
    # government nor the Allies (the German occupation of the build leaves Tende-Briga and
    # two slivers near Gaeta and Naples on it)
    SideRule("Italy", None, date(1943, 9, 8), claim="italy-1938"),
    SideRule("Romania", AXIS, None, date(1944, 8, 23)),  # the coup of 23 August
    SideRule("Romania", EAST, date(1944, 8, 23)),
    SideRule("Bulgaria", AXIS, None, date(1944, 9, 9)),  # the Fatherland Front
    SideRule("Bulgaria", EAST, date(1944, 9, 9)),
    # the Soviet side (and the ground liberated from the east and the south-east)
    SideRule("USSR", EAST),
    SideRule("Poland", EAST),
    SideRule("Czechoslovakia", EAST),
    SideRule("Yugoslavia", EAST),
    SideRule("Greece", EAST),
    SideRule("Albania", EAST),
    # the Western Allies and the countries they liberated
    SideRule("US", WEST),
    SideRule("UK", WEST),
    SideRule("Allies", WEST),
    SideRule("France", WEST),
    SideRule("Belgium", WEST),
    SideRule("Netherlands", WEST),
    SideRule("Luxembourg", WEST),
    SideRule("Norway", WEST),
    SideRule("Denmark", WEST),
)

#: Theatres: display name and the id prefix of their authored fronts.
THEATRES: dict[str, str] = {
    "east": "Eastern Front",
    "italy": "Italian front",
    "west": "Western Front",
}

_FRONT_ID = re.compile(r"^front-(east|italy|west)-(\d{4}-\d{2}-\d{2})$")
_PRECISION = re.compile(r"precision:?\s*about\s*(\d+)\s*km", re.IGNORECASE)


def side_of(power: str, day: date, claim: str | None = None) -> str | None:
    """``"axis"``, ``"east"``, ``"west"`` or ``None`` (neither side) for ``power`` on ``day``.

    ``claim`` (a control claim id) lets a claim's own rule answer first.
    """
    if claim is not None:
        for rule in SIDES:
            if rule.claim == claim and rule.power == power and rule.holds(day):
                return rule.side
    for rule in SIDES:
        if rule.claim is None and rule.power == power and rule.holds(day):
            return rule.side
    return None


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


def theatre_of(feature_id: str) -> str | None:
    """The theatre of an authored front's id (``front-east-1943-07-04`` -> ``"east"``)."""
    match = _FRONT_ID.match(str(feature_id))
    return match.group(1) if match else None


def stated_precision_km(note: str | None) -> int | None:
    """The km of "Stated precision: about N km" in a front's note, or ``None``."""
    match = _PRECISION.search(note or "")
    return int(match.group(1)) if match else None


def authored_fronts(features: gpd.GeoDataFrame) -> tuple[AuthoredFront, ...]:
    """The authored front lines of a features frame, by theatre and date.

    Only ``line`` features with status ``frontline`` and an id ``front-<theatre>-<date>`` count.
    """
    rows = features[(features["kind"] == "line") & (features["status"] == "frontline")]
    out = []
    for rec, geom in zip(rows.to_dict("records"), rows.geometry, strict=True):
        theatre = theatre_of(rec["id"])
        if theatre is None:
            continue
        out.append(
            AuthoredFront(
                id=rec["id"],
                theatre=theatre,
                day=rec["start_date"],
                precision_km=stated_precision_km(rec.get("note")),
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


def shows_authored(front_id: str, start: date, day: date) -> bool:
    """Whether an authored front valid on ``day`` is drawn as it is.

    It is drawn on its own date; a line dated after the capitulation (the Soviet-Western line
    of contact) is not a front between the Axis and the Allies and is drawn on every day it is
    valid. On the other days the derived front of its theatre is drawn instead.
    """
    if theatre_of(front_id) is None:
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
def _lines(geom) -> object:
    """The line work of an overlay result, merged into as few lines as possible."""
    parts = [
        g
        for g in shapely.get_parts(geom)
        if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty
    ]
    if not parts:
        return shapely.MultiLineString()
    merged = shapely.line_merge(shapely.multilinestrings(parts))
    return merged


def side_boundaries(pieces: gpd.GeoDataFrame, day: date) -> dict[str, object]:
    """The shared boundary of Axis-held land with Soviet-side (``east``) and Western-side
    (``west``) land among ``pieces`` (control rows valid on ``day``), as lines.

    Only shared edges of land pieces are returned, never coastlines; pieces east of
    :data:`EUROPE_MAX_LON` are left out.
    """
    empty = {EAST: shapely.MultiLineString(), WEST: shapely.MultiLineString()}
    if len(pieces) == 0 or not (EAST_START <= day < WAR_END):
        return empty
    minx = shapely.bounds(pieces.geometry.to_numpy())[:, 0]
    sides = np.array(
        [side_of(p, day, c) for p, c in zip(pieces["power"], pieces["id"], strict=True)],
        dtype=object,
    )
    europe = minx < EUROPE_MAX_LON
    geoms = pieces.geometry.to_numpy()
    axis = geoms[europe & (sides == AXIS)]
    if len(axis) == 0:
        return empty
    axis_edge = union_pieces(axis).boundary
    out = {}
    for side in (EAST, WEST):
        other = geoms[europe & (sides == side)]
        if len(other) == 0:
            out[side] = shapely.MultiLineString()
            continue
        out[side] = _lines(shapely.intersection(axis_edge, union_pieces(other).boundary))
    return out


def split_by_theatre(
    lines: object, candidates: dict[str, Sequence[object]]
) -> dict[str, list[object]]:
    """Give each connected line of ``lines`` to the theatre whose authored fronts lie nearest.

    Parameters
    ----------
    lines : shapely line geometry
    candidates : mapping of theatre to authored front geometries
        Theatres open on the day; an empty sequence means "no authored front to compare with"
        (the theatre only takes lines when it is the only candidate).
    """
    names = list(candidates)
    out: dict[str, list[object]] = {t: [] for t in names}
    if not names:
        return out
    for part in shapely.get_parts(lines):
        if part.is_empty:
            continue
        if len(names) == 1:
            out[names[0]].append(part)
            continue
        mid = part.interpolate(0.5, normalized=True)
        best = min(
            names,
            key=lambda t: min((mid.distance(g) for g in candidates[t]), default=float("inf")),
        )
        out[best].append(part)
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


FRONT_COLUMNS = (
    "id",
    "name",
    "kind",
    "power",
    "status",
    "start_date",
    "end_date",
    "date_precision",
    "sources",
    "note",
    "theatre",
    "precision_km",
)


def derive_fronts(
    pieces: gpd.GeoDataFrame,
    fronts: Sequence[AuthoredFront],
    day: date,
    end: date,
) -> gpd.GeoDataFrame:
    """The derived front lines valid from ``day`` until ``end`` (exclusive), one row per theatre.

    Parameters
    ----------
    pieces : GeoDataFrame
        Control rows (one per piece) valid on ``day``: ``power`` and polygon geometry.
    fronts : sequence of AuthoredFront
        The authored fronts (theatres, windows, precision).
    day, end : date
        The snapshot's first day and the first day of the next snapshot.

    Returns
    -------
    GeoDataFrame
        Columns :data:`FRONT_COLUMNS` with ``kind="line"``, ``status="frontline"``; theatres
        with no shared boundary that day have no row.
    """
    open_theatres = []
    for theatre in THEATRES:
        window = theatre_window(fronts, theatre)
        if window and window[0] <= day < window[1]:
            open_theatres.append(theatre)
    rows, geoms = [], []
    if open_theatres:
        bounds = side_boundaries(pieces, day)
        parts: dict[str, list[object]] = {t: [] for t in open_theatres}
        if "east" in open_theatres:
            parts["east"] = list(shapely.get_parts(bounds[EAST]))
        western = {
            t: [f.geometry for f in bracketing(fronts, t, day)]
            for t in ("italy", "west")
            if t in open_theatres
        }
        for theatre, lines in split_by_theatre(bounds[WEST], western).items():
            parts[theatre] = lines
        for theatre in open_theatres:
            lines = [g for g in parts[theatre] if not g.is_empty]
            if not lines:
                continue
            brackets = bracketing(fronts, theatre, day)
            kms = [f.precision_km for f in brackets if f.precision_km is not None]
            km = max(kms) if kms else None
            precision = f"±{km} km" if km is not None else "unstated"
            approx = any(f.date_precision != "day" for f in brackets) or not brackets
            label = THEATRES[theatre]
            named = "; ".join(
                f"{_day_text(f.day)}: {f.precision_km} km" for f in brackets if f.precision_km
            )
            rows.append(
                {
                    "id": f"front-{theatre}-derived-{day.isoformat()}",
                    "name": (
                        f"{label} line, {interval_text(day, end)} "
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
                        "Derived from control: the shared boundary of Axis-held and Allied-held "
                        "land on these days, so it follows the coloured ground between the "
                        "authored front dates (ground there moves in four-week bands and dated "
                        "captures). Approximate: precision as the coarser of the authored fronts "
                        f"before and after ({named or 'none stated'})."
                    ),
                    "theatre": theatre,
                    "precision_km": km,
                }
            )
            geoms.append(shapely.line_merge(shapely.multilinestrings(lines)))
    return gpd.GeoDataFrame(
        rows or {c: [] for c in FRONT_COLUMNS},
        geometry=gpd.GeoSeries(geoms, crs=4326),
        crs=4326,
    )
