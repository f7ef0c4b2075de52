"""Issue #16 scale run: how load, linking, passages-for-date and ``where`` grow with the data.

- **Documents**: the bundled text as 1, 10 and 100 documents (generated variants: each copy
  its own file and title), linked to the bundled atlas (:meth:`Corpus.load`), then
  ``passages_at`` for the three preset days.
- **Features**: the bundled atlas, and the same atlas with every control piece cut by a grid
  (cells sized so that the pieces grow about tenfold; snapped to 1e-6 degree so neighbours
  still share their edges); timelines, claims and other layers unchanged, so every answer
  stays the same. ``Atlas.load`` time, and ``where_many`` throughput on 200,000 random land
  points and days.

Each figure: median with min/max over repeats, the ratio to the smallest size, and the growth
exponent ``log(t_large / t_small) / log(size ratio)`` (1 = linear).

    python benchmarks/bench_scale.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from benchlib import header, row, timed  # noqa: E402

from spheremap import time as sm_time  # noqa: E402
from spheremap.atlas import Atlas  # noqa: E402
from spheremap.links import Corpus  # noqa: E402

GEODATA = REPO / "geodata"


def growth(small: float, large: float, factor: float) -> str:
    return f"  growth exponent {math.log(large / small) / math.log(factor):.2f} (1 = linear)"


# ----------------------------------------------------------------------------- documents
def copy_geodata(into: Path, documents: int) -> Path:
    """``geodata/`` with ``documents`` variants of the bundled text (no curated links)."""
    root = into / "geodata"
    shutil.copytree(GEODATA, root, ignore=shutil.ignore_patterns("sources", "documents"))
    (root / "documents").mkdir()
    (src,) = sorted((GEODATA / "documents").glob("*.wiki"))
    text = src.read_text(encoding="utf-8")
    for k in range(documents):
        (root / "documents" / f"variant_{k:03d}.wiki").write_text(
            text.replace("'''", f"''' (variant {k})", 1), encoding="utf-8"
        )
    (root / "links.csv").write_text("document,quote,feature,action,note\n", encoding="utf-8")
    return root


def bench_documents(atlas: Atlas, sizes: list[int], repeats: int) -> None:
    header("documents: link the bundled text as N documents, then passages for 3 days")
    days = [p.date for p in sm_time.PRESETS.values()]
    link_med, query_med = [], []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_geodata(Path(tmp), n)
            big = Atlas.load(root)
            t_link, corpus = timed(lambda big=big: Corpus.load(big), repeats)
            t_query, _ = timed(
                lambda corpus=corpus: [corpus.passages_at(d) for d in days], repeats * 3
            )
        link_med.append(statistics.median(t_link))
        query_med.append(statistics.median(t_query))
        print(row(f"link {n:3d} documents ({len(corpus.passages):,} passages)", t_link, "s",
                  link_med[0] if n != sizes[0] else None))  # fmt: skip
        print(row(f"  passages_at x3, {n:3d} documents", [t * 1000 for t in t_query], "ms",
                  query_med[0] * 1000 if n != sizes[0] else None))  # fmt: skip
    factor = sizes[-1] / sizes[0]
    print(growth(link_med[0], link_med[-1], factor) + " for linking")
    print(growth(query_med[0], query_med[-1], factor) + " for passages_at")


# ----------------------------------------------------------------------------- features
def split_control(root: Path, factor: float) -> int:
    """Cut ``root``'s control pieces by a grid so that they number about ``factor`` times."""
    path = root / "layers" / "control.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    feats = doc["features"]
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in feats])
    areas = shapely.area(geoms)
    # a square cell of the median area / factor cuts the large pieces into many
    cell = math.sqrt(float(np.median(areas)) / factor) * 5.5  # measured: about factor-fold
    out = []
    for f, g in zip(feats, geoms, strict=True):
        x0, y0, x1, y1 = g.bounds
        xs = np.arange(math.floor(x0 / cell) * cell, x1 + cell, cell)
        ys = np.arange(math.floor(y0 / cell) * cell, y1 + cell, cell)
        if len(xs) * len(ys) <= 4:
            out.append(f)
            continue
        boxes = shapely.box(*np.meshgrid(xs[:-1], ys[:-1]), *np.meshgrid(xs[1:], ys[1:]))
        parts = shapely.intersection(g, boxes.ravel(), grid_size=1e-6)
        parts = [p for p in parts if not p.is_empty and p.area > 0]
        parts = [shapely.union_all(shapely.get_parts(p)[[q.geom_type == "Polygon"
                 for q in shapely.get_parts(p)]]) for p in parts]  # fmt: skip
        parts = shapely.orient_polygons([q for q in parts if not q.is_empty])  # GeoJSON's rule
        for k, p in enumerate(parts):
            props = dict(f["properties"], id=f"{f['properties']['id']}-{k}")
            out.append(
                {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(p)}
            )
    doc["features"] = out
    path.write_text(json.dumps(doc), encoding="utf-8")
    return len(out)


def random_points(atlas: Atlas, n: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    control = atlas.features[atlas.features["kind"] == "control"].drop_duplicates("piece")
    land = shapely.union_all(control.geometry.to_numpy(), grid_size=1e-3)
    x0, y0, x1, y1 = -10, 35, 45, 65
    lons, lats = [], []
    shapely.prepare(land)
    while len(lons) < n:
        x = rng.uniform(x0, x1, n)
        y = rng.uniform(y0, y1, n)
        ok = shapely.contains_xy(land, x, y)
        lons += x[ok].tolist()
        lats += y[ok].tolist()
    span = (sm_time.RANGE_END - sm_time.RANGE_START).days
    days = [sm_time.RANGE_START + timedelta(days=int(d)) for d in rng.integers(0, span, n)]
    return lons[:n], lats[:n], days


def bench_features(factor: float, points: int, repeats: int) -> None:
    header(f"features: control pieces cut about {factor:g}-fold by a grid")
    base = Atlas.load()
    lons, lats, days = random_points(base, points)
    loads, rates, sizes = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "geodata"
        shutil.copytree(GEODATA, root, ignore=shutil.ignore_patterns("sources"))
        split_control(root, factor)
        for label, where in (("bundled", None), (f"x{factor:g}", root)):
            t_load, atlas = timed(lambda where=where: Atlas.load(where), repeats)
            atlas.where_many(lons[:1000], lats[:1000], days[:1000])  # first-use caches
            t_where, answers = timed(lambda a=atlas: a.where_many(lons, lats, days), repeats)
            loads.append(statistics.median(t_load))
            rates.append([points / t for t in t_where])
            sizes.append(len(atlas.piece_index))
            print(row(f"Atlas.load, {label} ({sizes[-1]:,} pieces)", t_load, "s",
                      loads[0] if len(loads) > 1 else None))  # fmt: skip
            print(row(f"  where_many, {label}", rates[-1], "pts/s",
                      statistics.median(rates[0]) if len(rates) > 1 else None))  # fmt: skip
            if label == "bundled":
                first = answers
            else:
                same = sum(
                    {(m.kind, m.power, m.status) for m in a}
                    == {(m.kind, m.power, m.status) for m in b}
                    for a, b in zip(first, answers, strict=True)
                )
                print(f"  same answers (kind, power, status) at {same / points:.1%} of points")
    factor_real = sizes[1] / sizes[0]
    print(growth(loads[0], loads[1], factor_real) + " for Atlas.load")
    slow = statistics.median(rates[0]) / statistics.median(rates[1])
    print(f"  where_many time grows {slow:.2f}x for {factor_real:.1f}x pieces")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1/10/30 documents, 50k points")
    args = ap.parse_args(argv)
    atlas = Atlas.load()
    if args.quick:
        bench_documents(atlas, [1, 10, 30], 1)
        bench_features(10, 50_000, 1)
    else:
        bench_documents(atlas, [1, 10, 100], 3)
        bench_features(10, 200_000, 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
