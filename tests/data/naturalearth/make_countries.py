"""Regenerate ``countries-50m.geojson``: the test stand-in for npm ``world-atlas``.

The build (``make data``) reads Natural Earth admin-0 1:50m from the npm package
``world-atlas@2.0.2`` (TopoJSON). The tests rebuild claims from the same countries but must
never fetch, so they read this subset instead: the countries that reach into the mapped
region's windows, with their geometry exactly as the build's loader decodes it (before its
antimeridian repair). Run after ``make data`` has installed the package::

    .venv/bin/python tests/data/naturalearth/make_countries.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))

import json  # noqa: E402

import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from geobuild import base, naturalearth  # noqa: E402
from shapely.geometry import mapping  # noqa: E402

OUT = HERE / "countries-50m.geojson"


def main() -> None:
    raw = naturalearth._read("countries", "50m")
    window = shapely.union(base.EUROPE_BOX, base.FAR_EAST_BOX)
    keep = [shapely.intersects(naturalearth._unwrap(g), window) for g in raw.geometry]
    subset = raw[keep][["id", "name", "geometry"]].sort_values("name")
    features = [
        {
            "type": "Feature",
            "properties": {"id": None if pd.isna(iso) else str(iso), "name": name},
            "geometry": mapping(geom),
        }
        for iso, name, geom in zip(subset["id"], subset["name"], subset.geometry, strict=True)
    ]
    # json writes each float's shortest exact repr: the fixture decodes to the same doubles
    text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(subset)} countries, {OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
