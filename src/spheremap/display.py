"""Display copies of polygon coverages: what the browser draws, never what queries use.

The control coverage is stored at Natural Earth 1:10m precision so that ``Atlas.where``,
``history`` and ``compare`` answer waterfront towns and small islands. Sent as it is, one slider
step would weigh close to a megabyte. The browser gets a copy simplified for the zoom it is
drawn at instead:

* the polygons are simplified **as a coverage** (``shapely.coverage_simplify``), so a border
  two pieces share stays one line, vertex for vertex, and no gap or overlap opens between them;
* a tolerance follows from the zoom: :func:`zoom_tolerance` is the width of one screen pixel in
  degrees of longitude, so an edge moves by at most about ``pixels`` pixels where it is viewed;
* coordinates are rounded to :data:`DECIMALS` (0.001 degree, about 100 m: finer than the
  1:10m sources, about 250 m, support), the same value for both sides of a shared edge;
* no polygon disappears: a piece that simplification or rounding would empty keeps its
  unsimplified outline.

Queries never read a display copy; the atlas keeps the full geometry.
"""

from __future__ import annotations

import numpy as np
import shapely

from spheremap import layers

#: Rounding of display coordinates (degrees, 3 decimals: about 100 m).
DECIMALS = 3
#: Leaflet's tile size in pixels (256 px spans 360 degrees at zoom 0).
TILE_PX = 256


def zoom_tolerance(zoom: float, pixels: float = 1.0) -> float:
    """The width of ``pixels`` screen pixels in degrees of longitude at ``zoom``.

    Parameters
    ----------
    zoom : float
        Web-map zoom level (0 = the world in one 256 px tile).
    pixels : float
        How many pixels an edge may move.

    Returns
    -------
    float
        Degrees.

    Raises
    ------
    ValueError
        If ``zoom`` is negative or ``pixels`` not positive.
    """
    if zoom < 0 or pixels <= 0:
        raise ValueError(f"zoom must be >= 0 and pixels > 0, not zoom={zoom}, pixels={pixels}")
    return pixels * 360.0 / (TILE_PX * 2.0**zoom)


def _round(geom, decimals: int | None):
    if decimals is None:
        return geom
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _valid_polygonal(geom):
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def coverage_for_display(
    geoms,
    tolerance: float,
    keep=None,
    sea=None,
    decimals: int | None = DECIMALS,
) -> np.ndarray:
    """A display copy of a polygon coverage.

    Parameters
    ----------
    geoms : array of Polygon/MultiPolygon
        A valid coverage (the control pieces, or control dissolved by claim).
    tolerance : float
        ``coverage_simplify`` tolerance in degrees (0 for none), e.g. :func:`zoom_tolerance`.
    keep : array of bool, optional
        Polygons left as they are, with the edges their neighbours share with them (the sector
        cities, small pieces: :func:`spheremap.layers.simplify_coverage_keeping`).
    sea : Polygon, optional
        :func:`spheremap.layers.sea_around` of ``geoms`` (computed if needed and missing).
    decimals : int or None
        Coordinate rounding (``None``: none here, the caller rounds, e.g.
        ``render.feature_collection``).

    Returns
    -------
    numpy.ndarray
        One geometry per input, in order: valid, polygonal, and empty only where the input was.
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) == 0:
        return geoms.copy()
    if tolerance > 0:
        keep = np.zeros(len(geoms), dtype=bool) if keep is None else np.asarray(keep, dtype=bool)
        simple = layers.simplify_coverage_keeping(geoms, tolerance, keep, sea)
    else:
        simple = geoms.copy()
    out = np.empty(len(geoms), dtype=object)
    for i, (full, g) in enumerate(zip(geoms, simple, strict=True)):
        shown = _valid_polygonal(_round(g, decimals))
        if shown.is_empty and not full.is_empty:
            # too small for the tolerance or the grid: draw it as stored rather than not at all
            shown = _valid_polygonal(_round(full, decimals))
            if shown.is_empty:
                shown = full
        out[i] = shown
    return out


#: Slider steps (``render.payload_at``): one payload serves every zoom, drawn first at the
#: opening zoom (4-5); one pixel at zoom 5 (0.044 degree, about 3-5 km).
SLIDER_TOLERANCE = zoom_tolerance(5)
#: View exports (``export.view_map``): fitted to the region, then zoomed by hand.
VIEW_TOLERANCE = zoom_tolerance(5)
#: The atlas export's pieces and items (``export.atlas_data``): the page opens at zoom 4 like the
#: app, so the slider steps' copy serves it too. At zoom 6 (0.022 degree) the 1:10m page was
#: 1,539,559 bytes, over its 1.5 MB budget; at zoom 5 it is 1,463,885, every piece kept.
ATLAS_TOLERANCE = zoom_tolerance(5)
