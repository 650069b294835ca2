"""Ratings: the scale, the distribution of answers, the response rate, and how much of the
variance of single ratings lies between agents (ICC(1), with
:func:`supportsim.analysis.reliability.icc_oneway` and its F-based interval)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.analysis.reliability import icc_oneway
from supportsim.calibrate.values import Est, share


@dataclass(frozen=True)
class Ratings:
    """Survey answers of answered contacts."""

    low: float
    high: float
    counts: dict[float, int]
    mean: float
    response: Est
    icc: Est
    agents: int


def fit_ratings(answered: pd.DataFrame, level: float = 0.95) -> Ratings | None:
    """The ratings of answered contacts (``rating``, ``agent``), or None if there are none."""
    rated = answered[answered["rating"].notna()]
    if rated.empty:
        return None
    values = rated["rating"].to_numpy(dtype=float)
    counts = {float(k): int(v) for k, v in rated["rating"].value_counts().sort_index().items()}
    by_agent = rated[rated["agent"].notna()]
    icc = Est(math.nan)
    if by_agent["agent"].nunique() >= 2:
        fit = icc_oneway(
            by_agent["rating"].to_numpy(dtype=float), by_agent["agent"].to_numpy(), level
        )
        icc = Est(fit.icc, fit.lo, fit.hi)
    return Ratings(
        low=float(np.min(values)),
        high=float(np.max(values)),
        counts=counts,
        mean=float(np.mean(values)),
        response=share(len(rated), len(answered), level),
        icc=icc,
        agents=int(by_agent["agent"].nunique()),
    )
