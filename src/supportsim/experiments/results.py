"""Sweep tables into statistics: means with confidence intervals, and paired differences.

Both reuse :mod:`supportsim.analysis.stats` and :mod:`supportsim.analysis.paired` within
each scenario and grid point.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from supportsim.analysis.paired import paired_differences
from supportsim.analysis.stats import ci_table
from supportsim.errors import ConfigError, unknown_name


def split_columns(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The grid columns and the figure columns of a sweep table.

    A sweep table's columns are ``scenario, point, <grid...>, scheme, replication, task,
    <figures...>`` (see :mod:`supportsim.experiments.sweep`).
    """
    cols = list(table.columns)
    for c in ("scenario", "point", "scheme", "replication", "task"):
        if c not in cols:
            raise ConfigError(f"table has no column {c!r}: not a sweep table")
    grid = cols[cols.index("point") + 1 : cols.index("scheme")]
    figures = cols[cols.index("task") + 1 :]
    return grid, figures


def _groups(table: pd.DataFrame) -> list[str]:
    grid, _ = split_columns(table)
    return ["scenario", "point", *grid]


def sweep_table(
    table: pd.DataFrame, metrics: Sequence[str] | None = None, level: float = 0.95
) -> pd.DataFrame:
    """Mean and Student-t confidence interval per scenario, grid point, scheme and metric.

    Parameters
    ----------
    table
        A sweep table (:func:`~supportsim.experiments.sweep.sweep`).
    metrics
        Figures to summarise (default: all).
    level
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        ``scenario, point, <grid...>, scheme, metric, mean, lo, hi, n``.
    """
    _, figures = split_columns(table)
    names = _check_metrics(metrics, figures)
    keys = _groups(table)
    parts = []
    for values, sub in table.groupby(keys, sort=False, dropna=False):
        ci = ci_table(sub, "scheme", names, level)
        for k, v in zip(keys, values, strict=True):
            ci.insert(keys.index(k), k, v)
        parts.append(ci)
    return pd.concat(parts, ignore_index=True)


def default_baseline(table: pd.DataFrame) -> str:
    """``flat_salary`` if it is a scheme of the table, else the first scheme."""
    schemes = list(dict.fromkeys(table["scheme"]))
    return "flat_salary" if "flat_salary" in schemes else schemes[0]


def sweep_differences(
    table: pd.DataFrame,
    baseline: str | None = None,
    metrics: Sequence[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Paired differences from ``baseline`` within each scenario and grid point.

    Parameters
    ----------
    table
        A sweep table.
    baseline
        Scheme label to compare against (default :func:`default_baseline`).
    metrics
        Figures to compare (default: all).
    level
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        ``scenario, point, <grid...>`` followed by the columns of
        :func:`supportsim.analysis.paired.paired_differences`.
    """
    _, figures = split_columns(table)
    names = _check_metrics(metrics, figures)
    base = baseline or default_baseline(table)
    keys = _groups(table)
    parts = []
    for values, sub in table.groupby(keys, sort=False, dropna=False):
        runs = sub[["scheme", "replication", *names]]
        diffs = paired_differences(runs, base, names, level)
        for k, v in zip(keys, values, strict=True):
            diffs.insert(keys.index(k), k, v)
        parts.append(diffs)
    return pd.concat(parts, ignore_index=True)


def _check_metrics(metrics: Sequence[str] | None, figures: list[str]) -> list[str]:
    if metrics is None:
        return figures
    for m in metrics:
        if m not in figures:
            raise unknown_name("metric", m, figures)
    return list(metrics)
