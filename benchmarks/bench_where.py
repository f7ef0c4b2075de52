"""Benchmark: ``where`` in batch, against a plain spatial join, and the CLI streaming a big CSV.

Measured in the same run, on the same features:

- ``Atlas.where_many`` on N random land points and days of the modelled range, against the
  honest baseline ``geopandas.sjoin(points, features, predicate="within")`` plus a date filter
  (the features' days as ordinals, prepared outside the timing as the atlas does at load);
  medians with min/max over repeated runs, points per second and the ratio;
- ``spheremap where --input FILE.csv`` over a generated CSV of ``--rows`` rows, in a child
  process: time to the first output line, total time, rows per second and peak memory (the
  child's ``ru_maxrss``), for the CSV and the ``--json`` output; and the same job done the
  naive way (pandas ``read_csv`` of the whole file, ``sjoin``, date filter, ``to_csv``) as
  its baseline, when the file is small enough to hold.

Budgets (issues #16 and #17): ``where`` at >= 50,000 points/s in batch; a 5M-row
``where --input`` under 500 MB peak memory with its first line within seconds.

    python benchmarks/bench_where.py [--quick] [--points N] [--repeats N] [--rows N]
    python benchmarks/bench_where.py --rows 5000000   # the issue's 5M-row case
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from benchlib import timed  # noqa: E402

from spheremap.atlas import Atlas
from spheremap.time import RANGE_END, RANGE_START

#: Above this many rows the naive CLI baseline (which holds the whole file) is skipped.
NAIVE_MAX_ROWS = 2_000_000

NAIVE_SCRIPT = """
import sys
import geopandas as gpd, pandas as pd
from spheremap.atlas import Atlas
atlas = Atlas.load(sys.argv[2] if len(sys.argv) > 2 else None)
frame = pd.read_csv(sys.argv[1], dtype={"date": str})
days = (pd.to_datetime(frame["date"]) - pd.Timestamp("0001-01-01")).dt.days + 1
points = gpd.GeoDataFrame(frame.assign(_o=days), geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=4326)
features = atlas.features[["id", "power", "kind", "_start", "_end", "geometry"]]
joined = gpd.sjoin(points, features, predicate="within")
joined = joined[(joined["_start"] <= joined["_o"]) & (joined["_o"] < joined["_end"])]
joined.drop(columns=["geometry", "_o", "_start", "_end", "index_right"]).to_csv(sys.stdout, index=False)
"""


def sample(atlas: Atlas, n: int, seed: int = 1939) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` random points on the atlas's land and random days in the modelled range."""
    rng = np.random.default_rng(seed)
    land = atlas._mapped_land  # noqa: SLF001 - the prepared basemap land
    if land is None:
        pieces = atlas.features[atlas.features["kind"] == "control"].geometry.to_numpy()
        land = shapely.union_all(pieces)
        shapely.prepare(land)
    x0, y0, x1, y1 = land.bounds
    xs, ys, have = [], [], 0
    while have < n:
        x, y = rng.uniform(x0, x1, 4 * n), rng.uniform(y0, y1, 4 * n)
        keep = shapely.contains_xy(land, x, y)
        xs.append(x[keep])
        ys.append(y[keep])
        have += int(keep.sum())
    days = rng.integers(RANGE_START.toordinal(), RANGE_END.toordinal(), n)
    return np.concatenate(xs)[:n].round(5), np.concatenate(ys)[:n].round(5), days


def baseline_join(features: gpd.GeoDataFrame, x, y, ordinals) -> gpd.GeoDataFrame:
    """The naive way: one spatial join of all points, then the date filter."""
    points = gpd.GeoDataFrame({"_o": ordinals}, geometry=gpd.points_from_xy(x, y), crs=4326)
    joined = gpd.sjoin(points, features, predicate="within")
    return joined[(joined["_start"] <= joined["_o"]) & (joined["_o"] < joined["_end"])]


def write_csv(path: Path, x, y, ordinals) -> None:
    """A CSV of places (id, lon, lat, date), written in slices."""
    iso = {o: date.fromordinal(int(o)).isoformat() for o in np.unique(ordinals)}
    with path.open("w", encoding="utf-8") as f:
        f.write("id,lon,lat,date\n")
        for s in range(0, len(x), 100_000):
            f.writelines(
                f"{i},{a},{b},{iso[o]}\n"
                for i, a, b, o in zip(
                    range(s, s + 100_000),
                    x[s : s + 100_000].tolist(),
                    y[s : s + 100_000].tolist(),
                    ordinals[s : s + 100_000].tolist(),
                    strict=False,
                )
            )


#: Runs a command and writes its peak RSS (KiB) to a file. Linux keeps a process's peak
#: RSS across exec, so a child started straight from this (big) process would report this
#: process's size; a small go-between gives the command a small start.
PEAK_RSS = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_child(argv: Sequence[str]) -> dict:
    """Run ``argv``, reading its stdout: first-line and total time, lines, peak RSS (MB)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as peak:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", PEAK_RSS, peak.name, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        first = None
        lines = 0
        for block in iter(lambda: proc.stdout.read(1 << 16), b""):
            if first is None:
                first = time.perf_counter() - t0
            lines += block.count(b"\n")
        err = proc.stderr.read().decode(errors="replace")
        code = proc.wait()
        total = time.perf_counter() - t0
        rss_kib = int(peak.read() or 0)
    if code != 0:
        raise SystemExit(f"{argv[2:]} failed ({code}): {err[-500:]}")
    return {"first": first or total, "total": total, "lines": lines, "rss": rss_kib / 1024}


def fmt_row(name: str, values: Sequence[float], unit: str, base: float | None) -> str:
    med = statistics.median(values)
    ratio = f"{med / base:9.2f}x" if base else f"{'':>10}"
    return f"{name:44} {med:12,.1f} {min(values):12,.1f} {max(values):12,.1f} {unit:10} {ratio}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for make bench")
    parser.add_argument("--points", type=int, help="points for where_many (default 200,000)")
    parser.add_argument("--repeats", type=int, help="runs of each (default 5)")
    parser.add_argument("--rows", type=int, help="rows of the CLI's CSV (default 1,000,000)")
    parser.add_argument("--data", help="geodata folder (default: the bundled data)")
    parser.add_argument(
        "--part", choices=("all", "batch", "cli"), default="all", help="run only one part"
    )
    args = parser.parse_args(argv)
    points = args.points or (50_000 if args.quick else 200_000)
    repeats = args.repeats or (3 if args.quick else 5)
    rows = args.rows or (200_000 if args.quick else 1_000_000)

    t0 = time.perf_counter()
    atlas = Atlas.load(args.data)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    atlas.where_many([0.0], [0.0], [RANGE_START])  # builds the index once per atlas
    index_s = time.perf_counter() - t0
    print(
        f"where: {len(atlas.features):,} feature rows; load {load_s:.2f} s, index {index_s:.2f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    if args.part in ("all", "batch"):
        bench_batch(atlas, points, repeats)
    if args.part in ("all", "cli"):
        bench_cli(atlas, rows, args.data)
    return 0


def bench_batch(atlas: Atlas, points: int, repeats: int) -> None:
    """where_many against sjoin + date filter, interleaved runs; prints two rows."""
    x, y, ordinals = sample(atlas, max(points, 1))
    days = [date.fromordinal(int(o)) for o in ordinals]
    features = atlas.features[["id", "_start", "_end", "geometry"]]
    print(f"\n{points:,} random land points and days; {repeats} runs each, interleaved")
    ours, base = [], []
    for _ in range(repeats):
        t, many = timed(lambda: atlas.where_many(x, y, days), 1)
        ours += t
        t, joined = timed(
            lambda: baseline_join(
                features, x, y, np.fromiter((d.toordinal() for d in days), np.int64, len(days))
            ),
            1,
        )
        base += t
    pairs = {(p, m.id) for p, ms in enumerate(many) for m in ms}
    expect = set(zip(joined.index.tolist(), joined["id"].tolist(), strict=True))
    base_rate = [points / t for t in base]
    print(f"{'figure':44} {'median':>12} {'min':>12} {'max':>12} {'unit':10} {'vs base':>10}")
    print(fmt_row("sjoin within + date filter (baseline)", base_rate, "points/s", None))
    rate = [points / t for t in ours]
    print(fmt_row("Atlas.where_many", rate, "points/s", statistics.median(base_rate)))
    print(
        f"  answers differing from the baseline: {len(pairs ^ expect)} of {len(expect):,} "
        "(points on a border: 'within' leaves them out, where answers both sides)"
    )


def bench_cli(atlas: Atlas, rows: int, data: str | None) -> None:
    """``spheremap where --input`` (CSV and JSON out) and the naive script, in children."""
    with tempfile.TemporaryDirectory(prefix="bench_where_") as tmp:
        path = Path(tmp) / "places.csv"
        cx, cy, co = sample(atlas, rows, seed=1945)
        t0 = time.perf_counter()
        write_csv(path, cx, cy, co)
        del cx, cy, co
        size = path.stat().st_size / 2**20
        print(
            f"\nwhere --input: {rows:,} rows ({size:,.0f} MB) written in "
            f"{time.perf_counter() - t0:.1f} s; one run each, in a child process"
        )
        opt = ["--data", data] if data else []
        cli = [sys.executable, "-m", "spheremap.cli", *opt, "where", "--input", str(path)]
        runs = {"csv": run_child(cli), "json": run_child([*cli, "--json"])}
        naive = None
        if rows <= NAIVE_MAX_ROWS:
            naive = run_child(
                [sys.executable, "-c", NAIVE_SCRIPT, str(path), *([data] if data else [])]
            )
    print(
        f"{'run':44} {'first line s':>12} {'total s':>12} {'rows/s':>12} {'peak MB':>10} "
        f"{'rows/s vs naive':>16}"
    )
    for name, r in [
        ("naive: read_csv + sjoin + to_csv (baseline)", naive),
        ("spheremap where --input (CSV out)", runs["csv"]),
        ("spheremap where --input --json", runs["json"]),
    ]:
        if r is None:
            print(f"{name:44} skipped: over {NAIVE_MAX_ROWS:,} rows it holds the whole file")
            continue
        ratio = f"{naive['total'] / r['total']:15.2f}x" if naive else ""
        print(
            f"{name:44} {r['first']:12.2f} {r['total']:12.1f} {rows / r['total']:12,.0f} "
            f"{r['rss']:10,.0f} {ratio}"
        )


if __name__ == "__main__":
    sys.exit(main())
