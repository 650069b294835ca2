"""Rating noise: how much of a rating is the agent, and how many ratings make a reliable score.

The intraclass correlation ICC(1) from a one-way random-effects ANOVA is the share of the
variance of single ratings that lies between agents. A score that averages ``n`` ratings
then has reliability R(n) = n ICC / (1 + (n - 1) ICC) (Spearman-Brown): the correlation
one would expect between two such scores of the same agents. With ICC = 0.05, 30 ratings
give R = 0.61; reliability 0.8 needs 76.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from supportsim.errors import ConfigError

#: Grouping of a rating: the agent within a review period (what a period score averages).
AGENT_PERIOD = ("period", "agent")


@dataclass(frozen=True)
class ICC:
    """ICC(1) of a one-way random-effects ANOVA, with an F-based confidence interval.

    ``n0`` is the effective group size of an unbalanced design,
    ``(N - sum n_i^2 / N) / (k - 1)``; the interval is Searle's (Shrout & Fleiss 1979,
    case 1) with ``n0`` in place of the common group size.
    """

    icc: float
    lo: float
    hi: float
    level: float
    groups: int
    n_obs: int
    n0: float
    ms_between: float
    ms_within: float

    @property
    def mean_n(self) -> float:
        """Mean observations per group."""
        return self.n_obs / self.groups if self.groups else float("nan")


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level = {level!r}: must be strictly between 0 and 1")


def icc_oneway(
    values: np.ndarray | pd.Series, groups: np.ndarray | pd.Series, level: float = 0.95
) -> ICC:
    """ICC(1) of ``values`` grouped by ``groups`` (non-finite values are dropped).

    Returns NaNs when fewer than two groups or no within-group replication remain.

    >>> icc_oneway([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1]).icc > 0
    True
    """
    _check_level(level)
    x = np.asarray(values, dtype=float)
    g = np.asarray(groups)
    if x.shape != g.shape:
        raise ConfigError(f"values has shape {x.shape} but groups has {g.shape}: they must match")
    ok = np.isfinite(x)
    codes = pd.factorize(g[ok])[0]
    x = x[ok]
    n_i = np.bincount(codes).astype(float)
    k, n = n_i.size, x.size
    nan = float("nan")
    if k < 2 or n - k < 1:
        return ICC(nan, nan, nan, level, k, n, nan, nan, nan)
    means = np.bincount(codes, weights=x) / n_i
    ss_within = float(np.sum((x - means[codes]) ** 2))
    ss_between = float(np.sum(n_i * (means - x.mean()) ** 2))
    msb, msw = ss_between / (k - 1), ss_within / (n - k)
    n0 = (n - np.sum(n_i**2) / n) / (k - 1)
    if msw <= 0:
        return ICC(nan, nan, nan, level, k, n, float(n0), msb, msw)
    f = msb / msw
    icc = (f - 1) / (f + n0 - 1)
    q = 0.5 + level / 2
    f_lo = f / stats.f.ppf(q, k - 1, n - k)
    f_hi = f * stats.f.ppf(q, n - k, k - 1)
    lo, hi = (f_lo - 1) / (f_lo + n0 - 1), (f_hi - 1) / (f_hi + n0 - 1)
    return ICC(float(icc), float(lo), float(hi), level, k, n, float(n0), msb, msw)


def rated(contacts: pd.DataFrame) -> pd.DataFrame:
    """Answered contacts whose survey came back (finite ``rating``)."""
    return contacts[(contacts["agent"] >= 0) & contacts["rating"].notna()]


def rating_icc(
    contacts: pd.DataFrame, by: Sequence[str] = AGENT_PERIOD, level: float = 0.95
) -> ICC:
    """Agent share of the variance of single ratings: ICC(1) of ``rating`` grouped by ``by``.

    ``by=("period", "agent")`` (default) asks how much of a rating is the agent *within a
    review period*, the variance a period score averages over; ``by=("agent",)`` pools
    periods (an agent whose effort changes then looks less consistent). The ICC does not
    depend on the scale's units, so raw ratings serve on every scale.
    """
    r = rated(contacts)
    keys = pd.MultiIndex.from_frame(r[list(by)]) if len(by) > 1 else r[by[0]]
    return icc_oneway(r["rating"].to_numpy(), pd.factorize(keys)[0], level)


def spearman_brown(icc: float | np.ndarray, n: float | np.ndarray) -> np.ndarray:
    """Reliability of the mean of ``n`` ratings: n ICC / (1 + (n - 1) ICC)."""
    icc_a, n_a = np.asarray(icc, dtype=float), np.asarray(n, dtype=float)
    return np.asarray(n_a * icc_a / (1.0 + (n_a - 1.0) * icc_a))


def ratings_needed(icc: float, target: float) -> float:
    """Ratings per agent needed for reliability ``target``: target (1 - ICC) / (ICC (1 - target)).

    Infinite when ``icc <= 0``; NaN when ``icc`` is NaN.
    """
    if not 0.0 < target < 1.0:
        raise ConfigError(f"target = {target!r}: must be strictly between 0 and 1")
    if not np.isfinite(icc):
        return float("nan")
    if icc <= 0:
        return float("inf")
    return float(target * (1.0 - icc) / (icc * (1.0 - target)))


def reliability_curve(icc: ICC, n_max: int = 200) -> pd.DataFrame:
    """Spearman-Brown reliability for 1..``n_max`` ratings, with the ICC's interval carried along.

    Columns: ``n, reliability, lo, hi`` (``lo``/``hi`` from the ICC's bounds, clipped at 0).
    """
    if n_max < 1:
        raise ConfigError(f"n_max = {n_max!r}: must be >= 1")
    n = np.arange(1, n_max + 1, dtype=float)
    return pd.DataFrame(
        {
            "n": n,
            "reliability": spearman_brown(icc.icc, n),
            "lo": spearman_brown(max(icc.lo, 0.0), n) if np.isfinite(icc.lo) else np.nan,
            "hi": spearman_brown(max(icc.hi, 0.0), n) if np.isfinite(icc.hi) else np.nan,
        }
    )


@dataclass(frozen=True)
class SplitHalf:
    """Split-half reliability: half-score correlation across groups, stepped up to full length."""

    r_half: float
    reliability: float
    groups: int
    mean_n: float


def split_half(
    values: np.ndarray | pd.Series,
    groups: np.ndarray | pd.Series,
    rng: np.random.Generator,
) -> SplitHalf:
    """Split each group's values at random into two halves and correlate the half means.

    Groups with fewer than two values are dropped. ``reliability`` is the Spearman-Brown
    step-up 2 r / (1 + r) to the full group size, to compare with
    :func:`spearman_brown` at ``mean_n``.
    """
    x = np.asarray(values, dtype=float)
    ok = np.isfinite(x)
    codes = pd.factorize(np.asarray(groups)[ok])[0]
    x = x[ok]
    order = np.lexsort((rng.random(x.size), codes))
    codes, x = codes[order], x[order]
    rank = np.arange(x.size) - np.searchsorted(codes, codes, side="left")
    n_i = np.bincount(codes)
    half = rank % 2  # alternate within a random order: halves differ by at most one
    keep = n_i[codes] >= 2
    k = n_i.size
    sums = [
        np.bincount(codes[keep & (half == h)], weights=x[keep & (half == h)], minlength=k)
        for h in (0, 1)
    ]
    counts = [np.bincount(codes[keep & (half == h)], minlength=k) for h in (0, 1)]
    used = n_i >= 2
    a, b = (sums[h][used] / counts[h][used] for h in (0, 1))
    if a.size < 3 or np.std(a) == 0 or np.std(b) == 0:
        return SplitHalf(
            float("nan"),
            float("nan"),
            int(a.size),
            float(n_i[used].mean()) if a.size else float("nan"),
        )
    r = float(np.corrcoef(a, b)[0, 1])
    return SplitHalf(r, 2 * r / (1 + r), int(a.size), float(n_i[used].mean()))


@dataclass(frozen=True)
class RatingNoise:
    """Where rating variance comes from, and what it means for a period score.

    ``icc`` is the agent share of single-rating variance (within a period);
    ``reliability`` is Spearman-Brown at ``ratings_per_agent`` (mean ratings per
    agent-period); ``ratings_for_07`` and ``ratings_for_08`` are the ratings per agent
    needed for reliability 0.7 and 0.8; ``negative_from_defects`` is the share of
    negative answers about an unfixed product defect.
    """

    icc: ICC
    negative_from_defects: float
    ratings_per_agent: float
    reliability: float
    ratings_for_07: float
    ratings_for_08: float


def rating_noise(
    contacts: pd.DataFrame, by: Sequence[str] = AGENT_PERIOD, level: float = 0.95
) -> RatingNoise:
    """Decompose the ratings of ``contacts`` (pass measured contacts only; see ``scores``)."""
    icc = rating_icc(contacts, by, level)
    neg = rated(contacts)
    neg = neg[neg["negative"].astype(bool)]
    n_bar = icc.mean_n
    return RatingNoise(
        icc=icc,
        negative_from_defects=float(neg["defect"].mean()) if len(neg) else float("nan"),
        ratings_per_agent=n_bar,
        reliability=float(spearman_brown(icc.icc, n_bar)),
        ratings_for_07=ratings_needed(icc.icc, 0.7),
        ratings_for_08=ratings_needed(icc.icc, 0.8),
    )
