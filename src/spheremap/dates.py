"""Finding date expressions in prose and normalising them to half-open intervals.

Every mention becomes a :class:`DateMention` ``[start, end)`` with a precision
(``day``, ``month``, ``year``, ``decade`` or ``approx``) and an ``approximate`` flag:

* single dates in both orders (``23 August 1939``, ``February 2, 1943``, ``Feb. 4``),
  months (``May 1944``, ``February, 1945``), years, decades (``the 1930s``), seasons
  and ``early``/``mid``/``late`` qualifiers;
* ranges (``between 1934 and 1939``, ``from August 1942 to February 1943``,
  ``Between November 28 and December 1, 1943``, ``from Feb. 4 to 11, 1945``,
  ``4-11 February 1945``, ``1939-45``): the parts borrow the year or month they lack
  from each other and the range takes the coarser precision;
* partial dates (``on February 4``) take their year from the latest year seen before
  them, starting with the document's own date;
* relative phrases (``a couple of weeks later``, ``within days``, ``at the same time``,
  ``for the next 50 years``) resolve against the latest explicit date before their
  sentence that is fine enough for the phrase's unit, and are marked approximate (a
  window around the count, except a whole count of days from a day: "two days later"
  is that day).
  Where no such date exists they are returned as unresolved, never guessed.

Finding is done with the patterns below; turning one matched single expression into
a day can also be delegated to ``dateparser`` (``backend="dateparser"``). The
benchmark ``benchmarks/bench_documents.py`` measures both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBR = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NUMBER = {**_MONTHS, **_ABBR}

# Month names must be capitalised ("may" and "march" are ordinary words), or ALL CAPS.
_MONTH = (
    r"(?=[A-Z])(?:"
    + "|".join(f"{m.capitalize()}|{m.upper()}" for m in sorted(_MONTHS, key=len, reverse=True))
    + "|"
    + "|".join(
        f"{a.capitalize()}\\.?|{a.upper()}\\.?" for a in sorted(_ABBR, key=len, reverse=True)
    )
    + r")(?![a-z])"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_SEP = r"\s*(?:–|—|-|to|till|until|through|and)\s*"
_UNITS_AFTER_NUMBER = (
    r"people|men|women|soldiers|troops|tanks|aircraft|planes|guns|casualties|km|kilomet|miles?"
    r"|met(?:re|er)s?|tons?|tonnes|villages|towns|deaths|dead|killed|prisoners|persons"
    r"|inhabitants|square|sq|hectares|dollars|marks|roubles|rubles|%|per\s*cent|percent"
)

#: A single (possibly partial) date. Tried in this order at each position.
_ATOMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
        ("dotted", rf"\b(?P<d>[12]\d|3[01]|0?[1-9])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR})\b"),
        ("dmy", rf"\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"),
        ("mdy", rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b"),
        # "mid-February", "early March 1945", "the end of August": a part of a month
        (
            "mpart",
            rf"\b(?P<q>[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\s+(?:end|beginning|middle|start)\s+of)"
            rf"[\s-]+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR})\b)?",
        ),
        ("my", rf"\b(?P<m>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
        ("dm", rf"\b(?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MONTH})"),
        ("md", rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?!\s*(?:,\s*)?\d)"),
        (
            "season",
            rf"\b(?P<q>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?:\s+of)?\s+(?P<y>{_YEAR})\b",
        ),
        (
            "part",
            rf"\b(?P<q>[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\s+end\s+of|[Tt]he\s+beginning\s+of)"
            rf"[\s-]+(?:of\s+)?(?P<y>{_YEAR})\b(?!s)",
        ),
        (
            "decade",
            r"\b(?:the\s+)?(?:(?P<q>early|mid|late)[\s-]+)?(?P<y>1[0-9]\d0|20\d0)'?s\b",
        ),
        ("year", rf"(?<!\d-)(?<![\d.,/])(?<!\d\s)\b(?P<y>{_YEAR})\b(?![\d.,/]\d|-\d|\s\d{{3}})"),
    )
)

#: Days of a month covered by its parts: (first day, first day after; None: next month).
_MONTH_PARTS = {
    "early": (1, 11),
    "beginning": (1, 11),
    "start": (1, 11),
    "mid": (11, 21),
    "middle": (11, 21),
    "late": (21, None),
    "end": (21, None),
}

_APPROX_BEFORE = re.compile(r"(?:\b(?:about|around|circa|approximately|c\.|ca\.)\s*)$", re.I)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "couple": 2,
    "a couple of": 2,
    "two": 2,
    "few": 3,
    "a few": 3,
    "some": 3,
    "three": 3,
    "several": 4,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUM = r"(?:a\s+couple\s+of|a\s+few|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|few|\d{1,3})"
_UNIT = r"(?:day|week|month|year)s?"

#: Relative phrases: (kind, pattern). Resolved in :func:`_resolve_relative`.
_RELATIVE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("later", rf"\b(?P<n>{_NUM})\s+(?P<u>{_UNIT})\s+(?:later|afterwards?)\b"),
        ("earlier", rf"\b(?P<n>{_NUM})\s+(?P<u>{_UNIT})\s+(?:earlier|before(?=[,.;]|$))"),
        # "N (or M) units before/after <something>": relative to what follows
        (
            "around",
            rf"\b(?P<n>{_NUM})(?:\s+or\s+(?P<n2>{_NUM}))?\s+(?P<u>{_UNIT})\s+"
            rf"(?P<dir>before|after)(?=\s+\S)",
        ),
        ("within", rf"\bwithin\s+(?:(?P<n>{_NUM})\s+)?(?P<u>{_UNIT})\b"),
        ("next", r"\b(?:the\s+)?(?:next|following)\s+(?P<u>day|week|month|year)\b"),
        ("previous", r"\b(?:the\s+)?(?:previous|preceding)\s+(?P<u>day|week|month|year)\b"),
        ("same", r"\b(?:at\s+the\s+same\s+time|on\s+the\s+same\s+day|that\s+same\s+day)\b"),
        (
            "for_next",
            rf"\bfor\s+the\s+(?:next|following)\s+(?:(?:almost|nearly|about|some|over)\s+)?"
            rf"(?P<n>{_NUM})\s+(?P<u>{_UNIT})\b",
        ),
        ("ago", rf"\b(?P<n>{_NUM})\s+(?P<u>{_UNIT})\s+ago\b"),
        (
            "past",
            rf"\b(?:for|in|during|over)\s+the\s+(?:past|last)\s+(?P<n>{_NUM})\s+(?P<u>{_UNIT})\b",
        ),
        # Relative to an event, not to a date: found, but never resolved (no sound anchor).
        (
            "event",
            r"\b(?:in\s+)?the\s+(?:early|first|last|final|closing)\s+(?:days|weeks|months|years"
            r"|stages?)\s+of\s+the\s+war\b|\b(?:after|before|since)\s+the\s+war\b",
        ),
    )
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
#: Precisions an anchor may have for a phrase counted in this unit.
_ANCHOR_OK = {
    "day": ("day", "month"),
    "week": ("day", "month"),
    "month": ("day", "month", "year"),
    "year": ("day", "month", "year"),
}
_ATTRIBUTIVE = re.compile(r"\b(\w+)\s+(?:of|dated)\s+$", re.I)
#: "the pact signed in Moscow on 23 August", "besieged since October 1941": the date says
#: when something named was made, or when a state that still holds began; like an
#: attributive date it is a back-reference, not where the narrative is.
#: ("The pact was signed on 23 August 1939" is the narrative's own event: see _REPORTING.)
_BACK_REFERENCE = re.compile(
    r"(?:\b(?P<before>\w+)\s+(?:signed|concluded|initialled|ratified|drawn\s+up)"
    r"(?:\s+(?:in|at)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?\s+(?:on|in)\s+(?:the\s+)?"
    r"|\bsince\s+)$",
    re.I,
)
#: A clause in a perfect tense tells an event before the clause it depends on: the past
#: perfect ("the lands it had seized in 1939", "which had been ceded at the end of 1920")
#: and the perfect participle ("Having been promised the province in 1918, the army
#: entered it at the end of April"). A date in it, within the clause (no comma or stop
#: between), looks back from the main clause. See :func:`_flashback`.
_ANTERIOR = re.compile(
    r"\b(?:had|having)\s+(?:been\s+)?[a-z]+\b[^,.;:]{0,40}?"
    r"\b(?:in|on|at|by|during)\s+(?:the\s+)?$",
    re.I,
)
#: Words before "signed ... on <date>" that make it the report of the signing itself.
_REPORTING = frozenset({"was", "were", "is", "are", "be", "being"})
#: "the morning of 22 June 1941" is when, not a name: these words before "of" do not
#: make a date attributive.
_TIME_WORDS = frozenset(
    [
        "morning",
        "evening",
        "night",
        "afternoon",
        "dawn",
        "dusk",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "end",
        "beginning",
        "middle",
        "start",
        "course",
        "eve",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "hours",
        "rest",
        "first",
        "last",
        "early",
        "late",
    ]
)
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[A-Z“\"‘'(\[])")


@dataclass(frozen=True)
class DateMention:
    """One date expression found in text, as a half-open interval ``[start, end)``.

    Parameters
    ----------
    text : str
        The expression as written.
    start, end : date
        First day covered and first day after it (exclusive).
    precision : str
        ``day``, ``month``, ``year``, ``decade`` or ``approx``.
    approximate : bool
        True for qualified (``about 1940``, ``early 1945``) and relative expressions.
    span : tuple of int or None
        ``(start, end)`` character offsets in the text it was found in.
    """

    text: str
    start: date
    end: date
    precision: str
    approximate: bool = False
    span: tuple[int, int] | None = field(default=None, compare=False)

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies inside ``[start, end)``."""
        return self.start <= day < self.end

    @property
    def label(self) -> str:
        """A short human label of the interval ("23 Aug 1939", "Aug 1942 – Feb 1943",
        "1930s"; approximate ones start with "≈")."""
        return ("≈ " if self.approximate else "") + interval_label(
            self.start, self.end, self.precision
        )

    def as_dict(self) -> dict:
        """JSON-ready form; ``end`` is exclusive."""
        return {
            "text": self.text,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": self.precision,
            "approximate": self.approximate,
            "label": self.label,
        }


_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def interval_label(start: date, end: date, precision: str) -> str:
    """Label ``[start, end)`` at a precision, e.g. ``28 Nov – 1 Dec 1943``, ``1934–1939``."""
    last = end - timedelta(days=1)
    if precision == "approx":  # the coarsest unit that fits the bounds exactly
        if (start.month, start.day, end.month, end.day) == (1, 1, 1, 1):
            precision = "year"
        elif start.day == 1 and end.day == 1:
            precision = "month"
    if precision == "decade" and start.year % 10 == 0 and end.year - start.year == 10:
        return f"{start.year}s"
    if precision in ("year", "decade"):
        return str(start.year) if start.year == last.year else f"{start.year}–{last.year}"
    if precision == "month":
        a = f"{_MON[start.month - 1]} {start.year}"
        b = f"{_MON[last.month - 1]} {last.year}"
        return a if a == b else f"{a} – {b}"
    if start == last:
        return f"{start.day} {_MON[start.month - 1]} {start.year}"
    if start.year == last.year and start.month == last.month:
        return f"{start.day}–{last.day} {_MON[start.month - 1]} {start.year}"
    if start.year == last.year:
        return (
            f"{start.day} {_MON[start.month - 1]} – {last.day} {_MON[last.month - 1]} {last.year}"
        )
    return (
        f"{start.day} {_MON[start.month - 1]} {start.year} – "
        f"{last.day} {_MON[last.month - 1]} {last.year}"
    )


@dataclass(frozen=True)
class DateContext:
    """What earlier text tells about later partial and relative dates.

    Parameters
    ----------
    year : int or None
        The latest year seen (or the document's year) for partial dates.
    recent : tuple of DateMention
        The latest explicit mentions, newest last, used as anchors.
    document_date : date or None
        The document's own date (anchor of ``... ago``).
    """

    year: int | None = None
    recent: tuple[DateMention, ...] = ()
    document_date: date | None = None

    @classmethod
    def for_document(cls, document_date: date | None) -> DateContext:
        """The starting context of a document dated ``document_date`` (or undated)."""
        if document_date is None:
            return cls()
        anchor = DateMention(
            document_date.isoformat(), document_date, document_date + timedelta(days=1), "day"
        )
        return cls(document_date.year, (anchor,), document_date)


@dataclass(frozen=True)
class Extraction:
    """The result of :func:`extract_dates` on one piece of text."""

    mentions: tuple[DateMention, ...]
    unresolved: tuple[str, ...]
    context: DateContext


@dataclass(frozen=True)
class _Atom:
    kind: str
    begin: int
    stop: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    qualifier: str | None = None


# --------------------------------------------------------------------------- helpers


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_of(token: str | None) -> int | None:
    if token is None:
        return None
    if token.isdigit():
        return int(token)
    return _MONTH_NUMBER.get(token.rstrip(".").lower())


def _day_of(token: str | None) -> int | None:
    if token is None:
        return None
    return int(re.match(r"\d+", token).group())


def _interval(year: int, month: int | None, day: int | None) -> tuple[date, date, str] | None:
    """The interval and precision of a fully known (y, m?, d?)."""
    if month is None:
        return date(year, 1, 1), date(year + 1, 1, 1), "year"
    if day is None:
        first = date(year, month, 1)
        return first, _add_months(first, 1), "month"
    d = _safe_date(year, month, day)
    if d is None:
        return None
    return d, d + timedelta(days=1), "day"


_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}


def _qualified(atom: _Atom) -> tuple[date, date, str] | None:
    q = (atom.qualifier or "").lower()
    y = atom.year
    if atom.kind == "season":
        month, length = _SEASONS[q]
        first = date(y, month, 1)
        if q == "winter":  # "winter 1939" is read as the winter starting Dec 1939
            return first, _add_months(first, length), "approx"
        return first, _add_months(first, length), "approx"
    if atom.kind == "part":
        if q == "early" or "beginning" in q:
            return date(y, 1, 1), date(y, 5, 1), "approx"
        if q == "mid":
            return date(y, 4, 1), date(y, 10, 1), "approx"
        return date(y, 9, 1), date(y + 1, 1, 1), "approx"
    if atom.kind == "mpart":
        word = re.sub(r"^the\s+|\s+of$", "", q)
        lo, hi = _MONTH_PARTS[word]
        first = date(y, atom.month, lo)
        return first, (_add_months(first, 1) if hi is None else date(y, atom.month, hi)), "approx"
    if atom.kind == "decade":
        if q == "early":
            return date(y, 1, 1), date(y + 4, 1, 1), "decade"
        if q == "mid":
            return date(y + 3, 1, 1), date(y + 7, 1, 1), "decade"
        if q == "late":
            return date(y + 6, 1, 1), date(y + 10, 1, 1), "decade"
        return date(y, 1, 1), date(y + 10, 1, 1), "decade"
    return None


# --------------------------------------------------------------------------- finding atoms


def _find_atoms(text: str) -> list[_Atom]:
    taken = bytearray(len(text))
    atoms: list[_Atom] = []
    for kind, pattern in _ATOMS:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            if kind == "year" and re.match(
                rf"\s+(?:{_UNITS_AFTER_NUMBER})\b", text[m.end() :], re.I
            ):
                continue
            groups = m.groupdict()
            year = int(groups["y"]) if groups.get("y") else None
            month = _month_of(groups.get("m"))
            day = _day_of(groups.get("d"))
            if day is not None and month is not None and year is not None:
                if _safe_date(year, month, day) is None:
                    continue
            elif day is not None and month is not None and _safe_date(2000, month, day) is None:
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            atoms.append(
                _Atom(kind, m.start(), m.end(), m.group(), year, month, day, groups.get("q"))
            )
    atoms.sort(key=lambda a: a.begin)
    return atoms


_RANGE_BETWEEN = re.compile(r"^\s*(?:–|—|-|to|till|until|through|and)\s*$", re.I)
_RANGE_OPEN = re.compile(r"(?:\b(?:between|from)\s+)$", re.I)
# "Feb. 4 to 11, 1945", "August 23-24, 1939": month day SEP day, year
_MD_D_Y = re.compile(
    rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY}){_SEP}(?P<d2>{_DAY}),?\s+(?P<y>{_YEAR})\b"
)
# "4-11 February 1945", "from 4 to 11 February 1945"
_D_DMY = re.compile(rf"\b(?P<d1>{_DAY}){_SEP}(?P<d2>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b")
# "1939-45", "1939–1945"
_Y_Y = re.compile(rf"(?<![\d-])\b(?P<y1>{_YEAR})\s*[–—-]\s*(?P<y2>{_YEAR}|\d\d)\b(?![\d-])")


@dataclass(frozen=True)
class _Found:
    begin: int
    stop: int
    text: str
    start: date | None  # None: partial, resolved later
    end: date | None
    precision: str
    approximate: bool
    parts: tuple[_Atom, ...] = ()
    relative: tuple[str, re.Match[str]] | None = None


def _with_opener(text: str, found: list[_Found]) -> list[_Found]:
    """Widen ranges to take in a preceding "from"/"between"."""
    out = []
    for f in found:
        m = _RANGE_OPEN.search(text[max(0, f.begin - 12) : f.begin])
        if m:
            begin = f.begin - len(m.group())
            f = replace(f, begin=begin, text=text[begin : f.stop])
        out.append(f)
    return out


def _compact_ranges(text: str) -> list[_Found]:
    found: list[_Found] = []
    for m in _MD_D_Y.finditer(text):
        y, mo = int(m["y"]), _month_of(m["m"])
        a, b = _safe_date(y, mo, _day_of(m["d1"])), _safe_date(y, mo, _day_of(m["d2"]))
        if a and b and a <= b:
            found.append(
                _Found(m.start(), m.end(), m.group(), a, b + timedelta(days=1), "day", False)
            )
    for m in _D_DMY.finditer(text):
        y, mo = int(m["y"]), _month_of(m["m"])
        a, b = _safe_date(y, mo, _day_of(m["d1"])), _safe_date(y, mo, _day_of(m["d2"]))
        if a and b and a <= b:
            found.append(
                _Found(m.start(), m.end(), m.group(), a, b + timedelta(days=1), "day", False)
            )
    for m in _Y_Y.finditer(text):
        y1 = int(m["y1"])
        y2s = m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y1 < y2 <= y1 + 100:
            found.append(
                _Found(
                    m.start(), m.end(), m.group(), date(y1, 1, 1), date(y2 + 1, 1, 1), "year", False
                )
            )
    return _with_opener(text, found)


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "decade": 3, "approx": 4}


def _combine(first: _Atom, second: _Atom) -> tuple[_Atom, _Atom] | None:
    """Fill the parts two range ends lack from each other; None if they do not pair."""
    a, b = first, second
    if a.kind in ("season", "part", "decade") or b.kind in ("season", "part", "decade"):
        if a.year is not None and b.year is not None:
            return a, b
        return None
    # year: a borrows from b ("November 28 and December 1, 1943")
    if a.year is None and b.year is not None:
        a = replace(a, year=b.year)
    if b.year is None and a.year is not None:
        b = replace(b, year=a.year)
    return a, b


def _atom_interval(atom: _Atom) -> tuple[date, date, str] | None:
    if atom.kind in ("season", "part", "decade") or atom.kind == "mpart" and atom.year:
        return _qualified(atom)
    if atom.year is None:
        return None
    return _interval(atom.year, atom.month, atom.day)


def _find(text: str) -> list[_Found]:
    """All explicit date expressions (ranges joined), partial ones left open, in order."""
    compact = _compact_ranges(text)
    taken = bytearray(len(text))
    for f in compact:
        taken[f.begin : f.stop] = b"\x01" * (f.stop - f.begin)
    atoms = [a for a in _find_atoms(text) if not any(taken[a.begin : a.stop])]
    found: list[_Found] = list(compact)
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        opener = _RANGE_OPEN.search(text[max(0, atom.begin - 12) : atom.begin])
        if nxt is not None and _RANGE_BETWEEN.match(text[atom.stop : nxt.begin]):
            joiner = text[atom.stop : nxt.begin].strip().lower()
            # "and" only makes a range after "between"; "in 1945 and 1948" are two years.
            ok = joiner != "and" or (opener and opener.group().strip().lower() == "between")
            # "to" without "from" is too loose ("from Poland to 1939" cannot happen, but
            # "1939 to" + unrelated number can); require an opener for to/till/until.
            if joiner in ("to", "till", "until", "through") and not opener:
                ok = ok and atom.year is not None and nxt.year is not None
            pair = _combine(atom, nxt) if ok else None
            if pair is not None:
                begin = atom.begin - (len(opener.group()) if opener else 0)
                found.append(
                    _Found(
                        begin,
                        nxt.stop,
                        text[begin : nxt.stop],
                        None,
                        None,
                        "",
                        False,
                        parts=pair,
                    )
                )
                i += 2
                continue
        found.append(_Found(atom.begin, atom.stop, atom.text, None, None, "", False, parts=(atom,)))
        i += 1
    for kind, pattern in _RELATIVE:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            if any(f.begin < m.end() and m.start() < f.stop for f in found):
                continue
            found.append(
                _Found(
                    m.start(), m.end(), m.group(), None, None, "approx", True, relative=(kind, m)
                )
            )
    found.sort(key=lambda f: f.begin)
    return found


# --------------------------------------------------------------------------- resolving


def _number(token: str | None) -> int:
    if token is None:
        return 1
    t = re.sub(r"\s+", " ", token.lower())
    return int(t) if t.isdigit() else _NUMBERS.get(t, 1)


def _anchor(recent: tuple[DateMention, ...], unit: str | None) -> DateMention | None:
    allowed = _ANCHOR_OK.get(unit or "", ("day", "month", "year"))
    for mention in reversed(recent):
        if mention.precision in allowed and not mention.approximate:
            return mention
    return None


def _shift(d: date, unit: str, n: float) -> date:
    if unit == "month":
        return (
            _add_months(d.replace(day=1), round(n)) if n == int(n) else d + timedelta(days=30 * n)
        )
    if unit == "year":
        if n == int(n):
            return _safe_date(d.year + int(n), d.month, d.day) or date(d.year + int(n), d.month, 28)
        return d + timedelta(days=round(365 * n))
    return d + timedelta(days=round(_UNIT_DAYS[unit] * n))


#: Counts that say only roughly how many ("a few days later").
_VAGUE_COUNTS = frozenset({"couple", "a couple of", "few", "a few", "some", "several"})


def _counted_days(groups: dict, unit: str | None, anchor: DateMention) -> bool:
    """Whether a relative phrase counts whole days from a day ("two days later", "3 days
    before"): then it names one day. A vague count ("a few days later", "several days") or
    a coarser unit or anchor stays a window around it."""
    token = re.sub(r"\s+", " ", (groups.get("n") or "").lower())
    exact = token.isdigit() or (token in _NUMBERS and token not in _VAGUE_COUNTS)
    return (
        unit == "day"
        and exact
        and anchor.precision == "day"
        and anchor.end - anchor.start == timedelta(days=1)
    )


def _resolve_relative(
    kind: str, m: re.Match[str], recent: tuple[DateMention, ...], ctx: DateContext
) -> tuple[date, date] | None:
    groups = m.groupdict()
    unit = (groups.get("u") or "").lower().rstrip("s") or None
    n = _number(groups.get("n"))
    if kind == "event":
        return None
    if kind == "ago":
        if ctx.document_date is None or unit is None:
            return None
        centre = _shift(ctx.document_date, unit, -n)
        return _shift(centre, unit, -0.5), _shift(centre, unit, 0.5) + timedelta(days=1)
    anchor = _anchor(recent, unit if kind != "same" else "year")
    if anchor is None or unit is None and kind != "same":
        return None
    if kind == "same":
        return anchor.start, anchor.end
    if kind in ("later", "earlier") and _counted_days(groups, unit, anchor):
        # "Warsaw fell on 17 January and Kraków two days later": that very day
        day = anchor.start + timedelta(days=n if kind == "later" else -n)
        return day, day + timedelta(days=1)
    if kind == "later":
        return _shift(anchor.start, unit, n * 0.5), _shift(anchor.end, unit, n * 1.5)
    if kind == "earlier":
        return _shift(anchor.start, unit, -n * 1.5), _shift(anchor.end, unit, -n * 0.5)
    if kind == "within":
        span = n if groups.get("n") else {"day": 10, "week": 6, "month": 6, "year": 3}[unit]
        if unit == "week" and not groups.get("n"):
            return anchor.start, anchor.end + timedelta(days=7 * span)
        return anchor.start, _shift(anchor.end, unit, span)
    if kind in ("next", "previous"):
        step = 1 if kind == "next" else -1
        if unit == "year":  # "the following year": the whole calendar year after
            y = anchor.start.year + step
            return date(y, 1, 1), date(y + 1, 1, 1)
        if unit == "month":
            first = _add_months(anchor.start.replace(day=1), step)
            return first, _add_months(first, 1)
        return _shift(anchor.start, unit, step), _shift(anchor.end, unit, step)
    if kind == "past":
        return _shift(anchor.start, unit, -n), anchor.end
    if kind == "for_next":
        return anchor.start, _shift(anchor.start, unit, n)
    return None


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() > pos:
            break
        start = m.end()
    return start


def _dateparser_interval(text: str, year: int | None) -> tuple[date, date, str] | None:
    """Normalise one single expression with ``dateparser`` (period gives the precision)."""
    from datetime import datetime

    from dateparser.date import DateDataParser

    base = datetime(year or 1900, 1, 1)
    parser = _dateparser_cache.get("p")
    if parser is None:
        parser = DateDataParser(
            languages=["en"],
            settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
        )
        _dateparser_cache["p"] = parser
    parser._settings.RELATIVE_BASE = base  # noqa: SLF001 - per-call base year
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return date(d.year, 1, 1), date(d.year + 1, 1, 1), "year"
    if data.period == "month":
        first = d.replace(day=1)
        return first, _add_months(first, 1), "month"
    return d, d + timedelta(days=1), "day"


_dateparser_cache: dict = {}


def extract_dates(
    text: str, context: DateContext | None = None, *, backend: str = "builtin"
) -> Extraction:
    """Find and normalise every date expression in ``text``.

    Parameters
    ----------
    text : str
        Plain text (markup already removed).
    context : DateContext, optional
        What earlier text established (year for partial dates, anchors for relative
        phrases); start a document with :meth:`DateContext.for_document`.
    backend : {"builtin", "dateparser"}
        Who turns a single matched expression into days. Ranges, decades, seasons
        and relative phrases always use the builtin logic.

    Returns
    -------
    Extraction
        ``mentions`` in text order, ``unresolved`` relative phrases with no sound
        anchor, and the ``context`` to pass to the next piece of text.
    """
    ctx = context or DateContext()
    year = ctx.year
    recent = list(ctx.recent)
    passage_explicit: list[tuple[int, DateMention]] = []
    flashbacks: list[tuple[int, int, DateMention]] = []
    mentions: list[DateMention] = []
    found = _find(text)
    relatives = [f for f in found if f.relative is not None]
    unresolved_at: list[tuple[int, str]] = []
    for f in found:
        if f.relative is not None:
            continue
        approx = bool(_APPROX_BEFORE.search(text[max(0, f.begin - 15) : f.begin]))
        written_year = f.start is not None or all(p.year is not None for p in f.parts)
        if f.start is not None:
            start, end, precision = f.start, f.end, f.precision
        else:
            parts = f.parts
            if any(p.year is None for p in parts):
                if year is None:
                    unresolved_at.append((f.begin, f.text))
                    continue
                parts = tuple(replace(p, year=p.year or year) for p in parts)
            intervals = []
            for p in parts:
                iv = None
                if backend == "dateparser" and p.kind not in ("season", "part", "decade", "mpart"):
                    iv = _dateparser_interval(p.text, p.year)
                if iv is None:
                    iv = _atom_interval(p)
                intervals.append(iv)
            if any(iv is None for iv in intervals):
                unresolved_at.append((f.begin, f.text))
                continue
            start, end = intervals[0][0], intervals[-1][1]
            if not start < end:
                unresolved_at.append((f.begin, f.text))
                continue
            precision = max((iv[2] for iv in intervals), key=_PRECISION_RANK.__getitem__)
            if any(
                p.kind in ("season", "part", "mpart") or (p.kind == "decade" and p.qualifier)
                for p in parts
            ):
                approx = True
        mention = DateMention(f.text, start, end, precision, approx, (f.begin, f.stop))
        mentions.append(mention)
        # "the protocol of 12 September 1944", "the Pact of 1939": a date naming a thing
        # is a back-reference, not where the narrative is; it neither anchors relative
        # phrases nor lends its year to later partial dates.
        attributive = _ATTRIBUTIVE.search(text[max(0, f.begin - 30) : f.begin])
        if attributive and attributive.group(1).lower() not in _TIME_WORDS:
            continue
        if _back_reference(text, f.begin):
            continue
        running = passage_explicit[-1][1] if passage_explicit else (recent or [None])[-1]
        if _flashback(text, f.begin, end, year, running):
            # it still anchors a relative phrase later in its own sentence ("Having been
            # promised it in 1918, the army entered it a year later"), nothing after that
            if precision != "approx" and not approx:
                flashbacks.append((f.begin, _sentence_end(text, f.begin), mention))
            continue
        if precision != "approx" and not approx:
            passage_explicit.append((f.begin, mention))
        if precision in ("day", "month", "year") or written_year and precision == "approx":
            # "the late summer of 1944" is approximate, but its year is written
            year = (end - timedelta(days=1)).year
    for f in relatives:
        kind, m = f.relative
        if kind == "around":
            # "two weeks after 1 September 1939": relative to the date that follows;
            # "three months after Germany has surrendered": to an event, unresolved
            after = next(
                (x for x in mentions if x.span and 0 <= x.span[0] - f.stop <= 3),
                None,
            )
            bounds = _resolve_around(m, after)
        else:
            # anchors end before the phrase's sentence ("On 1 September 1939, within days of
            # signing the pact": the pact's date, not 1 September); a phrase that is not "of"
            # something also takes a date before it in its own sentence ("On 30 January 1933
            # Hitler became chancellor; within days the Reichstag burned")
            sentence = _sentence_start(text, f.begin)
            if not _OF_AFTER.match(text, f.stop):
                sentence = f.begin
            before = [(pos, dm) for pos, dm in passage_explicit if pos < sentence]
            before += [(pos, dm) for pos, stop, dm in flashbacks if pos < f.begin < stop]
            anchors = tuple(recent) + tuple(dm for _, dm in sorted(before, key=lambda x: x[0]))
            bounds = _resolve_relative(kind, m, anchors, ctx)
        if bounds is None or not bounds[0] < bounds[1]:
            unresolved_at.append((f.begin, f.text))
            continue
        mentions.append(
            DateMention(f.text, bounds[0], bounds[1], "approx", True, (f.begin, f.stop))
        )
    mentions.sort(key=lambda x: x.span[0])
    unresolved = [t for _, t in sorted(unresolved_at)]
    recent_out = tuple((recent + [m for _, m in passage_explicit])[-12:])
    return Extraction(
        tuple(mentions), tuple(unresolved), DateContext(year, recent_out, ctx.document_date)
    )


_OF_AFTER = re.compile(r"\s+of\b", re.I)


def _back_reference(text: str, begin: int) -> bool:
    """Whether the date at ``begin`` names when something was made or began (see
    :data:`_BACK_REFERENCE`), in its own clause."""
    m = _BACK_REFERENCE.search(text[max(0, begin - 80) : begin])
    return bool(m) and (m["before"] or "").lower() not in _REPORTING


def _flashback(
    text: str, begin: int, end: date, year: int | None, running: DateMention | None
) -> bool:
    """Whether the date at ``begin`` (ending before ``end``) is told in a clause about an
    earlier event (:data:`_ANTERIOR`) and lies before the narrative's running time (it
    ends before the latest date the narrative stands on, ``running``, starts, or lies in
    a year before the running ``year``): then it is a flashback, and the narrative's time
    stays where it was. A date in such a clause that does not lie before the running time
    ("The pact was made in 1939. Having been occupied in June 1940, the country was
    annexed in August") moves the narrative on to it, as the main clause is later still."""
    before = (year is not None and (end - timedelta(days=1)).year < year) or (
        running is not None and end <= running.start
    )
    return before and bool(_ANTERIOR.search(text[max(0, begin - 80) : begin]))


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() + 1 if m else len(text)


def _resolve_around(m: re.Match[str], after: DateMention | None) -> tuple[date, date] | None:
    if after is None:
        return None
    unit = m["u"].lower().rstrip("s")
    lo, hi = _number(m["n"]), _number(m["n2"]) if m["n2"] else _number(m["n"])
    if m["dir"].lower() == "after":
        return _shift(after.start, unit, lo * 0.5), _shift(after.end, unit, hi * 1.5)
    return _shift(after.start, unit, -hi * 1.5), _shift(after.end, unit, -lo * 0.5)


@dataclass(frozen=True)
class EventRelative:
    """A phrase counted from something that follows it and is no date ("two or three
    months after Germany's defeat"): :func:`extract_dates` leaves it unresolved; a reader
    that knows when that something happened gives its :meth:`bounds`."""

    text: str
    span: tuple[int, int]
    m: re.Match[str] = field(compare=False, repr=False)

    @property
    def after(self) -> bool:
        """True for "... after" (the window follows what it counts from), False for "before"."""
        return self.m["dir"].lower() == "after"

    def bounds(self, start: date, end: date) -> tuple[date, date]:
        """The window the phrase means, counted from what happened in ``[start, end)``."""
        anchor = DateMention(self.text, start, end, "day")
        return _resolve_around(self.m, anchor)


def event_relatives(text: str) -> list[EventRelative]:
    """The phrases of ``text`` counted from an event, not a date ("three months after the
    defeat of Germany"), in order; a phrase followed by a date ("two weeks after 1 September
    1939") is not one of them."""
    pattern = dict(_RELATIVE)["around"]
    dated = [(f.begin, f.stop) for f in _find(text) if f.relative is None]
    out = []
    for m in pattern.finditer(text):
        if any(0 <= begin - m.end() <= 3 for begin, _stop in dated):
            continue
        out.append(EventRelative(m.group(), (m.start(), m.end()), m))
    return out


def find_dates(text: str, document_date: date | None = None) -> list[DateMention]:
    """Date mentions in a standalone text (convenience wrapper over :func:`extract_dates`).

    Parameters
    ----------
    text : str
        Plain text.
    document_date : date, optional
        The text's own date, context for partial and ``... ago`` expressions.

    Returns
    -------
    list of DateMention
    """
    return list(extract_dates(text, DateContext.for_document(document_date)).mentions)
