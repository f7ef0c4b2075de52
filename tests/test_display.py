"""Display copies (``spheremap.display``): simplified for the browser, never for queries."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from spheremap import display, render

#: Lisbon's waterfront (GeoNames point): the 1:10m coast puts it within metres of the sea.
LISBON = (-9.13333, 38.71667)


def jagged_pair():
    """Two pieces sharing a jagged border, a jagged coast, and an island of the first."""
    xs = np.linspace(0, 1, 201)
    border = [(0.5 + 0.004 * np.sin(40 * y), y) for y in xs]
    coast = [(x, 1 + 0.004 * np.sin(50 * x)) for x in xs]
    left = Polygon([(0, 0), *border[:1], *border, (0, 1 + 0.004 * np.sin(0))])
    left = shapely.intersection(left, Polygon([(0, 0), (1, 0), *coast[::-1]]))
    right = shapely.difference(Polygon([(0, 0), (1, 0), *coast[::-1]]), left)
    island = box(0.2, 1.2, 0.2005, 1.2005)  # far smaller than the tolerance
    return np.array([shapely.union(left, island), right], dtype=object)


def test_zoom_tolerance_is_one_pixel_in_degrees():
    assert display.zoom_tolerance(0) == pytest.approx(360 / 256)
    assert display.zoom_tolerance(6) == pytest.approx(display.zoom_tolerance(5) / 2)
    assert display.zoom_tolerance(8, pixels=2) == pytest.approx(2 * 360 / 256 / 256)
    with pytest.raises(ValueError, match="zoom"):
        display.zoom_tolerance(-1)


def test_display_copy_keeps_shared_borders_shared_and_every_piece():
    geoms = jagged_pair()
    assert shapely.coverage_is_valid(geoms)
    shown = display.coverage_for_display(geoms, display.zoom_tolerance(7))
    assert bool(shapely.coverage_is_valid(shown))
    assert not shapely.is_empty(shown).any()
    assert shapely.is_valid(shown).all()
    # simpler, yet the same ground to within the tolerance
    assert shapely.get_num_coordinates(shown).sum() < shapely.get_num_coordinates(geoms).sum() / 4
    # the same ground to within the tolerance, but for the island far below it (a piece's
    # islands may vanish where they would be under a pixel; the piece itself never does)
    mainland = [shapely.difference(geoms[0], box(0.1, 1.1, 0.3, 1.3)), geoms[1]]
    for a, b in zip(mainland, shown, strict=True):
        b = shapely.difference(b, box(0.1, 1.1, 0.3, 1.3))
        assert shapely.hausdorff_distance(a, b) < 2 * display.zoom_tolerance(7)
    # coordinates are rounded to the display grid
    xy = shapely.get_coordinates(shown)
    assert np.allclose(xy, np.round(xy, display.DECIMALS))


def test_a_piece_smaller_than_the_tolerance_is_still_drawn():
    geoms = jagged_pair()
    tiny = box(0.2, 0.2, 0.2005, 0.2005)
    geoms = np.array([shapely.difference(geoms[0], tiny), geoms[1], tiny], dtype=object)
    assert shapely.coverage_is_valid(geoms)
    shown = display.coverage_for_display(geoms, display.zoom_tolerance(5))
    assert not shapely.is_empty(shown).any()
    assert shown[2].intersects(Point(0.20025, 0.20025))


def test_display_copy_leaves_kept_pieces_as_they_are():
    geoms = jagged_pair()
    shown = display.coverage_for_display(geoms, 0.05, keep=np.array([False, True]))
    assert shapely.equals_exact(shown[1], geoms[1], tolerance=10**-display.DECIMALS)
    assert bool(shapely.coverage_is_valid(shown))


def test_bundled_control_display_copy_is_a_coverage_and_queries_keep_full_precision(atlas):
    pieces = atlas.features[atlas.features["kind"] == "control"].drop_duplicates("piece")
    geoms = pieces.geometry.to_numpy()
    tol = display.zoom_tolerance(5)
    shown = display.coverage_for_display(geoms, tol, sea=atlas.sea)
    assert not shapely.is_empty(shown).any()
    assert bool(shapely.coverage_is_valid(shown))
    assert shapely.get_num_coordinates(shown).sum() < 0.6 * shapely.get_num_coordinates(geoms).sum()
    # ground that the stored piece holds and its drawn copy leaves out (around Lisbon's
    # estuary) still answers the stored piece's holder: queries read the full geometry
    holder = np.flatnonzero(shapely.contains_xy(geoms, *LISBON))
    assert len(holder) == 1
    left_out = shapely.difference(geoms[holder[0]], shown[holder[0]])
    spot = max(shapely.get_parts(left_out), key=lambda g: g.area).representative_point()
    assert not shown[holder[0]].contains(spot)
    day = date(1942, 6, 1)
    assert [m.power for m in atlas.where(spot.x, spot.y, day) if m.kind == "control"] == [
        "Portugal"
    ]
    assert [m.power for m in atlas.where(*LISBON, day) if m.kind == "control"] == ["Portugal"]


def test_the_map_draws_the_display_copy(atlas):
    day = date(1942, 6, 1)
    frame = render.frame_at(atlas, day, ["control"])
    tol = display.zoom_tolerance(5)
    drawn = render.display_geometries(frame, tol, detail=atlas.detail_area, sea=atlas.sea)
    assert bool(shapely.coverage_is_valid(drawn))
    assert not shapely.is_empty(drawn).any()
    xy = shapely.get_coordinates(drawn)
    assert len(xy) < shapely.get_num_coordinates(frame.geometry.to_numpy()).sum() / 3
    fc = render.feature_collection(frame, tolerance=tol, sea=atlas.sea)
    xy = np.vstack(
        [shapely.get_coordinates(shapely.geometry.shape(f["geometry"])) for f in fc["features"]]
    )
    assert np.allclose(xy, np.round(xy, display.DECIMALS))
