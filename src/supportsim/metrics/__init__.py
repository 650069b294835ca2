"""The metric catalogue: one record per reported figure, and everything derived from it.

Each :class:`Metric` says what a figure is (a one-sentence definition), how it is named
(a short label, an axis label with its unit), what it can be (its range), which way is
better, how it prints, and why a manager should care. Every other table in the package -
the summary's definitions, confidence-interval ranges, text and axis labels, the manager's
report's wording - is derived from :data:`CATALOGUE`, so adding a figure touches only the
code that computes it, this catalogue and the docs.

>>> from supportsim.metrics import BY_KEY, fmt
>>> BY_KEY["callback_rate"].label
'callback rate'
>>> fmt("callback_rate", 0.2345)
'23.4%'
"""

from supportsim.metrics.catalogue import (
    BY_KEY,
    CATALOGUE,
    METRICS,
    axis_label,
    clip_ci,
    definition,
    label,
)
from supportsim.metrics.format import fmt, fmt_ci
from supportsim.metrics.record import Better, Group, Kind, Metric, Unit

__all__ = [
    "BY_KEY",
    "CATALOGUE",
    "METRICS",
    "Better",
    "Group",
    "Kind",
    "Metric",
    "Unit",
    "axis_label",
    "clip_ci",
    "definition",
    "fmt",
    "fmt_ci",
    "label",
]
