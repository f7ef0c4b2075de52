"""Run every benchmark (``benchmarks/bench_*.py``) and print their tables, then one summary.

Each benchmark runs as its own process (``make bench``), with ``--quick`` when it offers that
flag and with its own defaults otherwise, so the whole set finishes in a few minutes. The
benchmarks print medians and ratios against a baseline measured in the same run; this script
only collects what they print and how long each took. Exits non-zero if any benchmark fails.

    python benchmarks/run_all.py [--only NAME ...] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def discover(only: list[str] | None = None) -> list[Path]:
    """The benchmark scripts, by name (``only``: names with or without ``bench_``/``.py``)."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        wanted = {n.removesuffix(".py").removeprefix("bench_") for n in only}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    return scripts


def quick_args(script: Path) -> list[str]:
    """``["--quick"]`` if the script offers that flag, else ``[]`` (its defaults)."""
    return ["--quick"] if '"--quick"' in script.read_text(encoding="utf-8") else []


def run(script: Path, timeout: float) -> tuple[str, float, str]:
    """Run one benchmark; return (status, seconds, its output)."""
    args = quick_args(script)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(script), *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or ""
        out = out.decode(errors="replace") if isinstance(out, bytes) else out
        return f"timed out after {timeout:.0f} s", time.perf_counter() - start, out
    seconds = time.perf_counter() - start
    output = done.stdout + (done.stderr if done.returncode else "")
    status = "ok" if done.returncode == 0 else f"failed (exit {done.returncode})"
    return status, seconds, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per benchmark")
    args = parser.parse_args(argv)
    scripts = discover(args.only)
    if not scripts:
        print("run_all: no benchmark matches", file=sys.stderr)
        return 2
    rows = []
    for script in scripts:
        label = " ".join([script.name, *quick_args(script)])
        print(f"== {label}", flush=True)
        status, seconds, output = run(script, args.timeout)
        print(output.rstrip() or "(no output)")
        print(flush=True)
        rows.append((label, status, seconds))
    width = max(len(label) for label, _, _ in rows)
    print(f"{'benchmark':{width}s}  {'seconds':>8s}  status")
    for label, status, seconds in rows:
        print(f"{label:{width}s}  {seconds:8.1f}  {status}")
    return 0 if all(status == "ok" for _, status, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
