"""What the package knows about one reported figure: the :class:`Metric` record."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

#: How a figure's numbers are printed (see :func:`supportsim.metrics.fmt`).
Kind = Literal["share", "score", "corr", "money", "minutes", "count", "number"]
#: The unit a figure is measured in (axis labels and ``supportsim list metrics`` show it).
Unit = Literal[
    "share",
    "0-1 score",
    "correlation",
    "min",
    "currency",
    "per year",
    "count",
    "per issue",
    "per agent-period",
    "hours/week",
    "sat units",
]
#: Which way a figure is better, if either.
Better = Literal["higher", "lower"]
#: The part of the report a figure belongs to.
Group = Literal["rating", "notes", "callbacks", "queue", "cost", "workforce", "fairness"]

INF = math.inf
#: A share: 0 to 1.
SHARE = (0.0, 1.0)
#: Zero or more.
NON_NEGATIVE = (0.0, INF)


@dataclass(frozen=True)
class Metric:
    """One reported figure, and everything the package says about it.

    Attributes
    ----------
    key
        Name in a run's summary, a sweep's table and JSON output (``callback_rate``).
    group
        Part of the report it belongs to (rating, notes, callbacks, queue, cost, workforce,
        fairness).
    label
        Short name for text tables, reports and sentences (``callback rate``), no unit.
    axis
        Axis label with its unit, for plots (``callback rate (share of answered contacts)``).
    unit
        Unit of the number (``share``, ``min``, ``currency``, ...).
    range
        ``(lowest, highest)`` value the figure can take (``±inf`` when unbounded);
        confidence intervals are cut to it.
    better
        ``"higher"`` or ``"lower"`` if one direction is better, else ``None``.
    kind
        Number format (share, score, corr, money, minutes, count, number).
    definition
        One sentence saying exactly what is computed.
    why
        A plain sentence for a manager's report: why the figure matters (optional).
    summary
        True for figures in every run's summary (:data:`supportsim.METRICS`), False for
        those a sweep adds (:data:`supportsim.experiments.DERIVED`).
    material
        The smallest change a manager would act on, in the figure's unit: a policy
        verdict weighs a change only if its interval excludes zero *and* it is at least
        this large (0: any change the replications resolve).
    """

    key: str
    group: Group
    label: str
    axis: str
    unit: Unit
    range: tuple[float, float]
    better: Better | None
    kind: Kind
    definition: str
    why: str | None = None
    summary: bool = True
    material: float = 0.0

    def __post_init__(self) -> None:
        lo, hi = self.range
        problems = [
            ("label", bool(self.label.strip())),
            ("axis", bool(self.axis.strip())),
            ("definition", self.definition.rstrip().endswith(".")),
            ("range", lo < hi and not (math.isnan(lo) or math.isnan(hi))),
            ("unit", self.unit in get_args(Unit)),
            ("kind", self.kind in get_args(Kind)),
            ("group", self.group in get_args(Group)),
            ("better", self.better is None or self.better in get_args(Better)),
        ]
        bad = [name for name, ok in problems if not ok]
        if bad:
            raise ValueError(f"metric {self.key!r}: invalid {', '.join(bad)}")

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready record: infinite range bounds become ``None``."""
        lo, hi = self.range
        return {
            "key": self.key,
            "label": self.label,
            "axis": self.axis,
            "definition": self.definition,
            "unit": self.unit,
            "range": [None if math.isinf(lo) else lo, None if math.isinf(hi) else hi],
            "better": self.better,
            "kind": self.kind,
            "group": self.group,
            "why": self.why,
            "summary": self.summary,
        }
