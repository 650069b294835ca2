"""Patience: the mean of exponential patience (Erlang A) from the waits of a log.

Every arrival waits until it is answered or abandons. Under exponential patience with
mean ``theta`` an abandonment is an event and an answer a right-censored observation of
patience at the wait, so the maximum-likelihood estimate is ``theta = (total wait of all
arrivals) / (abandonments)`` (:func:`scipy.stats.expon.fit` on
:class:`scipy.stats.CensoredData`), with the chi-squared interval ``2 W / chi2(2 d)``.
The Erlang-A identity ``P(abandon) = E[wait] / theta`` gives the second, cruder estimate
``E[wait] / P(abandon)`` reported beside it. The fit statistic checks the constant hazard
that exponential patience implies: abandonments per wait band against exposure / theta
(Pearson chi-squared).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from supportsim.calibrate.values import Est, share

#: Edges of the wait bands of the hazard check (seconds).
BANDS_S = (0.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, math.inf)


@dataclass(frozen=True)
class Patience:
    """Fitted patience (minutes) and the abandonment facts behind it."""

    mean_min: Est
    ratio_min: float
    abandon: Est
    arrivals: int
    abandoned: int
    hazard: pd.DataFrame
    chi2: float
    p_value: float


def fit_patience(wait_s: np.ndarray, abandoned: np.ndarray, level: float = 0.95) -> Patience:
    """Fit exponential patience to waits (seconds) and whether each arrival abandoned."""
    w = np.asarray(wait_s, dtype=float)
    ab = np.asarray(abandoned, dtype=bool)
    d, total = int(ab.sum()), float(w.sum())
    hazard = _bands(w, ab)
    if d == 0 or total <= 0:
        return Patience(
            Est(math.inf), math.inf, share(d, len(w), level), len(w), d, hazard, math.nan, math.nan
        )
    data = stats.CensoredData(uncensored=w[ab], right=w[~ab])
    _, theta = stats.expon.fit(data, floc=0)
    alpha = 1 - level
    lo = 2 * total / stats.chi2.ppf(1 - alpha / 2, 2 * d)
    hi = 2 * total / stats.chi2.ppf(alpha / 2, 2 * d)
    used = hazard[hazard["exposure_min"] > 0]
    expected = used["exposure_min"].to_numpy() * 60.0 / theta
    chi2, p = math.nan, math.nan
    if len(used) > 1:
        res = stats.chisquare(used["abandoned"].to_numpy(), expected * d / expected.sum(), ddof=1)
        chi2, p = float(res.statistic), float(res.pvalue)
    hazard["fitted_per_min"] = 60.0 / theta
    return Patience(
        mean_min=Est(theta / 60, lo / 60, hi / 60),
        ratio_min=float(w.mean() / ab.mean()) / 60,
        abandon=share(d, len(w), level),
        arrivals=len(w),
        abandoned=d,
        hazard=hazard,
        chi2=chi2,
        p_value=p,
    )


def _bands(w: np.ndarray, ab: np.ndarray) -> pd.DataFrame:
    """Abandonments, minutes of exposure and the hazard per minute in each wait band."""
    rows = []
    for lo, hi in itertools.pairwise(BANDS_S):
        exposure = float(np.clip(w - lo, 0.0, hi - lo).sum()) / 60.0
        events = int((ab & (w >= lo) & (w < hi)).sum())
        rows.append(
            {
                "from_s": lo,
                "to_s": hi,
                "abandoned": events,
                "exposure_min": exposure,
                "hazard_per_min": events / exposure if exposure > 0 else math.nan,
            }
        )
    return pd.DataFrame(rows)
