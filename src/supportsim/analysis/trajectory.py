"""How fast a scheme bites: team means period by period (the trajectory of a run).

A run's summary is measured after the warm-up, over the whole run; its trajectory shows
the path there: per review period, the team's mean effort, true quality, ratings, pay and
morale, and its headcount (agents in their slots). Across replications and schemes
(:func:`trajectory_ci`) it gives the effects over time with confidence intervals.
"""

from __future__ import annotations

import pandas as pd

from supportsim.analysis.stats import ci_table

#: Agent-period columns averaged over the active agents of each period (those present).
TEAM_MEANS = (
    "thoroughness",
    "notes_effort",
    "checklist_effort",
    "steering_effort",
    "dumping_effort",
    "true_quality",
    "true_service",
    "note_quality",
    "rating_score",
    "pay",
    "morale",
)


def trajectory(agent_periods: pd.DataFrame, period_days: int) -> pd.DataFrame:
    """One row per review period: ``period``, ``week`` (when it ended), ``headcount`` and the
    mean of each of :data:`TEAM_MEANS` over the period's active agents."""
    ap = agent_periods[agent_periods["active"].astype(bool)]
    cols = [c for c in TEAM_MEANS if c in ap.columns]
    out = ap.groupby("period", sort=True)[cols].mean()
    out.insert(0, "headcount", ap.groupby("period").size())
    out = out.reindex(sorted(agent_periods["period"].unique()))
    out.insert(0, "week", (out.index.to_numpy() + 1) * period_days / 7.0)
    out["headcount"] = out["headcount"].fillna(0).astype(int)
    return out.reset_index()


def trajectory_ci(trajectories: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval over replications, per scheme, period and figure.

    ``trajectories`` has ``scheme, replication, period, week`` and the figures (as
    :attr:`supportsim.Comparison.trajectories`); the result is long: ``scheme, period, week,
    metric, mean, lo, hi, n``.
    """
    figures = [
        c for c in trajectories.columns if c not in ("scheme", "replication", "period", "week")
    ]
    parts = []
    for (period, week), g in trajectories.groupby(["period", "week"], sort=True):
        t = ci_table(g, "scheme", figures, level=level)
        t.insert(1, "period", period)
        t.insert(2, "week", week)
        parts.append(t)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
