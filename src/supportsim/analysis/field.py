"""Figures for checking the model against published field results.

Pure functions of a run's tables, used by ``experiments/field_results.py`` and
``tests/validation/test_field_results.py``:

* :func:`team_rating` and :func:`final_means`: what a scheme moved (mean rated
  satisfaction, contacts per agent-week, effort at the end of the run);
* :func:`yearly_means`: the team's mean skill (workforce potential) year by year;
* :func:`top_group_regression`: how far the top-rated fall back next period, beside what
  their own scores' reliability predicts.

Regression to the mean, from the scores' actual distribution: an agent-period's mean of
``n`` ratings has reliability ``R(n) = n ICC / (1 + (n - 1) ICC)`` (Spearman-Brown, with
the ICC of single ratings within periods), so its expected distance from the team mean
next period, if the agent's true level holds, is ``R(n)`` times its distance now. The
prediction for the selected group is the mean of ``R(n_i) z_i`` over the agents actually
selected, with their actual ``n_i`` and ``z_i``; the normal-theory shortcut
``R · pdf(c) / q`` (1.755 R for the top 10%) assumes normal scores, equal ``n`` and an
infinite team.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from supportsim.analysis.reliability import spearman_brown
from supportsim.analysis.scores import person
from supportsim.analysis.selection import normal_selection_mean
from supportsim.errors import ConfigError

#: Review periods in a simulated year of weekly reviews.
WEEKS_PER_YEAR = 52


def team_rating(agent_periods: pd.DataFrame) -> float:
    """Mean of every rating that came back (the agent-period means weighted by their counts)."""
    n = agent_periods["ratings_n"].to_numpy(dtype=float)
    mean = agent_periods["rating_mean"].to_numpy(dtype=float)
    ok = n > 0
    return float(np.sum(n[ok] * mean[ok]) / np.sum(n[ok])) if ok.any() else float("nan")


def final_means(agent_periods: pd.DataFrame, columns: list[str], periods: int = 4) -> pd.Series:
    """Means of ``columns`` over active agents in the last ``periods`` review periods."""
    if periods < 1:
        raise ConfigError(f"periods = {periods!r}: must be >= 1")
    last = agent_periods["period"].max()
    ap = agent_periods[agent_periods["active"] & (agent_periods["period"] > last - periods)]
    return ap[columns].mean()


def yearly_means(
    agent_periods: pd.DataFrame, columns: list[str], period_days: float = 7.0, last: int = 4
) -> pd.DataFrame:
    """Means of ``columns`` over active agents at the end of each simulated year (from 0):
    over the year's last ``last`` review periods (a year of 364 days).

    The mean skill of the agents on the team is the workforce potential of Scullen, Bergey
    & Aiman-Smith (2005): what selection (and coaching) can change, whatever effort the
    agents choose.
    """
    if period_days <= 0:
        raise ConfigError(f"period_days = {period_days!r}: must be > 0")
    if last < 1:
        raise ConfigError(f"last = {last!r}: must be >= 1")
    ap = agent_periods[agent_periods["active"]]
    end_day = (ap["period"].to_numpy() + 1) * period_days
    year = ((end_day - 1) // 364).astype(int)
    in_year = (year + 1) * 364 - end_day  # days from the period's end to the year's end
    ap = ap.assign(year=year)[in_year < last * period_days]
    return ap.groupby("year")[columns].mean().reset_index()


def top_group_regression(
    agent_periods: pd.DataFrame, icc: float, share: float = 0.10, min_ratings: int = 5
) -> pd.DataFrame:
    """The top-rated group's next-period mean rating, beside what reliability predicts.

    Parameters
    ----------
    agent_periods
        Agent-period table (measured periods).
    icc
        ICC(1) of single ratings within review periods (the agent's share of their
        variance), e.g. :func:`~supportsim.analysis.rating_noise.rating_icc` of the run.
    share
        In each period the top ``ceil(share * a)`` of the ``a`` agents rated in this period
        and the next (with at least ``min_ratings`` ratings in both) are selected by mean
        rating.
    min_ratings
        Fewest ratings an agent-period needs to count.

    Returns
    -------
    pandas.DataFrame
        One row per pair of consecutive periods: ``period``, ``agents``, ``k``, ``z_now``
        (the group's mean z-score of mean rating, standardised across the ``a`` agents),
        ``z_next`` (their mean z-score next period), ``predicted`` (mean of ``R(n_i) z_i``
        over the group) and ``normal_predicted`` (mean ``R(n)`` over the team times the
        normal selection mean for ``share``).
    """
    if not 0.0 < share < 1.0:
        raise ConfigError(f"share = {share!r}: must be strictly between 0 and 1")
    if not 0.0 <= icc < 1.0:
        raise ConfigError(f"icc = {icc!r}: must be in [0, 1)")
    ap = agent_periods[agent_periods["ratings_n"] >= min_ratings]
    ap = ap.assign(_who=person(ap)).set_index(["period", "_who"])
    periods = sorted(ap.index.get_level_values("period").unique())
    norm = normal_selection_mean(share)
    rows = []
    for t, nxt in itertools.pairwise(periods):
        now, then = ap.loc[t], ap.loc[nxt]
        both = now.index.intersection(then.index)
        a, k = len(both), int(np.ceil(share * len(both)))
        if a < 3 or k >= a:
            continue
        x, y = now.loc[both, "rating_mean"].to_numpy(), then.loc[both, "rating_mean"].to_numpy()
        if x.std() == 0 or y.std() == 0:
            continue
        zx, zy = (x - x.mean()) / x.std(), (y - y.mean()) / y.std()
        rel = spearman_brown(icc, now.loc[both, "ratings_n"].to_numpy(dtype=float))
        top = np.argsort(-zx, kind="stable")[:k]
        rows.append(
            {
                "period": t,
                "agents": a,
                "k": k,
                "z_now": float(zx[top].mean()),
                "z_next": float(zy[top].mean()),
                "predicted": float(np.mean(rel[top] * zx[top])),
                "normal_predicted": float(rel.mean() * norm),
            }
        )
    columns = ["period", "agents", "k", "z_now", "z_next", "predicted", "normal_predicted"]
    return pd.DataFrame(rows, columns=columns)
