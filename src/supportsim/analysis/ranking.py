"""Ranking accuracy: does the measured score put the right agents at the bottom and the top?

Everything is computed within a review period (management ranks agents against their
peers of the same period) and compared with the ranking by true quality. "Chance" is what
a score unrelated to the truth would get on average: flagging ``k`` of ``a`` agents at
random, a share ``1 - k / a`` of them is wrongly flagged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from supportsim.analysis.scores import available_scores, rank_correlation, score_values
from supportsim.analysis.stats import mean_ci
from supportsim.errors import ConfigError

TRUTH = "true_quality"


def _bottom_k(values: np.ndarray, k: int) -> np.ndarray:
    """Boolean mask of the ``k`` smallest values (ties broken by position)."""
    mask = np.zeros(values.size, dtype=bool)
    mask[np.argsort(values, kind="stable")[:k]] = True
    return mask


def bottom_misclassification(
    agent_periods: pd.DataFrame, score: str = "rating_score", share: float = 0.15
) -> pd.DataFrame:
    """Per period: of the agents in the measured bottom ``share``, how many are not truly there.

    Parameters
    ----------
    agent_periods
        Agent-period table (measured periods).
    score
        A built-in score name (see :data:`~supportsim.analysis.scores.SCORES`).
    share
        Share flagged: the bottom group has ``k = ceil(share * a)`` of the ``a`` agents
        with a finite score (the size of a forced-ranking warning list).

    Returns
    -------
    pandas.DataFrame
        ``period, agents, k, misclassified`` (share of the measured bottom ``k`` outside
        the true bottom ``k``) and ``chance`` (``1 - k / a``).
    """
    if not 0.0 < share < 1.0:
        raise ConfigError(f"share = {share!r}: must be strictly between 0 and 1")
    df = agent_periods.assign(_score=score_values(agent_periods, score))
    rows = []
    for period, g in df.groupby("period", sort=True):
        g = g[np.isfinite(g["_score"]) & np.isfinite(g[TRUTH])]
        a = len(g)
        k = int(np.ceil(share * a))
        if a < 2 or k >= a:
            continue
        measured = _bottom_k(g["_score"].to_numpy(), k)
        truly = _bottom_k(g[TRUTH].to_numpy(), k)
        rows.append(
            {
                "period": period,
                "agents": a,
                "k": k,
                "misclassified": float(np.mean(~truly[measured])),
                "chance": 1 - k / a,
            }
        )
    return pd.DataFrame(rows, columns=["period", "agents", "k", "misclassified", "chance"])


def bonus_misclassification(agent_periods: pd.DataFrame, tol: float = 1e-9) -> pd.DataFrame:
    """Per period: are the bonus recipients (pay above the period's minimum) the truly best?

    Parameters
    ----------
    agent_periods
        Agent-period table with ``pay`` and ``true_quality``.
    tol
        Pay above the minimum by more than this counts as a bonus.

    Returns
    -------
    pandas.DataFrame
        Per period with ``k`` recipients among ``a`` agents: ``period, agents, k``,
        ``misclassified`` (share of recipients outside the true top ``k``), ``chance``
        (``1 - k / a``) and ``money_below_median`` (share of the pay above the minimum
        that went to agents below the period's median true quality). Periods where
        nobody or everybody got a bonus are dropped.
    """
    rows = []
    for period, g in agent_periods.groupby("period", sort=True):
        g = g[np.isfinite(g["pay"]) & np.isfinite(g[TRUTH])]  # vacant slots have neither
        pay, truth = g["pay"].to_numpy(dtype=float), g[TRUTH].to_numpy(dtype=float)
        if pay.size < 2:
            continue
        extra = pay - pay.min()
        bonus = extra > tol
        a, k = pay.size, int(bonus.sum())
        if k == 0 or k == a:
            continue
        top = _bottom_k(-truth, k)
        below = truth < np.median(truth)
        rows.append(
            {
                "period": period,
                "agents": a,
                "k": k,
                "misclassified": float(np.mean(~top[bonus])),
                "chance": 1 - k / a,
                "money_below_median": float(extra[below].sum() / extra.sum()),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "agents", "k", "misclassified", "chance", "money_below_median"]
    )


def score_validity(
    agent_periods: pd.DataFrame, scores: Sequence[str] | None = None, level: float = 0.95
) -> pd.DataFrame:
    """Spearman rank correlation of each measured score with true quality, within periods.

    Parameters
    ----------
    agent_periods
        Agent-period table (measured periods).
    scores
        Built-in score names; default every score present and varying (see
        :data:`~supportsim.analysis.scores.SCORES`; all oriented so higher is better).
    level
        Confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        ``score, rho`` (mean of the per-period correlations), ``lo, hi`` (t interval over
        periods; periods share agents, so this is optimistic - compare replications for
        inference), ``periods`` and ``n`` (agent-periods used).
    """
    names = list(scores) if scores is not None else available_scores(agent_periods)
    rows = []
    for name in names:
        vals = score_values(agent_periods, name)
        rhos, used = [], 0
        for _, idx in agent_periods.groupby("period").groups.items():
            x, y = vals.loc[idx].to_numpy(), agent_periods.loc[idx, TRUTH].to_numpy(dtype=float)
            rho = rank_correlation(x, y)
            if np.isfinite(rho):
                rhos.append(rho)
                used += int((np.isfinite(x) & np.isfinite(y)).sum())
        m, lo, hi = mean_ci(np.array(rhos), level)
        rows.append({"score": name, "rho": m, "lo": lo, "hi": hi, "periods": len(rhos), "n": used})
    return pd.DataFrame(rows, columns=["score", "rho", "lo", "hi", "periods", "n"])
