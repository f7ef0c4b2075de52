"""Benchmark: answering "which feature held each of N towns on its date".

Compares, in the same run on the same machine:
- baseline: a naive loop (for each point, test every valid feature with shapely ``contains``);
- ``Atlas.where`` called once per point;
- ``Atlas.where_many`` (one STRtree query for all points).

Prints medians over repeats and the ratios against the baseline. Not a test: these machines
are shared and noisy, so read the ratios, not the absolute times.

    python benchmarks/bench_where.py [--points 500] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta

import numpy as np
import shapely

from spheremap.atlas import Atlas
from spheremap.time import RANGE_END, RANGE_START


def sample(atlas: Atlas, n: int, seed: int = 1939):
    rng = np.random.default_rng(seed)
    land = shapely.union_all(
        atlas.features[atlas.features["kind"] == "control"].geometry.to_numpy()
    )
    minx, miny, maxx, maxy = land.bounds
    lons, lats = [], []
    while len(lons) < n:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if land.contains(shapely.Point(x, y)):
            lons.append(round(x, 4))
            lats.append(round(y, 4))
    span = (RANGE_END - RANGE_START).days
    days = [RANGE_START + timedelta(days=int(d)) for d in rng.integers(0, span, n)]
    return lons, lats, days


def naive(atlas: Atlas, lons, lats, days):
    frame = atlas.features
    out = []
    for lon, lat, day in zip(lons, lats, days, strict=True):
        point = shapely.Point(lon, lat)
        valid = frame[
            (frame["start_date"] <= day)
            & frame["end_date"].map(lambda e, d=day: e is None or d < e)
        ]
        out.append(sorted(valid.loc[valid.geometry.contains(point), "id"]))
    return out


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    atlas = Atlas.load()
    load_s = time.perf_counter() - t0
    lons, lats, days = sample(atlas, args.points)
    print(
        f"atlas: {len(atlas.features)} rows; load {load_s:.2f} s; {args.points} points; median of {args.repeats}"
    )

    base_s, base = timed(lambda: naive(atlas, lons, lats, days), max(1, args.repeats // 2))
    one_s, one = timed(
        lambda: [atlas.where(x, y, d) for x, y, d in zip(lons, lats, days, strict=True)],
        args.repeats,
    )
    many_s, many = timed(lambda: atlas.where_many(lons, lats, days), args.repeats)
    assert [sorted(m.id for m in ms) for ms in many] == [sorted(m.id for m in ms) for ms in one]
    assert [sorted(m.id for m in ms) for ms in many] == base, (
        "where_many disagrees with the naive baseline"
    )
    print(f"{'method':28} {'median s':>10} {'per point ms':>13} {'vs baseline':>12}")
    for name, secs in (
        ("naive loop (baseline)", base_s),
        ("Atlas.where per point", one_s),
        ("Atlas.where_many", many_s),
    ):
        print(f"{name:28} {secs:10.4f} {1000 * secs / args.points:13.3f} {base_s / secs:11.1f}x")


if __name__ == "__main__":
    main()
