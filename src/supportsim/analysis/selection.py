"""Selection on a noisy score, and regression to the mean.

Rank agents by a score in period ``t`` and pick the top (bonus) or bottom (warning) share.
If the standardised scores of consecutive periods have correlation ``r`` (test-retest
reliability) and a linear regression of one on the other, the group's expected score next
period is ``r`` times its score now: E[z_{t+1} | selected] = r E[z_t | selected]. With
normal scores, E[z_t | top share q] = pdf(c) / q with c = ppf(1 - q). Under Deming's red
beads (r = 0) the warned agents "improve" all the way back to the mean without any help.
"""

from __future__ import annotations

import itertools
from typing import Literal

import numpy as np
import pandas as pd

from supportsim.analysis.scores import person, score_values
from supportsim.errors import ConfigError
from supportsim.lazy import stats

TRUTH = "true_quality"


def normal_selection_mean(share: float) -> float:
    """E[Z | Z in the top ``share``] for a standard normal Z: pdf(c) / share, c = ppf(1 - share)."""
    if not 0.0 < share < 1.0:
        raise ConfigError(f"share = {share!r}: must be strictly between 0 and 1")
    return float(stats.norm.pdf(stats.norm.ppf(1 - share)) / share)


def _standardise(x: pd.Series) -> pd.Series:
    sd = x.std(ddof=0)
    return (x - x.mean()) / sd if sd > 0 else x * np.nan


def regression_to_mean(
    agent_periods: pd.DataFrame,
    score: str = "rating_score",
    share: float = 0.15,
    side: Literal["top", "bottom"] = "top",
) -> pd.DataFrame:
    """For each pair of consecutive periods: the selected group's score now, next period, and truth.

    Parameters
    ----------
    agent_periods
        Agent-period table (measured periods).
    score
        A built-in score name (higher is better).
    share
        Share selected: in period ``t`` agents are standardised across the team (z-scores
        of the score and of true quality) and the top (or bottom) ``ceil(share * a)`` by
        score are selected.
    side
        ``"top"`` (bonus) or ``"bottom"`` (warning).

    Returns
    -------
    pandas.DataFrame
        One row per pair of consecutive periods:

        * ``period`` (t), ``agents`` (with a score in both periods), ``k`` (selected);
        * ``z_now``: the selected group's mean z-score in ``t``;
        * ``z_next``: their mean z-score in ``t + 1``;
        * ``r``: correlation of z-scores between ``t`` and ``t + 1`` across all agents;
        * ``predicted``: ``r * z_now``, what regression to the mean expects for ``z_next``;
        * ``truth_z``: the group's mean standardised true quality in ``t`` (NaN if
          truth is constant).
    """
    if side not in ("top", "bottom"):
        raise ConfigError(f"side = {side!r}: must be 'top' or 'bottom'")
    if not 0.0 < share < 1.0:
        raise ConfigError(f"share = {share!r}: must be strictly between 0 and 1")
    df = agent_periods.assign(_score=score_values(agent_periods, score))
    df = df[np.isfinite(df["_score"])]
    df = df.assign(
        _z=df.groupby("period")["_score"].transform(_standardise),
        _t=df.groupby("period")[TRUTH].transform(_standardise),
    )
    # One row per person: a re-filled slot is a new person, not the leaver's next period.
    wide = df.assign(_who=person(df)).pivot_table(
        index="_who", columns="period", values=["_z", "_t"], dropna=False
    )
    periods = sorted(df["period"].unique())
    sign = 1.0 if side == "top" else -1.0
    rows = []
    for t, nxt in itertools.pairwise(periods):
        now, then, truth = wide[("_z", t)], wide[("_z", nxt)], wide[("_t", t)]
        ok = now.notna() & then.notna()
        a = int(ok.sum())
        k = int(np.ceil(share * a))
        if a < 3 or k >= a:
            continue
        order = np.argsort(-sign * now[ok].to_numpy(), kind="stable")[:k]
        z_now, z_next = now[ok].to_numpy(), then[ok].to_numpy()
        r = float(np.corrcoef(z_now, z_next)[0, 1])
        rows.append(
            {
                "period": t,
                "agents": a,
                "k": k,
                "z_now": float(z_now[order].mean()),
                "z_next": float(z_next[order].mean()),
                "r": r,
                "predicted": r * float(z_now[order].mean()),
                "truth_z": float(truth[ok].to_numpy()[order].mean()),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "agents", "k", "z_now", "z_next", "r", "predicted", "truth_z"]
    )
