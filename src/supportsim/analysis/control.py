"""Shewhart control charts (p-chart, XmR) and the special-cause rules that read them.

A chart is a DataFrame, one row per point in time: ``value``, ``centre``, ``sigma``,
``lcl``, ``ucl`` (3-sigma limits), the standardised ``z``, one boolean column per rule and
``special`` (any rule). Rules (Western Electric 1956; Nelson 1984):

* ``beyond_3sigma``: a point outside the control limits;
* ``run_of_8``: the 8th and later points of a run on one side of the centre line;
* ``two_of_three``: 2 of 3 consecutive points beyond 2 sigma on the same side (flagged at
  the point that completes the pattern, if it is itself beyond 2 sigma).

With known parameters and independent normal points, ``beyond_3sigma`` alone false-alarms
on 0.27% of points; each extra rule adds alarms, the price of catching small shifts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from supportsim.errors import ConfigError

RULES = ("beyond_3sigma", "run_of_8", "two_of_three")
#: d2 for moving ranges of two points: E|X1 - X2| = d2 sigma.
D2 = 1.128
#: D4 for moving ranges of two points: the upper limit of the moving-range chart is D4 * mean MR.
D4 = 3.267


def _check_rules(rules: Sequence[str]) -> None:
    for r in rules:
        if r not in RULES:
            raise ConfigError(f"rules: unknown rule {r!r}; available: {', '.join(RULES)}")


def flag_rules(
    z: np.ndarray | pd.Series, rules: Sequence[str] = RULES, run: int = 8
) -> pd.DataFrame:
    """Flag special causes in standardised values ``z = (value - centre) / sigma``.

    Parameters
    ----------
    z
        Standardised series; NaN points break runs and are never flagged.
    rules
        Any of :data:`RULES`.
    run
        Length of the run rule (8 by default, as its name says).

    Returns
    -------
    pandas.DataFrame
        One boolean column per rule in ``rules`` and ``special`` (any of them).
    """
    _check_rules(rules)
    if run < 2:
        raise ConfigError(f"run = {run!r}: must be >= 2")
    zz = np.asarray(z, dtype=float)
    out: dict[str, np.ndarray] = {}
    if "beyond_3sigma" in rules:
        out["beyond_3sigma"] = np.abs(np.nan_to_num(zz)) > 3
    if "run_of_8" in rules:
        out["run_of_8"] = _run_flags(np.sign(np.nan_to_num(zz)), run)
    if "two_of_three" in rules:
        flags = np.zeros(zz.size, dtype=bool)
        for side in (1, -1):
            beyond = np.nan_to_num(side * zz) > 2
            count = np.convolve(beyond.astype(int), np.ones(3, dtype=int))[: zz.size]
            flags |= beyond & (count >= 2)
        out["two_of_three"] = flags
    frame = pd.DataFrame(out, index=z.index if isinstance(z, pd.Series) else None)
    frame["special"] = frame.any(axis=1) if len(out) else False
    return frame


def _run_flags(side: np.ndarray, run: int) -> np.ndarray:
    """Flag the ``run``-th and later points of each run of equal non-zero ``side``."""
    flags = np.zeros(side.size, dtype=bool)
    length = 0
    for i, s in enumerate(side):
        length = length + 1 if (s != 0 and i > 0 and s == side[i - 1]) else (1 if s != 0 else 0)
        flags[i] = length >= run
    return flags


def _chart(
    value: np.ndarray,
    centre: np.ndarray | float,
    sigma: np.ndarray | float,
    index: Sequence | None,
    rules: Sequence[str],
) -> pd.DataFrame:
    value = np.asarray(value, dtype=float)
    centre_a = np.broadcast_to(np.asarray(centre, dtype=float), value.shape)
    sigma_a = np.broadcast_to(np.asarray(sigma, dtype=float), value.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sigma_a > 0, (value - centre_a) / sigma_a, 0.0)
    chart = pd.DataFrame(
        {
            "value": value,
            "centre": centre_a,
            "sigma": sigma_a,
            "lcl": centre_a - 3 * sigma_a,
            "ucl": centre_a + 3 * sigma_a,
            "z": z,
        },
        index=pd.Index(index if index is not None else np.arange(value.size), name="t"),
    )
    return pd.concat([chart, flag_rules(chart["z"], rules)], axis=1)


def p_chart(
    events: np.ndarray | pd.Series,
    n: np.ndarray | pd.Series,
    index: Sequence | None = None,
    rules: Sequence[str] = RULES,
    baseline: int | None = None,
) -> pd.DataFrame:
    """p-chart of proportions ``events / n``: centre ``p = sum events / sum n``, sigma ``sqrt(p (1 - p) / n)``.

    Parameters
    ----------
    events, n
        Counts per point; points with ``n == 0`` are NaN.
    index
        Labels of the points (days, periods); default 0, 1, ...
    rules
        Special-cause rules to apply (see :func:`flag_rules`).
    baseline
        Estimate the centre from the first ``baseline`` points only (phase I), so a
        later shift does not move it.

    Returns
    -------
    pandas.DataFrame
        The chart (see the module docstring) plus ``n``; limits vary with ``n`` and are
        clipped to [0, 1].
    """
    e = np.asarray(events, dtype=float)
    m = np.asarray(n, dtype=float)
    if e.shape != m.shape:
        raise ConfigError(f"events has shape {e.shape} but n has {m.shape}: they must match")
    if np.any(m < 0) or np.any(e < 0) or np.any(e > m):
        raise ConfigError("p_chart: need 0 <= events <= n at every point")
    base = slice(None) if baseline is None else slice(0, baseline)
    p = e[base].sum() / max(m[base].sum(), 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(m > 0, e / m, np.nan)
        sigma = np.where(m > 0, np.sqrt(p * (1 - p) / m), np.nan)
    chart = _chart(value, p, sigma, index, rules)
    chart["lcl"] = chart["lcl"].clip(lower=0.0)
    chart["ucl"] = chart["ucl"].clip(upper=1.0)
    chart.insert(1, "n", m)
    return chart


def xmr_chart(
    values: np.ndarray | pd.Series,
    index: Sequence | None = None,
    rules: Sequence[str] = RULES,
    baseline: int | None = None,
) -> pd.DataFrame:
    """Individuals chart: centre = mean, sigma = mean moving range / 1.128 (limits mean +- 2.66 MR).

    Parameters
    ----------
    values
        The series; NaN values are skipped when estimating.
    index
        Labels of the points; default the Series index, else 0, 1, ...
    rules
        Special-cause rules to apply (see :func:`flag_rules`).
    baseline
        Estimate the limits from the first ``baseline`` points only (phase I).

    Returns
    -------
    pandas.DataFrame
        The chart plus ``mr`` (the moving range |x_t - x_{t-1}|), ``mr_centre`` and
        ``mr_ucl`` (3.267 x mean MR) for the moving-range panel.
    """
    x = np.asarray(values, dtype=float)
    if index is None and isinstance(values, pd.Series):
        index = list(values.index)
    base = x if baseline is None else x[:baseline]
    mr_base = np.abs(np.diff(base))
    mr_base = mr_base[np.isfinite(mr_base)]
    if np.sum(np.isfinite(base)) < 2 or mr_base.size == 0:
        raise ConfigError(
            "xmr_chart: need at least two consecutive finite values to estimate sigma"
        )
    mr_bar = float(mr_base.mean())
    chart = _chart(x, float(np.nanmean(base)), mr_bar / D2, index, rules)
    chart["mr"] = np.concatenate([[np.nan], np.abs(np.diff(x))])
    chart["mr_centre"] = mr_bar
    chart["mr_ucl"] = D4 * mr_bar
    return chart


def team_p_chart(
    contacts: pd.DataFrame, by: str = "period", rules: Sequence[str] = RULES
) -> pd.DataFrame:
    """p-chart of the team's share of negative survey answers per ``by`` (``period`` or ``day``).

    ``contacts`` must have ``responded``, ``negative`` and the ``by`` column (add ``day``
    with :func:`supportsim.analysis.scores.add_day`).
    """
    if by not in contacts.columns:
        raise ConfigError(f"by = {by!r}: not a column of contacts (use 'period', or add 'day')")
    rated = contacts[contacts["responded"].astype(bool) & (contacts["agent"] >= 0)]
    g = rated.groupby(by, observed=True)["negative"].agg(["sum", "count"])
    return p_chart(
        g["sum"].to_numpy(), g["count"].to_numpy(), index=list(g.index), rules=rules
    ).rename_axis(by)


def team_xmr_chart(
    contacts: pd.DataFrame,
    metric: str = "handle_min",
    by: str = "day",
    rules: Sequence[str] = RULES,
) -> pd.DataFrame:
    """XmR chart of the team's mean ``metric`` per ``by`` over answered contacts."""
    for col in (metric, by):
        if col not in contacts.columns:
            raise ConfigError(f"column {col!r} is not in contacts")
    answered = contacts[contacts["agent"] >= 0]
    series = answered.groupby(by, observed=True)[metric].mean()
    return xmr_chart(series.to_numpy(), index=list(series.index), rules=rules).rename_axis(by)


def agent_xmr_chart(
    agent_periods: pd.DataFrame,
    agent: int,
    metric: str = "rating_score",
    rules: Sequence[str] = RULES,
) -> pd.DataFrame:
    """XmR chart of one agent's ``metric`` over review periods."""
    if metric not in agent_periods.columns:
        raise ConfigError(f"metric = {metric!r}: not a column of agent_periods")
    rows = agent_periods[agent_periods["agent"] == agent].sort_values("period")
    if rows.empty:
        raise ConfigError(f"agent = {agent!r}: no rows for this agent")
    return xmr_chart(rows[metric].to_numpy(), index=list(rows["period"]), rules=rules).rename_axis(
        "period"
    )
