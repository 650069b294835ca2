"""What management can see of a review period's contacts, per agent (never the truth).

Pure functions of the contact log's rows: the review cycle
(:mod:`supportsim.world.review`) puts their results into an
:class:`~supportsim.schemes.base.Observation`, the only thing a scheme is shown.
"""

from __future__ import annotations

import numpy as np

from supportsim.scenario import DemandParams
from supportsim.schemes.surveys import Scale


class Served:
    """The answered contacts among a period's log rows, column by column.

    ``rows`` keeps every row of the period (answered or not) as numpy columns (see
    :meth:`~supportsim.world.records.ContactLog.columns`)."""

    def __init__(self, rows: dict[str, np.ndarray], agents: int) -> None:
        self.rows = rows
        self.agents = agents
        agent = self.rows["agent"]
        self.mask = agent >= 0
        self.agent = agent[self.mask]

    def col(self, name: str) -> np.ndarray:
        """Column ``name`` of the answered contacts."""
        return self.rows[name][self.mask]

    def per_agent(self, weights: np.ndarray | None = None) -> np.ndarray:
        """Sum of ``weights`` (count, by default) per agent slot."""
        return np.bincount(self.agent, weights=weights, minlength=self.agents).astype(float)


def ratings_seen(served: Served, scale: Scale) -> dict[str, np.ndarray]:
    """Per agent: answers that came back, their mean and variance, and the negative and
    top-box answers."""
    rating = served.col("rating")
    responded = ~np.isnan(rating)
    n = served.per_agent(responded.astype(float))
    r = np.where(responded, rating, 0.0)
    total, squares = served.per_agent(r), served.per_agent(r * r)
    negative = responded & (rating <= scale.negative_max)
    top_box = responded & (rating >= scale.top_box_min)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
        var = (squares - n * mean**2) / (n - 1)
        var[n < 2] = np.nan
    return {
        "ratings_n": n,
        "rating_mean": mean,
        "rating_var": var,
        "negative_n": served.per_agent(negative.astype(float)),
        "top_box_n": served.per_agent(top_box.astype(float)),
    }


def expected_handle(served: Served, kind: np.ndarray) -> np.ndarray:
    """Per agent: mean handle time its kinds of issue take across the team this period
    (``kind``: the kind code of each answered contact's issue)."""
    agent, a = served.agent, served.agents
    if agent.size == 0:
        return np.full(a, np.nan)
    handle = served.col("talk_min") + served.col("acw_min")
    per_kind = np.bincount(kind, weights=handle) / np.maximum(np.bincount(kind), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(agent, weights=per_kind[kind], minlength=a) / np.bincount(
            agent, minlength=a
        )


def defect_exposure(served: Served) -> np.ndarray:
    """Per agent: share of its answered contacts about an unfixed defect (truth, for reports)."""
    n = served.per_agent()
    hits = served.per_agent(served.col("defect").astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, hits / np.maximum(n, 1), np.nan)


def short_contacts(served: Served, cut_sec: float) -> np.ndarray:
    """Per agent: share of its answered contacts with talk shorter than ``cut_sec`` seconds
    (very short contacts: how dumped contacts show in a contact log)."""
    n = served.per_agent()
    short = served.per_agent((served.col("talk_min") < cut_sec / 60.0).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, short / np.maximum(n, 1), np.nan)


def staffed_hours(demand: DemandParams, period_days: int) -> float:
    """Open hours in a review period (what "contacts per hour" divides by)."""
    open_days = sum(1 for d in range(period_days) if d % 7 < demand.open_weekdays)
    return open_days * demand.open_minutes_per_day / 60.0
