"""The catalogue of reported figures, and the lookups every table of the package is derived from."""

from __future__ import annotations

from supportsim.metrics.core import CORE
from supportsim.metrics.people import SWEEP_ONLY, WORKFORCE
from supportsim.metrics.record import INF, Metric

#: Every reported figure, in report order: a run's summary figures, then a sweep's.
CATALOGUE: tuple[Metric, ...] = (*CORE, *WORKFORCE, *SWEEP_ONLY)
#: ``key -> Metric``.
BY_KEY: dict[str, Metric] = {m.key: m for m in CATALOGUE}
#: Every key of a run's summary, with its one-sentence definition, in report order.
METRICS: dict[str, str] = {m.key: m.definition for m in CATALOGUE if m.summary}


def _check_unique() -> None:
    for field in ("key", "label", "axis"):
        values = [getattr(m, field) for m in CATALOGUE]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"catalogue: {field} used by more than one metric: {twice}")


_check_unique()


def label(key: str) -> str:
    """The short label of a figure (``callback rate``); an unknown key reads as itself."""
    m = BY_KEY.get(key)
    return m.label if m is not None else key.replace("_", " ")


def axis_label(key: str) -> str:
    """The axis label (with unit) of a figure; an unknown key reads as itself."""
    m = BY_KEY.get(key)
    if m is not None:
        return m.axis
    return key.replace("_min", " (min)").replace("_", " ")


def definition(key: str) -> str:
    """The one-sentence definition of a figure (``""`` for an unknown key)."""
    m = BY_KEY.get(key)
    return m.definition if m is not None else ""


def clip_ci(key: str, lo: float, hi: float) -> tuple[float, float]:
    """``(lo, hi)`` cut to the figure's range (unchanged for a figure not in the catalogue).

    A Student-t interval over a handful of replications can reach past a figure's natural
    bounds (an attrition rate below zero when few people quit). The true value lies in the
    range, so cutting the interval there loses no coverage.
    """
    m = BY_KEY.get(key)
    low, high = m.range if m is not None else (-INF, INF)
    return max(lo, low), min(hi, high)
