"""Dates and holds in plain words, shared by the explorer's panels and the map's popups:
``"12 Aug 1942"``, ``"12 Aug 1942 – 18 Nov 1942"``, ``"occupied by Germany"``."""

from __future__ import annotations

from datetime import date, timedelta

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date, precision: str = "day") -> str:
    """``"12 Aug 1942"``; ``"Aug 1942"`` for a month, ``"1942"`` for a year, ``"c. 12 Aug 1942"``
    for an approximate date."""
    if precision == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if precision in ("year", "decade"):
        return str(day.year) + ("s" if precision == "decade" else "")
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return "c. " + text if precision == "approx" else text


#: How a holder takes ground, by the status it holds it with.
TAKEN_VERB: dict[str, str] = {
    "occupied": "taken by",
    "annexed": "annexed by",
    "insurgent": "held by a rising of",
    "administered": "put under the administration of",
    "puppet": "given to",
    "protectorate": "made a protectorate of",
}


def status_phrase(kind: str, power: str, status: str) -> str:
    """Plain words for who holds a feature and how: ``"occupied by Germany"``, ``"sphere of
    USSR"``, ``"zone of UK"``, ``"front line"``."""
    if kind == "line":
        return "front line" if status == "frontline" else f"{status} line ({power})"
    if kind == "event":
        return f"{status} ({power})"
    if kind in ("sphere", "zone", "sector"):
        return f"{kind} of {power}"
    if status in ("occupied", "annexed", "administered", "claimed"):
        return f"{status} by {power}"
    if status == "insurgent":
        return f"held by a rising ({power})"
    if status in ("puppet", "protectorate"):
        return f"{status} of {power}"
    return f"held by {power}"


def span_text(start: date, end: date | None, precision: str = "day") -> str:
    """``"12 Aug 1942 – 18 Nov 1942"`` (the last day held; the stored end is exclusive),
    ``"from 12 Aug 1942"`` when open."""
    first = day_text(start, precision)
    if end is None:
        return "from " + first
    return f"{first} – {day_text(end - timedelta(days=1), precision)}"
