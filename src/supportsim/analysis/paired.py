"""Scheme differences under common random numbers: paired confidence intervals.

Replication ``r`` of every scheme meets the same world (customers, issues, product
failures, agents), so the difference between two schemes within a replication cancels
most of the world-to-world noise. The paired-t interval on those differences is
typically much narrower than the interval one would get from independent runs;
``halfwidth_ratio`` reports how much narrower.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from supportsim.errors import ConfigError, unknown_name
from supportsim.lazy import stats

ID_COLUMNS = ("scheme", "replication")
#: Columns of :func:`paired_differences`'s table, in order.
_COLUMNS = (
    "scheme",
    "baseline",
    "metric",
    "baseline_mean",
    "mean",
    "diff",
    "lo",
    "hi",
    "n",
    "halfwidth_ratio",
)


def _t_halfwidth(x: np.ndarray, level: float) -> float:
    if x.size < 2:
        return float("nan")
    return float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))


def _welch_halfwidth(a: np.ndarray, b: np.ndarray, level: float) -> float:
    if a.size < 2 or b.size < 2:
        return float("nan")
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    if va + vb == 0:
        return 0.0
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    return float(stats.t.ppf(0.5 + level / 2, df) * np.sqrt(va + vb))


def _checked(
    runs: pd.DataFrame, baseline: str, metrics: Sequence[str] | None, level: float
) -> tuple[list[str], list[str]]:
    """Validate the arguments of :func:`paired_differences`.

    Returns
    -------
    tuple[list[str], list[str]]
        The schemes in ``runs`` (in order of appearance) and the metrics to compare.

    Raises
    ------
    ConfigError
        If ``level`` is not in (0, 1), or ``baseline`` or a metric is not in ``runs``.
    """
    if not 0.0 < level < 1.0:
        raise ConfigError(f"level = {level!r}: must be strictly between 0 and 1")
    schemes = list(dict.fromkeys(runs["scheme"]))
    if baseline not in schemes:
        raise unknown_name("baseline scheme", baseline, schemes)
    names = (
        list(metrics) if metrics is not None else [c for c in runs.columns if c not in ID_COLUMNS]
    )
    for m in names:
        if m not in runs.columns:
            raise unknown_name("metric", m, [c for c in runs.columns if c not in ID_COLUMNS])
    return schemes, names


def _paired_row(
    a: np.ndarray, b: np.ndarray, level: float, *, scheme: str, baseline: str, metric: str
) -> dict[str, object]:
    """One row of :func:`paired_differences`: ``a`` (the scheme) against ``b`` (the baseline).

    ``a`` and ``b`` hold one value per replication, aligned; replications where either is
    NaN are dropped.
    """
    ok = np.isfinite(a) & np.isfinite(b)
    d = a[ok] - b[ok]
    half = _t_halfwidth(d, level)
    diff = float(d.mean()) if d.size else float("nan")
    unpaired = _welch_halfwidth(a[ok], b[ok], level)
    return {
        "scheme": scheme,
        "baseline": baseline,
        "metric": metric,
        "baseline_mean": float(b[ok].mean()) if d.size else float("nan"),
        "mean": float(a[ok].mean()) if d.size else float("nan"),
        "diff": diff,
        "lo": diff - half,
        "hi": diff + half,
        "n": int(d.size),
        "halfwidth_ratio": half / unpaired if unpaired > 0 else float("nan"),
    }


def paired_differences(
    runs: pd.DataFrame,
    baseline: str,
    metrics: Sequence[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Per scheme and metric: mean difference from ``baseline`` with a paired-t interval.

    Parameters
    ----------
    runs
        :attr:`supportsim.Comparison.runs` (``scheme, replication, <metrics>``).
    baseline
        The scheme every other scheme is compared with.
    metrics
        Metrics to compare; default every metric column.
    level
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        ``scheme, baseline, metric, baseline_mean, mean, diff, lo, hi, n`` and
        ``halfwidth_ratio`` (paired half-width / Welch half-width of unpaired runs; < 1
        means common random numbers helped). Differences are ``scheme - baseline`` within
        each replication; replications where either value is NaN are dropped.
    """
    schemes, names = _checked(runs, baseline, metrics, level)
    wide = runs.pivot(index="replication", columns="scheme", values=names)
    rows = [
        _paired_row(
            wide[(m, scheme)].to_numpy(dtype=float),
            wide[(m, baseline)].to_numpy(dtype=float),
            level,
            scheme=scheme,
            baseline=baseline,
            metric=m,
        )
        for scheme in schemes
        if scheme != baseline
        for m in names
    ]
    return pd.DataFrame(rows, columns=list(_COLUMNS))
