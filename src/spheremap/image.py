"""Still images of one day for slides: SVG and PNG, drawn without a browser.

Both formats are written from one :class:`Scene`: the day's features (as the map draws them,
:func:`spheremap.render.frame_at`) projected to :data:`IMAGE_CRS` and scaled to pixels, with the
map's own styles (:func:`spheremap.render.feature_style`: the same palette, hatches and dashes),
a title with the date, labels on the larger pieces and a small legend beside the map.

* SVG is built with :mod:`xml.etree.ElementTree` (every name is XML text, escaped by the
  serialiser; characters XML 1.0 cannot hold are dropped first).
* PNG is rasterised with Pillow's ``ImageDraw`` at :data:`SUPERSAMPLE` times the size and
  downscaled (anti-aliasing without a browser or a vector library). Fills are drawn one layer
  (kind) at a time and alpha-composited, so their opacities match the map's.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import box

from spheremap import render
from spheremap import time as sm_time
from spheremap.model import KINDS, InputError

if TYPE_CHECKING:
    from spheremap.atlas import Atlas

#: Projection of the images: ETRS89 / LAEA Europe (equal-area, Europe's statistical projection).
IMAGE_CRS = "EPSG:3035"
#: Largest window shown (lon/lat), as the view export fits: Europe, not the Far East.
WINDOW = (-11.0, 34.0, 50.0, 71.0)
#: Width of the map part of an image (pixels); the legend panel is added on the right.
MAP_WIDTH = 1000
LEGEND_WIDTH = 250
TITLE_HEIGHT = 44
MARGIN = 8
#: PNG drawing scale before downscaling (anti-aliasing).
SUPERSAMPLE = 2
SEA = "#DFE9EF"
LAND = {"fill": "#F6F3EA", "stroke": "#B9B4A6", "width": 0.6}
LAKE = {"fill": "#DFE9EF", "stroke": "#A9C6D6", "width": 0.5}
RIVER = {"stroke": "#9CBFD3", "width": 1.0}
#: A label is drawn when its piece is at least this wide and tall (pixels) at its point.
LABEL_MIN_PX = 14
FONT_SIZE = 11
#: Hatch geometry (pixels): as the map's SVG pattern, stripes 3 wide every 8, at 45°.
HATCH_STEP, HATCH_WIDTH = 8, 3
#: Opacity of the hatch background tint (as the map's pattern).
HATCH_TINT = 0.18

# XML 1.0 cannot hold most control characters, nor lone surrogates
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Shape:
    """One drawn feature in pixel coordinates.

    ``geometry`` is a shapely geometry already in pixels (y down). ``fill`` is a colour,
    ``None`` (no fill) or ``hatch:<colour>`` (stripes in that colour).
    """

    layer: str
    geometry: object
    fill: str | None
    fill_opacity: float
    stroke: str | None
    stroke_width: float
    stroke_opacity: float = 1.0
    dash: tuple[float, ...] = ()
    radius: float = 0.0
    name: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class LegendRow:
    label: str
    shape: str  # area, line or point
    fill: str | None
    fill_opacity: float
    stroke: str | None
    stroke_width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Scene:
    """Everything an image of one day shows, in pixels (title band on top, legend on the right)."""

    day: date
    width: int
    height: int
    map_box: tuple[float, float, float, float]
    title: str
    subtitle: str
    shapes: tuple[Shape, ...]
    labels: tuple[Label, ...]
    legend: tuple[LegendRow, ...]
    #: projected x of the map's left edge, projected y of its top edge, pixels per metre
    frame: tuple[float, float, float] = (0.0, 0.0, 1.0)

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where the point ``(lon, lat)`` lands in the image (pixels, y down)."""
        from pyproj import Transformer

        x, y = Transformer.from_crs(4326, IMAGE_CRS, always_xy=True).transform(lon, lat)
        px0, py1, scale = self.frame
        return self.map_box[0] + (x - px0) * scale, self.map_box[1] + (py1 - y) * scale


def clean_text(text: object) -> str:
    """``text`` as a string XML can hold (control characters and lone surrogates dropped)."""
    return _NOT_XML.sub("", str(text))


def _dash(style: dict) -> tuple[float, ...]:
    d = style.get("dashArray")
    if not d:
        return ()
    return tuple(float(v) for v in str(d).replace(",", " ").split())


def _fill(style: dict) -> str | None:
    if style.get("fill") is False:
        return None
    fill = style.get("fillColor")
    if not fill:
        return None
    m = re.fullmatch(r"url\(#(.+)\)", fill)
    if m:
        colour = next(
            (p["colour"] for p in render.hatch_patterns() if p["id"] == m.group(1)),
            render.NEUTRAL_LINE,
        )
        return "hatch:" + colour
    return fill


def _window(frame: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    """The lon/lat window: the features' bounds, never wider than :data:`WINDOW`."""
    if len(frame) == 0:
        return WINDOW
    minx, miny, maxx, maxy = frame.total_bounds
    w0, w1, w2, w3 = WINDOW
    b = (max(minx, w0), max(miny, w1), min(maxx, w2), min(maxy, w3))
    if not (b[0] < b[2] and b[1] < b[3]):
        b = (minx, miny, maxx, maxy)  # nothing in Europe: show what there is
    pad = 0.03 * max(b[2] - b[0], b[3] - b[1], 0.1)
    return (
        max(b[0] - pad, -180),
        max(b[1] - pad, -85),
        min(b[2] + pad, 180),
        min(b[3] + pad, 85),
    )


def scene(
    atlas: Atlas,
    day: date,
    kinds: Sequence[str] | None = None,
    *,
    width: int = MAP_WIDTH,
) -> Scene:
    """The image of ``day`` with the layer kinds ``kinds`` (default: all), ``width`` pixels wide.

    Raises
    ------
    InputError
        For an unknown kind or a width under 200 or over 8000 pixels.
    """
    day = sm_time.parse_date(day)
    kinds = KINDS if kinds is None else tuple(kinds)
    for k in kinds:
        if k not in KINDS:
            raise InputError(f"unknown layer kind {k!r} (one of {', '.join(KINDS)})")
    if not 200 <= int(width) <= 8000:
        raise InputError(f"image width {width} is not between 200 and 8000 pixels")
    frame = render.frame_at(atlas, day, kinds)
    lon0, lat0, lon1, lat1 = _window(frame)
    clip = box(lon0, lat0, lon1, lat1)
    # the window's outline, densified, projected: its bounds are the map's extent
    outline = gpd.GeoSeries([clip.segmentize(0.5)], crs=4326).to_crs(IMAGE_CRS).iloc[0]
    px0, py0, px1, py1 = outline.bounds
    scale = width / (px1 - px0)
    map_h = int(math.ceil((py1 - py0) * scale))
    ox, oy = MARGIN, TITLE_HEIGHT

    def to_px(geoms: np.ndarray) -> np.ndarray:
        proj = gpd.GeoSeries(geoms, crs=4326).to_crs(IMAGE_CRS).to_numpy()
        return shapely.transform(
            proj,
            lambda c: np.column_stack([ox + (c[:, 0] - px0) * scale, oy + (py1 - c[:, 1]) * scale]),
        )

    shapes: list[Shape] = []
    # basemap: land, lakes, rivers
    for name, look in (("land", LAND), ("lakes", LAKE), ("rivers", RIVER)):
        base = atlas.basemap.get(name) if hasattr(atlas.basemap, "get") else None
        if base is None or len(base) == 0:
            continue
        geoms = shapely.intersection(base.geometry.to_numpy(), clip)
        geoms = geoms[~shapely.is_empty(geoms)]
        for g in to_px(geoms):
            shapes.append(Shape("basemap", g, look.get("fill"), 1.0, look["stroke"], look["width"]))
    rank = {k: i for i, k in enumerate(render.DRAW_ORDER)}
    rows = frame.assign(_rank=frame["kind"].map(rank)).sort_values("_rank", kind="stable")
    geoms = shapely.intersection(rows.geometry.to_numpy(), clip)
    keep = ~shapely.is_empty(geoms)
    rows, geoms = rows[keep], to_px(geoms[keep])
    labels: list[Label] = []
    keys: set[str] = set()
    for rec, g in zip(rows.to_dict("records"), geoms, strict=True):
        props = render.feature_properties(rec)
        keys.add(props["lk"])
        if props["approx"]:
            keys.add(render.APPROX_KEY)
        st = props["style"]
        kind = props["kind"]
        is_point = g.geom_type in ("Point", "MultiPoint")
        shapes.append(
            Shape(
                kind,
                g,
                _fill(st),
                float(st.get("fillOpacity", 0.2)),
                st.get("color"),
                float(st.get("weight", 1.0)),
                float(st.get("opacity", 1.0)),
                _dash(st),
                float(st.get("radius", 0)) if is_point else 0.0,
                clean_text(props["name"]),
            )
        )
        if kind in render.LABEL_KINDS and g.geom_type in ("Polygon", "MultiPolygon"):
            lab = _label(g, props["name"])
            if lab is not None:
                labels.append(lab)
    legend = []
    for entry in render.legend_items(keys):
        st = entry["style"]
        legend.append(
            LegendRow(
                clean_text(entry["label"]),
                st.get("shape", "area"),
                _fill(st),
                float(st.get("fillOpacity", 0.2)),
                st.get("color"),
                float(st.get("weight", 1.0)),
                _dash(st),
            )
        )
    title = f"{day.day} {day.strftime('%B %Y')}"
    shown = ", ".join(render.KIND_LABELS[k] for k in KINDS if k in kinds)
    subtitle = f"spheremap · {shown} · {IMAGE_CRS} (LAEA Europe)"
    return Scene(
        day,
        ox + width + MARGIN + LEGEND_WIDTH,
        oy + map_h + MARGIN,
        (ox, oy, ox + width, oy + map_h),
        clean_text(title),
        clean_text(subtitle),
        tuple(shapes),
        tuple(labels),
        tuple(legend),
        (px0, py1, scale),
    )


def _label(g, name: str) -> Label | None:
    """A label at the largest part's inner point, if the part is big enough in pixels."""
    parts = getattr(g, "geoms", [g])
    big = max(parts, key=lambda p: p.area)
    minx, miny, maxx, maxy = big.bounds
    text = clean_text(render.label_text(str(name)))
    need = 0.55 * FONT_SIZE * len(text)
    if maxx - minx < max(need, LABEL_MIN_PX) or maxy - miny < LABEL_MIN_PX:
        return None
    pt = big.point_on_surface()
    return Label(round(pt.x, 1), round(pt.y, 1), text)


# ----------------------------------------------------------------------------- SVG
def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _path_d(g) -> str:
    """SVG path data of a (multi)polygon or (multi)line in pixels."""
    out = []
    if g.geom_type in ("Polygon", "MultiPolygon"):
        for poly in getattr(g, "geoms", [g]):
            for ring in [poly.exterior, *poly.interiors]:
                c = np.asarray(ring.coords)[:, :2]
                if len(c) < 3:
                    continue
                out.append("M" + " L".join(f"{_num(x)} {_num(y)}" for x, y in c[:-1]) + " Z")
    elif g.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        for line in getattr(g, "geoms", [g]):
            c = np.asarray(line.coords)[:, :2]
            if len(c) >= 2:
                out.append("M" + " L".join(f"{_num(x)} {_num(y)}" for x, y in c))
    elif g.geom_type == "GeometryCollection":
        return " ".join(_path_d(p) for p in g.geoms if not p.is_empty)
    return " ".join(out)


def _hatch_id(colour: str) -> str:
    return "hatch-" + colour.lstrip("#").lower()


def _paint(attrs: dict, fill: str | None, fill_opacity: float) -> None:
    if fill is None:
        attrs["fill"] = "none"
    elif fill.startswith("hatch:"):
        attrs["fill"] = f"url(#{_hatch_id(fill[6:])})"
    else:
        attrs["fill"] = fill
        attrs["fill-opacity"] = _num2(fill_opacity)


def _num2(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") or "0"


def to_svg(sc: Scene) -> str:
    """The scene as an SVG document (UTF-8 text, with an XML declaration)."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(sc.width),
            "height": str(sc.height),
            "viewBox": f"0 0 {sc.width} {sc.height}",
            "font-family": "DejaVu Sans, Arial, Helvetica, sans-serif",
        },
    )
    ET.SubElement(svg, "title").text = f"{sc.title} · {sc.subtitle}"
    defs = ET.SubElement(svg, "defs")
    hatches = {
        f[6:]
        for f in [*(s.fill for s in sc.shapes), *(r.fill for r in sc.legend)]
        if f and f.startswith("hatch:")
    }
    for colour in sorted(hatches):
        pat = ET.SubElement(
            defs,
            "pattern",
            {
                "id": _hatch_id(colour),
                "patternUnits": "userSpaceOnUse",
                "width": str(HATCH_STEP),
                "height": str(HATCH_STEP),
                "patternTransform": "rotate(45)",
            },
        )
        ET.SubElement(
            pat,
            "rect",
            {"width": str(HATCH_STEP), "height": str(HATCH_STEP), "fill": colour,
             "fill-opacity": _num2(HATCH_TINT)},
        )  # fmt: skip
        ET.SubElement(
            pat, "rect", {"width": str(HATCH_WIDTH), "height": str(HATCH_STEP), "fill": colour}
        )
    clip = ET.SubElement(defs, "clipPath", {"id": "map-clip"})
    x0, y0, x1, y1 = sc.map_box
    ET.SubElement(
        clip,
        "rect",
        {"x": _num(x0), "y": _num(y0), "width": _num(x1 - x0), "height": _num(y1 - y0)},
    )
    ET.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": "#FFFFFF"})
    ET.SubElement(
        svg,
        "rect",
        {"x": _num(x0), "y": _num(y0), "width": _num(x1 - x0), "height": _num(y1 - y0),
         "fill": SEA},
    )  # fmt: skip
    body = ET.SubElement(svg, "g", {"clip-path": "url(#map-clip)", "stroke-linejoin": "round"})
    current_layer, group = None, body
    for s in sc.shapes:
        if s.layer != current_layer:
            current_layer = s.layer
            group = ET.SubElement(body, "g", {"class": f"layer-{s.layer}"})
        if s.radius:
            for pt in getattr(s.geometry, "geoms", [s.geometry]):
                attrs = {"cx": _num(pt.x), "cy": _num(pt.y), "r": _num(s.radius)}
                _paint(attrs, s.fill, s.fill_opacity)
                attrs.update(stroke=s.stroke or "none", **{"stroke-width": _num(s.stroke_width)})
                el = ET.SubElement(group, "circle", attrs)
                ET.SubElement(el, "title").text = s.name
            continue
        d = _path_d(s.geometry)
        if not d:
            continue
        areal = s.geometry.geom_type in ("Polygon", "MultiPolygon")
        attrs = {"d": d}
        _paint(attrs, s.fill if areal else None, s.fill_opacity)
        if areal:
            attrs["fill-rule"] = "evenodd"
        if s.stroke:
            attrs["stroke"] = s.stroke
            attrs["stroke-width"] = _num(s.stroke_width)
            if s.stroke_opacity < 1:
                attrs["stroke-opacity"] = _num2(s.stroke_opacity)
            if s.dash:
                attrs["stroke-dasharray"] = " ".join(_num(v) for v in s.dash)
        el = ET.SubElement(group, "path", attrs)
        if s.name:
            ET.SubElement(el, "title").text = s.name
    labels = ET.SubElement(
        svg,
        "g",
        {"font-size": str(FONT_SIZE), "font-weight": "600", "text-anchor": "middle",
         "fill": "#1D1D1D", "stroke": "#FFFFFF", "stroke-width": "3", "paint-order": "stroke",
         "stroke-linejoin": "round", "clip-path": "url(#map-clip)"},
    )  # fmt: skip
    for lab in sc.labels:
        t = ET.SubElement(labels, "text", {"x": _num(lab.x), "y": _num(lab.y + FONT_SIZE / 3)})
        t.text = lab.text
    ET.SubElement(
        svg,
        "rect",
        {"x": _num(x0), "y": _num(y0), "width": _num(x1 - x0), "height": _num(y1 - y0),
         "fill": "none", "stroke": "#555555", "stroke-width": "1"},
    )  # fmt: skip
    t = ET.SubElement(svg, "text", {"x": str(MARGIN), "y": "22", "font-size": "20",
                                    "font-weight": "700", "fill": "#111111"})  # fmt: skip
    t.text = sc.title
    t = ET.SubElement(svg, "text", {"x": str(MARGIN), "y": "38", "font-size": "11",
                                    "fill": "#444444"})  # fmt: skip
    t.text = sc.subtitle
    lx = x1 + MARGIN + 4
    leg = ET.SubElement(svg, "g", {"class": "legend", "font-size": "11", "fill": "#222222"})
    t = ET.SubElement(leg, "text", {"x": _num(lx), "y": _num(y0 + 12), "font-weight": "700"})
    t.text = "Legend"
    for i, row in enumerate(sc.legend):
        y = y0 + 22 + i * 17
        _svg_swatch(leg, row, lx, y)
        t = ET.SubElement(leg, "text", {"x": _num(lx + 26), "y": _num(y + 10)})
        t.text = row.label
    ET.indent(svg, space="")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(svg, encoding="unicode")


def _svg_swatch(parent, row: LegendRow, x: float, y: float) -> None:
    if row.shape == "line":
        attrs = {"x1": _num(x), "y1": _num(y + 6), "x2": _num(x + 20), "y2": _num(y + 6),
                 "stroke": row.stroke or "#333333", "stroke-width": _num(min(row.stroke_width, 4))}  # fmt: skip
        if row.dash:
            attrs["stroke-dasharray"] = " ".join(_num(v) for v in row.dash)
        ET.SubElement(parent, "line", attrs)
    elif row.shape == "point":
        attrs = {"cx": _num(x + 10), "cy": _num(y + 6), "r": "5"}
        _paint(attrs, row.fill, row.fill_opacity)
        attrs.update(stroke=row.stroke or "none", **{"stroke-width": "1.5"})
        ET.SubElement(parent, "circle", attrs)
    else:
        attrs = {"x": _num(x), "y": _num(y), "width": "20", "height": "12"}
        _paint(attrs, row.fill, row.fill_opacity)
        attrs.update(
            stroke=row.stroke or "none", **{"stroke-width": _num(min(row.stroke_width, 3))}
        )
        if row.dash:
            attrs["stroke-dasharray"] = " ".join(_num(v) for v in row.dash)
        ET.SubElement(parent, "rect", attrs)


# ----------------------------------------------------------------------------- PNG
def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _font(size: float):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _dashed(coords: np.ndarray, dash: Sequence[float]) -> list[np.ndarray]:
    """The drawn pieces of a polyline under a dash pattern (lengths in the coords' units)."""
    pieces: list[np.ndarray] = []
    pattern = list(dash) if len(dash) % 2 == 0 else list(dash) * 2
    k, left, on = 0, pattern[0], True
    current = [coords[0]]
    for a, b in zip(coords[:-1], coords[1:], strict=True):
        seg = b - a
        length = float(np.hypot(*seg))
        pos = 0.0
        while length - pos > left:
            pos += left
            p = a + seg * (pos / length)
            if on:
                current.append(p)
                pieces.append(np.array(current))
            current = [p]
            k = (k + 1) % len(pattern)
            left, on = pattern[k], not on
        left -= length - pos
        if on:
            current.append(b)
        else:
            current = [b]
    if on and len(current) > 1:
        pieces.append(np.array(current))
    return pieces


def _rings(g):
    for poly in getattr(g, "geoms", [g]):
        if poly.geom_type == "Polygon" and not poly.is_empty:
            yield poly


def to_png(sc: Scene, *, supersample: int = SUPERSAMPLE) -> bytes:
    """The scene as PNG bytes (RGB), drawn at ``supersample`` times the size and downscaled."""
    from PIL import Image, ImageDraw

    k = supersample
    W, H = sc.width * k, sc.height * k
    img = Image.new("RGBA", (W, H), (255, 255, 255, 255))
    x0, y0, x1, y1 = (v * k for v in sc.map_box)
    mx0, my0, mx1, my1 = int(x0), int(y0), int(math.ceil(x1)), int(math.ceil(y1))
    ImageDraw.Draw(img).rectangle([mx0, my0, mx1, my1], fill=_rgb(SEA))

    def hatch_tile(colour: str, size: tuple[int, int], origin: tuple[int, int]) -> Image.Image:
        # stripes at 45°, HATCH_WIDTH wide every HATCH_STEP (measured across the stripes)
        r, g, b = _rgb(colour)
        tile = Image.new("RGBA", size, (r, g, b, int(255 * HATCH_TINT)))
        draw = ImageDraw.Draw(tile)
        period = HATCH_STEP * math.sqrt(2) * k  # along x
        w = HATCH_WIDTH * math.sqrt(2) * k
        start = -((origin[0] + origin[1]) % period) - size[1]
        x = start
        while x < size[0] + size[1]:
            draw.polygon(
                [(x, 0), (x + w, 0), (x + w - size[1], size[1]), (x - size[1], size[1])],
                fill=(r, g, b, 255),
            )
            x += period
        return tile

    def composite(layer_shapes: list[Shape]) -> None:
        # the layer images cover only the batch's bounds (plus the widest stroke)
        bounds = np.array([shapely.bounds(s.geometry) for s in layer_shapes])
        pad = max(max(s.stroke_width, s.radius) for s in layer_shapes) + 2
        cx0 = max(int((np.nanmin(bounds[:, 0]) - pad) * k), 0)
        cy0 = max(int((np.nanmin(bounds[:, 1]) - pad) * k), 0)
        cx1 = min(int((np.nanmax(bounds[:, 2]) + pad) * k) + 1, W)
        cy1 = min(int((np.nanmax(bounds[:, 3]) + pad) * k) + 1, H)
        if cx1 <= cx0 or cy1 <= cy0:
            return
        fills = Image.new("RGBA", (cx1 - cx0, cy1 - cy0), (0, 0, 0, 0))
        lines = Image.new("RGBA", fills.size, (0, 0, 0, 0))
        ld = ImageDraw.Draw(lines)

        def scaled(c) -> list[tuple[float, float]]:
            return [(float(x) * k - cx0, float(y) * k - cy0) for x, y in np.asarray(c)[:, :2]]

        for s in layer_shapes:
            g = s.geometry
            if s.radius:
                for pt in getattr(g, "geoms", [g]):
                    cx, cy, r = pt.x * k - cx0, pt.y * k - cy0, s.radius * k
                    fill = None
                    if s.fill and not s.fill.startswith("hatch:"):
                        fill = (*_rgb(s.fill), int(255 * s.fill_opacity))
                    outline = (*_rgb(s.stroke), 255) if s.stroke else None
                    ld.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=outline,
                               width=max(1, round(s.stroke_width * k)))  # fmt: skip
                continue
            areal = g.geom_type in ("Polygon", "MultiPolygon")
            if areal and s.fill:
                for poly in _rings(g):
                    bx0, by0, bx1, by1 = (int(math.floor(poly.bounds[0] * k)) - 1 - cx0,
                                          int(math.floor(poly.bounds[1] * k)) - 1 - cy0,
                                          int(math.ceil(poly.bounds[2] * k)) + 1 - cx0,
                                          int(math.ceil(poly.bounds[3] * k)) + 1 - cy0)  # fmt: skip
                    size = (max(bx1 - bx0, 1), max(by1 - by0, 1))
                    mask = Image.new("L", size, 0)
                    md = ImageDraw.Draw(mask)
                    off = np.array([bx0, by0], dtype=float)
                    md.polygon(
                        [(x - off[0], y - off[1]) for x, y in scaled(poly.exterior.coords)],
                        fill=255,
                    )
                    for hole in poly.interiors:
                        md.polygon(
                            [(x - off[0], y - off[1]) for x, y in scaled(hole.coords)], fill=0
                        )
                    if s.fill.startswith("hatch:"):
                        src = hatch_tile(s.fill[6:], size, (bx0 + cx0, by0 + cy0))
                        alpha = Image.new("L", size, 0)
                        alpha.paste(src.getchannel("A"), (0, 0), mask)
                        src.putalpha(alpha)
                        fills.alpha_composite(src, (bx0, by0))
                    else:
                        colour = (*_rgb(s.fill), int(round(255 * s.fill_opacity)))
                        fills.paste(colour, (bx0, by0, bx0 + size[0], by0 + size[1]), mask)
            if s.stroke and s.stroke_width > 0:
                colour = (*_rgb(s.stroke), int(round(255 * s.stroke_opacity)))
                width = max(1, round(s.stroke_width * k))
                if areal:
                    paths = [r.coords for p in _rings(g) for r in [p.exterior, *p.interiors]]
                else:
                    paths = [line.coords for line in getattr(g, "geoms", [g]) if not line.is_empty]
                for c in paths:
                    pts = np.array(scaled(c))
                    if len(pts) < 2:
                        continue
                    runs = _dashed(pts, [v * k for v in s.dash]) if s.dash else [pts]
                    for run in runs:
                        ld.line([tuple(p) for p in run], fill=colour, width=width, joint="curve")
        img.alpha_composite(fills, (cx0, cy0))
        img.alpha_composite(lines, (cx0, cy0))

    batch: list[Shape] = []
    for s in sc.shapes:
        if batch and s.layer != batch[-1].layer:
            composite(batch)
            batch = []
        batch.append(s)
    if batch:
        composite(batch)
    # whatever was drawn beyond the map box is covered by the frame's margins
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, W, my0 - 1], fill=(255, 255, 255, 255))
    draw.rectangle([0, my1 + 1, W, H], fill=(255, 255, 255, 255))
    draw.rectangle([0, 0, mx0 - 1, H], fill=(255, 255, 255, 255))
    draw.rectangle([mx1 + 1, 0, W, H], fill=(255, 255, 255, 255))
    font = _font(FONT_SIZE * k)
    for lab in sc.labels:
        draw.text((lab.x * k, lab.y * k), lab.text, font=font, fill=(29, 29, 29), anchor="mm",
                  stroke_width=max(1, k), stroke_fill=(255, 255, 255))  # fmt: skip
    draw.rectangle([mx0, my0, mx1, my1], outline=(85, 85, 85), width=k)
    draw.text((MARGIN * k, 22 * k), sc.title, font=_font(20 * k), fill=(17, 17, 17), anchor="ls")
    draw.text((MARGIN * k, 38 * k), sc.subtitle, font=_font(11 * k), fill=(68, 68, 68), anchor="ls")
    lx = sc.map_box[2] + MARGIN + 4
    small = _font(11 * k)
    draw.text((lx * k, (sc.map_box[1] + 12) * k), "Legend", font=small, fill=(34, 34, 34),
              anchor="ls")  # fmt: skip
    for i, row in enumerate(sc.legend):
        y = sc.map_box[1] + 22 + i * 17
        sw = Shape(
            "legend",
            shapely.LineString([(lx, y + 6), (lx + 20, y + 6)]) if row.shape == "line"
            else shapely.Point(lx + 10, y + 6) if row.shape == "point"
            else box(lx, y, lx + 20, y + 12),
            row.fill, row.fill_opacity, row.stroke or "#333333",
            min(row.stroke_width, 4 if row.shape == "line" else 3), 1.0, row.dash,
            5.0 if row.shape == "point" else 0.0,
        )  # fmt: skip
        composite([sw])
        draw = ImageDraw.Draw(img)
        draw.text(((lx + 26) * k, (y + 10) * k), row.label, font=small, fill=(34, 34, 34),
                  anchor="ls")  # fmt: skip
    out = img.convert("RGB").reduce(k)
    buf = io.BytesIO()
    out.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


# ----------------------------------------------------------------------------- files
def export_image(
    atlas: Atlas,
    day: date,
    path: Path | str,
    *,
    fmt: str,
    kinds: Sequence[str] | None = None,
    width: int = MAP_WIDTH,
) -> Path:
    """Write the image of ``day`` as ``fmt`` (``"svg"`` or ``"png"``) to ``path``, atomically."""
    from spheremap.export import write_atomic

    sc = scene(atlas, day, kinds, width=width)
    if fmt == "svg":
        data = to_svg(sc).encode("utf-8")
    elif fmt == "png":
        data = to_png(sc)
    else:
        raise InputError(f"unknown image format {fmt!r} (svg or png)")
    return write_atomic(path, data)
