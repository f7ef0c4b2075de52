"""Helpers shared by the benchmark scripts (run as scripts: ``benchmarks/`` is on the path)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    """Wall times of ``repeats`` calls of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def row(name: str, values: Sequence[float], unit: str, base: float | None = None) -> str:
    """One line of a table: median, min and max of ``values`` and the ratio of the median to
    ``base`` (the baseline's median, measured in the same run; ``None`` marks the baseline)."""
    med = statistics.median(values)
    ratio = f"{med / base:9.2f}x" if base else f"{'(base)':>10}"
    return f"{name:46} {med:12,.2f} {min(values):12,.2f} {max(values):12,.2f} {unit:8} {ratio}"


def header(title: str) -> None:
    """A table's title and its column heads (for :func:`row`)."""
    print(f"\n{title}")
    print(f"{'':46} {'median':>12} {'min':>12} {'max':>12} {'unit':8} {'ratio':>10}")
