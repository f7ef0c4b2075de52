"""Can everyone tell the powers apart? Colour-vision simulation and colour differences.

The palette itself lives in :data:`spheremap.render.POWER_COLOURS` (one source of truth); this
module only measures it:

* :func:`simulate` shows a colour as seen with protanopia, deuteranopia or tritanopia, with the
  full-severity matrices of Machado, Oliveira & Fernandes (2009), "A Physiologically-based
  Model for Simulation of Color Vision Deficiency", IEEE Transactions on Visualization and
  Computer Graphics 15(6), 1291–1298 (their Table 1, severity 1.0), applied to linear sRGB;
* :func:`delta_e2000` is the CIEDE2000 colour difference (Sharma, Wu & Dalal 2005, "The
  CIEDE2000 color-difference formula: implementation notes, supplementary test data, and
  mathematical observations", Color Research & Application 30(1), 21–30) between CIE L*a*b*
  colours (D65);
* :func:`adjacent_powers` finds, from the atlas, the pairs of powers whose ground touches on
  some day (control pieces sharing an edge, zones and sectors touching), the pairs that must
  stay distinguishable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import shapely

from spheremap import render

if TYPE_CHECKING:
    from spheremap.atlas import Atlas

#: Machado et al. (2009), Table 1, severity 1.0: linear RGB -> linear RGB as seen.
MACHADO_2009: dict[str, np.ndarray] = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
VISIONS: tuple[str, ...] = ("normal", *MACHADO_2009)

#: The land colour under the map's translucent fills.
LAND = "#F6F3EA"

# sRGB (D65) -> CIE XYZ, IEC 61966-2-1
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE = _RGB_TO_XYZ @ np.ones(3)


def rgb(colour: str) -> np.ndarray:
    """``#RRGGBB`` as sRGB in [0, 1]."""
    c = colour.lstrip("#")
    return np.array([int(c[i : i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255.0


def to_linear(srgb: np.ndarray) -> np.ndarray:
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(np.asarray(linear, dtype=float), 0.0, 1.0)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)


def blend(colour: str, opacity: float, over: str = LAND) -> np.ndarray:
    """sRGB of ``colour`` drawn at ``opacity`` over ``over`` (as the browser blends: in sRGB)."""
    return opacity * rgb(colour) + (1 - opacity) * rgb(over)


def simulate(srgb: np.ndarray, vision: str) -> np.ndarray:
    """``srgb`` (in [0, 1]) as seen with ``vision`` (``normal`` or a key of MACHADO_2009)."""
    if vision == "normal":
        return np.asarray(srgb, dtype=float)
    return to_srgb(MACHADO_2009[vision] @ to_linear(srgb))


def lab(srgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour in [0, 1]."""
    xyz = (_RGB_TO_XYZ @ to_linear(srgb)) / _WHITE
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 difference of two L*a*b* colours (k_L = k_C = k_H = 1)."""
    L1, a1, b1 = (float(v) for v in lab1)
    L2, a2, b2 = (float(v) for v in lab2)
    C1, C2 = np.hypot(a1, b1), np.hypot(a2, b2)
    Cm = (C1 + C2) / 2
    G = 0.5 * (1 - np.sqrt(Cm**7 / (Cm**7 + 25.0**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if C2p else 0.0
    dLp, dCp = L2 - L1, C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dhp / 2))
    Lpm, Cpm = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hpm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hpm = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hpm = (h1p + h2p + 360) / 2
    else:
        hpm = (h1p + h2p - 360) / 2
    T = (
        1
        - 0.17 * np.cos(np.radians(hpm - 30))
        + 0.24 * np.cos(np.radians(2 * hpm))
        + 0.32 * np.cos(np.radians(3 * hpm + 6))
        - 0.20 * np.cos(np.radians(4 * hpm - 63))
    )
    d_theta = 30 * np.exp(-(((hpm - 275) / 25) ** 2))
    Rc = 2 * np.sqrt(Cpm**7 / (Cpm**7 + 25.0**7))
    Sl = 1 + 0.015 * (Lpm - 50) ** 2 / np.sqrt(20 + (Lpm - 50) ** 2)
    Sc = 1 + 0.045 * Cpm
    Sh = 1 + 0.015 * Cpm * T
    Rt = -np.sin(np.radians(2 * d_theta)) * Rc
    return float(
        np.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))
    )


def difference(c1: np.ndarray, c2: np.ndarray, vision: str) -> float:
    """CIEDE2000 between two sRGB colours as seen with ``vision``."""
    return delta_e2000(lab(simulate(c1, vision)), lab(simulate(c2, vision)))


def colour_key(power: str) -> str:
    """The palette entry a power is drawn with (``other`` for the neutral tone)."""
    return power if power in render.POWER_COLOURS else "other"


def _pairs(powers_a: Iterable[str], powers_b: Iterable[str]) -> set[tuple[str, str]]:
    out = set()
    for a, b in zip(powers_a, powers_b, strict=True):
        ka, kb = colour_key(a), colour_key(b)
        if ka != kb:
            out.add(tuple(sorted((ka, kb))))
    return out


def adjacent_powers(atlas: Atlas) -> dict[tuple[str, str], date]:
    """Pairs of palette entries whose ground touches on some day, each with a first such day.

    Control: pieces sharing an edge (:attr:`Atlas.piece_edges`) on each control change date.
    Zones and sectors: polygons of one kind that touch or overlap, on each of their change
    dates. Powers drawn in one colour (minor states in the neutral tone) are one entry.
    """
    found: dict[tuple[str, str], date] = {}
    edges = atlas.piece_edges
    index = atlas.piece_index
    n = len(index)
    for day in atlas.change_dates(["control"]):
        rows = atlas.features_at(day, ["control"])
        power = np.array(["none"] * n, dtype=object)
        for piece, p in zip(rows["piece"], rows["power"], strict=True):
            power[index[piece]] = p
        held = (power[edges.a] != "none") & (power[edges.b] != "none")
        for pair in _pairs(power[edges.a][held], power[edges.b][held]):
            found.setdefault(pair, day)
    for kind in ("zone", "sector"):
        for day in atlas.change_dates([kind]):
            rows = atlas.features_at(day, [kind])
            if len(rows) < 2:
                continue
            geoms = rows.geometry.to_numpy()
            tree = shapely.STRtree(geoms)
            i, j = tree.query(geoms, predicate="intersects")
            keep = i < j
            powers = rows["power"].to_numpy()
            for pair in _pairs(powers[i[keep]], powers[j[keep]]):
                found.setdefault(pair, day)
    return found
