"""Percentiles and summaries (nearest rank: every reported figure is a real sample)."""

from __future__ import annotations

import statistics


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile, ``share`` in 0..100."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, round(share / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50/p99/max/mean in milliseconds of samples given in seconds."""
    return {
        "p50": percentile(samples, 50) * 1000,
        "p99": percentile(samples, 99) * 1000,
        "max": max(samples) * 1000,
        "mean": statistics.fmean(samples) * 1000,
        "n": len(samples),
    }
