"""Confidence intervals across replications."""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.lazy import stats
from supportsim.metrics import clip_ci


def mean_ci(values: np.ndarray | pd.Series, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval of independent replications (NaNs dropped).

    With fewer than two finite values the bounds are NaN.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (np.nan, np.nan, np.nan)
    m = float(x.mean())
    if x.size < 2:
        return (m, np.nan, np.nan)
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return (m, m - half, m + half)


def ci_table(runs: pd.DataFrame, by: str, metrics: list[str], level: float = 0.95) -> pd.DataFrame:
    """Long table ``[by, metric, mean, lo, hi, n]`` of per-group means with CIs.

    Intervals are cut to each figure's range in the catalogue
    (:func:`supportsim.metrics.clip_ci`): an attrition rate's interval never reaches below zero.
    """
    rows = []
    for group, sub in runs.groupby(by, sort=False, observed=True):
        for metric in metrics:
            m, lo, hi = mean_ci(sub[metric], level)
            lo, hi = clip_ci(metric, lo, hi)
            rows.append(
                {
                    by: group,
                    "metric": metric,
                    "mean": m,
                    "lo": lo,
                    "hi": hi,
                    "n": int(sub[metric].notna().sum()),
                }
            )
    return pd.DataFrame(rows)
