"""The explorer's view state and the pure decisions the Streamlit app makes with it.

``?date=1939-10-15&layers=control,sphere&feature=west-germany&passage=...&doc=...``
<-> :class:`ViewState`, one pure function each way (:func:`from_query`, :func:`to_query`).
A bad value never breaks the app: it falls back to the default and is reported as a message.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from spheremap import time as sm_time
from spheremap.model import KIND_TABLE, KINDS, InputError
from spheremap.words import TAKEN_VERB, day_text, span_text, status_phrase

#: The layer-family toggles of the app: label -> kinds switched together.
FAMILIES: dict[str, tuple[str, ...]] = {
    family: tuple(k.name for k in KIND_TABLE if k.family == family)
    for family in dict.fromkeys(k.family for k in KIND_TABLE)
}

#: Where each preset opens the map: (lat, lon) centre and zoom, framing the preset's story
#: (the partition line, the front from Leningrad to the Black Sea, Germany and Austria).
PRESET_VIEWS: dict[str, tuple[tuple[float, float], int]] = {
    "1939": ((52.5, 23.0), 5),
    "1941": ((54.0, 32.0), 4),
    "1945": ((51.0, 13.5), 5),
}

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,200}$")


@dataclass(frozen=True)
class ViewState:
    """What the explorer shows: a day, the layer kinds, a clicked feature, a chosen passage."""

    date: date
    kinds: tuple[str, ...]
    feature: str | None = None
    passage: str | None = None
    doc: str | None = None


def default_state() -> ViewState:
    """The 1939 preset: the day after the partition, with its layers."""
    p = sm_time.PRESETS["1939"]
    return ViewState(p.date, tuple(p.kinds))


def preset_state(label: str, state: ViewState | None = None) -> ViewState:
    """``state`` moved to a preset's day with the preset's layers (passage cleared).

    Raises
    ------
    InputError
        If ``label`` is not a preset.
    """
    if label not in sm_time.PRESETS:
        raise InputError(f"unknown preset {label!r} (one of {', '.join(sm_time.PRESETS)})")
    p = sm_time.PRESETS[label]
    base = state or default_state()
    return replace(base, date=p.date, kinds=tuple(k for k in KINDS if k in p.kinds), passage=None)


def _first(value: str | Sequence[str] | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value[0] if len(value) else None


def parse_kinds(text: str) -> tuple[str, ...]:
    """``"control,sphere"`` -> ``("control", "sphere")`` in model order; ``""`` -> ``()``.

    Raises
    ------
    InputError
        On an unknown kind.
    """
    names = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise InputError(f"unknown layer {unknown[0]!r} (one of {', '.join(KINDS)})")
    return tuple(k for k in KINDS if k in names)


def from_query(params: Mapping[str, str | Sequence[str]]) -> tuple[ViewState, list[str]]:
    """The view state a URL's query parameters describe, and messages about values ignored.

    Parameters
    ----------
    params : mapping
        ``st.query_params`` or any mapping of names to a string (or a list of strings).

    Returns
    -------
    (ViewState, list of str)
        Unknown or malformed values fall back to :func:`default_state`; each one adds a message.
    """
    state = default_state()
    problems: list[str] = []
    raw_date = _first(params.get("date"))
    if raw_date:
        try:
            day = sm_time.parse_date(raw_date, what="date in the link")
            if sm_time.clamp(day) != day:
                problems.append(
                    f"date {day.isoformat()} is outside {sm_time.RANGE_START.isoformat()} – "
                    f"{sm_time.RANGE_END.isoformat()}; moved to the nearest day covered"
                )
                day = sm_time.clamp(day)
            state = replace(state, date=day)
        except InputError as exc:
            problems.append(str(exc))
    raw_layers = _first(params.get("layers"))
    if raw_layers is not None:
        try:
            state = replace(state, kinds=parse_kinds(raw_layers))
        except InputError as exc:
            problems.append(f"{exc} in the link")
    for name in ("feature", "passage", "doc"):
        raw = _first(params.get(name))
        if raw:
            if _ID.match(raw):
                state = replace(state, **{name: raw})
            else:
                problems.append(f"{name} {raw[:60]!r} in the link is not a valid id")
    return state, problems


def to_query(state: ViewState) -> dict[str, str]:
    """The query parameters that reopen ``state`` (inverse of :func:`from_query`)."""
    out = {"date": state.date.isoformat(), "layers": ",".join(state.kinds)}
    for name in ("feature", "passage", "doc"):
        value = getattr(state, name)
        if value:
            out[name] = value
    return out


def kinds_from_toggles(toggles: Mapping[str, bool]) -> tuple[str, ...]:
    """Kinds (model order) switched on by family toggles (see :data:`FAMILIES`)."""
    on = {k for label, kinds in FAMILIES.items() if toggles.get(label) for k in kinds}
    return tuple(k for k in KINDS if k in on)


def toggles_from_kinds(kinds: Sequence[str]) -> dict[str, bool]:
    """Family toggles for a set of kinds (a family is on if any of its kinds is)."""
    return {label: any(k in kinds for k in fam) for label, fam in FAMILIES.items()}


#: A date mention longer than this (e.g. "between 1920 and 1953") does not make a passage
#: speak of each day inside it; it is not highlighted for those days.
WEAK_SPAN = timedelta(days=3 * 366)


def speaks_of(passage, day: date, weak: timedelta = WEAK_SPAN) -> bool:
    """Whether one of the passage's date mentions covers ``day`` and is precise enough.

    Parameters
    ----------
    passage : object with ``dates`` (mentions with ``start``, ``end``, ``covers(day)``)
    day : date
    weak : timedelta
        Mentions spanning longer than this are ignored.
    """
    return any(d.covers(day) and d.end - d.start <= weak for d in passage.dates)


def passage_window(
    passages: Sequence, day: date, size: int = 8, before: int = 1
) -> tuple[int, int]:
    """The slice ``[start, stop)`` of a document shown beside the map.

    It opens ``before`` passages ahead of the first passage that speaks of ``day`` (its date
    interval covers it, :func:`date_match`), else of the first that mentions its year (so that
    one is in view), or at the top when none does.

    Parameters
    ----------
    passages : sequence of objects with ``dates``
        The document in reading order (see :func:`speaks_of`).
    day : date
    size : int
        Passages shown.
    before : int
        Context kept above the first highlighted passage.
    """
    n = len(passages)
    matches = [date_match(p, day) for p in passages]
    first = next((i for want in ("on", "year") for i, m in enumerate(matches) if m == want), None)
    start = 0 if first is None else max(0, first - before)
    start = max(0, min(start, n - size))
    return start, min(n, start + size)


def clicked_feature(value: object) -> str | None:
    """The feature id in st_folium's returned value (``last_active_drawing``), if any."""
    if not isinstance(value, Mapping):
        return None
    drawing = value.get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    props = drawing.get("properties")
    if not isinstance(props, Mapping):
        return None
    fid = props.get("id")
    return fid if isinstance(fid, str) and _ID.match(fid) else None


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# GFM autolink literals (``www.x``, ``http://x``, ``a@b.c``) are found in the text *after*
# backslash escapes are resolved (remark's mdast-util-gfm-autolink-literal), so escaping
# cannot stop them: an invisible WORD JOINER inside the trigger does.
_AUTOLINK_TRIGGER = re.compile(r"(?i)(www)(?=\.)|(:)(?=//)|(@)")
WORD_JOINER = "\u2060"


def markdown_text(text: str) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it literally (no markup, no HTML,
    no links: a word joiner, invisible, splits ``www.``, ``://`` and ``@``)."""
    text = " ".join(str(text).split())
    text = _AUTOLINK_TRIGGER.sub(lambda m: m.group(0) + WORD_JOINER, text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def count_phrase(n: int, one: str, many: str) -> str:
    """``"No passage speaks"``, ``"1 passage speaks"``, ``"3 passages speak"``."""
    if n == 0:
        return "No " + one
    return f"{n} {one if n == 1 else many}"


def passage_day(passage) -> date | None:
    """The day a passage moves the slider to: its first precise date mention (else its first)."""
    precise = [d for d in passage.dates if d.end - d.start <= WEAK_SPAN]
    chosen = precise or list(passage.dates)
    return chosen[0].start if chosen else None


def passage_focus(passage, feature_ids: Sequence[str], features) -> tuple:
    """Where choosing a passage takes the map: ``(day, feature ids, lon/lat bounds or None)``.

    Parameters
    ----------
    passage : Passage
    feature_ids : sequence of str
        The features linked to it.
    features : GeoDataFrame
        The atlas's features (rows with those ids give the bounds).
    """
    ids = tuple(dict.fromkeys(feature_ids))
    table = _bounds_by_id(features)
    boxes = [table[i] for i in ids if i in table]
    bounds = None
    if boxes:
        x0, y0, x1, y1 = zip(*boxes, strict=True)
        bounds = (min(x0), min(y0), max(x1), max(y1))
    return passage_day(passage), ids, bounds


#: Per features frame (kept with it, so its id is never reused while cached): id -> bounds.
_BOUNDS: dict[int, tuple[object, dict]] = {}


def _bounds_by_id(features) -> dict[str, tuple[float, float, float, float]]:
    """Each feature id's lon/lat bounds over its rows, worked out once per frame (the panel
    asks for every passage shown, on every rerun)."""
    cached = _BOUNDS.get(id(features))
    if cached is not None and cached[0] is features:
        return cached[1]
    b = features.geometry.bounds
    b["id"] = features["id"].to_numpy()
    agg = b.groupby("id", sort=False).agg(
        minx=("minx", "min"), miny=("miny", "min"), maxx=("maxx", "max"), maxy=("maxy", "max")
    )
    table = {
        str(i): (float(x0), float(y0), float(x1), float(y1))
        for i, x0, y0, x1, y1 in agg.itertuples(name=None)
        if not any(map(math.isnan, (x0, y0, x1, y1)))
    }
    if len(_BOUNDS) > 4:  # a process holds one or two atlases
        _BOUNDS.clear()
    _BOUNDS[id(features)] = (features, table)
    return table


def linked_ids(corpus, passage_id: str) -> tuple[str, ...]:
    """Feature ids linked to a passage; ``()`` without a corpus or for an unknown passage."""
    if corpus is None:
        return ()
    try:
        return tuple(corpus.features_for_passage(passage_id))
    except InputError:
        return ()


#: Uploaded documents one session keeps (the oldest is dropped when one more comes).
UPLOAD_LIMIT = 5
#: Seconds an upload may take to read and link before the app gives up on it (with a message).
UPLOAD_SECONDS = 20.0


def keep_upload(
    kept: Mapping[str, object], name: str, item: object, limit: int = UPLOAD_LIMIT
) -> tuple[dict[str, object], tuple[str, ...]]:
    """``kept`` (oldest first) with ``name -> item`` added last, and the names dropped.

    A name uploaded again replaces its earlier copy and counts as the newest. At most ``limit``
    items stay; the oldest go first.

    Raises
    ------
    InputError
        If ``limit`` is below 1.
    """
    if limit < 1:
        raise InputError(f"upload limit must be at least 1, not {limit}")
    out = {k: v for k, v in kept.items() if k != name}
    out[name] = item
    dropped = tuple(list(out)[: max(0, len(out) - limit)])
    for k in dropped:
        del out[k]
    return out, dropped


# ------------------------------------------------------------------ the passages panel
#: A single-year mention is at most this long (leap years included); longer year ranges
#: ("between 1934 and 1939") do not make a passage "also in" each of their years.
YEAR_SPAN = timedelta(days=366)


def mention_class(mention) -> str:
    """How precisely a date mention says when: ``"precise"``, ``"year"`` or ``"vague"``.

    ``precise``: a day or month (or a range of them, up to :data:`WEAK_SPAN`) written out;
    ``year``: one year; ``vague``: relative phrases ("within days", "for the next almost
    50 years", precision ``approx``), decades and spans longer than :data:`WEAK_SPAN`.
    """
    span = mention.end - mention.start
    if mention.precision == "approx" or mention.precision == "decade" or span > WEAK_SPAN:
        return "vague"
    if mention.precision == "year":
        return "year" if span <= YEAR_SPAN else "vague"
    return "precise"


#: An approximate mention ("a couple of weeks later", resolved to an interval) at most this
#: long still says which days it is about: a passage it covers a day of speaks of that day.
APPROX_SPAN = timedelta(days=62)


def match_class(mention) -> str | None:
    """What a mention covering a day says of it: ``"on"`` (a day or month, or a range of them
    up to :data:`WEAK_SPAN`; ``"about"`` for an approximate one up to :data:`APPROX_SPAN`),
    ``"year"`` (a single year, exact or approximate), else ``None`` (decades, long spans)."""
    span = mention.end - mention.start
    if mention.precision == "decade" or span > WEAK_SPAN:
        return None
    if mention.precision in ("day", "month"):
        return "on"
    if mention.precision == "approx" and span <= APPROX_SPAN:
        return "about"
    return "year" if span <= YEAR_SPAN else None


def _matches(passage, day: date) -> set[str | None]:
    return {match_class(d) for d in passage.dates if d.covers(day)}


def date_match(passage, day: date) -> str | None:
    """How a passage meets ``day``: ``"on"`` (a mention's interval covers it: the passage
    speaks of it), ``"year"`` (only a one-year mention does: shown apart, "also in 1942"),
    else ``None``."""
    found = _matches(passage, day)
    if found & {"on", "about"}:
        return "on"
    return "year" if "year" in found else None


def date_badge(passage, day: date) -> str | None:
    """The badge over a passage: ``on this date``, ``about this date`` (only an approximate
    mention, "a couple of weeks later", covers it), ``also in 1942`` (only its year), or None."""
    found = _matches(passage, day)
    if "on" in found:
        return "on this date"
    if "about" in found:
        return "about this date"
    return f"also in {day.year}" if "year" in found else None


def day_label(day: date) -> str:
    """``24 Jun 1948`` (the day as the passages panel writes it)."""
    from spheremap.dates import interval_label

    return interval_label(day, day + timedelta(days=1), "day")


def passages_caption(title: str, passages: Sequence, day: date, shown: tuple[int, int]) -> str:
    """The plain-text line above a document's passages: title, count, how many speak of
    ``day`` (by interval, with the right verb), how many only mention its year, the window."""
    matches = [date_match(p, day) for p in passages]
    on, year = matches.count("on"), matches.count("year")
    parts = [
        title,
        f"{len(passages)} passage{'' if len(passages) == 1 else 's'}",
        f"{on or 'none'} {'speaks' if on <= 1 else 'speak'} of {day_label(day)}",
    ]
    if year:
        parts.append(f"{year} also in {day.year}")
    if passages:
        parts.append(f"showing {shown[0] + 1}–{shown[1]}")
    return " · ".join(parts)


@dataclass(frozen=True)
class Chip:
    """A date mention under a passage: a button to ``day`` or, with ``day`` None, a note.

    ``state`` is ``"go"`` (a button moving the slider to ``day``), ``"out"`` (outside the
    slider's range: a disabled button saying so) or ``"vague"`` (plain text, no button).
    """

    text: str
    state: str
    day: date | None
    note: str


def date_chips(
    passage, first: date = sm_time.RANGE_START, end: date = sm_time.RANGE_END
) -> list[Chip]:
    """The date chips of a passage, in text order (see :class:`Chip`).

    A mention partly inside ``[first, end)`` moves to its first day inside it; one wholly
    outside says so instead of clamping silently; vague ones (:func:`mention_class`) are not
    buttons.
    """
    out = []
    range_text = f"{day_label(first)} – {day_label(end - timedelta(days=1))}"
    for d in passage.dates:
        if mention_class(d) == "vague":
            out.append(Chip(d.text, "vague", None, f"vague: {d.label}, not a day to go to"))
        elif d.end <= first or d.start >= end:
            out.append(Chip(d.text, "out", None, f"{d.label} is outside the map's {range_text}"))
        else:
            day = max(d.start, first)
            out.append(Chip(d.text, "go", day, f"move the slider to {day_label(day)}"))
    return out


def document_labels(docs: Mapping[str, object]) -> dict[str, str]:
    """File name -> what the document picker shows: its title (the file name added only
    where two documents share a title)."""
    titles = {
        name: " ".join(str(getattr(doc, "title", "") or name).split()) for name, doc in docs.items()
    }
    shared = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    return {name: f"{t} ({name})" if t in shared else t for name, t in titles.items()}


def passage_kinds(feature_ids: Sequence[str], features) -> tuple[str, ...]:
    """The layer kinds (model order) of the features a passage links to."""
    kinds = set(features.loc[features["id"].isin(list(feature_ids)), "kind"])
    return tuple(k for k in KINDS if k in kinds)


def with_layers(state: ViewState, kinds: Sequence[str]) -> ViewState:
    """``state`` with ``kinds`` switched on as well (those already on stay on)."""
    return replace(state, kinds=tuple(k for k in KINDS if k in state.kinds or k in kinds))


def shown_links(corpus, passage_id: str, min_score: float = 0.0) -> list:
    """The links of a passage with a score of at least ``min_score`` (curated links score 1),
    in the order they were made; ``[]`` without a corpus or for an unknown passage."""
    if corpus is None:
        return []
    try:
        links = corpus.links_for_passage(passage_id)
    except InputError:
        return []
    return [lk for lk in links if lk.score >= min_score]


def link_label(link) -> tuple[str, str]:
    """A link's short label (feature, direction, score) and its hover text (the reason, and
    for a forward link the day it was realised), both plain text."""
    when = link.direction or ("curated" if link.how == "curated" else "undated")
    label = f"{link.feature} · {when} · {link.score:.2f}"
    hover = link.reason or link.how
    if link.realised is not None:
        hover += f" (realised {link.realised.isoformat()})"
    return label, hover


# ------------------------------------------------------------------------ timeline strip
def clicked_lonlat(value: object) -> tuple[float, float] | None:
    """The ``(lon, lat)`` of the last click on the map's drawn layers (features or the basemap's
    land) in st_folium's returned value (``last_object_clicked``), if any."""
    if not isinstance(value, Mapping):
        return None
    click = value.get("last_object_clicked")
    if not isinstance(click, Mapping):
        return None
    try:
        lat, lon = float(click["lat"]), float(click["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lon, lat


def strip_label(span) -> str:
    """Plain-text label of a strip span: ``"USSR from 1939-09-22 to 1941-06-29"``."""
    last = span.end - timedelta(days=1)
    return f"{span.power} from {span.start.isoformat()} to {last.isoformat()}"


def history_strip_svg(spans: Sequence, day: date, *, width: int = 520, height: int = 30) -> str:
    """A place's timeline strip as inline SVG: spans coloured by power, ``day`` marked.

    Every text (names, powers) is escaped; each span carries a ``<title>`` (its tooltip). One
    element per line and no blank line: Markdown (``st.markdown(..., unsafe_allow_html=True)``)
    takes the whole as one raw HTML block and never reads Markdown or math inside it.

    Parameters
    ----------
    spans : sequence of :class:`spheremap.history.StripSpan`
    day : date
        The day shown on the map (a black marker).
    """
    import html

    from spheremap import render

    bar = height - 12
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" class="sm-strip" '
        f'aria-label="{html.escape("Who held this place, 1938 to 1949", quote=True)}">',
        f'<rect x="0" y="0" width="{width}" height="{bar}" fill="#EEEEEE"/>',
    ]
    for s in spans:
        x, w = s.left * width, max(s.width * width, 1.0)
        colour = render.power_colour(s.power)
        label = html.escape(f"{s.name}: {strip_label(s)} ({s.status})")
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{bar}" fill="{colour}" '
            f'stroke="#FFFFFF" stroke-width="0.5"><title>{label}</title></rect>'
        )
    total = (sm_time.RANGE_END - sm_time.RANGE_START).days
    for year in range(sm_time.RANGE_START.year + 1, sm_time.RANGE_END.year + 1, 2):
        x = (date(year, 1, 1) - sm_time.RANGE_START).days / total * width
        parts.append(
            f'<text x="{x:.1f}" y="{height - 1}" font-size="9" text-anchor="middle" '
            f'fill="#444444">{year}</text>'
        )
    mark = (sm_time.clamp(day) - sm_time.RANGE_START).days / total * width
    parts.append(
        f'<rect x="{mark - 1:.1f}" y="0" width="2.5" height="{bar + 2}" fill="#000000">'
        f"<title>{html.escape(day.isoformat())}</title></rect></svg>"
    )
    return "\n".join(" ".join(p.split("\n")) for p in parts)


# ------------------------------------------------------------------------ framing
#: Bounds (min lon, min lat, max lon, max lat) each preset opens on: the partition line, the
#: front from Leningrad to the Black Sea, Germany and Austria.
PRESET_BOUNDS: dict[str, tuple[float, float, float, float]] = {
    "1939": (14.0, 48.5, 32.0, 56.5),
    "1941": (22.0, 44.0, 42.0, 61.0),
    "1945": (5.5, 46.0, 17.5, 55.2),
}
#: The view when a day names no change to frame.
EUROPE_BOUNDS: tuple[float, float, float, float] = (-10.0, 36.0, 42.0, 64.0)
#: A change framed on its own is shown with at least this span (degrees lon, lat) around it,
#: so a point event or a small pocket opens with its surroundings.
MIN_SPAN: tuple[float, float] = (12.0, 8.0)
#: How far back a change may lie and still count as the day's change.
RECENT = timedelta(days=14)


@dataclass(frozen=True)
class Fit:
    """A request to frame the map, obeyed once by the map that receives it.

    ``nonce`` numbers the requests of a session: a request equal to the previous one but with
    a new nonce frames the map again (after a pan or a zoom). Either ``bounds`` (lon/lat, fitted
    to the map's real size, zoom reset) or ``center`` (lat, lon) and ``zoom``.
    """

    nonce: int
    bounds: tuple[float, float, float, float] | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None
    max_zoom: int = 9

    def as_dict(self) -> dict:
        """The JSON-ready form the map runtime reads (``spheremap.fit``)."""
        out: dict = {"nonce": self.nonce, "maxZoom": self.max_zoom}
        if self.bounds is not None:
            out["bounds"] = [float(b) for b in self.bounds]
        if self.center is not None and self.zoom is not None:
            out["center"] = [float(c) for c in self.center]
            out["zoom"] = int(self.zoom)
        return out


def next_fit(previous: Fit | None, **target) -> Fit:
    """A new :class:`Fit` for ``target`` (``bounds=`` or ``center=``/``zoom=``), numbered after
    ``previous`` so the map obeys it even when the target is the same as last time."""
    return Fit((previous.nonce if previous else 0) + 1, **target)


def padded(
    bounds: Sequence[float], span: tuple[float, float] = MIN_SPAN
) -> tuple[float, float, float, float]:
    """``bounds`` widened around their centre to at least ``span`` (lon, lat) degrees."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    w, h = max(maxx - minx, span[0]), max(maxy - miny, span[1])
    return (cx - w / 2, max(cy - h / 2, -85.0), cx + w / 2, min(cy + h / 2, 85.0))


def drop_caches() -> None:
    """Forget the cached change rows and "what changed" lines (rebuilt when asked again)."""
    for cached in (_start_days, _rows_on, _change_text):
        cached.cache_clear()


@lru_cache(maxsize=16)
def _start_days(atlas, kinds: tuple[str, ...]) -> tuple[date, ...]:
    """The sorted days after the range's start on which a row of ``kinds`` starts."""
    frame = atlas.features
    if kinds:
        frame = frame[frame["kind"].isin(list(kinds))]
    return tuple(sorted(d for d in set(frame["start_date"]) if d > sm_time.RANGE_START))


def change_day(atlas, day: date, kinds: Sequence[str] = ()) -> date | None:
    """The day's change: the last day on or before ``day`` on which a row of ``kinds`` (all if
    empty) starts, if it lies within :data:`RECENT`; else ``None``."""
    days = _start_days(atlas, tuple(kinds))
    i = bisect.bisect_right(days, day) - 1
    if i < 0 or days[i] <= day - RECENT:
        return None
    return days[i]


def changed_rows(atlas, day: date, kinds: Sequence[str] = ()):
    """The feature rows (of ``kinds``, all if empty) that start on the day's change
    (:func:`change_day`). Control rows count only where the piece changes holder (not where a
    claim is renamed). Returns an empty frame when nothing started recently.
    """
    last = change_day(atlas, day, kinds)
    if last is None:
        return atlas.features.iloc[0:0]
    return _rows_on(atlas, last, tuple(kinds))


@lru_cache(maxsize=256)
def _rows_on(atlas, last: date, kinds: tuple[str, ...]):
    frame = atlas.features
    if kinds:
        frame = frame[frame["kind"].isin(list(kinds))]
    rows = frame[frame["start_date"] == last]
    control = rows["kind"] == "control"
    if control.any():
        before = atlas.features[
            (atlas.features["kind"] == "control")
            & (atlas.features["end_date"] == last)
            & atlas.features["piece"].isin(rows.loc[control, "piece"])
        ]
        held = dict(zip(before["piece"], before["power"], strict=True))
        changed = [
            not c or held.get(piece) != power
            for c, piece, power in zip(control, rows["piece"], rows["power"], strict=True)
        ]
        rows = rows[changed]
    return rows


def date_bounds(atlas, day: date, kinds: Sequence[str] = ()) -> tuple[float, float, float, float]:
    """Where a day opens: around what changed on it (:func:`changed_rows`), else Europe."""
    rows = changed_rows(atlas, day, kinds)
    if rows.empty:
        return EUROPE_BOUNDS
    return padded(rows.total_bounds)


def view_from_query(params: Mapping[str, str | Sequence[str]]) -> tuple[float, float, int] | None:
    """``(lat, lon, zoom)`` from a link's ``lat``, ``lon`` and ``zoom``, or ``None`` when they
    are missing or out of range (the map then frames the day)."""
    try:
        lat = float(_first(params.get("lat")) or "nan")
        lon = float(_first(params.get("lon")) or "nan")
        zoom = int(_first(params.get("zoom")) or "x")
    except ValueError:
        return None
    if not (-85 <= lat <= 85 and -180 <= lon <= 180 and 2 <= zoom <= 12):
        return None
    return lat, lon, zoom


def view_query(center: object, zoom: object) -> dict[str, str]:
    """The ``lat``/``lon``/``zoom`` parameters of st_folium's returned centre and zoom
    (``{}`` if they are not usable)."""
    if not isinstance(center, Mapping) or not isinstance(zoom, int | float):
        return {}
    lat, lon = center.get("lat"), center.get("lng")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return {}
    lon = float(lon) if -180 <= lon <= 180 else (float(lon) + 180.0) % 360.0 - 180.0
    return {"lat": f"{float(lat):.3f}", "lon": f"{lon:.3f}", "zoom": str(int(round(zoom)))}


# ------------------------------------------------------------------------ clicks
def clicked_point(value: object) -> tuple[float, float, int] | None:
    """``(lon, lat, count)`` of the last click on a drawn feature in st_folium's returned value
    (``last_object_clicked`` and ``last_object_clicked_count``), if any."""
    if not isinstance(value, Mapping):
        return None
    at = value.get("last_object_clicked")
    if not isinstance(at, Mapping):
        return None
    lat, lon = at.get("lat"), at.get("lng")
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return None
    if not (-90 <= lat <= 90 and abs(lon) < 1e4):
        return None
    count = value.get("last_object_clicked_count")
    lon = float(lon) if -180 <= lon <= 180 else (float(lon) + 180.0) % 360.0 - 180.0
    return lon, float(lat), int(count) if isinstance(count, int) else 0


def _places_in(gazetteer, geoms) -> list[str]:
    """The gazetteer's cities lying in any of ``geoms``, in gazetteer order."""
    import shapely

    if gazetteer is None:
        return []
    cities = [p for p in gazetteer.places.values() if p.kind == "city"]
    if not cities:
        return []
    points = shapely.points([(p.lon, p.lat) for p in cities])
    hits = set(shapely.STRtree(geoms).query(points, predicate="intersects")[0].tolist())
    return [p.name for i, p in enumerate(cities) if i in hits]


def _nearest_place(gazetteer, geoms, km: float = 150.0) -> str | None:
    """The gazetteer's city nearest to ``geoms`` within ``km`` (roughly, in degrees)."""
    import shapely

    if gazetteer is None or len(geoms) == 0:
        return None
    cities = [p for p in gazetteer.places.values() if p.kind == "city"]
    if not cities:
        return None
    points = shapely.points([(p.lon, p.lat) for p in cities])
    near = shapely.STRtree(geoms).query_nearest(points, return_distance=True, all_matches=False)
    (point_idx, _), dist = near
    best = int(dist.argmin())
    return cities[int(point_idx[best])].name if dist[best] * 111.0 <= km else None


def change_line(atlas, day: date, kinds: Sequence[str] = (), gazetteer=None, limit: int = 3):
    """One line naming what changed on the day's change (see :func:`changed_rows`):
    ``"12 Aug 1942: Krasnodar taken by Germany"``; ``None`` when nothing did.

    Ground changing holder is named by the gazetteer's cities in it (else by the claim's
    name); authored lines and events by their names. Computed once per change.
    """
    last = change_day(atlas, day, kinds)
    if last is None:
        return None
    return _change_text(atlas, last, tuple(kinds), gazetteer, limit)


@lru_cache(maxsize=256)
def _change_text(atlas, last: date, kinds: tuple[str, ...], gazetteer, limit: int):
    import shapely

    rows = _rows_on(atlas, last, kinds)
    if rows.empty:
        return None
    when = rows["start_date"].iloc[0]
    parts: list[str] = []
    control = rows[rows["kind"] == "control"]
    groups = control.groupby(["power", "status", "name"], sort=False)
    by_area = sorted(groups, key=lambda g: -float(shapely.area(g[1].geometry.to_numpy()).sum()))
    for (power, status, name), group in by_area:
        geoms = group.geometry.to_numpy()
        places = _places_in(gazetteer, geoms)
        what = ", ".join(places[:2]) + (" and more" if len(places) > 2 else "") if places else name
        if not places:
            near = _nearest_place(gazetteer, geoms)
            what = f"ground near {near}" if near else name
        verb = TAKEN_VERB.get(status, "back to" if status == "sovereign" else "to")
        parts.append(f"{what} {verb} {power}")
    for _, r in rows[rows["kind"] == "event"].iterrows():
        parts.append(str(r["name"]))
    for _, r in rows[rows["kind"].isin(["sphere", "zone", "sector", "line"])].iterrows():
        parts.append(f"{r['name']} ({status_phrase(r['kind'], r['power'], r['status'])})")
    parts = list(dict.fromkeys(parts))
    more = len(parts) - limit
    text = "; ".join(parts[:limit]) + (f"; {more} more" if more > 0 else "")
    return f"{day_text(when)}: {text}"


def history_rows(history, kinds: Sequence[str] = ("control", "zone", "sector")) -> list[str]:
    """A place history (:class:`spheremap.history.PlaceHistory`) as short lines, one per
    span of ``kinds`` in date order, then the events near it."""
    spans = sorted((s for s in history.spans if s.kind in kinds), key=lambda s: s.start_date)
    out = [
        f"{span_text(s.start_date, s.end_date, s.date_precision)}: {s.name} "
        f"({status_phrase(s.kind, s.power, s.status)})"
        for s in spans
    ]
    out += [
        f"{day_text(e.span.start_date, e.span.date_precision)}: {e.span.name} "
        f"({e.distance_km:.0f} km away)"
        for e in history.events[:5]
    ]
    return out
