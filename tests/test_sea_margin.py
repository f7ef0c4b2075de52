"""The coastal sea margin (``geobuild.coverage.extend_seaward``): nearest coast wins."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, box

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from geobuild.coverage import MIN_PIECE, extend_seaward  # noqa: E402

MARGIN = 0.012


def owner(geoms, x, y):
    hits = [i for i, g in enumerate(geoms) if g.contains(Point(x, y))]
    assert len(hits) <= 1, f"pieces overlap at ({x}, {y}): {hits}"
    return hits[0] if hits else None


def test_a_strait_narrower_than_two_margins_is_split_on_its_median_line():
    # two coasts 0.016 deg apart (about Helsingor-Helsingborg): each margin reaches past the
    # middle, so the water is contested; each side keeps the half nearer to it
    west, east = box(0, 0, 1, 1), box(1.016, 0, 2, 1)
    land = shapely.union(west, east)
    out = extend_seaward(np.array([west, east], dtype=object), land, MARGIN)
    assert owner(out, 1.006, 0.5) == 0
    assert owner(out, 1.010, 0.5) == 1
    assert not out[0].intersects(box(1.0081, 0.1, 1.016, 0.9))
    assert not out[1].intersects(box(1.0, 0.1, 1.0079, 0.9))
    assert shapely.area(shapely.intersection(out[0], out[1])) < 1e-12


def test_where_a_land_border_reaches_the_coast_the_water_follows_the_nearer_coast():
    # a small piece (a town, Gibraltar) beside a large one on the same coast: the sea in front
    # of the large one stays the large one's, however small the other piece is
    big, small = box(0, 0, 1, 1), box(1, 0, 1.05, 1)
    land = shapely.union(big, small)
    out = extend_seaward(np.array([big, small], dtype=object), land, MARGIN)
    # in the sea off the big piece's coast, 0.008 from the border: nearer the big piece
    assert owner(out, 0.99, 1.005) == 0
    assert owner(out, 1.02, 1.005) == 1
    # every sea point within the margin of some coast is held by exactly one piece
    for x in np.linspace(-0.005, 1.055, 40):
        assert owner(out, x, 1.006) is not None


def test_overlay_dust_along_a_coast_grows_no_band():
    # a piece made of an island plus a hairline along the mainland coast (overlay dust with the
    # same timeline): only the island grows, the mainland's sea stays the mainland's
    mainland = box(0, 0, 1, 1)
    hairline = shapely.buffer(LineString([(0.1, 1.0), (0.9, 1.0)]), 1e-7, cap_style="flat")
    hairline = shapely.intersection(hairline, mainland)
    main = shapely.difference(mainland, hairline)
    island = box(0.5, 1.5, 0.51, 1.51)
    assert island.area >= MIN_PIECE and hairline.area < MIN_PIECE
    land = shapely.union_all([mainland, island])
    pieces = np.array([main, shapely.union(island, hairline)], dtype=object)
    out = extend_seaward(pieces, land, MARGIN)
    assert owner(out, 0.5, 1.005) == 0
    assert owner(out, 0.505, 1.515) == 1
    assert out[1].area < island.area + 4 * (0.01 + 2 * MARGIN) * MARGIN


def test_the_margin_stays_off_unmapped_land():
    mapped, unmapped = box(0, 0, 1, 1), box(1, 0, 2, 1)
    out = extend_seaward(np.array([mapped], dtype=object), mapped, MARGIN, barrier=unmapped)
    assert owner(out, 1.005, 0.5) is None
    assert owner(out, 0.5, 1.005) == 0


def test_a_claim_cut_on_the_theatres_grid_leaves_no_hairline_along_the_coast():
    # Maoka, 21 Aug 1945: the swept Soviet claim was cut on the theatres' 1e-6 grid, the land
    # noded on a finer one, so a hairline of the land along the coast stayed with the claim
    # beneath (Japan), joined to its unswept south, and its coast won the margin in front of
    # the Soviet-held town. Coast vertices off the grid, as Natural Earth's are:
    from datetime import date

    from geobuild.claims import Claim
    from geobuild.claims_1941_1945 import _inter
    from geobuild.coverage import split_land

    xs = np.linspace(0.0, 1.0, 41)
    coast = [(float(x), 1.0 + 0.0123456789 * np.sin(9.1 * x) + 3.3e-7) for x in xs]
    land = shapely.Polygon([(0.0, 0.0), (1.0, 0.0), *reversed(coast)])
    # Soviet-held north of y = 0.5: the swept claim's coast is the land's, snapped to the grid
    swept = _inter(land, box(-1, 0.5, 2, 2))
    base = Claim("base", "Base", "Japan", "sovereign", date(1938, 10, 1), None, "day", ("T",), land)
    soviet = Claim(
        "swept", "Swept", "USSR", "occupied", date(1945, 8, 20), None, "approx", ("T",), swept
    )
    pieces = split_land([base, soviet], land)
    beneath = shapely.union_all([g for g, m in pieces if m == frozenset({0})])
    assert beneath.bounds[3] <= 0.5 + 1e-6, (
        f"land left beneath the swept claim up to {beneath.bounds[3]}"
    )
