"""Folium maps for a date and a set of layer families: styles, labels, legend, offline assets.

One colour-blind-safe palette (Okabe & Ito) gives each major power its colour; colour is never
the only cue: spheres are hatched (an SVG pattern), approximate traces and front lines are
dashed, every drawn polygon is labelled and every feature has a tooltip and a popup (name,
power, dates, status, sources). All text reaches the page through ``textContent`` in the
client runtime (``static/spheremap.js``), and every JSON payload is emitted with ``<``, ``>``,
``&`` and ``'`` escaped, and with the braces inside its strings escaped too, so hostile text
stays text. The elements that carry data (:class:`DataElement`) write their rendered scripts as
they are: folium's own ``MacroElement`` compiles each rendered script again as a Jinja template,
which would evaluate ``{{ ... }}`` found in a name or a passage.

Assets are local: Leaflet and the runtime are referenced under :data:`ASSET_PREFIX`
(``/app/static/``, what Streamlit's static serving answers); :mod:`spheremap.export` inlines
the same files for standalone HTML.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import queue
import re
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.template import Template

from spheremap import display, layers
from spheremap import fronts as sm_fronts
from spheremap.model import FEATURE_PROPERTIES, KIND_TABLE, KINDS, SpheremapError, kind_spec

if TYPE_CHECKING:
    from spheremap.atlas import Atlas

logger = logging.getLogger(__name__)

#: Folder holding the vendored front-end files (Leaflet with its licence, the runtime).
STATIC_DIR = Path(__file__).parent / "static"
#: URL prefix under which the Streamlit app serves :data:`STATIC_DIR` (``static/`` beside app.py).
ASSET_PREFIX = "/app/static/"

LEAFLET_JS = ("leaflet", ASSET_PREFIX + "leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", ASSET_PREFIX + "leaflet/leaflet.css")
RUNTIME_JS = ("spheremap", ASSET_PREFIX + "spheremap.js")
RUNTIME_CSS = ("spheremap_css", ASSET_PREFIX + "spheremap.css")

#: Okabe & Ito's colour-blind-safe palette, one colour per major power.
POWER_COLOURS: dict[str, str] = {
    "USSR": "#D55E00",  # vermillion
    "Germany": "#0072B2",  # blue
    "Axis": "#0072B2",
    "US": "#009E73",  # bluish green
    "UK": "#E69F00",  # orange
    "France": "#CC79A7",  # reddish purple
    "Italy": "#F0E442",  # yellow
    "Japan": "#56B4E9",  # sky blue
    "Allies": "#6E6E6E",
    "four-power": "#6E6E6E",
    "contested": "#000000",
    "none": "#333333",
}
#: Every other power (neutral and minor states) is drawn in one neutral tone and labelled.
NEUTRAL = "#CBC3B1"
NEUTRAL_LINE = "#8A8270"

#: Display names of the layer families (the toggles of the app and the atlas).
KIND_LABELS: dict[str, str] = {k.name: k.label for k in KIND_TABLE}
#: Drawing order, bottom to top.
DRAW_ORDER: tuple[str, ...] = tuple(k.name for k in sorted(KIND_TABLE, key=lambda k: k.draw_rank))

#: The control status drawn hatched, with its own legend rows (``insurgent|<power>``).
INSURGENT = "insurgent"
_SLUG = re.compile(r"[^a-z0-9]+")

#: Kinds whose polygons carry a permanent label (spheres overlap control: tooltip and legend).
LABEL_KINDS: tuple[str, ...] = tuple(k.name for k in KIND_TABLE if k.labelled)


# ----------------------------------------------------------------------------- styles
def power_colour(power: str) -> str:
    """The palette colour of ``power`` (the neutral tone for minor and neutral states)."""
    return POWER_COLOURS.get(power, NEUTRAL)


def hatch_id(power: str) -> str:
    """DOM id of the SVG hatch pattern drawn in ``power``'s colour."""
    return "sm-hatch-" + (_SLUG.sub("-", power.lower()).strip("-") or "x")


def hatch_patterns(powers: Iterable[str] | None = None) -> list[dict]:
    """Pattern definitions (``{id, colour}``) the runtime adds to the page once.

    Parameters
    ----------
    powers : iterable of str, optional
        Powers that need a pattern; default: every palette power plus the neutral one.
    """
    names = list(POWER_COLOURS) + ["other"] if powers is None else sorted(set(powers))
    seen, out = set(), []
    for p in names:
        pid = hatch_id(p if p in POWER_COLOURS else "other")
        if pid not in seen:
            seen.add(pid)
            out.append(
                {"id": pid, "colour": power_colour(p) if p in POWER_COLOURS else NEUTRAL_LINE}
            )
    return out


def is_approximate(status: str, precision: str | None = None, approximate: object = None) -> bool:
    """Whether a trace is drawn dashed: front lines, features dated only approximately
    (``date_precision`` ``approx``) and those whose ``approximate`` property is true."""
    return status == "frontline" or precision == "approx" or approximate is True


def feature_style(
    kind: str,
    power: str,
    status: str,
    *,
    approximate: bool = False,
    selected: bool = False,
) -> dict:
    """Leaflet path options for one feature.

    Parameters
    ----------
    kind, power, status : str
        The feature's vocabulary values (see :mod:`spheremap.model`).
    approximate : bool
        Dash the outline (or the line itself).
    selected : bool
        Draw a heavy black outline (features of the chosen passage).

    Returns
    -------
    dict
        ``color``, ``weight``, ``fillColor``, ``fillOpacity``, ``dashArray``, ``shape`` (the
        legend swatch: ``area``, ``line`` or ``point``) and, for points, ``radius``.
    """
    colour = power_colour(power)
    major = power in POWER_COLOURS
    line = colour if major else NEUTRAL_LINE
    style: dict = {"color": line, "weight": 1.0, "opacity": 0.9, "shape": "area"}
    if kind == "control" and status == INSURGENT:
        # ground held by a rising: hatched in the power's colour, like a sphere, under a firm edge
        style.update(
            fillColor=f"url(#{hatch_id(power if major else 'other')})",
            fillOpacity=0.9,
            weight=1.5,
        )
    else:
        spec = kind_spec(kind)
        if spec.fill == "hatch":
            style.update(fillColor=f"url(#{hatch_id(power if major else 'other')})")
        elif spec.fill == "colour":
            style.update(fillColor=colour)
        style.update(spec.style)
        if kind == "control":
            opacity = {"annexed": 0.6, "sovereign": 0.5, "occupied": 0.4}.get(status, 0.35)
            style.update(fillOpacity=opacity if major else 0.55)
        elif kind == "line":
            style.update(color=colour if major else "#333333")
    if approximate:
        style["dashArray"] = "7 5"
    if selected:
        style.update(color="#000000", weight=4.0, opacity=1.0)
    return style


#: Legend key of the one row explaining dashes.
APPROX_KEY = "approx"


def legend_key(kind: str, power: str, status: str = "") -> str:
    """Key of the legend row a feature belongs to (minor powers share one row per kind).

    Control held by a rising (status ``insurgent``) has rows of its own, ``insurgent|<power>``.
    """
    who = power if power in POWER_COLOURS else "other"
    if kind == "control" and status == INSURGENT:
        return f"{INSURGENT}|{who}"
    return f"{kind}|{who}"


def legend_entry(key: str) -> dict:
    """Label and swatch style of one legend row (see :func:`legend_key`, :data:`APPROX_KEY`)."""
    if key == APPROX_KEY:
        return {
            "label": "Dashed: approximate trace or front",
            "style": feature_style("line", "none", "", approximate=True),
        }
    kind, who = key.split("|")
    power = who if who != "other" else "(other)"
    if kind == INSURGENT:
        who_label = {"other": "Other states", "contested": "Contested"}.get(who, who)
        return {
            "label": f"{who_label}: held by a rising (hatched)",
            "style": feature_style("control", power, INSURGENT),
        }
    kind_label = kind_spec(kind).legend
    who_label = {"other": "Other states (labelled)", "none": "Reference", "contested": "Contested"}
    return {
        "label": f"{who_label.get(who, who)}: {kind_label}",
        "style": feature_style(kind, power, ""),
    }


def legend_order(keys: Iterable[str]) -> list[str]:
    """Legend keys in drawing order, then by power, other states last; the dash row at the end."""
    rank = {k: i for i, k in enumerate(DRAW_ORDER)}
    keys = set(keys)

    def sort_key(k: str):
        kind, who = k.split("|")
        at = rank["control"] + 0.5 if kind == INSURGENT else rank.get(kind, 99)
        return (at, who == "other", who)

    rows = sorted(keys - {APPROX_KEY}, key=sort_key)
    return rows + ([APPROX_KEY] if APPROX_KEY in keys else [])


def legend_items(keys: Iterable[str]) -> list[dict]:
    """Legend rows for the given keys, in :func:`legend_order`."""
    return [legend_entry(k) for k in legend_order(keys)]


# ----------------------------------------------------------------------------- data
def label_text(name: str, limit: int = 28) -> str:
    """Short map label: the name without its parenthesis, cut at ``limit`` characters."""
    short = name.split(" (")[0].strip() or name
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


#: A JSON string token as :func:`json.dumps` writes it (an unescaped ``"`` always delimits one).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
#: Braces inside strings, as JSON escapes: no ``{{``, ``{%`` or ``{#`` can open a Jinja tag.
_BRACES = str.maketrans({"{": "\\u007b", "}": "\\u007d"})


def _escape_braces(match: re.Match) -> str:
    token = match.group(0)
    return token.translate(_BRACES) if "{" in token or "}" in token else token


def js_json(obj: object) -> str:
    """Compact JSON safe to embed in a ``<script>`` and to pass through a template.

    ``<``, ``>``, ``&`` and ``'`` are escaped everywhere (they only occur in strings), and so
    are ``{`` and ``}`` inside strings (``\\u007b``, ``\\u007d``): the text can neither close the
    script element nor open a Jinja tag if a template engine ever sees it. ``json.loads`` and
    the browser read back the same data.
    """
    text = (
        json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return _JSON_STRING.sub(_escape_braces, text)


def _iso(d: date | None) -> str | None:
    if d is None:
        return None
    if isinstance(d, float) and math.isnan(d):
        return None
    return d.isoformat()


def _round_geometry(geom, decimals: int):
    return shapely.transform(geom, lambda c: np.round(c, decimals))


#: Tolerance multipliers per kind: city sectors are small and keep their detail.
TOLERANCE_SCALE: dict[str, float] = {
    k.name: k.tolerance_scale for k in KIND_TABLE if k.tolerance_scale != 1.0
}


def display_geometries(
    frame: gpd.GeoDataFrame,
    tolerance: float = 0.0,
    *,
    detail=None,
    sea=None,
    coverages: Iterable[str] = (),
) -> np.ndarray:
    """The frame's geometries simplified for display.

    Polygons of one kind that form a valid coverage (control pieces, control dissolved by
    claim) are simplified together with ``shapely.coverage_simplify``, so shared borders stay
    shared; overlapping features (spheres of different dates, zones) are simplified one by one.
    Control polygons lying in ``detail`` (the sector cities) or smaller than
    :data:`spheremap.layers.SMALL_PIECE` are not simplified at all, nor are the edges their neighbours share
    with them, so Berlin's and Vienna's control matches
    their sectors at street zoom (:func:`spheremap.layers.simplify_coverage_keeping`).

    Parameters
    ----------
    frame : GeoDataFrame
        Features with a ``kind`` column.
    tolerance : float
        Simplification tolerance in degrees (scaled per kind by :data:`TOLERANCE_SCALE`);
        ``0`` keeps the geometry as it is.
    detail : Polygon, optional
        :attr:`spheremap.atlas.Atlas.detail_area`.
    sea : Polygon, optional
        :attr:`spheremap.atlas.Atlas.sea` (computed from the frame if missing).
    coverages : iterable of str
        Kinds whose polygons in ``frame`` are known to form a valid coverage (the atlas's
        control pieces when :attr:`spheremap.atlas.Atlas.coverage_checked`): the costly
        ``shapely.coverage_is_valid`` is skipped for them.

    Returns
    -------
    numpy.ndarray of shapely geometries, in the frame's row order.
    """
    coverages = set(coverages)
    geoms = frame.geometry.to_numpy().copy()
    if tolerance <= 0 or len(frame) == 0:
        return geoms
    kinds = frame["kind"].to_numpy()
    for kind in np.unique(kinds):
        tol = tolerance * TOLERANCE_SCALE.get(kind, 1.0)
        if tol <= 0:
            continue
        idx = np.flatnonzero(kinds == kind)
        part = geoms[idx]
        poly = np.array(
            [g is not None and g.geom_type in ("Polygon", "MultiPolygon") for g in part]
        )
        if poly.any():
            polys = part[poly]
            if len(polys) > 1 and (kind in coverages or bool(shapely.coverage_is_valid(polys))):
                keep = np.zeros(len(polys), dtype=bool)
                if kind == "control":
                    keep = shapely.area(polys) < layers.SMALL_PIECE
                    if detail is not None:
                        keep |= shapely.within(shapely.point_on_surface(polys), detail)
                # rounded by the caller (feature_collection's decimals, the atlas's scale)
                part[poly] = display.coverage_for_display(polys, tol, keep, sea, decimals=None)
            else:
                part[poly] = shapely.simplify(polys, tol, preserve_topology=True)
        if (~poly).any():
            part[~poly] = [_simplify_line(g, tol) for g in part[~poly]]
        geoms[idx] = part
    return geoms


#: Line parts shorter than this across (degrees) are drawn as stored: the fronts around small
#: pieces (Warsaw's districts in 1944) then stay on the outlines of those pieces, which are not
#: simplified either (:data:`spheremap.layers.SMALL_PIECE`).
SMALL_LINE_EXTENT = 0.1


def _simplify_line(geom, tol: float):
    """Simplify a (multi)line part by part, leaving parts under :data:`SMALL_LINE_EXTENT`."""
    if geom is None or geom.is_empty or geom.geom_type not in ("LineString", "MultiLineString"):
        return shapely.simplify(geom, tol, preserve_topology=True) if geom is not None else geom
    parts = shapely.get_parts(geom)
    bounds = shapely.bounds(parts)
    small = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) < SMALL_LINE_EXTENT
    if not small.any():
        return shapely.simplify(geom, tol, preserve_topology=True)
    parts = parts.copy()
    parts[~small] = shapely.simplify(parts[~small], tol, preserve_topology=True)
    return shapely.multilinestrings(parts) if len(parts) > 1 else parts[0]


def label_for(geom, name: str, max_zoom: int = 12) -> dict | None:
    """Where and from which zoom a polygon's label is drawn, or ``None`` for no label.

    The label sits on the largest part (``point_on_surface``); it appears from the first zoom
    at which that part is, roughly, as wide as the label's text, so small pieces are not
    buried under their names at the European scale.

    Returns
    -------
    dict or None
        ``label`` (``[lat, lon]``), ``label_text`` and ``label_zoom``.
    """
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    parts = getattr(geom, "geoms", [geom])
    big = max(parts, key=lambda g: g.area)
    if big.area <= 0:
        return None
    pt = big.point_on_surface()
    text = label_text(name)
    width_px = 6.2 * len(text) + 8
    scale = math.sqrt(max(math.cos(math.radians(pt.y)), 0.05) / big.area)
    # 0.6: a label may overhang its piece a little (the text has a halo)
    zoom = max(0, math.ceil(math.log2(0.6 * width_px * scale * 360 / 256)))
    if zoom > max_zoom:
        return None
    return {"label": [round(pt.y, 3), round(pt.x, 3)], "label_text": text, "label_zoom": zoom}


def feature_properties(row: Mapping, *, selected: bool = False) -> dict:
    """The lean, JSON-ready properties the runtime draws one feature with.

    Parameters
    ----------
    row : mapping
        One feature row (``id, name, kind, power, status, start_date, end_date,
        date_precision, sources, note``).
    selected : bool
        Whether the feature is highlighted.
    """
    note = row.get("note") or ""
    if not isinstance(note, str):
        note = ""
    flag = row.get("approximate")
    approx = is_approximate(
        row["status"], row.get("date_precision"), bool(flag) if flag in (True, False) else None
    )
    return {
        "id": str(row["id"]),
        "name": str(row["name"]),
        "kind": str(row["kind"]),
        "power": str(row["power"]),
        "status": str(row["status"]),
        "start": _iso(row["start_date"]),
        "end": _iso(row.get("end_date")),
        "precision": str(row.get("date_precision") or ""),
        "sources": [str(s) for s in (row.get("sources") or ())],
        "note": note,
        "lk": legend_key(row["kind"], row["power"], row["status"]),
        "approx": approx,
        "style": feature_style(
            row["kind"], row["power"], row["status"], approximate=approx, selected=selected
        ),
    }


def feature_collection(
    frame: gpd.GeoDataFrame,
    *,
    selected: Iterable[str] = (),
    passages: Mapping[str, Sequence[dict]] | None = None,
    tolerance: float = 0.0,
    decimals: int = 3,
    labels: bool = True,
    detail=None,
    sea=None,
) -> dict:
    """GeoJSON FeatureCollection (a dict) of ``frame`` as the runtime draws it.

    Parameters
    ----------
    frame : GeoDataFrame
        Feature rows (any kinds); drawn bottom to top in :data:`DRAW_ORDER`.
    selected : iterable of str
        Feature ids drawn highlighted.
    passages : mapping of id to list of dict, optional
        ``{"dates": str, "text": str}`` per feature id, listed in the popup (exports).
    tolerance : float
        Display simplification in degrees (see :func:`display_geometries`).
    decimals : int
        Coordinate rounding.
    labels : bool
        Add a label position (``label``: ``[lat, lon]``) to polygons large enough to carry one.
    detail, sea : Polygon, optional
        Passed to :func:`display_geometries` (the atlas's ``detail_area`` and ``sea``).
    """
    selected = set(selected)
    if len(frame) == 0:
        return {"type": "FeatureCollection", "features": []}
    rank = {k: i for i, k in enumerate(DRAW_ORDER)}
    order = sorted(range(len(frame)), key=lambda i: (rank.get(frame["kind"].iat[i], 99), i))
    geoms = display_geometries(frame, tolerance, detail=detail, sea=sea)
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    feats = []
    for i in order:
        g = geoms[i]
        if g is None or g.is_empty:
            continue
        props = feature_properties(records[i], selected=str(records[i]["id"]) in selected)
        if labels and props["kind"] in LABEL_KINDS and (lab := label_for(g, props["name"])):
            props.update(lab)
        if passages and props["id"] in passages:
            props["passages"] = list(passages[props["id"]])
        feats.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(_round_geometry(g, decimals))),
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": feats}


#: The authored rivers are traced within a few km (``geodata/sources/basemap/rivers.csv``):
#: beyond this zoom they would run through the wrong streets, so the map stops drawing them.
RIVER_MAX_ZOOM = 9


def basemap_collection(
    basemap: Mapping[str, gpd.GeoDataFrame], tolerance: float = 0.02, decimals: int = 2
) -> dict:
    """The neutral basemap (land, lakes, rivers) as one styled FeatureCollection.

    Parameters
    ----------
    basemap : mapping of name to GeoDataFrame
        ``land``, ``lakes``, ``rivers`` (others are drawn as land-coloured outlines); may be empty.
    tolerance : float
        Simplification tolerance in degrees.
    decimals : int
        Coordinate rounding.
    """
    styles = {
        "land": {"color": "#B9B4A6", "weight": 0.6, "fillColor": "#F6F3EA", "fillOpacity": 1.0},
        "lakes": {"color": "#A9C6D6", "weight": 0.5, "fillColor": "#DFE9EF", "fillOpacity": 1.0},
        "rivers": {"color": "#9CBFD3", "weight": 1.0, "fill": False},
    }
    feats = []
    for name in sorted(
        basemap,
        key=lambda n: (
            ("land", "lakes", "rivers").index(n) if n in ("land", "lakes", "rivers") else 9
        ),
    ):
        frame = basemap[name]
        if frame is None or len(frame) == 0:
            continue
        style = styles.get(name, {"color": "#B9B4A6", "weight": 0.6, "fill": False})
        geoms = shapely.simplify(frame.geometry.to_numpy(), tolerance, preserve_topology=True)
        for g in geoms:
            if g is None or g.is_empty:
                continue
            feats.append(
                {
                    "type": "Feature",
                    "geometry": json.loads(shapely.to_geojson(_round_geometry(g, decimals))),
                    "properties": {
                        "style": style,
                        "water": name in ("lakes", "rivers"),
                        **({"max_zoom": RIVER_MAX_ZOOM} if name == "rivers" else {}),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": feats}


# ----------------------------------------------------------------------------- elements
class Literal(Element):
    """Text already rendered (HTML or script), written out as it is.

    A plain ``branca`` ``Element(text)`` compiles ``text`` as a Jinja template and renders it
    again with the page: any ``{{ ... }}`` in the text would run.
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "Literal"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class DataElement(folium.MacroElement):
    """A ``MacroElement`` whose rendered macros reach the page as :class:`Literal` text.

    ``MacroElement.render`` wraps the output of each macro (``header``, ``html``, ``script``)
    in an ``Element``, i.e. compiles the rendered script, data included, as a second template.
    Every element of spheremap that carries data derives from this class instead: its template
    is the only template, and what the template inserts is never evaluated.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a Figure")
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                target.add_child(Literal(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class Runtime(JSCSSMixin, DataElement):
    """The spheremap runtime (JS and CSS) and the hatch patterns, added once to a base map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        spheremap.ensurePatterns({{ this.patterns_json }});
        {% endmacro %}
        """
    )
    default_js = [RUNTIME_JS]
    default_css = [RUNTIME_CSS]

    def __init__(self, patterns: list[dict] | None = None):
        super().__init__()
        self._name = "SpheremapRuntime"
        self.patterns_json = js_json(patterns if patterns is not None else hatch_patterns())


@dataclass(frozen=True)
class LayerPayload:
    """A FeatureCollection serialised once for :class:`DatedLayer` (reused across reruns)."""

    data_json: str
    options_json: str
    feature_count: int


def layer_payload(collection: dict, *, legend: bool = True, labels: bool = True) -> LayerPayload:
    """Serialise a collection (from :func:`feature_collection`) and its legend for the runtime."""
    keys = [f["properties"]["lk"] for f in collection["features"]]
    if any(f["properties"].get("approx") for f in collection["features"]):
        keys.append(APPROX_KEY)
    options = {
        "labels": labels,
        "legend": legend_items(keys) if legend else [],
        "legendTitle": "Legend",
    }
    return LayerPayload(js_json(collection), js_json(options), len(collection["features"]))


class DatedLayer(JSCSSMixin, DataElement):
    """A FeatureCollection drawn by the runtime: styles, labels, tooltips, popups, a legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = spheremap.layer(
            {{ this.data_json }}, {{ this.options_json }}
        ).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )
    default_js = [RUNTIME_JS]
    default_css = [RUNTIME_CSS]

    def __init__(self, data: dict | LayerPayload, *, legend: bool = True, labels: bool = True):
        super().__init__()
        self._name = "DatedLayer"
        payload = (
            data
            if isinstance(data, LayerPayload)
            else layer_payload(data, legend=legend, labels=labels)
        )
        self.feature_count = payload.feature_count
        self.data_json = payload.data_json
        self.options_json = payload.options_json


class BasemapLayer(JSCSSMixin, DataElement):
    """The neutral, non-interactive basemap."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = spheremap.basemap(
            {{ this._parent.get_name() }}, {{ this.data_json }}
        );
        {% endmacro %}
        """
    )
    default_js = [RUNTIME_JS]
    default_css = [RUNTIME_CSS]

    def __init__(self, collection: dict, *, asset: BasemapAsset | None = None):
        super().__init__()
        self._name = "BasemapLayer"
        if asset is None:
            self.data_json = js_json(collection)
        else:  # the data comes from the asset's script, loaded once with the page's scripts
            self.data_json = f"window.spheremapBasemaps[{js_json(asset.digest)}]"
            self.default_js = [RUNTIME_JS, (f"basemap_{asset.digest}", asset.url)]


@dataclass(frozen=True)
class BasemapAsset:
    """A basemap written once as a static script (see :func:`basemap_asset`)."""

    digest: str
    url: str


def basemap_script(collection: dict) -> tuple[str, str]:
    """The content digest of ``collection`` and a script that registers it under that digest
    in ``window.spheremapBasemaps`` (what :class:`BasemapLayer` reads with an asset)."""
    data = js_json(collection)
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
    script = (
        "window.spheremapBasemaps = window.spheremapBasemaps || {};\n"
        f'window.spheremapBasemaps["{digest}"] = {data};\n'
    )
    return digest, script


#: Folder of the static assets generated at run time (under the app's ``static/``).
GENERATED_DIR = "generated"


def basemap_asset(collection: dict, static_dir: str | Path) -> BasemapAsset | None:
    """Write the basemap as ``static_dir/generated/basemap-<digest>.js`` (once per content).

    The explorer serves ``static/`` itself, so the browser fetches the basemap once per page
    instead of receiving it again with every rerun's map script. The file is named by its
    content, written atomically, and left alone when it is already there. Returns ``None`` if
    the folder cannot be written (e.g. a read-only install): the caller then embeds the data.
    """
    digest, script = basemap_script(collection)
    folder = Path(static_dir) / GENERATED_DIR
    target = folder / f"basemap-{digest}.js"
    try:
        if not target.is_file() or target.read_text(encoding="utf-8") != script:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{target.name}.{os.getpid()}.tmp"
            tmp.write_text(script, encoding="utf-8")
            os.replace(tmp, target)
    except OSError:
        return None
    return BasemapAsset(digest, f"{ASSET_PREFIX}{GENERATED_DIR}/{target.name}")


# ----------------------------------------------------------------------------- maps
#: Default view: central and eastern Europe.
DEFAULT_CENTER = (52.0, 24.0)
DEFAULT_ZOOM = 4

#: Optional online tile layers, only ever added when the user asks for them.
ONLINE_TILES: dict[str, str] = {
    "OpenStreetMap (online)": "OpenStreetMap",
    "CartoDB Positron (online)": "CartoDB positron",
}


def base_map(
    basemap: dict | None = None,
    *,
    center: Sequence[float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    tiles: str | None = None,
    basemap_asset: BasemapAsset | None = None,
) -> folium.Map:
    """A map with only local assets: no tiles, Leaflet and the runtime from :data:`ASSET_PREFIX`.

    Parameters
    ----------
    basemap : dict, optional
        A FeatureCollection from :func:`basemap_collection` drawn under everything.
    center, zoom
        Initial view.
    tiles : str, optional
        A key of :data:`ONLINE_TILES`: an online tile layer the user asked for.
    basemap_asset : BasemapAsset, optional
        The basemap as a static script (:func:`basemap_asset`): the map then loads it by URL
        instead of carrying its data (the app's map script stays small on every rerun).

    Returns
    -------
    folium.Map
    """
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        min_zoom=2,
        max_zoom=12,
        control_scale=True,
        world_copy_jump=False,
    )
    # instance attributes: never touch folium's class-level CDN lists
    m.default_js = [LEAFLET_JS]
    m.default_css = [LEAFLET_CSS]
    Runtime().add_to(m)
    if tiles:
        if tiles not in ONLINE_TILES:
            from spheremap.model import InputError

            raise InputError(f"unknown tile layer {tiles!r} (one of {', '.join(ONLINE_TILES)})")
        folium.TileLayer(ONLINE_TILES[tiles], name=tiles, overlay=False).add_to(m)
    if basemap and basemap.get("features"):
        BasemapLayer(basemap, asset=basemap_asset).add_to(m)
    return m


def frame_at(atlas: Atlas, day: date, kinds: Sequence[str]) -> gpd.GeoDataFrame:
    """The rows drawn for ``day``: control dissolved by claim, other kinds as they are.

    Parameters
    ----------
    atlas : spheremap.atlas.Atlas
    day : date
    kinds : sequence of str
        Layer families to include.
    """
    import pandas as pd

    kinds = tuple(k for k in KINDS if k in set(kinds))
    parts = []
    if "control" in kinds:
        parts.append(atlas.control_at(day))
    others = tuple(k for k in kinds if k != "control")
    if others:
        parts.append(atlas.features_at(day, others))
    if "line" in kinds:
        parts[-1], derived = fronts_drawn(atlas, day, parts[-1])
        parts.append(derived)
    parts = [p for p in parts if len(p)]
    if not parts:
        return atlas.features.iloc[0:0]
    cols = [*FEATURE_PROPERTIES, "approximate", "geometry"]
    out = pd.concat([p[cols] for p in parts], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=4326)


def fronts_drawn(
    atlas: Atlas, day: date, rows: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Which front lines are drawn on ``day``: the authored ones or those derived from control.

    An authored front is drawn on its own date (and the line of contact after the
    capitulation on all its days, see :func:`spheremap.fronts.shows_authored`); on the other
    days the front derived from control (:meth:`~spheremap.atlas.Atlas.fronts_at`) takes its
    place, so the line sits on the colour boundary of the day.

    Parameters
    ----------
    atlas : spheremap.atlas.Atlas
    day : date
    rows : GeoDataFrame
        Feature rows valid on ``day`` (any kinds).

    Returns
    -------
    (rows, derived)
        ``rows`` without the authored fronts not drawn; the derived fronts of the theatres
        whose authored front is not drawn that day.
    """
    is_front = ((rows["kind"] == "line") & (rows["status"] == "frontline")).to_numpy()
    theatres = rows["theatre"] if "theatre" in rows.columns else [None] * len(rows)
    keep = np.array(
        [
            not front or sm_fronts.shows_authored(theatre, start, day)
            for front, theatre, start in zip(is_front, theatres, rows["start_date"], strict=True)
        ],
        dtype=bool,
    )
    kept = rows[keep]
    authored = set(np.asarray(theatres, dtype=object)[keep & is_front])
    derived = atlas.fronts_at(day)
    derived = derived[~derived["theatre"].isin(authored)]
    return kept, derived


def change_dates(atlas: Atlas, kinds: Sequence[str]) -> list[date]:
    """The days at which the layers of ``kinds`` change (all layers if ``kinds`` is empty);
    with lines, the days the derived fronts change too (see :meth:`Atlas.change_dates`)."""
    return atlas.change_dates(list(kinds) or None)


@lru_cache(maxsize=48)  # ~0.5 MB each on the full data
def _collection(
    atlas: Atlas, snap: date, kinds: tuple[str, ...], selected: frozenset, tol: float
) -> dict:
    return feature_collection(
        frame_at(atlas, snap, kinds),
        selected=selected,
        tolerance=tol,
        detail=atlas.detail_area,
        sea=atlas.sea,
    )


@lru_cache(maxsize=48)  # ~0.5 MB each on the full data
def _payload(atlas: Atlas, snap: date, kinds: tuple[str, ...], selected: frozenset, tol: float):
    return layer_payload(_collection(atlas, snap, kinds, selected, tol))


def payload_at(
    atlas: Atlas,
    day: date,
    kinds: Sequence[str],
    selected: Iterable[str] = (),
    tolerance: float = display.SLIDER_TOLERANCE,
) -> LayerPayload:
    """:func:`layer_payload` of :func:`collection_at`, serialised once per change date."""
    kinds = tuple(k for k in KINDS if k in set(kinds))
    if not kinds:
        return layer_payload({"type": "FeatureCollection", "features": []})
    from spheremap import time as sm_time

    snap = sm_time.snapshot_day(day, change_dates(atlas, kinds))
    return _payload(atlas, snap, kinds, frozenset(selected), tolerance)


class _Warmer:
    """One daemon thread per atlas that builds the payloads put on its queue, in order.

    It holds the atlas weakly; when the atlas is collected a sentinel ends the thread.
    """

    def __init__(self, atlas: Atlas):
        self._atlas = weakref.ref(atlas)
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        weakref.finalize(atlas, self.queue.put, None)
        self.thread = threading.Thread(target=self._run, name="spheremap-warm", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (job := self.queue.get()) is not None:
            atlas = self._atlas()
            if atlas is None:
                return
            day, kinds, selected = job
            try:
                payload_at(atlas, day, kinds, selected)
            except SpheremapError as exc:  # bad data shows again, in one line, when asked for
                logger.warning("warming the map of %s failed: %s", day.isoformat(), exc)


#: The warm-up thread of each atlas (started by the first :func:`warm` call for it).
_WARMERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_WARMERS_LOCK = threading.Lock()


def warm(
    atlas: Atlas, days: Iterable[date], kinds: Sequence[str], selected: Iterable[str] = ()
) -> None:
    """Build the payloads of ``days`` ahead of time (the neighbouring change dates).

    The slider usually moves to the next or previous change; with its payload already cached,
    the rerun only sends it. One thread per atlas does the work (started on the first call,
    again only if it died of an unexpected error, which it reports); calls only queue days.
    Failures are logged (logger ``spheremap.render``), never swallowed.
    """
    with _WARMERS_LOCK:
        warmer = _WARMERS.get(atlas)
        if warmer is None or not warmer.thread.is_alive():
            warmer = _WARMERS[atlas] = _Warmer(atlas)
    selected = tuple(selected)
    for d in days:
        if d is not None:
            warmer.queue.put((d, tuple(kinds), selected))


def collection_at(
    atlas: Atlas,
    day: date,
    kinds: Sequence[str],
    selected: Iterable[str] = (),
    tolerance: float = display.SLIDER_TOLERANCE,
) -> dict:
    """:func:`feature_collection` of :func:`frame_at`, computed once per change date.

    Days between two change dates share one snapshot, so moving a slider day by day only
    builds a new collection when the map really changes. Do not mutate the result.
    """
    kinds = tuple(k for k in KINDS if k in set(kinds))
    if not kinds:
        return {"type": "FeatureCollection", "features": []}
    from spheremap import time as sm_time

    snap = sm_time.snapshot_day(day, change_dates(atlas, kinds))
    return _collection(atlas, snap, kinds, frozenset(selected), tolerance)


def dated_group(
    data: dict | LayerPayload, *, legend: bool = True, name: str = "dated"
) -> folium.FeatureGroup:
    """A FeatureGroup holding one :class:`DatedLayer` (what the app swaps on each rerun)."""
    fg = folium.FeatureGroup(name=name, control=False)
    DatedLayer(data, legend=legend).add_to(fg)
    return fg


def fit_view(
    bounds: Sequence[float], size: tuple[int, int] = (800, 600), max_zoom: int = 9
) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and integer zoom that fit ``bounds`` in a map of ``size`` pixels.

    Parameters
    ----------
    bounds : (minx, miny, maxx, maxy)
        Lon/lat bounds.
    size : (width, height)
        Map size in pixels.
    max_zoom : int
        Upper limit (a single point would otherwise zoom in without end).
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds)

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    w, h = size
    dx = max(maxx - minx, 1e-6) / 360.0
    dy = max(merc(maxy) - merc(miny), 1e-6) / (2 * math.pi)
    zoom = math.floor(min(math.log2(w / 256 / dx), math.log2(h / 256 / dy)))
    zoom = int(max(2, min(zoom, max_zoom)))
    centre_y = (merc(miny) + merc(maxy)) / 2
    lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return (round(lat, 4), round((minx + maxx) / 2, 4)), zoom
