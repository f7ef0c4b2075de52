"""Dates, half-open intervals with a precision, presets and change dates.

All intervals in spheremap are half-open ``[start, end)``: ``end`` is the first day
something no longer holds. ``end=None`` means open-ended (still valid after the
modelled range).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from spheremap.model import PRECISIONS, InputError

#: First day of the modelled range (inclusive).
RANGE_START = date(1938, 10, 1)
#: First day after the modelled range (exclusive).
RANGE_END = date(1950, 1, 1)

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: object, *, what: str = "date") -> date:
    """Parse an ISO ``YYYY-MM-DD`` date strictly.

    Parameters
    ----------
    text : str or date
        The value to parse.
    what : str
        How to name the value in the error message.

    Returns
    -------
    datetime.date

    Raises
    ------
    InputError
        If ``text`` is not an existing calendar day in ISO form.
    """
    if isinstance(text, date):
        return text
    match = _ISO.match(str(text))
    if not match:
        raise InputError(f"{what} {str(text)!r} is not an ISO date (YYYY-MM-DD)")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InputError(f"{what} {str(text)!r} is not a real day: {exc}") from None


def parse_optional_date(text: object, *, what: str = "date") -> date | None:
    """Like :func:`parse_date`, but ``None`` and empty strings mean open-ended."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return parse_date(text, what=what)


@dataclass(frozen=True)
class Interval:
    """A half-open interval of days ``[start, end)`` with a precision.

    Parameters
    ----------
    start : date
        First day inside the interval.
    end : date or None
        First day after the interval; ``None`` for open-ended.
    precision : str
        One of :data:`spheremap.model.PRECISIONS`.
    """

    start: date
    end: date | None = None
    precision: str = "day"

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise InputError(f"unknown date precision {self.precision!r}")
        if self.end is not None and not self.start < self.end:
            raise InputError(
                f"interval end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )

    def __contains__(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share at least one day."""
        return (other.end is None or self.start < other.end) and (
            self.end is None or other.start < self.end
        )

    @property
    def days(self) -> int | None:
        """Length in days, ``None`` if open-ended."""
        return None if self.end is None else (self.end - self.start).days


@dataclass(frozen=True)
class Preset:
    """A documented day that tells one part of the story, with the layers that tell it."""

    label: str
    date: date
    kinds: tuple[str, ...]
    description: str


#: The three anchors users switch between.
PRESETS: dict[str, Preset] = {
    "1939": Preset(
        "1939",
        date(1939, 10, 15),
        ("control", "sphere", "line", "event"),
        "15 Oct 1939: Poland partitioned on the 28 September Bug line; the revised spheres.",
    ),
    "1941": Preset(
        "1941",
        date(1941, 12, 5),
        ("control", "line", "event"),
        "5 Dec 1941: the furthest Axis advance near Moscow, the day the counter-offensive began.",
    ),
    "1945": Preset(
        "1945",
        date(1945, 8, 15),
        ("control", "zone", "sector", "line", "event"),
        "15 Aug 1945: the zones and sectors as occupied, after Potsdam; the French sector in Berlin.",
    ),
}


def change_dates(starts: Iterable[date], ends: Iterable[date | None]) -> list[date]:
    """The sorted days inside the modelled range at which something starts or ends.

    Parameters
    ----------
    starts, ends : iterables of date
        Interval bounds; ``None`` ends are ignored.

    Returns
    -------
    list of date
        Sorted unique days in ``[RANGE_START, RANGE_END)``, always including ``RANGE_START``.
    """
    days = {RANGE_START}
    for day in list(starts) + [e for e in ends if e is not None]:
        if RANGE_START <= day < RANGE_END:
            days.add(day)
    return sorted(days)


def snapshot_day(day: date, changes: list[date]) -> date:
    """The change date whose snapshot answers for ``day`` (the last change on or before it)."""
    i = bisect.bisect_right(changes, day) - 1
    return changes[max(i, 0)]


def previous_change(day: date, changes: list[date]) -> date | None:
    """The last change date strictly before ``day``, or ``None``."""
    i = bisect.bisect_left(changes, day) - 1
    return changes[i] if i >= 0 else None


def next_change(day: date, changes: list[date]) -> date | None:
    """The first change date strictly after ``day``, or ``None``."""
    i = bisect.bisect_right(changes, day)
    return changes[i] if i < len(changes) else None


def clamp(day: date) -> date:
    """Clamp ``day`` into the modelled range."""
    last = date.fromordinal(RANGE_END.toordinal() - 1)
    return min(max(day, RANGE_START), last)
