"""What every benchmark needs: one pinned core and a best-of-N rate."""

from __future__ import annotations

import gc
import os
import time


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def best_rate(fn, items, repeat: int) -> float:
    """Items per second, best of `repeat` passes (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - t)
    return len(items) / best
