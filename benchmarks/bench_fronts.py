"""Benchmark: the front line derived from control for a day, cold and cached.

Compares, in the same run on the same machine, over the same sample of war days:
- baseline: dissolve the Axis-held and the Allied-held pieces of the day and intersect their
  boundaries (the straightforward way to get the shared boundary);
- ``Atlas.fronts_at`` cold: the day's snapshot not yet cached (pairs of the shared-edge table
  chosen by the pieces' sides, then merged into lines);
- ``Atlas.fronts_at`` cached: the same days again (the snapshot is cached per change date).

Also prints the one-time cost of the shared-edge table. Prints medians per day and the ratios
against the baseline. Not a test: these machines are shared and noisy, so read the ratios.

    python benchmarks/bench_fronts.py [--days 40] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta

import numpy as np
import shapely

from spheremap import fronts
from spheremap.atlas import Atlas
from spheremap.layers import union_pieces


def sample_days(n: int, seed: int = 1941):
    rng = np.random.default_rng(seed)
    span = (fronts.WAR_END - fronts.EAST_START).days
    return [fronts.EAST_START + timedelta(days=int(d)) for d in rng.integers(0, span, n)]


def dissolve_and_intersect(atlas: Atlas, day):
    """The baseline: union each side's pieces, intersect the two boundaries."""
    pieces = atlas.features_at(day, ["control"])
    sides = np.array(
        [fronts.side_of(p, day, c) for p, c in zip(pieces["power"], pieces["id"], strict=True)],
        dtype=object,
    )
    europe = shapely.bounds(pieces.geometry.to_numpy())[:, 0] < fronts.EUROPE_MAX_LON
    geoms = pieces.geometry.to_numpy()
    axis = geoms[europe & (sides == fronts.AXIS)]
    allied = geoms[europe & ((sides == fronts.EAST) | (sides == fronts.WEST))]
    if len(axis) == 0 or len(allied) == 0:
        return shapely.MultiLineString()
    return shapely.intersection(union_pieces(axis).boundary, union_pieces(allied).boundary)


def per_day(fn, days, repeats):
    """Median over ``repeats`` of the mean time per day of ``fn(day)`` over ``days``."""
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for d in days:
            fn(d)
        runs.append((time.perf_counter() - t0) / len(days))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    atlas = Atlas.load()
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    _ = atlas.piece_edges, atlas._western, atlas._control_claims, atlas.front_change_dates()
    table_s = time.perf_counter() - t0
    days = sample_days(args.days)
    print(
        f"atlas: load {load_s:.2f} s; shared-edge table and claim codes (once) {table_s:.2f} s; "
        f"{len(atlas.piece_edges.a)} piece pairs; {args.days} war days; median of {args.repeats}"
    )

    base_s = per_day(lambda d: dissolve_and_intersect(atlas, d), days, args.repeats)

    def cold(d):
        atlas._fronts_snapshot.cache_clear()
        return atlas.fronts_at(d)

    cold_s = per_day(cold, days, args.repeats)
    for d in days:
        atlas.fronts_at(d)
    cached_s = per_day(atlas.fronts_at, days, args.repeats)
    # the two ways agree (same shared boundary)
    for d in days[:5]:
        derived = shapely.union_all(atlas.fronts_at(d).geometry.to_numpy())
        assert abs(derived.length - dissolve_and_intersect(atlas, d).length) < 1e-6

    print(f"{'method':40} {'median ms/day':>14} {'vs baseline':>12}")
    for name, secs in (
        ("dissolve + intersect (baseline)", base_s),
        ("Atlas.fronts_at, cold (shared edges)", cold_s),
        ("Atlas.fronts_at, cached snapshot", cached_s),
    ):
        print(f"{name:40} {1000 * secs:14.2f} {base_s / secs:11.1f}x")


if __name__ == "__main__":
    main()
