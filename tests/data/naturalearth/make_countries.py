"""Regenerate ``countries-10m.json``: the test stand-in for npm ``world-atlas``.

The build (``make data``) reads Natural Earth admin-0 1:10m from the npm package
``world-atlas@2.0.2`` (TopoJSON, ``countries-10m.json``). The tests rebuild claims from the
same countries but must never fetch, so they read this subset of the same TopoJSON instead:
only the countries the build reads (:data:`geobuild.base.EUROPE_COUNTRIES`,
:data:`~geobuild.base.FAR_EAST_COUNTRIES`, China for Manchukuo, Mongolia for the Soviet
advance of August 1945) and only the arcs they use, unchanged (same quantization and
transform). GDAL decodes them to the very same doubles, so the claims built from the subset
are byte for byte those of ``make data``; ``--check`` verifies that every kept country
decodes identically from the subset and from the package. Run after ``make data`` has
installed the package::

    .venv/bin/python tests/data/naturalearth/make_countries.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))

import json  # noqa: E402

import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402
from geobuild import base, naturalearth  # noqa: E402

OUT = HERE / f"countries-{base.SCALE}.json"
#: The countries the build reads (``ne(...)`` and the Finnish-Soviet border of 1940).
NAMES = frozenset((*base.EUROPE_COUNTRIES, *base.FAR_EAST_COUNTRIES, "China", "Mongolia"))


def subset(topo: dict) -> dict:
    """The TopoJSON with only the ``countries`` named in :data:`NAMES` and their arcs."""
    geoms = [
        g for g in topo["objects"]["countries"]["geometries"] if g["properties"]["name"] in NAMES
    ]
    used: dict[int, int] = {}

    def remap(obj):
        if isinstance(obj, list):
            return [remap(x) for x in obj]
        arc = obj if obj >= 0 else ~obj
        new = used.setdefault(arc, len(used))
        return new if obj >= 0 else ~new

    kept = [{**g, "arcs": remap(g["arcs"])} if "arcs" in g else g for g in geoms]
    arcs = [None] * len(used)
    for old, new in used.items():
        arcs[new] = topo["arcs"][old]
    out = {k: v for k, v in topo.items() if k not in ("objects", "arcs")}
    out["objects"] = {"countries": {**topo["objects"]["countries"], "geometries": kept}}
    out["arcs"] = arcs
    return out


def main() -> None:
    source = naturalearth.package_dir() / f"countries-{base.SCALE}.json"
    topo = json.loads(source.read_text(encoding="utf-8"))
    out = subset(topo)
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    n = len(out["objects"]["countries"]["geometries"])
    print(
        f"wrote {OUT} ({n} countries, {len(out['arcs'])} arcs, {OUT.stat().st_size / 1e6:.2f} MB)"
    )


def check() -> None:
    """Every kept country decodes to the same geometry from the subset and from npm."""
    full = naturalearth._read("countries", base.SCALE)
    part = gpd.read_file(OUT, layer="countries")
    want = {
        n: shapely.to_wkb(g) for n, g in zip(full["name"], full.geometry, strict=True) if n in NAMES
    }
    got = {n: shapely.to_wkb(g) for n, g in zip(part["name"], part.geometry, strict=True)}
    bad = sorted(n for n in want if got.get(n) != want[n])
    print(f"{len(got)} countries, {len(bad)} differ: {bad}")
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    check() if "--check" in sys.argv else main()
