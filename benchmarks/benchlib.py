"""Helpers shared by the benchmark scripts (run as scripts: ``benchmarks/`` is on the path)."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], object]:
    """Wall times of ``repeats`` calls of ``fn`` and its last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result
