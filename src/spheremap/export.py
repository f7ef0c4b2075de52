"""Standalone exports: one self-contained HTML file for a view or for the whole atlas; GeoJSON.

The HTML files inline every script and style sheet (Leaflet, the spheremap runtime) and turn
the images the CSS refers to into ``data:`` URIs, so they open from disk with no network. Any
reference without a local copy is an error, never a silent CDN link.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import math
import mimetypes
import os
import re
import secrets
import stat
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import numpy as np
import shapely

from spheremap import display, render
from spheremap import fronts as sm_fronts
from spheremap import time as sm_time
from spheremap.model import FEATURE_PROPERTIES, KINDS, DataError, InputError, SpheremapError
from spheremap.packing import PACK_DIGITS, encode_geometry, pack_ints, pack_polygons, unpack_ints

if TYPE_CHECKING:
    from spheremap.atlas import Atlas

#: Views open fitted to their features, but never wider than Europe (lon/lat bounds).
FIT_WINDOW = (-11.0, 34.0, 50.0, 71.0)

#: Largest atlas file the export accepts (bytes).
ATLAS_MAX_BYTES = 2_000_000
#: What the bundled atlas's pages are meant to stay within (bytes; tests/test_export.py): a
#: view export, and the atlas page.
VIEW_BUDGET = 600_000
ATLAS_BUDGET = 1_500_000
#: decimals of the atlas page's dated features other than control (about 100 m)
ITEM_DECIMALS = 3

_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*>\s*</script>', re.IGNORECASE)
_LINK_HREF = re.compile(r'<link\b[^>]*\bhref="([^"]+)"[^>]*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)


# ----------------------------------------------------------------------------- inlining
def local_asset(url: str) -> Path:
    """The vendored file behind an asset URL under :data:`render.ASSET_PREFIX`.

    Raises
    ------
    DataError
        If the URL is not a local asset or the file is missing.
    """
    if not url.startswith(render.ASSET_PREFIX):
        raise DataError(url, "no local copy of this asset: exports must not reach the network")
    rel = url[len(render.ASSET_PREFIX) :]
    path = (render.STATIC_DIR / rel).resolve()
    if render.STATIC_DIR.resolve() not in path.parents or not path.is_file():
        raise DataError(url, f"vendored asset missing under {render.STATIC_DIR}")
    return path


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    css = path.read_text(encoding="utf-8")

    def repl(match: re.Match) -> str:
        ref = match.group(1).strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = (path.parent / ref).resolve()
        if not target.is_file():
            raise DataError(path, f"style sheet refers to {ref!r}, which has no local copy")
        return f'url("{_data_uri(target)}")'

    return _CSS_URL.sub(repl, css).replace("</style", "<\\/style")


def inline_assets(page: str) -> str:
    """Replace every ``<script src>`` and ``<link href>`` in ``page`` by the file's content.

    Parameters
    ----------
    page : str
        HTML whose external references all point under :data:`render.ASSET_PREFIX`.

    Returns
    -------
    str
        The same page with scripts and style sheets inlined.

    Raises
    ------
    DataError
        On any reference without a local copy (a CDN URL, a missing file).
    """

    def script(match: re.Match) -> str:
        js = _SOURCE_MAP.sub("", local_asset(match.group(1)).read_text(encoding="utf-8"))
        return "<script>" + js.replace("</script", "<\\/script") + "</script>"

    def link(match: re.Match) -> str:
        tag = match.group(0)
        if "stylesheet" not in tag:
            raise DataError(match.group(1), "unexpected <link> in an export")
        return "<style>" + _inline_css(local_asset(match.group(1))) + "</style>"

    return _LINK_HREF.sub(link, _SCRIPT_SRC.sub(script, page))


def _page(m: folium.Map, title: str) -> str:
    fig = m.get_root()
    # not fig.title: the figure's template writes it unescaped
    fig.header.add_child(render.Literal(f"<title>{html.escape(title)}</title>"), name="sm_title")
    return inline_assets(fig.render())


# ----------------------------------------------------------------------------- writing
def write_atomic(path: Path | str, text: str | bytes) -> Path:
    """Write ``text`` (UTF-8, or bytes as they are) to ``path`` all at once, or not at all.

    The text goes to a new temporary file beside the target (same folder, so same file
    system), which then replaces the target with :func:`os.replace`. If anything fails (disk
    full, file size limit, permissions, an interrupt) the temporary file is removed and an
    existing file at ``path`` is left exactly as it was. A symbolic link at ``path`` is written
    through (its target is replaced); an existing file keeps its permission bits.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    DataError
        Naming ``path`` and the reason, if it cannot be written.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else None
        # O_EXCL: never write into a file that is already there; 0o666 minus the umask, as
        # for a file written in place
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise DataError(path, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise DataError(
                path, f"cannot write: {exc.strerror or exc} (the file was left unchanged)"
            ) from None
        raise
    return path


# ----------------------------------------------------------------------------- views
def _kinds(kinds: Sequence[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InputError(f"unknown layer kind {unknown[0]!r} (one of {', '.join(KINDS)})")
    return tuple(k for k in KINDS if k in set(kinds))


def _passage_date_label(passage) -> str:
    dates = getattr(passage, "dates", None) or ()
    labels = []
    for d in dates:
        labels.append(getattr(d, "label", None) or str(getattr(d, "start", d)))
    return ", ".join(labels)


def linked_passages(atlas: Atlas, ids: Sequence[str], limit: int = 6, chars: int = 280) -> dict:
    """The passages that speak of each feature, trimmed for a popup.

    Returns ``{feature id: [{"dates": str, "text": str}]}``; empty when the atlas has no
    documents. Text is returned as text: the runtime writes it with ``textContent``.

    Raises
    ------
    DataError
        If the documents, the gazetteer or ``links.csv`` cannot be loaded, or if a curated link
        or a gazetteer entry cannot be applied (:attr:`spheremap.links.Corpus.problems`): an
        export never leaves passages out without saying so.
    """
    corpus = atlas.corpus  # raises DataError naming the file that does not load
    check_corpus(atlas, corpus)
    out: dict[str, list[dict]] = {}
    for fid in dict.fromkeys(ids):
        found = list(corpus.passages_for_feature(fid))[:limit]
        rows = []
        for p in found:
            text = " ".join(str(getattr(p, "text", "")).split())
            if len(text) > chars:
                text = text[: chars - 1].rstrip() + "…"
            rows.append({"dates": _passage_date_label(p), "text": text})
        if rows:
            out[fid] = rows
    return out


def check_corpus(atlas: Atlas, corpus) -> None:
    """Raise if the corpus lists problems (links or gazetteer entries it could not apply).

    Raises
    ------
    DataError
        Naming the data folder and the first problem (which names its file), with the count.
    """
    problems = list(corpus.problems)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise DataError(
            atlas.root if atlas.root is not None else "documents",
            f"{problems[0]}{more}; run `spheremap validate` to list them",
        )


def passages_problem(atlas: Atlas) -> str | None:
    """Why a view export of ``atlas`` would stop over its documents or links, or ``None``.

    For a user interface that offers the export: it can say so before the user asks.
    """
    try:
        check_corpus(atlas, atlas.corpus)
    except SpheremapError as exc:
        return str(exc)
    return None


def title_box(
    heading: str, lines: Sequence[str], sources: Sequence[str], cited: bool = False
) -> str:
    """Escaped HTML of the title panel: heading, a few lines, the sources in a details box.

    With ``cited`` (the page ships its bibliography, :class:`CitationTable`), the box holds an
    empty list the runtime fills with the page's full citations (each text once per page);
    otherwise the sources are listed as written."""
    parts = [f"<h1>{html.escape(heading)}</h1>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in lines]
    if sources:
        items = "" if cited else "".join(f"<li>{html.escape(s)}</li>" for s in sources)
        ul = '<ul class="sm-bib-all">' if cited else "<ul>"
        parts.append(
            f"<details><summary>Sources ({len(sources)})</summary>{ul}{items}</ul></details>"
        )
    return "".join(parts)


class TitleControl(render.DataElement):
    """A Leaflet control (top left) holding already-escaped title HTML."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var c = L.control({position: "topleft"});
            c.onAdd = function () {
                var d = L.DomUtil.create("div", "sm-title leaflet-control");
                d.innerHTML = {{ this.html_json }};
                spheremap.fillBibliography(d);
                L.DomEvent.disableClickPropagation(d);
                L.DomEvent.disableScrollPropagation(d);
                return d;
            };
            c.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, escaped_html: str):
        super().__init__()
        self._name = "TitleControl"
        self.html_json = render.js_json(escaped_html)


class CitationTable(render.DataElement):
    """The page's bibliography for every popup (:func:`spheremap.render.citation_table`)."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        spheremap.bibliography({{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, sources: Iterable[str], references):
        super().__init__()
        self._name = "CitationTable"
        table = render.citation_table(sources, references)
        self.cited = bool(table["refs"])
        self.data_json = render.js_json(table)


def view_map(
    atlas: Atlas, day: date, kinds: Sequence[str] | None = None, compare: date | None = None
) -> folium.Map:
    """The folium map of one view: the day's layers with legend, title, sources and passages;
    with ``compare`` (another day), the ground that changed hands between it and ``day`` drawn
    over them and the largest changes per power in the title."""
    kinds = _kinds(kinds)
    day = sm_time.parse_date(day)
    comparison = atlas.compare(sm_time.parse_date(compare), day) if compare else None
    frame = render.frame_at(atlas, day, kinds)
    passages = linked_passages(atlas, list(frame["id"]))
    fc = render.feature_collection(
        frame,
        passages=passages,
        tolerance=display.VIEW_TOLERANCE,
        detail=atlas.detail_area,
        sea=atlas.sea,
        pack=render.PACK_SCALE,
    )
    m = render.base_map(render.basemap_collection(atlas.basemap, tolerance=display.VIEW_TOLERANCE))
    overlay = render.compare_collection(comparison) if comparison is not None else None
    sources = sorted({s for ss in frame["sources"] for s in ss}) if len(frame) else []
    cited = CitationTable(sources, atlas.references).add_to(m).cited
    render.dated_group(fc, overlay=overlay).add_to(m)
    if fc["features"]:
        minx, miny, maxx, maxy = frame.total_bounds
        ex0, ey0, ex1, ey1 = FIT_WINDOW  # the Far East pieces would shrink Europe to a corner
        box = [max(minx, ex0), max(miny, ey0), min(maxx, ex1), min(maxy, ey1)]
        if box[0] < box[2] and box[1] < box[3]:
            FitBounds([[box[1], box[0]], [box[3], box[2]]]).add_to(m)
    lines = [
        "Layers: " + ", ".join(render.KIND_LABELS[k] for k in kinds),
        f"{len(fc['features'])} features. Click one for its dates, sources and passages.",
    ]
    if comparison is not None:
        lines.append(
            f"Changed hands since {comparison.start.isoformat()} (filled in the colour of the "
            "new holder, outlined in that of the old):"
        )
        lines += comparison.lines() or ["nothing"]
    heading = f"spheremap: {day.strftime('%d %B %Y').lstrip('0')}"
    TitleControl(title_box(heading, lines, sources, cited)).add_to(m)
    return m


def view_html(
    atlas: Atlas, day: date, kinds: Sequence[str] | None = None, compare: date | None = None
) -> str:
    """One self-contained HTML page of the view at ``day`` with the layer families ``kinds``
    (and, with ``compare``, what changed hands since that day: see :func:`view_map`)."""
    day = sm_time.parse_date(day)
    return _page(view_map(atlas, day, kinds, compare), f"spheremap {day.isoformat()}")


def export_view(
    atlas: Atlas,
    day: date,
    kinds: Sequence[str] | None,
    path: Path | str,
    compare: date | None = None,
) -> Path:
    """Write :func:`view_html` to ``path`` (:func:`write_atomic`); return the path."""
    return write_atomic(path, view_html(atlas, day, kinds, compare))


# ----------------------------------------------------------------------------- atlas
class FitBounds(render.DataElement):
    """Fit the map to bounds at once (no zoom animation: the page opens on its final view)."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds_json }}, {animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitBounds"
        self.bounds_json = render.js_json(bounds)


class TimelineControl(render.DataElement):
    """The atlas's client-side time control (slider, presets, previous/next, layer toggles)."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = spheremap.timeline({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict):
        super().__init__()
        self._name = "TimelineControl"
        self.data_json = render.js_json(data)


def _day(d: date | None) -> int | None:
    """Days since :data:`spheremap.time.RANGE_START` (``None`` stays ``None``: open-ended)."""
    return None if d is None else (d - sm_time.RANGE_START).days


def _style_index(styles: dict[str, int], style: dict) -> int:
    return styles.setdefault(json.dumps(style, sort_keys=True), len(styles))


def atlas_items(
    frame, styles: dict[str, int], tolerance: float = 0.02, decimals: int = 3
) -> tuple[list[dict], set]:
    """The atlas's dated features other than control: each geometry once with its entry.

    Returns
    -------
    (items, legend keys)
        ``items``: ``[{"g": GeoJSON geometry, "e": [properties]}]`` in drawing order; a
        polygonal item carries ``"pg"`` instead of ``"g"``: its rings packed by
        :func:`spheremap.packing.pack_polygons` at ``10 ** decimals`` (the page unpacks them
        once). Each entry's ``sk`` indexes the style table ``styles`` (filled in place).
    """
    keys: set[str] = set()
    if len(frame) == 0:
        return [], keys
    geoms = render.display_geometries(frame, tolerance)
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    rank = {k: i for i, k in enumerate(render.DRAW_ORDER)}
    items = []
    same: dict[tuple[str, str], dict] = {}  # (kind, geometry) -> its item
    for rec, g in zip(records, geoms, strict=True):
        if g is None or g.is_empty:
            continue
        props = render.feature_properties(rec)
        keys.add(props["lk"])
        if (
            props["status"] == "frontline"
            and rec["start_date"] is not None
            and not sm_fronts.shows_authored(
                rec.get("theatre"), rec["start_date"], rec["start_date"] + ONE_DAY
            )
        ):
            # drawn on its own date; the front derived from control takes the other days
            props["se"] = (rec["start_date"] + ONE_DAY).isoformat()
        if props["kind"] in render.LABEL_KINDS and (lab := render.label_for(g, props["name"])):
            props.update(lab)
            props["la"] = round(float(g.area), 3)
        props["sk"] = _style_index(styles, props.pop("style"))
        rounded = render._round_geometry(g, decimals)
        geojson = shapely.to_geojson(rounded)
        # a borough held by several powers in turn: one geometry, one entry per period
        if (key := (props["kind"], geojson)) in same:
            same[key]["e"].append(props)
            continue
        packed = pack_polygons(rounded, 10**decimals)
        shape = {"pg": packed} if packed else {"g": json.loads(geojson)}
        same[key] = {**shape, "e": [props], "_rank": rank.get(props["kind"], 99)}
        items.append(same[key])
    items.sort(key=lambda it: it.pop("_rank"))
    return items, keys


#: One day (an authored front is drawn on its own date only).
ONE_DAY = timedelta(days=1)

#: Control pieces whose extent is below this (degrees; city districts) keep 3 decimals.
FINE_PIECE_EXTENT = 0.1

#: Claim properties stored column-wise in the atlas (strings repeat: notes and sources are
#: indexes into their own tables).
CLAIM_COLUMNS = ("id", "name", "power", "status", "precision", "approx", "sk", "lk")


#: Where claim notes are cut into parts shared between notes: after a sentence or a clause.
_NOTE_CUTS = re.compile(r"(?<=[.;] )")


def note_parts(note: str) -> list[str]:
    """``note`` cut after each ``". "`` and ``"; "``; the parts, joined, give it back exactly.

    Many claims share sentences ("Civil and military administration; " starts 197 of them), so
    the atlas stores each part once.
    """
    return [part for part in _NOTE_CUTS.split(note) if part]


def _piece_scales(geom_of: dict, detail) -> dict:
    """Each piece's quantisation: 1000 (3 decimals) for small pieces and those reaching into
    the sector cities (so that their edges meet), else 100."""
    out = {}
    for piece, g in geom_of.items():
        if g is None or g.is_empty:
            continue
        minx, miny, maxx, maxy = g.bounds
        small = max(maxx - minx, maxy - miny) < FINE_PIECE_EXTENT
        out[piece] = 1000 if small or (detail is not None and g.intersects(detail)) else 100
    return out


def _snap_points(geom, points: set, decimals: int):
    """``geom`` with those of its points that are in ``points`` rounded to ``decimals``."""

    def snap(xy: np.ndarray) -> np.ndarray:
        hit = np.fromiter((tuple(p) in points for p in xy.tolist()), bool, len(xy))
        if hit.any():
            xy = xy.copy()
            xy[hit] = np.round(xy[hit], decimals)
        return xy

    return shapely.transform(geom, snap)


def atlas_pieces(
    frame,
    styles: dict[str, int],
    tolerance: float = 0.02,
    *,
    detail=None,
    sea=None,
    checked: bool = False,
) -> tuple[list, dict, set]:
    """Control as pieces with compact timelines, and the table of what held them.

    The coverage can hold thousands of pieces with tens of thousands of timeline entries;
    each piece's outline is stored once (quantised, delta-encoded, see
    :func:`encode_geometry`) and its timeline as ``[start, claim, length, claim, length, ...]``
    in days (``start`` since the range start; each entry lasts ``length`` days from the end
    of the one before; claim ``-1`` fills a gap; length ``-1`` is open-ended). Rings and
    timelines ship as :func:`pack_ints` strings. The runtime restyles pieces as the day changes
    instead of redrawing them.

    Returns
    -------
    (pieces, claims, legend keys)
        ``pieces``: ``[{"q": scale, "g": rings, "t": timeline, "a": area, "p": [lat, lon]}]``
        (``q`` left out when it is the usual 100; ``g`` holds per polygon a list of packed
        rings, ``t`` the packed timeline; the label point ``p`` only on the pieces of
        :func:`label_pieces`);
        ``claims``: column lists named by :data:`CLAIM_COLUMNS` plus ``note`` and ``sources``
        (indexes into ``notes`` and ``sourceLists``); each of ``notes`` is a list of indexes
        into ``noteParts`` (:func:`note_parts`, joined with nothing between).
    """
    keys: set[str] = set()
    table: dict = {c: [] for c in (*CLAIM_COLUMNS, "note", "sources")}
    table["notes"], table["noteParts"], table["sourceLists"] = [], [], []
    if len(frame) == 0:
        return [], table, keys
    firsts = frame.drop_duplicates("piece")
    # ``checked``: these are an atlas's pieces and its load found them a coverage
    simplified = render.display_geometries(
        firsts, tolerance, detail=detail, sea=sea, coverages=("control",) if checked else ()
    )
    geom_of = dict(zip(firsts["piece"], simplified, strict=True))
    claim_index: dict[str, int] = {}
    note_index: dict[str, int] = {}
    part_index: dict[str, int] = {}
    source_index: dict[tuple, int] = {}
    timelines: dict[str, list] = {}
    cols = [*FEATURE_PROPERTIES, "approximate"]
    # many pieces share a claim's entry (same claim, same days): its row is worked out once
    entry_of: dict[tuple, tuple[int, int, int]] = {}
    values = [frame[c].tolist() for c in cols]
    for piece, *row in zip(frame["piece"].tolist(), *values, strict=True):
        key = tuple(tuple(v) if isinstance(v, list | np.ndarray) else v for v in row)
        entry = entry_of.get(key)
        if entry is None:
            props = render.feature_properties(dict(zip(cols, row, strict=True)))
            keys.add(props["lk"])
            props["sk"] = _style_index(styles, props.pop("style"))
            props["approx"] = int(props["approx"])
            ident = json.dumps([props[c] for c in (*CLAIM_COLUMNS, "note", "sources")])
            ci = claim_index.get(ident)
            if ci is None:
                ci = claim_index[ident] = len(table["id"])
                for c in CLAIM_COLUMNS:
                    table[c].append(props[c])
                note = props["note"]
                if note not in note_index:
                    note_index[note] = len(table["notes"])
                    table["notes"].append(
                        [part_index.setdefault(part, len(part_index)) for part in note_parts(note)]
                    )
                table["note"].append(note_index[note])
                src = tuple(props["sources"])
                if src not in source_index:
                    source_index[src] = len(table["sourceLists"])
                    table["sourceLists"].append(list(src))
                table["sources"].append(source_index[src])
            end = props["end"]
            entry = entry_of[key] = (
                _day(date.fromisoformat(props["start"])),
                ci,
                _day(date.fromisoformat(end)) if end else -1,
            )
        timelines.setdefault(piece, []).append(entry)
    table["noteParts"] = list(part_index)
    pieces = []
    scale_of = _piece_scales(geom_of, detail)
    # where a fine piece meets a coarse one, its shared points are written on the coarse grid
    # too, so that the page finds the edge they share (fronts run along such edges)
    coarse = {
        tuple(xy)
        for piece, g in geom_of.items()
        if scale_of.get(piece) == 100
        for xy in shapely.get_coordinates(g).tolist()
    }
    for piece, entries in timelines.items():
        g = geom_of.get(piece)
        if g is None or g.is_empty:
            continue
        scale = scale_of[piece]
        # (a piece too small to keep its shape on the coarse grid is written as it is)
        rings = encode_geometry(_snap_points(g, coarse, 2), scale) if scale != 100 else None
        rings = rings or encode_geometry(g, scale)
        if not rings:
            continue
        entries = sorted(entries)
        flat = [entries[0][0]]
        day = entries[0][0]
        for s_day, ci, e_day in entries:
            if day == -1:
                break  # an open-ended entry is last
            if s_day > day:
                flat += [-1, s_day - day]  # a gap (the loader does not allow one; stay safe)
                day = s_day
            flat += [ci, e_day - day if e_day != -1 else -1]  # ends as lengths: fewer digits
            day = e_day
        big = max(getattr(g, "geoms", [g]), key=lambda part: part.area)
        pt = big.point_on_surface()
        pieces.append(
            {
                **({"q": scale} if scale != 100 else {}),
                "g": [[pack_ints(r) for r in poly] for poly in rings],
                "t": pack_ints(flat),
                "p": [round(pt.y, 2), round(pt.x, 2)],
                "_piece": piece,  # taken out by atlas_data (the page does not need it)
                "_area": float(g.area),  # likewise
                "_entries": entries,
            }
        )
    # a label says the hold as the day's map does; it shows from the zoom its name fits
    texts = [
        render.status_label(name, "control", power, status)
        for name, power, status in zip(table["name"], table["power"], table["status"], strict=True)
    ]
    runs = label_runs(
        [pc.pop("_entries") for pc in pieces],
        [pc["_area"] for pc in pieces],
        [pc["p"][0] for pc in pieces],
        [render.label_text(name) for name in table["name"]],
    )
    labelled = {k for claim_runs in runs.values() for _, k, _ in claim_runs}
    for k, pc in enumerate(pieces):
        if k not in labelled:
            del pc["p"]  # never its claim's largest piece: the page never labels it
    table["labels"] = pack_label_runs(runs, len(texts))
    table["labelTexts"] = {
        str(c): text
        for c, (text, name) in enumerate(zip(texts, table["name"], strict=True))
        if text != name
    }
    return pieces, table, keys


def label_runs(
    entries: Sequence[Sequence[tuple]],
    areas: Sequence[float],
    lats: Sequence[float],
    texts: Sequence[str],
) -> dict[int, list[tuple[int, int, int]]]:
    """Where and from which zoom the atlas page labels each claim, day by day.

    On a day a claim is labelled once, on the largest piece it holds (the first in order
    among equals), at that piece's label point, from the zoom at which all the ground it holds
    that day fits its text (:func:`spheremap.render.label_zoom`). A claim's pieces change only
    on the days its entries start or end, so the label is worked out on those days.

    Parameters
    ----------
    entries : sequence of sequences of (start, claim, end)
        Per piece, its timeline in days (``end`` ``-1``: open-ended; claim ``-1``: a gap).
    areas : sequence of float
        Per piece, its area as drawn (square degrees).
    lats : sequence of float
        Per piece, the latitude of its label point.
    texts : sequence of str
        Per claim, the text its zoom is fitted to (the name's :func:`spheremap.render.
        label_text`; the label shown may add the hold, as the day's map does).

    Returns
    -------
    dict
        Claim -> ``[(first day, piece, zoom), ...]``, a run per change of piece or zoom, in
        time order; each holds until the next (on the days the claim holds land at all).
    """
    held: dict[int, list[tuple[int, int, int]]] = {}
    for k, piece_entries in enumerate(entries):
        for start, claim, end in piece_entries:
            if claim >= 0:
                held.setdefault(claim, []).append((k, start, end))
    out: dict[int, list[tuple[int, int, int]]] = {}
    for claim, spans in held.items():
        days = {start for _, start, _ in spans} | {end for _, _, end in spans if end != -1}
        runs: list[tuple[int, int, int]] = []
        for day in sorted(days):
            active = [k for k, start, end in spans if start <= day and (end == -1 or day < end)]
            if not active:
                continue
            best = min(active, key=lambda k: (-areas[k], k))  # largest, then first
            area = math.fsum(areas[k] for k in active)
            zoom = render.label_zoom(area, lats[best], texts[claim])
            if not runs or runs[-1][1:] != (best, zoom):
                runs.append((day, best, zoom))
        out[claim] = runs
    return out


def pack_label_runs(runs: dict[int, list[tuple[int, int, int]]], n_claims: int) -> str:
    """The label runs of :func:`label_runs` as the page reads them: per claim (in order)
    ``[runs, piece, zoom, (days since the run before, piece, zoom) * (runs - 1)]``, packed by
    :func:`pack_ints`. The first run is written as holding from the range start (the claim
    holds no land before it); no runs: never labelled."""
    flat: list[int] = []
    for claim in range(n_claims):
        own = runs.get(claim, [])
        flat.append(len(own))
        starts = [0] + [day for day, _, _ in own[1:]]  # the first run from the range start
        for k, (_, piece, zoom) in enumerate(own):
            flat += ([starts[k] - starts[k - 1]] if k else []) + [piece, zoom]
    return pack_ints(flat)


def page_pairs(pieces: Sequence[dict]) -> set[tuple[int, int]]:
    """The pairs of the page's pieces (as shipped: packed, quantised) that share an edge there.

    The page keys shared segments by their points in thousandths of a degree; so does this.
    """
    polys = []
    for pc in pieces:
        m = 1000 // pc.get("q", 100)
        parts = []
        for rings in pc["g"]:
            rs = [np.cumsum(np.reshape(unpack_ints(r), (-1, 2)), axis=0) * m for r in rings]
            parts.append(shapely.Polygon(rs[0], rs[1:]))
        polys.append(shapely.MultiPolygon(parts))
    edges = sm_fronts.shared_edges(polys)
    return set(zip(edges.a.tolist(), edges.b.tolist(), strict=True))


def atlas_fronts(
    atlas: Atlas,
    pieces: Sequence[dict],
    page_pieces: Sequence[str],
    claims: dict,
    styles: dict[str, int],
) -> dict | None:
    """The fronts derived from control, as Python derives them, for the atlas page to draw.

    Python decides (see :mod:`spheremap.fronts`): the snapshots, the side each claim of the
    page is on in each of them (:func:`spheremap.model.side_of`), the pieces outside Europe,
    the theatre of each pair of pieces facing the Western Allies, and per snapshot which
    theatres draw a derived front (windows, and the authored front drawn on its own day) with
    each line's name (dates written as :func:`spheremap.fronts.interval_text` writes them),
    note, sources and precision. The page finds the edges its pieces share and draws those
    between an Axis-held piece and an Allied-held one, in the theatre named here. (Shipping
    the pairs on a front per snapshot instead would add about 100 kB to the page.)

    Parameters
    ----------
    atlas : spheremap.atlas.Atlas
    pieces : sequence of dict
        The page's pieces (:func:`atlas_pieces`).
    page_pieces : sequence of str
        Their ids.
    claims : dict
        The page's claim table (:func:`atlas_pieces`); its ``id`` and ``power`` columns.
    styles : dict
        The page's style table (filled in place).

    Returns
    -------
    dict or None
        ``None`` without derived fronts. ``days``: the snapshots' first days (packed: each
        the days since the one before, the first since the range start); ``spans``: per
        snapshot its dates as text (empty where no derived front is drawn); ``names``: packed,
        per derived front drawn ``[snapshots since the one before, theatre, name form, note,
        sources, precision]`` (indexes into ``theatres``, ``nameForms``, ``notes``,
        ``sourceLists`` and ``precisions``; the form holds ``{span}``); ``sides``: packed,
        per claim ``[side, changes, (snapshots since the last change, side) * changes]``
        (side codes :data:`spheremap.fronts.SIDE_CODES`); ``outside``: packed, the pieces
        outside Europe (each the distance from the one before); ``western``: ``[a, b,
        theatre, ...]`` for the pairs of pieces facing the West; ``apart``: ``[a, b, ...]``,
        pairs whose simplified outlines meet on the page though the pieces do not (never a
        front).
    """
    authored = atlas.authored_fronts
    if not authored:
        return None
    theatres = list(sm_fronts.THEATRES)
    index = atlas.piece_index
    to_page = {index[p]: k for k, p in enumerate(page_pieces) if p in index}
    edges = atlas.piece_edges
    days = atlas.front_change_dates()
    western: dict[tuple[int, int], int] = {}
    names: list[list] = []
    forms: dict[str, int] = {}  # names without their dates: the page writes the span back
    notes: dict[str, int] = {}
    sources: dict[tuple, int] = {}
    precisions: dict[str, int] = {}
    spans = []
    style = None
    for k, day in enumerate(days):
        end = days[k + 1] if k + 1 < len(days) else sm_time.RANGE_END
        spans.append(span := sm_fronts.interval_text(day, end))
        authored_today = {f.theatre for f in authored if f.day == day}
        for theatre, pairs in atlas.front_pairs_at(day).items():
            if not len(pairs):
                continue
            if theatre in sm_fronts.WESTERN:
                for a, b in zip(edges.a[pairs].tolist(), edges.b[pairs].tolist(), strict=True):
                    if a in to_page and b in to_page:
                        pa, pb = sorted((to_page[a], to_page[b]))
                        western[(pa, pb)] = theatres.index(theatre)
            if theatre in authored_today:  # the authored front is drawn that day
                continue
            props = render.feature_properties(sm_fronts.front_row(authored, theatre, day, end))
            style = props["style"]
            note = notes.setdefault(props["note"], len(notes))
            src = sources.setdefault(tuple(props["sources"]), len(sources))
            form = forms.setdefault(props["name"].replace(span, "{span}", 1), len(forms))
            prec = precisions.setdefault(props["precision"], len(precisions))
            names.append([k, theatres.index(theatre), form, note, src, prec])
    if style is None:
        return None
    # a side holds between the dates of the side rules: evaluated at the first snapshot after each
    rule_days = {d for r in sm_fronts.SIDES for d in (r.start, r.end) if d is not None}
    firsts = sorted({0} | {k for d in rule_days if (k := bisect_left(days, d)) < len(days)})
    sides = []
    for power, claim in zip(claims["power"], claims["id"], strict=True):
        runs: list[tuple[int, int]] = []
        for k in firsts:
            side = sm_fronts.SIDE_CODES[sm_fronts.side_of(power, days[k], claim)]
            if not runs or runs[-1][1] != side:
                runs.append((k, side))
        sides += [runs[0][1], len(runs) - 1]
        sides += [v for (k0, _), (k, s) in zip(runs, runs[1:], strict=False) for v in (k - k0, s)]
    firsts_geom = atlas.features[atlas.features["kind"] == "control"].drop_duplicates("piece")
    minx = shapely.bounds(firsts_geom.geometry.to_numpy())[:, 0]
    outside = sorted(
        to_page[i] for i in np.flatnonzero(minx >= sm_fronts.EUROPE_MAX_LON) if i in to_page
    )
    # simplified outlines can meet where the pieces do not: such pairs are never on a front
    mapped = {
        tuple(sorted((to_page[a], to_page[b])))
        for a, b in zip(edges.a.tolist(), edges.b.tolist(), strict=True)
        if a in to_page and b in to_page
    }
    apart = sorted(page_pairs(pieces) - mapped)
    drawn = {n[0] for n in names}
    day_steps = [_day(days[0])] + [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    return {
        "theatres": theatres,
        "days": pack_ints(day_steps),
        "spans": [span if k in drawn else "" for k, span in enumerate(spans)],
        # packed: per line [snapshots since the line before's, theatre, form, note, sources,
        # precision], the last four indexes into their tables
        "names": pack_ints(
            [
                v
                for prev, n in zip([[0]] + names, names, strict=False)
                for v in (n[0] - prev[0], *n[1:])
            ]
        ),
        "precisions": list(precisions),
        "nameForms": list(forms),
        "notes": list(notes),
        "sourceLists": [list(s) for s in sources],
        "sides": pack_ints(sides),
        "outside": pack_ints(np.diff(outside, prepend=0).tolist()),
        "western": [v for (a, b), k in sorted(western.items()) for v in (a, b, k)],
        "apart": [v for pair in apart for v in pair],
        "sk": _style_index(styles, style),
        "lk": render.legend_key("line", "contested"),
    }


def atlas_data(atlas: Atlas, initial: str = "1939") -> dict:
    """Everything the atlas page's time control needs, JSON-ready."""
    feats = atlas.features
    styles: dict[str, int] = {}
    is_control = (feats["kind"] == "control").to_numpy()
    pieces, claims, piece_keys = atlas_pieces(
        feats[is_control],
        styles,
        display.ATLAS_TOLERANCE,
        detail=atlas.detail_area,
        sea=atlas.sea,
        checked=getattr(atlas, "coverage_checked", False),
    )
    page_pieces = [pc.pop("_piece") for pc in pieces]
    items, keys = atlas_items(
        feats[~is_control], styles, display.ATLAS_TOLERANCE, decimals=ITEM_DECIMALS
    )
    keys |= piece_keys
    fronts = atlas_fronts(atlas, pieces, page_pieces, claims, styles)
    for pc in pieces:
        del pc["_area"]  # the page reads its labels from the claims (label_runs)
    if fronts:
        keys.add(fronts["lk"])
    preset = sm_time.PRESETS[initial]
    last = date.fromordinal(sm_time.RANGE_END.toordinal() - 1)
    return {
        "pieces": pieces,
        "claims": claims,
        "items": items,
        "itemScale": 10**ITEM_DECIMALS,  # of the items' packed rings ("pg")
        "fronts": fronts,
        "digits": PACK_DIGITS,  # of the packed rings and timelines (see pack_ints)
        "styles": [json.loads(st) for st in styles],
        "kinds": list(KINDS),
        "kindLabels": render.KIND_LABELS,
        "start": sm_time.RANGE_START.isoformat(),
        "end": sm_time.RANGE_END.isoformat(),
        "last": last.isoformat(),
        "presets": [
            {
                "label": p.label,
                "date": p.date.isoformat(),
                "kinds": list(p.kinds),
                "description": p.description,
            }
            for p in sm_time.PRESETS.values()
        ],
        # packed: each change the days since the one before (the first since the range start)
        "changes": pack_ints(
            np.diff([_day(d) for d in render.change_dates(atlas, KINDS)], prepend=0).tolist()
        ),
        "initial": {"date": preset.date.isoformat(), "kinds": list(preset.kinds)},
        "patterns": render.hatch_patterns(),
        # in display order: the page lists the rows of the features shown in this order
        "legend": {
            k: render.legend_entry(k) for k in render.legend_order(keys | {render.APPROX_KEY})
        },
    }


def atlas_html(atlas: Atlas) -> str:
    """The atlas as one self-contained page with its client-side time control.

    Built once per atlas (a few seconds on the full data) and kept: the app's download button
    and the CLI ask for the same page.

    Raises
    ------
    DataError
        If the page would exceed :data:`ATLAS_MAX_BYTES`.
    """
    return _atlas_html(atlas)


def drop_caches() -> None:
    """Forget the cached atlas pages (about 1.5 MB each)."""
    _atlas_html.cache_clear()


@lru_cache(maxsize=2)
def _atlas_html(atlas: Atlas) -> str:
    # under opaque control pieces the land shows only where control is switched off: coarser
    m = render.base_map(render.basemap_collection(atlas.basemap, tolerance=0.05))
    sources = sorted({s for ss in atlas.features["sources"] for s in ss})
    cited = CitationTable(sources, atlas.references).add_to(m).cited
    TimelineControl(atlas_data(atlas)).add_to(m)
    heading = "spheremap atlas, 1938–1949"
    lines = [
        "Move the slider or pick 1939 / 1941 / 1945 (top right). Click a feature for its dates "
        "and sources.",
    ]
    TitleControl(title_box(heading, lines, sources, cited)).add_to(m)
    page = _page(m, "spheremap atlas")
    size = len(page.encode("utf-8"))
    if size > ATLAS_MAX_BYTES:
        raise DataError("atlas export", f"{size} bytes exceeds the {ATLAS_MAX_BYTES} byte limit")
    return page


def story_html(atlas: Atlas, document: str) -> str:
    """The atlas page telling one of the atlas's documents as a story (one offline page).

    The page is the atlas page (:func:`atlas_html`: any day drawn from one payload) with a
    story control: previous/next and the arrow keys step through the document's dated passages
    (:mod:`spheremap.story`); each step moves the slider to the passage's day, fits the map to
    its linked features and highlights them.

    Raises
    ------
    SpheremapError
        If the documents do not load, none is called ``document``, it has no dated passage, or
        the page would exceed :data:`ATLAS_MAX_BYTES`.
    """
    from spheremap import story

    doc, steps = story.document_steps(atlas, document)
    check_corpus(atlas, atlas.corpus)
    return story_page(atlas, doc.title, steps)


def story_page(atlas: Atlas, title: str, steps: Sequence) -> str:
    """The story page of ``steps`` (:class:`spheremap.story.Step`, e.g. of an uploaded document).

    Raises
    ------
    SpheremapError
        If there is no step, or the page would exceed :data:`ATLAS_MAX_BYTES`.
    """
    from spheremap import story

    if not steps:
        raise InputError(f"{title}: no dated passage to tell as a story")
    data = dict(atlas_data(atlas))
    data["story"] = story.story_payload(title, steps)
    first = steps[0]
    data["initial"] = {"date": first.day.isoformat(), "kinds": list(data["initial"]["kinds"])}
    m = render.base_map(render.basemap_collection(atlas.basemap, tolerance=0.05))
    TimelineControl(data).add_to(m)
    page = _page(m, f"spheremap story: {title}")
    size = len(page.encode("utf-8"))
    if size > ATLAS_MAX_BYTES:
        raise DataError("story export", f"{size} bytes exceeds the {ATLAS_MAX_BYTES} byte limit")
    return page


def export_story(atlas: Atlas, document: str, path: Path | str) -> Path:
    """Write :func:`story_html` to ``path`` (:func:`write_atomic`); return the path."""
    return write_atomic(path, story_html(atlas, document))


def export_atlas(atlas: Atlas, path: Path | str) -> Path:
    """Write :func:`atlas_html` to ``path`` (:func:`write_atomic`); return the path."""
    return write_atomic(path, atlas_html(atlas))


# ----------------------------------------------------------------------------- geojson
def geojson_at(atlas: Atlas, day: date, kinds: Sequence[str] | None = None) -> dict:
    """RFC 7946 FeatureCollection of the features valid on ``day`` (control: one row per piece).

    Properties follow the data model (``id, name, kind, power, status, start_date, end_date,
    date_precision, sources, note``); geometry is not simplified.
    """
    day = sm_time.parse_date(day)
    frame = atlas.features_at(day, _kinds(kinds))
    cols = list(FEATURE_PROPERTIES)
    feats = []
    records = frame[cols].to_dict("records")
    for rec, geom in zip(records, frame.geometry.to_numpy(), strict=True):
        props = dict(rec)
        props["start_date"] = render._iso(props["start_date"])
        props["end_date"] = render._iso(props["end_date"])
        props["sources"] = list(props["sources"] or ())
        props["note"] = props["note"] if isinstance(props["note"], str) else None
        feats.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(geom)),
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def export_geojson(
    atlas: Atlas, day: date, path: Path | str, kinds: Sequence[str] | None = None
) -> Path:
    """Write :func:`geojson_at` to ``path`` (:func:`write_atomic`); return the path."""
    return write_atomic(path, json.dumps(geojson_at(atlas, day, kinds), ensure_ascii=False))


def read_geojson(path: Path | str) -> gpd.GeoDataFrame:
    """Read an exported GeoJSON back (used by tests and round trips)."""
    return gpd.read_file(path)
