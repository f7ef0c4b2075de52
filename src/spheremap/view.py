"""The explorer's view state and the pure decisions the Streamlit app makes with it.

``?date=1939-10-15&layers=control,sphere&feature=west-germany&passage=...&doc=...``
<-> :class:`ViewState`, one pure function each way (:func:`from_query`, :func:`to_query`).
A bad value never breaks the app: it falls back to the default and is reported as a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spheremap import time as sm_time
from spheremap.model import KIND_TABLE, KINDS, InputError

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

    It opens ``before`` passages ahead of the first passage that speaks of ``day`` (so that one
    is in view), or at the top when none does.

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
    first = next((i for i, p in enumerate(passages) if speaks_of(p, day)), None)
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
    rows = features[features["id"].isin(ids)]
    bounds = tuple(float(b) for b in rows.total_bounds) if len(rows) else None
    return passage_day(passage), ids, bounds


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
