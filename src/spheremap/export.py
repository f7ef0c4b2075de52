"""Standalone exports: one self-contained HTML file for a view or for the whole atlas; GeoJSON.

The HTML files inline every script and style sheet (Leaflet, the spheremap runtime) and turn
the images the CSS refers to into ``data:`` URIs, so they open from disk with no network. Any
reference without a local copy is an error, never a silent CDN link.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import folium
import geopandas as gpd
import shapely
from branca.element import Element

from spheremap import render
from spheremap import time as sm_time
from spheremap.model import KINDS, DataError, InputError

#: Views open fitted to their features, but never wider than Europe (lon/lat bounds).
FIT_WINDOW = (-11.0, 34.0, 50.0, 71.0)

#: Largest atlas file the export accepts (bytes).
ATLAS_MAX_BYTES = 2_000_000

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
    fig.title = title
    fig.header.add_child(Element(f"<title>{html.escape(title)}</title>"), name="sm_title")
    return inline_assets(fig.render())


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


def linked_passages(atlas, ids: Sequence[str], limit: int = 6, chars: int = 280) -> dict:
    """The passages that speak of each feature, trimmed for a popup.

    Returns ``{feature id: [{"dates": str, "text": str}]}``; empty when the atlas has no
    documents. Text is returned as text: the runtime writes it with ``textContent``.
    """
    try:
        corpus = atlas.corpus
    except Exception:  # no documents loaded: popups simply list no passages
        return {}
    out: dict[str, list[dict]] = {}
    for fid in dict.fromkeys(ids):
        try:
            found = list(corpus.passages_for_feature(fid))[:limit]
        except Exception:
            continue
        rows = []
        for p in found:
            text = " ".join(str(getattr(p, "text", "")).split())
            if len(text) > chars:
                text = text[: chars - 1].rstrip() + "…"
            rows.append({"dates": _passage_date_label(p), "text": text})
        if rows:
            out[fid] = rows
    return out


def title_box(heading: str, lines: Sequence[str], sources: Sequence[str]) -> str:
    """Escaped HTML of the title panel: heading, a few lines, the sources in a details box."""
    parts = [f"<h1>{html.escape(heading)}</h1>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in lines]
    if sources:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
        parts.append(
            f"<details><summary>Sources ({len(sources)})</summary><ul>{items}</ul></details>"
        )
    return "".join(parts)


class TitleControl(folium.MacroElement):
    """A Leaflet control (top left) holding already-escaped title HTML."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var c = L.control({position: "topleft"});
            c.onAdd = function () {
                var d = L.DomUtil.create("div", "sm-title leaflet-control");
                d.innerHTML = {{ this.html_json }};
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


def view_map(atlas, day: date, kinds: Sequence[str] | None = None) -> folium.Map:
    """The folium map of one view: the day's layers with legend, title, sources and passages."""
    kinds = _kinds(kinds)
    day = sm_time.parse_date(day)
    frame = render.frame_at(atlas, day, kinds)
    passages = linked_passages(atlas, list(frame["id"]))
    fc = render.feature_collection(frame, passages=passages, tolerance=0.01)
    m = render.base_map(render.basemap_collection(atlas.basemap))
    render.dated_group(fc).add_to(m)
    if fc["features"]:
        minx, miny, maxx, maxy = frame.total_bounds
        ex0, ey0, ex1, ey1 = FIT_WINDOW  # the Far East pieces would shrink Europe to a corner
        box = [max(minx, ex0), max(miny, ey0), min(maxx, ex1), min(maxy, ey1)]
        if box[0] < box[2] and box[1] < box[3]:
            FitBounds([[box[1], box[0]], [box[3], box[2]]]).add_to(m)
    sources = sorted({s for ss in frame["sources"] for s in ss}) if len(frame) else []
    lines = [
        "Layers: " + ", ".join(render.KIND_LABELS[k] for k in kinds),
        f"{len(fc['features'])} features. Click one for its dates, sources and passages.",
    ]
    heading = f"spheremap: {day.strftime('%d %B %Y').lstrip('0')}"
    TitleControl(title_box(heading, lines, sources)).add_to(m)
    return m


def view_html(atlas, day: date, kinds: Sequence[str] | None = None) -> str:
    """One self-contained HTML page of the view at ``day`` with the layer families ``kinds``."""
    day = sm_time.parse_date(day)
    return _page(view_map(atlas, day, kinds), f"spheremap {day.isoformat()}")


def export_view(atlas, day: date, kinds: Sequence[str] | None, path: Path | str) -> Path:
    """Write :func:`view_html` to ``path``; return the path."""
    path = Path(path)
    path.write_text(view_html(atlas, day, kinds), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- atlas
class FitBounds(folium.MacroElement):
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


class TimelineControl(folium.MacroElement):
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


def atlas_items(
    atlas, tolerance: float = 0.02, decimals: int = 3
) -> tuple[list[dict], set, list[dict]]:
    """Every feature of the atlas once: one geometry with its dated entries.

    Control pieces carry their whole timeline (one entry per interval) on one geometry, so
    the file holds each piece's outline once; other features have one entry each.

    Returns
    -------
    (items, legend keys, styles)
        ``items``: ``[{"g": GeoJSON geometry, "e": [properties...]}]`` in drawing order; each
        entry's ``sk`` indexes ``styles``.
    """
    feats = atlas.features
    keys: set[str] = set()
    styles: dict[str, int] = {}
    if len(feats) == 0:
        return [], keys, []
    piece = feats["piece"] if "piece" in feats.columns else None
    group_key = [
        (f"piece:{p}" if isinstance(p, str) and p else f"row:{i}")
        for i, p in enumerate(piece if piece is not None else [None] * len(feats))
    ]
    # simplify each piece once: the pieces form a coverage, their repeated rows would not
    first_of = {}
    for i, key in enumerate(group_key):
        first_of.setdefault(key, i)
    firsts = sorted(first_of.values())
    simplified = render.display_geometries(feats.iloc[firsts], tolerance)
    geom_of = {group_key[i]: g for i, g in zip(firsts, simplified, strict=True)}
    geoms = [geom_of[k] for k in group_key]
    records = feats.drop(columns=feats.geometry.name).to_dict("records")
    rank = {k: i for i, k in enumerate(render.DRAW_ORDER)}
    groups: dict[str, dict] = {}
    for i, key in enumerate(group_key):
        props = render.feature_properties(records[i])
        keys.add(props["lk"])
        item = groups.get(key)
        if item is None:
            g = geoms[i]
            if g is None or g.is_empty:
                continue
            item = groups[key] = {
                "g": json.loads(shapely.to_geojson(render._round_geometry(g, decimals))),
                "e": [],
                "_rank": rank.get(props["kind"], 99),
                "_geom": g,
            }
        if props["kind"] in render.LABEL_KINDS and (
            lab := render.label_for(item["_geom"], props["name"])
        ):
            props.update(lab)
            # a claim held in several pieces is labelled once, on its largest piece
            props["la"] = round(float(item["_geom"].area), 3)
        # styles repeat: each entry names its style by index into one table
        style = json.dumps(props.pop("style"), sort_keys=True)
        props["sk"] = styles.setdefault(style, len(styles))
        item["e"].append(props)
    items = sorted(groups.values(), key=lambda it: it["_rank"])
    for it in items:
        it.pop("_rank")
        it.pop("_geom")
        it["e"].sort(key=lambda p: p["start"])
    return items, keys, [json.loads(st) for st in styles]


def atlas_data(atlas, initial: str = "1939") -> dict:
    """Everything the atlas page's time control needs, JSON-ready."""
    items, keys, styles = atlas_items(atlas)
    preset = sm_time.PRESETS[initial]
    last = date.fromordinal(sm_time.RANGE_END.toordinal() - 1)
    return {
        "items": items,
        "styles": styles,
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
        "changes": [d.isoformat() for d in atlas.change_dates()],
        "initial": {"date": preset.date.isoformat(), "kinds": list(preset.kinds)},
        "patterns": render.hatch_patterns(),
        # in display order: the page lists the rows of the features shown in this order
        "legend": {
            k: render.legend_entry(k) for k in render.legend_order(keys | {render.APPROX_KEY})
        },
    }


def atlas_html(atlas) -> str:
    """The atlas as one self-contained page with its client-side time control.

    Raises
    ------
    DataError
        If the page would exceed :data:`ATLAS_MAX_BYTES`.
    """
    m = render.base_map(render.basemap_collection(atlas.basemap))
    TimelineControl(atlas_data(atlas)).add_to(m)
    heading = "spheremap atlas, 1938–1949"
    lines = [
        "Move the slider or pick 1939 / 1941 / 1945 (top right). Click a feature for its dates "
        "and sources.",
    ]
    sources = sorted({s for ss in atlas.features["sources"] for s in ss})
    TitleControl(title_box(heading, lines, sources)).add_to(m)
    page = _page(m, "spheremap atlas")
    size = len(page.encode("utf-8"))
    if size > ATLAS_MAX_BYTES:
        raise DataError("atlas export", f"{size} bytes exceeds the {ATLAS_MAX_BYTES} byte limit")
    return page


def export_atlas(atlas, path: Path | str) -> Path:
    """Write :func:`atlas_html` to ``path``; return the path."""
    path = Path(path)
    path.write_text(atlas_html(atlas), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- geojson
def geojson_at(atlas, day: date, kinds: Sequence[str] | None = None) -> dict:
    """RFC 7946 FeatureCollection of the features valid on ``day`` (control: one row per piece).

    Properties follow the data model (``id, name, kind, power, status, start_date, end_date,
    date_precision, sources, note``); geometry is not simplified.
    """
    day = sm_time.parse_date(day)
    frame = atlas.features_at(day, _kinds(kinds))
    cols = [
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
    ]
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


def export_geojson(atlas, day: date, path: Path | str, kinds: Sequence[str] | None = None) -> Path:
    """Write :func:`geojson_at` to ``path``; return the path."""
    path = Path(path)
    path.write_text(json.dumps(geojson_at(atlas, day, kinds), ensure_ascii=False), encoding="utf-8")
    return path


def read_geojson(path: Path | str) -> gpd.GeoDataFrame:
    """Read an exported GeoJSON back (used by tests and round trips)."""
    return gpd.read_file(path)
