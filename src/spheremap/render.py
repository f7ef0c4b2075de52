"""Folium maps for a date and a set of layer families: styles, labels, legend, offline assets.

One colour-blind-safe palette (after Okabe & Ito) gives each major power its colour; colour is never
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
import time
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import cachetools
import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.template import Template

from spheremap import display, layers, model, packing, words
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

#: One colour per major power: Okabe & Ito's colour-blind-safe palette, with three entries
#: moved where simulating protanopia, deuteranopia and tritanopia (``spheremap.palette``, checked
#: by ``tests/test_palette.py``) found powers whose ground touches too close as translucent
#: fills: the US (Okabe-Ito bluish green #009E73, against Germany for tritanopes and against
#: France for deuteranopes), Italy (yellow #F0E442, against the UK) and the Allied and
#: four-power administrations (grey #6E6E6E, the same as that green for deuteranopes).
#: The palette: the powers with a colour of their own (``vocabulary.toml``, via the model).
POWER_COLOURS: dict[str, str] = model.POWER_COLOURS
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


#: The fill patterns of the runtime: diagonal stripes (spheres, risings), dots (occupied
#: ground), horizontal rules (city sectors). Held ground is a flat colour, annexed ground a
#: darker flat colour with a firm edge, a zone a light colour with a heavy edge: the kinds of
#: hold differ by pattern and edge, not by colour alone.
PATTERN_TYPES: tuple[str, ...] = ("hatch", "dots", "rows")


def pattern_id(power: str, pattern: str = "hatch") -> str:
    """DOM id of the SVG fill ``pattern`` (one of :data:`PATTERN_TYPES`) in ``power``'s colour."""
    return f"sm-{pattern}-" + (_SLUG.sub("-", power.lower()).strip("-") or "x")


def hatch_id(power: str) -> str:
    """DOM id of the SVG hatch pattern drawn in ``power``'s colour."""
    return pattern_id(power, "hatch")


def hatch_patterns(powers: Iterable[str] | None = None) -> list[dict]:
    """Pattern definitions (``{id, colour, type}``) the runtime adds to the page once.

    Parameters
    ----------
    powers : iterable of str, optional
        Powers that need patterns; default: every palette power plus the neutral one.
    """
    names = list(POWER_COLOURS) + ["other"] if powers is None else sorted(set(powers))
    seen, out = set(), []
    for p in names:
        for kind in PATTERN_TYPES:
            pid = pattern_id(p if p in POWER_COLOURS else "other", kind)
            if pid not in seen:
                seen.add(pid)
                colour = power_colour(p) if p in POWER_COLOURS else NEUTRAL_LINE
                out.append({"id": pid, "colour": colour, "type": kind})
    return out


#: Control statuses drawn and listed as occupation (dotted) or annexation (darker, firm edge).
OCCUPIED_STATUSES: frozenset[str] = frozenset({"occupied", "under-occupation"})
ANNEXED_STATUSES: frozenset[str] = frozenset({"annexed"})


#: Control statuses with a legend row of their own though drawn like another class: a state's
#: own government under an ally's occupation (drawn as occupied ground, but the power is the
#: state, not the occupier) and ground a power administers without sovereignty (drawn as held).
OWN_ROW_STATUSES: frozenset[str] = frozenset({"under-occupation", "administered"})


def control_class(status: str) -> str:
    """The legend class of a control status: ``"occupied"``, ``"annexed"``, ``"insurgent"``,
    ``"under-occupation"``, ``"administered"`` or ``"control"`` (held)."""
    if status in OWN_ROW_STATUSES:
        return status
    if status in OCCUPIED_STATUSES:
        return "occupied"
    if status in ANNEXED_STATUSES:
        return "annexed"
    return INSURGENT if status == INSURGENT else "control"


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
    who = power if major else "other"
    line = colour if major else NEUTRAL_LINE
    style: dict = {"color": line, "weight": 1.0, "opacity": 0.9, "shape": "area"}
    if kind == "control" and status in OCCUPIED_STATUSES:
        # occupied ground: dots in the occupier's colour over a light tint of it
        style.update(fillColor=f"url(#{pattern_id(who, 'dots')})", fillOpacity=0.95, weight=0.8)
    elif kind == "sector":
        style.update(kind_spec(kind).style)
        style.update(fillColor=f"url(#{pattern_id(who, 'rows')})", fillOpacity=0.95)
    elif kind == "control" and status == INSURGENT:
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
            opacity = {"annexed": 0.65, "sovereign": 0.5}.get(status, 0.4)
            style.update(fillOpacity=opacity if major else 0.55)
            if status in ANNEXED_STATUSES:
                style.update(weight=1.8, opacity=1.0)
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
    if kind == "control":
        return f"{control_class(status)}|{who}"
    return f"{kind}|{who}"


#: Legend words for the holder of a row (``other``: every minor or neutral state, named on
#: the map by its labels).
_WHO_WORDS = {
    "other": "another state",
    "none": "no one",
    "contested": "both sides",
    "four-power": "the four powers",
    "Allies": "the Allies",
}


def legend_entry(key: str) -> dict:
    """Label (plain words: "occupied by Germany", "sphere of USSR", "front line") and swatch
    style of one legend row (see :func:`legend_key`, :data:`APPROX_KEY`)."""
    if key == APPROX_KEY:
        return {
            "key": key,
            "label": "Dashed: approximate trace or front",
            "style": feature_style("line", "none", "", approximate=True),
        }
    kind, who = key.split("|")
    power = who if who != "other" else "(other)"
    words = _WHO_WORDS.get(who, who)
    status = {"occupied": "occupied", "annexed": "annexed", INSURGENT: INSURGENT}.get(kind)
    status = kind if kind in OWN_ROW_STATUSES else status
    if status is not None:
        label = {
            INSURGENT: f"Ground held by a rising ({words})",
            "under-occupation": (
                f"{power}'s own government under Allied occupation"
                if who != "other"
                else "A state's own government under Allied occupation"
            ),
            "administered": f"Administered by {words}",
        }.get(status, f"{status.title()} by {words}")
        return {"key": key, "label": label, "style": feature_style("control", power, status)}
    kind_spec(kind)  # an unknown kind is an InputError, never a KeyError
    if kind == "control":
        label = f"Held by {words}"
    elif kind == "line":
        label = {"contested": "Front line", "none": "Reference line"}.get(who, f"Line ({words})")
    elif kind == "event":
        label = f"Event ({words})" if who != "other" else "Event"
    else:
        label = f"{kind.title()} of {words}"
    return {"key": key, "label": label, "style": feature_style(kind, power, "")}


def legend_order(keys: Iterable[str]) -> list[str]:
    """Legend keys in drawing order, then by power, other states last; the dash row at the end."""
    rank = {k: i for i, k in enumerate(DRAW_ORDER)}
    keys = set(keys)

    sub = {"occupied": 0.2, "under-occupation": 0.3, "annexed": 0.4, "administered": 0.5}
    sub[INSURGENT] = 0.6

    def sort_key(k: str):
        kind, who = k.split("|")
        at = rank["control"] + sub[kind] if kind in sub else rank.get(kind, 99)
        return (at, who == "other", who)

    rows = sorted(keys - {APPROX_KEY}, key=sort_key)
    return rows + ([APPROX_KEY] if APPROX_KEY in keys else [])


def legend_items(keys: Iterable[str]) -> list[dict]:
    """Legend rows for the given keys, in :func:`legend_order`."""
    return [legend_entry(k) for k in legend_order(keys)]


# ----------------------------------------------------------------------------- data
def label_text(name: str, limit: int = 64) -> str:
    """Map label: the name without its parenthesis, cut at ``limit`` characters (the runtime
    wraps a label over lines; only an outsize name is cut)."""
    short = name.split(" (")[0].strip() or name
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


#: How a label names a holder's hold: "Latvia (Soviet-occupied)" (``vocabulary.toml``).
POWER_ADJECTIVES: dict[str, str] = model.POWER_ADJECTIVES
#: Words in a name that already say who holds it and how. ("Zone" does not: "Zone A of Venezia
#: Giulia" and "Italian zone in Greece" say where, not who holds it now.)
_HOLD_WORDS = re.compile(
    r"(?i)\b(?:occup\w*|annex\w*|held|sector|pocket|liberated|administ\w*|protectorate)\b"
)


#: How a label says a hold the name does not, by status (``{}``: the power's adjective).
HOLD_PHRASES: dict[str, str] = {
    "occupied": "{}-occupied",
    "annexed": "{}-annexed",
    "administered": "under {} administration",
}


def status_label(name: str, kind: str, power: str, status: str) -> str:
    """The label of a feature: :func:`label_text`, with the hold where the name does not say
    it: ``"Latvia (Soviet-occupied)"``, ``"Hungary (German-occupied)"``, ``"Koenigsberg area
    (under Soviet administration)"``, but ``"German-occupied Soviet territory"``, ``"Former
    German territories under Polish administration"`` and ``"US zone of occupation"`` as they
    are. The atlas page and the day's map label control alike."""
    short = label_text(name)
    phrase = HOLD_PHRASES.get(status)
    adjective = POWER_ADJECTIVES.get(power)
    if kind != "control" or phrase is None or adjective is None:
        return short
    if _HOLD_WORDS.search(short) or adjective.lower() in short.lower():
        return short
    if power.lower() in short.lower():
        return short
    return f"{short} ({phrase.format(adjective)})"


#: Longest short citation (before its locator), in characters.
SHORT_CITATION = 48


def short_length(citation: str, limit: int = SHORT_CITATION) -> tuple[int, bool]:
    """How much of ``citation`` its short form keeps: ``(n, cut)``, the short citation being
    ``citation[:n]`` (up to its first colon, semicolon or parenthesis), followed by ``…`` when
    ``cut`` (longer than ``limit``, cut at a word)."""
    head = re.split(r"[:;]| \(", citation, maxsplit=1)[0].rstrip() or citation
    if len(head) <= limit:
        return len(head), False
    return len(head[: limit - 1].rsplit(" ", 1)[0].rstrip(",")), True


def full_citation(ref) -> str:
    """A reference's citation with its links."""
    return ref.citation + (f" ({ref.links})" if ref.links else "")


def locator_suffix(entry: str) -> str:
    """``", <locator>"`` of a ``sources`` entry written ``"KEY, locator"``; else ``""``."""
    return f", {entry.split(',', 1)[1].strip()}" if "," in entry else ""


def citations(sources: Iterable[str], references: Mapping | None) -> list[list[str]]:
    """``[[entry, short, full], ...]`` for a feature's sources: the entry as written (key and
    locator), a short citation (:func:`short_length`, then the locator) and the full citation
    with its links; short and full are empty for a key the bibliography lacks."""
    from spheremap.bibliography import source_key

    out = []
    for entry in sources:
        ref = (references or {}).get(source_key(entry))
        if ref is None:
            out.append([entry, "", ""])
            continue
        n, cut = short_length(ref.citation)
        short = ref.citation[:n] + ("…" if cut else "") + locator_suffix(entry)
        out.append([entry, short, full_citation(ref)])
    return out


def citation_table(sources: Iterable[str], references: Mapping | None) -> dict:
    """The page's bibliography, shipped once for every popup of an export (instead of
    :func:`citations` in each feature): ``{"refs": {key: [full, n, cut]}, "loc": {entry:
    [key, ", locator"]}}`` for the cited keys the bibliography has (``n`` and ``cut`` from
    :func:`short_length`; ``loc`` only for entries with a locator). The runtime's popups show
    each entry as :func:`citations` does."""
    from spheremap.bibliography import source_key

    refs: dict[str, list] = {}
    loc: dict[str, list[str]] = {}
    for entry in sorted(set(sources)):
        key = source_key(entry)
        ref = (references or {}).get(key)
        if ref is None:
            continue
        if key not in refs:
            refs[key] = [full_citation(ref), *short_length(ref.citation)]
        if entry != key:
            loc[entry] = [key, locator_suffix(entry)]
    return {"refs": refs, "loc": loc}


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


def label_zoom(area: float, lat: float, text: str) -> int:
    """The first zoom at which a label ``text`` at latitude ``lat`` fits an area of ``area``
    square degrees: the area is then, roughly, as wide as the text (wrapped over lines of
    about 11em). The atlas page draws its control labels from the zooms worked out here."""
    width_px = 6.2 * min(len(text), 18) + 8
    scale = math.sqrt(max(math.cos(math.radians(lat)), 0.05) / area)
    # 0.6: a label may overhang its piece a little (the text has a halo)
    return max(0, math.ceil(math.log2(0.6 * width_px * scale * 360 / 256)))


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
    zoom = label_zoom(big.area, pt.y, text)
    if zoom > max_zoom:
        return None
    return {"label": [round(pt.y, 3), round(pt.x, 3)], "label_text": text, "label_zoom": zoom}


def feature_properties(
    row: Mapping, *, selected: bool = False, references: Mapping | None = None
) -> dict:
    """The lean, JSON-ready properties the runtime draws one feature with.

    Parameters
    ----------
    row : mapping
        One feature row (``id, name, kind, power, status, start_date, end_date,
        date_precision, sources, note``).
    selected : bool
        Whether the feature is highlighted.
    references : mapping, optional
        The atlas's bibliography by key: the popup then cites the sources (``cites``).
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
        "holder": words.status_phrase(str(row["kind"]), str(row["power"]), str(row["status"])),
        "when": _when(row),
        "lk": legend_key(row["kind"], row["power"], row["status"]),
        "approx": approx,
        "style": feature_style(
            row["kind"], row["power"], row["status"], approximate=approx, selected=selected
        ),
        **(
            {"cites": citations(row.get("sources") or (), references)}
            if references is not None
            else {}
        ),
    }


def _when(row: Mapping) -> str:
    """The feature's dates in words, with their precision (``"c. 5 Oct 1939 – 25 Oct 1939"``)."""
    start = row.get("start_date")
    if not isinstance(start, date):
        return ""
    end = row.get("end_date")
    text = words.span_text(start, end if isinstance(end, date) else None)
    precision = str(row.get("date_precision") or "day")
    return text if precision == "day" else f"{text} (dates {precision})"


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
    coverages: Iterable[str] = (),
    pack: int = 0,
    references: Mapping | None = None,
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
    coverages : iterable of str
        Passed to :func:`display_geometries`: kinds known to form a valid coverage.
    pack : int
        With a scale (e.g. ``1000``: 0.001 degree), polygons ship packed instead of as GeoJSON
        (``geometry`` null, ``pg`` the packed rings of :func:`spheremap.packing.pack_polygons`,
        ``q`` the scale): about a third of the bytes. The runtime unpacks them
        (:func:`layer_payload` sends the digits). ``decimals`` then applies to lines and points.
    references : mapping, optional
        The bibliography by key (sources then shown as citations, see :func:`citations`).

    Each label text appears once: features sharing it (a claim in several pieces, a control
    piece and the zone of the same name) carry one label, on the largest of them. With
    ``labels``, the collection also holds ``labels``: one label per country divided by the
    zones and sectors drawn (:func:`territory_labels`).
    """
    selected = set(selected)
    if len(frame) == 0:
        return {"type": "FeatureCollection", "features": []}
    rank = {k: i for i, k in enumerate(DRAW_ORDER)}
    order = sorted(range(len(frame)), key=lambda i: (rank.get(frame["kind"].iat[i], 99), i))
    geoms = display_geometries(frame, tolerance, detail=detail, sea=sea, coverages=coverages)
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    feats = []
    for i in order:
        g = geoms[i]
        if g is None or g.is_empty:
            continue
        props = feature_properties(
            records[i], selected=str(records[i]["id"]) in selected, references=references
        )
        if labels and props["kind"] in LABEL_KINDS and (lab := label_for(g, props["name"])):
            lab["label_text"] = status_label(
                props["name"], props["kind"], props["power"], props["status"]
            )
            # where labels collide, zones and sectors (drawn above control) keep theirs
            lab["label_rank"] = 0 if props["kind"] in ("zone", "sector") else 1
            props.update(lab)
        if passages and props["id"] in passages:
            props["passages"] = list(passages[props["id"]])
        packed = packing.pack_polygons(g, pack) if pack else None
        if packed:
            feats.append(
                {"type": "Feature", "geometry": None, "pg": packed, "q": pack, "properties": props}
            )
            continue
        if packed == []:  # every ring collapsed at that scale: nothing to draw
            continue
        feats.append(
            {
                "type": "Feature",
                "geometry": json.loads(shapely.to_geojson(_round_geometry(g, decimals))),
                "properties": props,
            }
        )
    out = {"type": "FeatureCollection", "features": _labels_once(feats)}
    if labels and (named := territory_labels(frame, geoms)):
        out["labels"] = named
    return out


#: A territory label is placed before every feature label (see ``label_rank``).
TERRITORY_RANK = -1


def territory_text(territory: str, powers: Iterable[str]) -> str:
    """The label of a country divided into zones and sectors: ``"Germany (under Allied
    occupation)"``, or with one power, ``"… (under Soviet occupation)"``."""
    powers = sorted(set(powers))
    if len(powers) == 1 and powers[0] in POWER_ADJECTIVES:
        return f"{territory} (under {POWER_ADJECTIVES[powers[0]]} occupation)"
    return f"{territory} (under Allied occupation)"


def territory_labels(frame: gpd.GeoDataFrame, geoms: Sequence | None = None) -> list[dict]:
    """One label per ``territory`` (:data:`spheremap.model.OPTIONAL_PROPERTIES`) of the zones
    and sectors in ``frame``: at the label point of their union, named by
    :func:`territory_text`, placed before the features' own labels where they collide.

    ``geoms`` are the frame's geometries as drawn (default: as stored).
    """
    if "territory" not in frame.columns or len(frame) == 0:
        return []
    shapes = list(frame.geometry) if geoms is None else list(geoms)
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(frame["territory"]):
        if isinstance(t, str) and t:
            groups.setdefault(t, []).append(i)
    out = []
    for territory, rows in sorted(groups.items()):
        parts = [shapes[i] for i in rows if shapes[i] is not None and not shapes[i].is_empty]
        if not parts:
            continue
        text = territory_text(territory, frame["power"].iloc[rows])
        lab = label_for(shapely.union_all(parts), text)
        if lab is None:
            continue
        lab.update(label_text=text, label_rank=TERRITORY_RANK, territory=territory)
        out.append(lab)
    return out


def _labels_once(feats: list[dict]) -> list[dict]:
    """Keep one label per label name (the name before its parenthesis): the one shown from the
    lowest zoom (the largest piece); the others lose theirs. Its text says the hold of the
    feature kept (control before zone)."""
    best: dict[str, dict] = {}
    for f in feats:
        p = f["properties"]
        if "label" not in p:
            continue
        key = label_text(p["name"]).casefold()
        kept = best.get(key)
        if kept is None or p["label_zoom"] < kept["label_zoom"]:
            best[key] = p
    keep = {id(p) for p in best.values()}
    for f in feats:
        p = f["properties"]
        if "label" in p and id(p) not in keep:
            for k in ("label", "label_text", "label_zoom"):
                p.pop(k, None)
    return feats


#: The authored rivers are traced within a few km (``geodata/sources/basemap/rivers.csv``):
#: beyond this zoom they would run through the wrong streets, so the map stops drawing them.
RIVER_MAX_ZOOM = 9


def basemap_collection(
    basemap: Mapping[str, gpd.GeoDataFrame],
    tolerance: float = 0.02,
    decimals: int = 2,
    pack: int = 100,
) -> dict:
    """The neutral basemap (land, lakes, rivers) as one styled FeatureCollection.

    Parameters
    ----------
    basemap : mapping of name to GeoDataFrame
        ``land``, ``lakes``, ``rivers`` (others are drawn as land-coloured outlines); may be empty.
    tolerance : float
        Simplification tolerance in degrees.
    decimals : int
        Coordinate rounding of lines (rivers).
    pack : int
        Scale of the packed polygons (:func:`spheremap.packing.pack_polygons`; the collection
        then carries the ``digits`` the runtime unpacks them with); ``0`` ships GeoJSON.
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
            props = {
                "style": style,
                "water": name in ("lakes", "rivers"),
                **({"max_zoom": RIVER_MAX_ZOOM} if name == "rivers" else {}),
            }
            packed = packing.pack_polygons(g, pack) if pack else None
            if packed is not None:
                if packed:  # else every ring collapsed at that scale
                    feats.append(
                        {
                            "type": "Feature",
                            "geometry": None,
                            "pg": packed,
                            "q": pack,
                            "properties": props,
                        }
                    )
                continue
            geometry = json.loads(shapely.to_geojson(_round_geometry(g, decimals)))
            feats.append({"type": "Feature", "geometry": geometry, "properties": props})
    out = {"type": "FeatureCollection", "features": feats}
    if any("pg" in f for f in feats):
        out["digits"] = packing.PACK_DIGITS
    return out


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


#: Features at least this long (bytes of JSON) go to the :class:`FeatureStore`; smaller ones
#: (points, short lines) cost less inline than their reference and a request.
STORE_MIN_BYTES = 400
#: Length of the content digest naming a stored feature (hex characters, 80 bits).
STORE_DIGEST_CHARS = 20


@dataclass(frozen=True)
class FeatureStore:
    """Drawn features (geometry and properties) written once as static files named by content.

    A slider step then sends references (``ref``, the digest) instead of the features; the
    runtime fetches a feature it has not seen yet from ``url + digest + ".json"`` and keeps it
    for the following steps. Most steps change a few holders, so most of their features are
    already in the browser. The files are JSON read with ``fetch`` (data, never a script),
    written atomically, and never change: a new outline or note gets a new name.
    """

    folder: Path
    url: str

    def put(self, feature_json: str) -> str:
        """Store one feature (its JSON text) and return its digest.

        Raises
        ------
        OSError
            If the file cannot be written.
        """
        digest = hashlib.sha256(feature_json.encode("utf-8")).hexdigest()[:STORE_DIGEST_CHARS]
        known = _STORED.setdefault(self.folder, set())
        if digest not in known:
            target = self.folder / f"{digest}.json"
            if not target.is_file():
                tmp = self.folder / f".{digest}.{os.getpid()}.{threading.get_ident()}.tmp"
                tmp.write_text(feature_json, encoding="utf-8")
                os.replace(tmp, target)
            known.add(digest)
        return digest


#: Digests known to be on disk, per store folder (saves a stat per feature and step).
_STORED: dict[Path, set[str]] = {}

#: Sub-folder of ``generated/`` holding the stored features.
FEATURE_DIR = "features"


#: Stored features not written for this long are removed when a process opens the store
#: (other servers of the same checkout may still use younger ones).
STORE_MAX_AGE_S = 7 * 24 * 3600


def feature_store(static_dir: str | Path) -> FeatureStore | None:
    """The :class:`FeatureStore` under ``static_dir/generated/features/``, or ``None`` if that
    folder cannot be written (a read-only install: steps then carry their features).

    The folder would otherwise grow with every outline ever drawn: the first call of a process
    removes the files older than :data:`STORE_MAX_AGE_S` that this process has not stored.
    """
    folder = Path(static_dir) / GENERATED_DIR / FEATURE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return None
    with _STORE_LOCK:
        if folder not in _SWEPT:
            _SWEPT.add(folder)
            known = _STORED.get(folder, set())
            old = time.time() - STORE_MAX_AGE_S
            for path in folder.glob("*.json"):
                try:
                    if path.stem not in known and path.stat().st_mtime < old:
                        path.unlink()
                except OSError:  # gone already (another process swept it): nothing to do
                    continue
    return FeatureStore(folder, f"{ASSET_PREFIX}{GENERATED_DIR}/{FEATURE_DIR}/")


#: Store folders this process has swept (once each), and the lock that makes it once.
_SWEPT: set[Path] = set()
_STORE_LOCK = threading.Lock()


def _stored_features(collection: dict, store: FeatureStore, inline: bool = False) -> dict:
    """``collection`` with its larger features replaced by ``{"ref": digest}``, or with
    ``inline``, by ``{"ref": digest, "feature": ...}`` (the runtime keeps it under its ref)."""
    feats = []
    for f in collection["features"]:
        text = js_json(f)  # escaped as in a page (<, >, &, ', braces), though fetched as data
        if len(text) < STORE_MIN_BYTES:
            feats.append(f)
        else:
            ref = store.put(text)
            feats.append({"ref": ref, "feature": f} if inline else {"ref": ref})
    out = {"type": "FeatureCollection", "features": feats}
    if collection.get("labels"):
        out["labels"] = collection["labels"]
    return out


def layer_payload(
    collection: dict,
    *,
    legend: bool = True,
    labels: bool = True,
    store: FeatureStore | None = None,
    inline: bool = False,
) -> LayerPayload:
    """Serialise a collection (from :func:`feature_collection`) and its legend for the runtime.

    With a ``store``, features of :data:`STORE_MIN_BYTES` or more are written to it and sent as
    references (see :class:`FeatureStore`); if the store cannot be written, they are sent
    inline as without one. ``inline`` sends them whole with their references, for a browser
    that holds none yet (a session's first map: one message instead of a request a feature).
    """
    keys = [f["properties"]["lk"] for f in collection["features"]]
    if any(f["properties"].get("approx") for f in collection["features"]):
        keys.append(APPROX_KEY)
    options = {
        "labels": labels,
        "legend": legend_items(keys) if legend else [],
        "legendTitle": "Legend",
        "legendFolded": True,  # folded by default: it never hides the map until asked for
    }
    if any("pg" in f for f in collection["features"]):
        options["digits"] = packing.PACK_DIGITS  # of the packed polygons
    if store is not None:
        try:
            collection = _stored_features(collection, store, inline)
            options["featureBase"] = store.url
        except OSError as exc:
            logger.warning(
                "feature store %s failed, sending features inline: %s", store.folder, exc
            )
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


class FitView(JSCSSMixin, DataElement):
    """A request to frame the map (:class:`spheremap.view.Fit` as a dict), obeyed once.

    Added to the feature group the app swaps: the runtime's ``spheremap.fit`` frames the map
    the group is on unless that map already obeyed a request with the same ``nonce``, so a
    new request always re-frames (even to the same target) and a date change alone never does.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        spheremap.fit({{ this._parent.get_name() }}, {{ this.request_json }});
        {% endmacro %}
        """
    )
    default_js = [RUNTIME_JS]
    default_css = [RUNTIME_CSS]

    def __init__(self, request: Mapping):
        super().__init__()
        self._name = "FitView"
        self.request_json = js_json(dict(request))


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
    cols = [*FEATURE_PROPERTIES, "approximate", "territory", "geometry"]
    out = pd.concat([p.reindex(columns=cols) for p in parts], ignore_index=True)
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


#: Bytes of serialised layers (:class:`LayerPayload`) kept for the app, shared by all its
#: sessions, most recently used first (~0.45 MB a day on the full data: about 70 days).
PAYLOAD_CACHE_BYTES = 32 * 2**20
#: Bytes of FeatureCollections kept for :func:`collection_at` (as Python objects a day takes
#: ~4.5 MB on the full data, ten times its JSON: the payloads do not keep them).
COLLECTION_CACHE_BYTES = 16 * 2**20


def payload_nbytes(payload: LayerPayload) -> int:
    """Memory held by a payload: its two JSON texts."""
    return len(payload.data_json) + len(payload.options_json)


def collection_nbytes(collection: object) -> int:
    """Memory of a FeatureCollection as Python objects (dicts, lists, floats, strings)."""
    import sys

    seen, stack, total = set(), [collection], 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple):
            stack.extend(obj)
    return total


def byte_cache(nbytes: int, getsizeof) -> cachetools.LRUCache:
    """A least-recently-used cache holding at most ``nbytes`` as measured by ``getsizeof``
    (a value larger than the whole bound is returned but not kept)."""
    return cachetools.LRUCache(maxsize=nbytes, getsizeof=getsizeof)


def _shared(cache: cachetools.LRUCache):
    """:func:`cachetools.cached` on ``cache``, shared by all sessions: concurrent callers of
    one key (sessions moving to the same day) wait for a single computation."""
    cond = threading.Condition(threading.RLock())
    return cachetools.cached(cache, lock=cond, condition=cond, info=True)


@_shared(byte_cache(COLLECTION_CACHE_BYTES, collection_nbytes))
def _collection(
    atlas: Atlas, snap: date, kinds: tuple[str, ...], selected: frozenset, tol: float
) -> dict:
    return _feature_collection_at(atlas, snap, kinds, selected, tol)


def _feature_collection_at(
    atlas: Atlas, snap: date, kinds: tuple[str, ...], selected: frozenset, tol: float
) -> dict:
    return feature_collection(
        frame_at(atlas, snap, kinds),
        selected=selected,
        tolerance=tol,
        detail=atlas.detail_area,
        sea=atlas.sea,
        # control dissolved by claim from a checked coverage is a coverage: no second check
        coverages=("control",) if getattr(atlas, "coverage_checked", False) else (),
        pack=PACK_SCALE,
        references=getattr(atlas, "references", None) or None,
    )


@_shared(byte_cache(PAYLOAD_CACHE_BYTES, payload_nbytes))
def _payload(
    atlas: Atlas,
    snap: date,
    kinds: tuple[str, ...],
    selected: frozenset,
    tol: float,
    store: FeatureStore | None = None,
    inline: bool = False,
):
    # not through _collection: the payload is a tenth of the collection it is made from
    collection = _feature_collection_at(atlas, snap, kinds, selected, tol)
    return layer_payload(collection, store=store, inline=inline)


def drop_caches() -> None:
    """Forget the cached payloads and FeatureCollections (each cache under its own lock)."""
    _payload.cache_clear()
    _collection.cache_clear()


def payload_at(
    atlas: Atlas,
    day: date,
    kinds: Sequence[str],
    selected: Iterable[str] = (),
    tolerance: float = display.SLIDER_TOLERANCE,
    store: FeatureStore | None = None,
    inline: bool = False,
) -> LayerPayload:
    """:func:`layer_payload` of :func:`collection_at`, serialised once per change date.

    With a ``store`` (the app's :func:`feature_store`) the features are sent by reference,
    and whole as well with ``inline`` (a session's first map).
    """
    kinds = tuple(k for k in KINDS if k in set(kinds))
    if not kinds:
        return layer_payload({"type": "FeatureCollection", "features": []})
    from spheremap import time as sm_time

    snap = sm_time.snapshot_day(day, change_dates(atlas, kinds))
    return _payload(atlas, snap, kinds, frozenset(selected), tolerance, store, inline)


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
            day, kinds, selected, store = job
            try:
                payload_at(atlas, day, kinds, selected, store=store)
            except SpheremapError as exc:  # bad data shows again, in one line, when asked for
                logger.warning("warming the map of %s failed: %s", day.isoformat(), exc)


#: The warm-up thread of each atlas (started by the first :func:`warm` call for it).
_WARMERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_WARMERS_LOCK = threading.Lock()


def warm(
    atlas: Atlas,
    days: Iterable[date],
    kinds: Sequence[str],
    selected: Iterable[str] = (),
    store: FeatureStore | None = None,
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
            warmer.queue.put((d, tuple(kinds), selected, store))


#: Scale of the packed polygons the explorer and the view exports send (0.001 degree, about
#: 100 m: the three decimals of their GeoJSON before; display simplification is coarser).
PACK_SCALE = 1000

#: How many change dates :func:`warm_around` builds ahead of the day (a key held down on the
#: slider walks forward) and behind it.
WARM_AHEAD, WARM_BEHIND = 3, 1


def warm_around(
    atlas: Atlas,
    day: date,
    kinds: Sequence[str],
    selected: Iterable[str] = (),
    store: FeatureStore | None = None,
) -> None:
    """:func:`warm` the next :data:`WARM_AHEAD` and previous :data:`WARM_BEHIND` change dates
    of the layers ``kinds`` around ``day``."""
    import bisect

    changes = change_dates(atlas, kinds)
    ahead = changes[bisect.bisect_right(changes, day) :][:WARM_AHEAD]
    j = bisect.bisect_left(changes, day)
    behind = changes[max(0, j - WARM_BEHIND) : j][::-1]
    # the next change first (the Next button, a key press), then the previous, then further on
    warm(atlas, ahead[:1] + behind[:1] + ahead[1:] + behind[1:], kinds, selected, store)


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
    data: dict | LayerPayload,
    *,
    legend: bool = True,
    name: str = "dated",
    fit: Mapping | None = None,
    overlay: dict | LayerPayload | None = None,
) -> folium.FeatureGroup:
    """A FeatureGroup holding one :class:`DatedLayer` (what the app swaps on each rerun) and,
    with ``fit`` (a :meth:`spheremap.view.Fit.as_dict`), the request to frame the map; an
    ``overlay`` (e.g. :func:`compare_collection`) is drawn above it, without a legend."""
    fg = folium.FeatureGroup(name=name, control=False)
    DatedLayer(data, legend=legend).add_to(fg)
    if overlay is not None:
        DatedLayer(overlay, legend=False, labels=False).add_to(fg)
    if fit:
        FitView(fit).add_to(fg)
    return fg


def compare_collection(comparison, tolerance: float = 0.02, pack: int = PACK_SCALE) -> dict:
    """The ground that changed hands between a comparison's two days, drawn over the map.

    One feature per (from-power, to-power) pair (:attr:`spheremap.history.Comparison.changes`):
    filled with the colour of the power that took it, outlined dashed in the colour of the
    one that held it before, with the area in its name and note (computed on the equal-area
    CRS of :data:`spheremap.history.EQUAL_AREA_CRS`).
    """
    from spheremap import history as sm_history

    start, end = comparison.start.isoformat(), comparison.end.isoformat()
    feats = []
    changes = comparison.changes
    geoms = shapely.simplify(changes.geometry.to_numpy(), tolerance, preserve_topology=True)
    for k, (old, new, km2, g) in enumerate(
        zip(changes["from_power"], changes["to_power"], changes["area_km2"], geoms, strict=True)
    ):
        packed = packing.pack_polygons(g, pack) if g is not None and not g.is_empty else None
        if not packed:
            continue
        area = f"{km2:,.0f} km²"
        props = {
            "id": f"change-{k}",
            "name": f"{old} → {new}: {area}",
            "kind": "change",
            "power": str(new),
            "status": f"held by {old} on {start}, by {new} on {end}",
            "start": start,
            "end": end,
            "precision": "day",
            "sources": [],
            "note": f"{area} changed hands ({sm_history.EQUAL_AREA_CRS}, equal-area)",
            "lk": "",
            "approx": False,
            "style": {
                "color": power_colour(str(old)),
                "weight": 2.0,
                "opacity": 0.95,
                "dashArray": "6 4",
                "fillColor": power_colour(str(new)),
                "fillOpacity": 0.55,
            },
        }
        feats.append(
            {"type": "Feature", "geometry": None, "pg": packed, "q": pack, "properties": props}
        )
    return {"type": "FeatureCollection", "features": feats}


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


# ----------------------------------------------------------------------------- clicks
#: How close (screen pixels) a click must come to a line or an event to reach it.
PICK_PIXELS = 8


def pick_tolerance(zoom: float | None, pixels: float = PICK_PIXELS) -> float:
    """Degrees covered by ``pixels`` at a web-map ``zoom`` (zoom 4 if unknown)."""
    z = 4.0 if not isinstance(zoom, int | float) else float(zoom)
    return pixels * 360.0 / (256.0 * 2.0**z)


def features_under(atlas, lon: float, lat: float, day: date, kinds: Sequence[str], zoom=None):
    """Every feature drawn on ``day`` under the point: the areas holding it (control, sphere,
    zone, sector, by :meth:`~spheremap.atlas.Atlas.where`), then the lines and events within
    :func:`pick_tolerance` of it (nearest first), each once.

    Returns
    -------
    list of spheremap.model.Match
    """
    from spheremap.model import Match

    kinds = tuple(kinds)
    out = [m for m in atlas.where(lon, lat, day) if m.kind in kinds]
    thin = [k for k in ("line", "event") if k in kinds]
    if thin:
        frame = frame_at(atlas, day, thin)
        frame = frame[frame["kind"].isin(thin)]
        if len(frame):
            dist = shapely.distance(frame.geometry.to_numpy(), shapely.Point(lon, lat))
            tol = pick_tolerance(zoom)
            for i in sorted((i for i in range(len(frame)) if dist[i] <= tol), key=dist.__getitem__):
                r = frame.iloc[i]
                end = r["end_date"]
                out.append(
                    Match(
                        id=str(r["id"]),
                        name=str(r["name"]),
                        kind=str(r["kind"]),
                        power=str(r["power"]),
                        status=str(r["status"]),
                        start_date=r["start_date"],
                        end_date=end if isinstance(end, date) else None,
                        date_precision=str(r["date_precision"]),
                        sources=tuple(r["sources"] or ()),
                        note=r["note"] if isinstance(r["note"], str) else "",
                    )
                )
    seen, once = set(), []
    for m in out:
        if (m.id, m.kind) not in seen:
            seen.add((m.id, m.kind))
            once.append(m)
    return once
