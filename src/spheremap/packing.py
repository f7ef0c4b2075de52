"""Compact encodings of geometry for pages: quantised, delta-encoded rings packed as text.

The atlas page ships every control piece this way, and the explorer's layers ship their
polygons this way too (about a third of the bytes of GeoJSON decimals). The runtime
(``static/spheremap.js``: ``unpackInts``, ``decodeRings``, ``packedGeometry``) reads them back.
"""

from __future__ import annotations

import numpy as np


def encode_geometry(geom, scale: int) -> list:
    """A polygon or multipolygon as quantised, delta-encoded integer rings.

    Returns ``[[ring, ...], ...]`` (one list of rings per polygon, exterior first); each ring is
    ``[x0, y0, dx1, dy1, ...]`` in units of ``1/scale`` degrees. Rings that collapse when
    quantised are left out (a collapsed exterior drops its polygon).
    """
    out = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty:
            continue
        rings = []
        for k, ring in enumerate([poly.exterior, *poly.interiors]):
            q = np.round(np.asarray(ring.coords)[:, :2] * scale).astype(np.int64)
            keep = np.ones(len(q), dtype=bool)
            keep[1:] = np.any(q[1:] != q[:-1], axis=1)
            q = q[keep]
            if len(q) < 4:
                if k == 0:
                    break
                continue
            d = q.copy()
            d[1:] -= q[:-1]
            rings.append(d.ravel().tolist())
        if rings:
            out.append(rings)
    return out


#: The digits of :func:`pack_ints`: printable ASCII without the characters JSON or
#: :func:`spheremap.render.js_json` would escape (``"``, ``\\``, ``<``, ``>``, ``&``, ``'``)
#: and without braces (the page passes through a Jinja template, where ``{%``, ``{{`` and
#: ``{#`` open tags). The first half ends a number, the second half continues it.
PACK_DIGITS = "".join(chr(c) for c in range(33, 127) if chr(c) not in "\"\\<>&'{}")
_PACK_BASE = len(PACK_DIGITS) // 2


def pack_ints(values) -> str:
    """Integers as a string of variable-length digits (about half the bytes of a JSON list).

    Each integer is zigzagged (``0, -1, 1, -2, ...`` -> ``0, 1, 2, 3, ...``) and written in base
    :data:`_PACK_BASE`, least significant digit first: continuation digits from the second half
    of :data:`PACK_DIGITS`, the last digit from the first half. ``|v| < 22`` takes one
    character, ``|v| < 925`` two. The page reads it back with ``unpackInts``.
    """
    base, out = _PACK_BASE, []
    for v in values:
        z = 2 * v if v >= 0 else -2 * v - 1
        while z >= base:
            out.append(PACK_DIGITS[base + z % base])
            z //= base
        out.append(PACK_DIGITS[z])
    return "".join(out)


def unpack_ints(text: str) -> list[int]:
    """The integers of :func:`pack_ints` (tests and tools; the page has its own reader)."""
    base, out, z, mul = _PACK_BASE, [], 0, 1
    for ch in text:
        k = PACK_DIGITS.index(ch)
        if k >= base:
            z += (k - base) * mul
            mul *= base
            continue
        z += k * mul
        out.append(z // 2 if z % 2 == 0 else -(z + 1) // 2)
        z, mul = 0, 1
    if mul != 1:
        raise ValueError("packed integers end inside a number")
    return out


def pack_polygons(geom, scale: int) -> list[list[str]] | None:
    """A polygon or multipolygon as packed rings (``[[ring, ...], ...]``, see
    :func:`encode_geometry` and :func:`pack_ints`), or ``None`` for other geometry types."""
    if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return [[pack_ints(r) for r in poly] for poly in encode_geometry(geom, scale)]
