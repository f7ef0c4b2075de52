"""The palette stays readable with colour-vision deficiencies (issue #15).

Powers whose ground touches on some day (computed from the atlas) must stay distinguishable
when protanopia, deuteranopia and tritanopia are simulated (Machado et al. 2009), measured with
CIEDE2000 (ΔE00):

* as full colours (borders, lines, legend swatches): ΔE00 >= :data:`FULL_MIN`;
* as the translucent fills of the map (drawn at :data:`FILL_OPACITY` over the land, the opacity
  of occupied ground; annexed and sovereign ground is drawn more opaque): ΔE00 >=
  :data:`FILL_MIN`. A ΔE00 of about 1 to 2 is a just-noticeable difference side by side.
"""

from __future__ import annotations

import numpy as np
import pytest

from spheremap import palette, render

FULL_MIN = 10.0
FILL_MIN = 5.0
FILL_OPACITY = 0.4


def colour(key: str) -> str:
    return render.POWER_COLOURS.get(key, render.NEUTRAL)


# Sharma, Wu & Dalal (2005), Table 1: pairs 1, 7, 17 and 34 of the CIEDE2000 test data
@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert palette.delta_e2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert palette.delta_e2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)


def test_lab_of_white_and_a_primary():
    assert palette.lab(np.ones(3)) == pytest.approx([100, 0, 0], abs=0.01)
    # sRGB red: L* 53.24, a* 80.09, b* 67.20 (D65)
    assert palette.lab(np.array([1.0, 0, 0])) == pytest.approx([53.24, 80.09, 67.20], abs=0.05)


@pytest.mark.parametrize("vision", list(palette.MACHADO_2009))
def test_simulation_keeps_greys_and_merges_its_confusion_colours(vision):
    grey = np.array([0.5, 0.5, 0.5])
    assert palette.simulate(grey, vision) == pytest.approx(grey, abs=0.01)
    # each deficiency confuses its own pair: red/green for the first two, blue/green for tritan
    a, b = {
        "protanopia": ("#FF0000", "#008A00"),
        "deuteranopia": ("#FF0000", "#009000"),
        "tritanopia": ("#0070FF", "#00A0A0"),
    }[vision]
    seen = palette.difference(palette.rgb(a), palette.rgb(b), vision)
    normal = palette.difference(palette.rgb(a), palette.rgb(b), "normal")
    assert seen < normal / 2, (seen, normal)


@pytest.fixture(scope="module")
def adjacent(atlas):
    return palette.adjacent_powers(atlas)


def test_adjacent_powers_come_from_the_atlas(adjacent):
    assert ("Germany", "USSR") in adjacent  # the partition line of 1939
    assert adjacent[("Germany", "USSR")].year == 1939
    assert ("US", "USSR") in adjacent  # the Elbe, 1945
    assert ("France", "US") in adjacent  # zones in Germany
    assert ("Japan", "USSR") in adjacent
    assert all(a < b for a, b in adjacent)
    assert ("Germany", "Japan") not in adjacent


@pytest.mark.parametrize("vision", palette.VISIONS)
def test_adjacent_powers_stay_distinguishable(adjacent, vision):
    too_close = []
    for a, b in sorted(adjacent):
        full = palette.difference(palette.rgb(colour(a)), palette.rgb(colour(b)), vision)
        fill = palette.difference(
            palette.blend(colour(a), FILL_OPACITY), palette.blend(colour(b), FILL_OPACITY), vision
        )
        if full < FULL_MIN or fill < FILL_MIN:
            too_close.append(f"{a}/{b} (first touch {adjacent[(a, b)]}): {full:.1f} / {fill:.1f}")
    assert not too_close, f"{vision}: " + "; ".join(too_close)


def test_status_is_not_told_by_colour_alone():
    """Spheres and risings are hatched, approximate traces dashed, whatever the colour."""
    for power in ("USSR", "Estonia"):
        assert render.feature_style("sphere", power, "protocol")["fillColor"].startswith("url(#")
        assert render.feature_style("control", power, "insurgent")["fillColor"].startswith("url(#")
        assert "dashArray" in render.feature_style("line", power, "frontline", approximate=True)
