"""Reliability: how much of a measurement is the person, and how many measurements make it reliable.

The intraclass correlation ICC(1) from a one-way random-effects ANOVA is the share of the
variance of single ratings that lies between agents. A score that averages ``n`` ratings
then has reliability R(n) = n ICC / (1 + (n - 1) ICC) (Spearman-Brown): the correlation
one would expect between two such scores of the same agents. With ICC = 0.05, 30 ratings
give R = 0.61; reliability 0.8 needs 76.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.errors import ConfigError
from supportsim.lazy import stats


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
    blocks: int = 1

    @property
    def mean_n(self) -> float:
        """Mean observations per group."""
        return self.n_obs / self.groups if self.groups else float("nan")


def _check_level(level: float) -> None:
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level = {level!r}: must be strictly between 0 and 1")


def _codes(labels: np.ndarray) -> np.ndarray:
    """Integer codes 0..k-1 of a 1-d array of hashable labels."""
    return np.asarray(pd.factorize(pd.Series(labels))[0])


def icc_oneway(
    values: np.ndarray | pd.Series,
    groups: np.ndarray | pd.Series,
    level: float = 0.95,
    blocks: np.ndarray | pd.Series | None = None,
) -> ICC:
    """ICC(1) of ``values`` grouped by ``groups``: (MSB - MSW) / (MSB + (n0 - 1) MSW).

    Parameters
    ----------
    values
        One observation per row; non-finite values are dropped.
    groups
        Group label of each value (e.g. agent-period codes).
    level
        Confidence level of the interval.
    blocks
        Optional block label of each value (e.g. the period). Groups are nested in blocks
        and each block's mean is removed first, so a shift shared by a whole block (a bad
        week for everyone) is not counted as between-group variance; the between-group
        degrees of freedom become ``k - B`` and ``n0`` is the nested-design value.

    Returns
    -------
    ICC
        Estimate, interval and the ANOVA behind them; NaNs when fewer than two groups per
        block or no within-group replication remain.

    >>> icc_oneway([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1]).icc > 0
    True
    """
    _check_level(level)
    x = np.asarray(values, dtype=float)
    g = np.asarray(groups)
    b = np.zeros(x.shape, dtype=int) if blocks is None else np.asarray(blocks)
    if x.shape != g.shape or x.shape != b.shape:
        raise ConfigError(
            f"values has shape {x.shape} but groups has {g.shape} (blocks {b.shape}): they must match"
        )
    ok = np.isfinite(x)
    x, bc = x[ok], _codes(b[ok])
    gc = _codes(g[ok])
    codes = _codes(bc * (int(gc.max(initial=0)) + 1) + gc)  # a group is nested in its block
    n_i = np.bincount(codes).astype(float)
    means = np.bincount(codes, weights=x) / np.maximum(n_i, 1)
    m2 = np.bincount(codes, weights=(x - means[codes]) ** 2)
    block_of_group = np.zeros(n_i.size, dtype=int)
    block_of_group[codes] = bc
    return icc_from_moments(n_i, means, m2, block_of_group, level)


def icc_from_moments(
    n: np.ndarray,
    mean: np.ndarray,
    m2: np.ndarray,
    block: np.ndarray | None = None,
    level: float = 0.95,
) -> ICC:
    """ICC(1) from each group's count ``n``, ``mean`` and ``m2`` (sum of squared deviations
    from its mean), the sufficient statistics of the one-way ANOVA of :func:`icc_oneway`.

    Groups with ``n == 0`` are ignored; ``block`` labels each group's block (default: one
    block). A long run can keep these per agent-period instead of every rating.
    """
    _check_level(level)
    n_a, mean_a, m2_a = (np.asarray(v, dtype=float).ravel() for v in (n, mean, m2))
    b = np.zeros(n_a.shape, dtype=int) if block is None else np.asarray(block).ravel()
    keep = n_a > 0
    n_i, mean_i, m2_i, bc = n_a[keep], mean_a[keep], m2_a[keep], _codes(b[keep])
    n_b = np.bincount(bc, weights=n_i)
    k, n_obs, n_blocks = n_i.size, round(float(n_i.sum())), n_b.size
    nan = float("nan")
    if k - n_blocks < 1 or n_obs - k < 1:
        return ICC(nan, nan, nan, level, k, n_obs, nan, nan, nan, n_blocks)
    dev = mean_i - (np.bincount(bc, weights=n_i * mean_i) / n_b)[bc]
    ss_within = float(np.sum(m2_i))
    ss_between = float(np.sum(n_i * dev**2))  # deviations from the block means
    df_b, df_w = k - n_blocks, n_obs - k
    msb, msw = ss_between / df_b, ss_within / df_w
    n0 = (n_obs - float(np.sum(np.bincount(bc, weights=n_i**2) / n_b))) / df_b
    if msw <= 0:
        return ICC(nan, nan, nan, level, k, n_obs, float(n0), msb, msw, n_blocks)
    f = msb / msw
    icc = (f - 1) / (f + n0 - 1)
    q = 0.5 + level / 2
    f_lo = f / stats.f.ppf(q, df_b, df_w)
    f_hi = f * stats.f.ppf(q, df_w, df_b)
    lo, hi = (f_lo - 1) / (f_lo + n0 - 1), (f_hi - 1) / (f_hi + n0 - 1)
    return ICC(float(icc), float(lo), float(hi), level, k, n_obs, float(n0), msb, msw, n_blocks)


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

    Parameters
    ----------
    icc
        From :func:`icc_oneway` or :func:`~supportsim.analysis.rating_noise.rating_icc`.
    n_max
        Largest number of ratings on the curve.

    Returns
    -------
    pandas.DataFrame
        ``n, reliability, lo, hi`` (``lo``/``hi`` from the ICC's bounds, clipped at 0).
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
    """Split-half reliability: half-score correlation across groups, stepped up to full length.

    ``harmonic_n`` is the harmonic mean of the split groups' sizes: the noise in a group's
    mean goes as 1/n, so it is the size at which :func:`spearman_brown` predicts
    ``reliability`` from the ICC when sizes differ (``mean_n`` over-predicts).
    """

    r_half: float
    reliability: float
    groups: int
    mean_n: float
    harmonic_n: float = float("nan")


def split_half(
    values: np.ndarray | pd.Series,
    groups: np.ndarray | pd.Series,
    rng: np.random.Generator,
    blocks: np.ndarray | pd.Series | None = None,
) -> SplitHalf:
    """Split each group's values at random into two halves and correlate the half means.

    Parameters
    ----------
    values, groups
        As for :func:`icc_oneway`; groups with fewer than two values are dropped.
    rng
        Decides the split.
    blocks
        Optional block label of each value, as in :func:`icc_oneway` (groups are nested
        in blocks). The correlation is then the pooled within-block one: each half's group
        means are centred on that half's mean over the block's groups.

    Returns
    -------
    SplitHalf
        ``r_half`` (correlation of half means across groups) and ``reliability``, its
        Spearman-Brown step-up 2 r / (1 + r) to the full group size, to compare with
        :func:`spearman_brown` at ``harmonic_n``.
    """
    x = np.asarray(values, dtype=float)
    ok = np.isfinite(x)
    x, gc = x[ok], _codes(np.asarray(groups)[ok])
    bc = np.zeros(x.shape, dtype=int) if blocks is None else _codes(np.asarray(blocks)[ok])
    codes = _codes(bc * (int(gc.max(initial=0)) + 1) + gc)  # a group is nested in its block
    block_of_group = np.zeros(int(codes.max(initial=-1)) + 1, dtype=int)
    block_of_group[codes] = bc
    a, c, n_i, used = _half_means(x, codes, rng)
    nan = float("nan")
    if a.size < 3 or np.std(a) == 0 or np.std(c) == 0:
        return SplitHalf(nan, nan, int(a.size), float(n_i.mean()) if a.size else nan, nan)
    r = _within_block_correlation(a, c, _codes(block_of_group[used]))
    harmonic = float(n_i.size / np.sum(1.0 / n_i))
    return SplitHalf(r, 2 * r / (1 + r), int(a.size), float(n_i.mean()), harmonic)


def _half_means(
    x: np.ndarray, codes: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean of a random half of each group's values and of the other half, the group sizes,
    and which groups these are (the mask of groups with two or more values)."""
    order = np.lexsort((rng.random(x.size), codes))
    codes, x = codes[order], x[order]
    rank = np.arange(x.size) - np.searchsorted(codes, codes, side="left")
    half = rank % 2  # alternate within a random order: halves differ by at most one
    k = int(codes.max(initial=-1)) + 1
    sums = [np.bincount(codes[half == h], weights=x[half == h], minlength=k) for h in (0, 1)]
    counts = [np.bincount(codes[half == h], minlength=k) for h in (0, 1)]
    n_i = counts[0] + counts[1]
    used = n_i >= 2
    a, c = (sums[h][used] / counts[h][used] for h in (0, 1))
    return a, c, n_i[used], used


def _within_block_correlation(a: np.ndarray, c: np.ndarray, block: np.ndarray) -> float:
    """Pooled within-block correlation of paired group scores ``a`` and ``c``.

    Each score is centred on its own block's unweighted mean over groups, the way the
    ANOVA behind :func:`icc_oneway` counts between-group variance within blocks (on k - B
    degrees of freedom). Removing instead the block's mean of the raw values from both
    halves biases the correlation down by about 1/k per block of k groups: the block mean
    takes out part of each group's own effect, and adds one noise term to both halves with
    opposite signs (with 25 agent-periods a period and about 20 ratings each, 0.016 of
    stepped-up reliability; experiments/split_half_gap.py).
    """
    size = np.bincount(block)

    def centred(v: np.ndarray) -> np.ndarray:
        return v - (np.bincount(block, weights=v) / size)[block]

    da, dc = centred(a), centred(c)
    return float(np.sum(da * dc) / np.sqrt(np.sum(da**2) * np.sum(dc**2)))


def split_half_expected(
    values: np.ndarray | pd.Series,
    groups: np.ndarray | pd.Series,
    blocks: np.ndarray | pd.Series | None = None,
) -> float:
    """The stepped-up split half that :func:`split_half` should find, from the groups' moments.

    Spearman-Brown from the ICC assumes a group's size says nothing about its effect. The
    ANOVA counts the between-group variance once per value, so when larger groups differ
    more (agents whose customers answer more are the more extreme ones) the ICC holds
    more group variance than a correlation across groups, which counts each group once,
    can see. Here the between-group variance is counted per group and each half's noise
    is the group's own variance over the half's size, so the prediction holds whatever
    the sizes; in expectation it is Spearman-Brown at the harmonic mean size when sizes
    and variances are independent of the effects.

    Parameters
    ----------
    values, groups, blocks
        As for :func:`split_half`.

    Returns
    -------
    float
        Expected 2 r / (1 + r); NaN without two groups in a block.
    """
    x = np.asarray(values, dtype=float)
    ok = np.isfinite(x)
    x, gc = x[ok], _codes(np.asarray(groups)[ok])
    bc = np.zeros(x.shape, dtype=int) if blocks is None else _codes(np.asarray(blocks)[ok])
    codes = _codes(bc * (int(gc.max(initial=0)) + 1) + gc)  # a group is nested in its block
    n = np.bincount(codes).astype(float)
    mean = np.bincount(codes, weights=x) / n
    s2 = np.bincount(codes, weights=(x - mean[codes]) ** 2) / np.maximum(n - 1.0, 1.0)
    block = np.zeros(n.size, dtype=int)
    block[codes] = bc
    keep = n >= 2  # as split_half, which cannot split a single value
    n, mean, s2, block = n[keep], mean[keep], s2[keep], _codes(block[keep])
    k = np.bincount(block).astype(float)
    if np.sum(k - 1) < 1:
        return float("nan")
    dev = mean - (np.bincount(block, weights=mean) / k)[block]
    # E sum dev^2 = sum_b (k_b - 1) tau^2 + sum_i (s2_i / n_i) (1 - 1 / k_b)
    tau2 = (np.sum(dev**2) - np.sum(s2 / n * (1.0 - 1.0 / k[block]))) / np.sum(k - 1)
    halves = (np.floor(n / 2), np.ceil(n / 2))  # split_half alternates within a random order
    r = tau2 / np.sqrt(np.prod([tau2 + np.mean(s2 / h) for h in halves]))
    return float(2 * r / (1 + r))
