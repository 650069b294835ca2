"""Arrivals: open hours and weekdays, the weekly and intraday profiles, the mean rate, and the
day-to-day over-dispersion, from the new issues of a log.

The model (docs/model.md, Demand): the count of new issues in open hour ``h`` of day ``d``
is Poisson with rate ``lambda * weekly[w(d)] * intraday[h] * G_d``, with ``G_d`` gamma with
mean 1 and coefficient of variation ``cv``, one per day. Hence

* a day's total ``T_d`` is negative binomial with mean ``m_w = lambda * H * weekly[w]`` and
  variance ``m_w + cv^2 m_w^2``; ``cv`` is estimated from the day totals by the Q-profile
  method (Paule-Mandel point estimate, Viechtbauer 2007 interval): ``Q(cv) = sum_d (T_d -
  m_w)^2 / (m_w + cv^2 m_w^2)`` is chi-squared on ``D - W`` degrees of freedom;
* given the day totals, the counts across the hours of a day are multinomial with
  probabilities ``intraday / H``, whatever ``G_d``: the intraday profile's interval is the
  binomial one, widened by the Pearson dispersion ``phi`` of the within-day shape (its fit
  statistic: 1 when the model's fixed shape holds);
* within an hour-of-the-week cell the counts over weeks have ``var = m + cv^2 m^2`` too;
  the pooled moment estimate from those cells is reported beside the day-total one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from supportsim.calibrate.values import Est, z_of

#: An hour of the day is open if its arrivals reach this share of the busiest hour's.
OPEN_HOUR_SHARE = 0.02
#: A weekday is open if its mean day reaches this share of the busiest weekday's.
OPEN_DAY_SHARE = 0.10
#: Relative weight given to a closed hour or weekday inside the open span (must be > 0).
FLOOR_WEIGHT = 1e-3


@dataclass(frozen=True)
class Arrivals:
    """Fitted arrival process (see the module docstring)."""

    open_hour: int
    close_hour: int
    open_weekdays: int
    rate: Est
    weekly: tuple[Est, ...]
    intraday: tuple[Est, ...]
    daily_cv: Est
    cell_cv: float
    dispersion_index: float
    intraday_phi: float
    intraday_p: float
    days: int
    holidays: int
    outside: int
    counts: pd.DataFrame

    @property
    def hours(self) -> int:
        """Open hours a day."""
        return self.close_hour - self.open_hour


def _open_span(arrive: pd.Series) -> tuple[int, int, int]:
    hours = np.bincount(arrive.dt.hour.to_numpy(), minlength=24)
    open_h = np.flatnonzero(hours >= OPEN_HOUR_SHARE * hours.max())
    dates = arrive.dt.normalize()
    span = pd.date_range(dates.min(), dates.max(), freq="D")
    n_weekday = np.bincount(span.day_of_week, minlength=7)
    per_day = np.bincount(arrive.dt.day_of_week.to_numpy(), minlength=7) / np.maximum(n_weekday, 1)
    open_d = np.flatnonzero(per_day >= OPEN_DAY_SHARE * per_day.max())
    return int(open_h.min()), int(open_h.max()) + 1, int(open_d.max()) + 1


def day_hour_counts(
    arrive: pd.Series, open_hour: int, close_hour: int, weekdays: int
) -> pd.DataFrame:
    """Arrivals per (open date, open hour): rows are dates (every date of the log's span
    on an open weekday), columns the open hours."""
    dates = arrive.dt.normalize()
    span = pd.date_range(dates.min(), dates.max(), freq="D")
    span = span[span.day_of_week < weekdays]
    inside = (arrive.dt.hour >= open_hour) & (arrive.dt.hour < close_hour)
    inside &= arrive.dt.day_of_week < weekdays
    table = pd.crosstab(dates[inside], arrive.dt.hour[inside])
    return table.reindex(index=span, columns=range(open_hour, close_hour), fill_value=0)


def fit_arrivals(arrive: pd.Series, level: float = 0.95) -> Arrivals:
    """Fit the arrival process to the arrival times of new issues (see the module docstring)."""
    open_hour, close_hour, weekdays = _open_span(arrive)
    counts = day_hour_counts(arrive, open_hour, close_hour, weekdays)
    totals = counts.sum(axis=1)
    used = counts[totals > 0]
    c = used.to_numpy(dtype=float)
    t = c.sum(axis=1)
    wd = used.index.day_of_week.to_numpy()
    means = np.array([t[wd == w].mean() if (wd == w).any() else np.nan for w in range(weekdays)])
    cv = _day_cv(t, means[wd], len(set(wd)), level)
    rate, weekly = _level(t, wd, means, cv.value, level)
    hours = close_hour - open_hour
    intraday, phi, p = _intraday(c, level)
    cell_cv, index = _cells(c, wd)
    return Arrivals(
        open_hour=open_hour,
        close_hour=close_hour,
        open_weekdays=weekdays,
        rate=Est(rate.value / hours, rate.lo / hours, rate.hi / hours),
        weekly=weekly,
        intraday=intraday,
        daily_cv=cv,
        cell_cv=cell_cv,
        dispersion_index=index,
        intraday_phi=phi,
        intraday_p=p,
        days=len(used),
        holidays=int((totals == 0).sum()),
        outside=int(len(arrive) - counts.to_numpy().sum()),
        counts=counts,
    )


def _level(
    t: np.ndarray, wd: np.ndarray, means: np.ndarray, cv: float, level: float
) -> tuple[Est, tuple[Est, ...]]:
    """Mean day total (over weekdays) and the weekly weights, with t intervals from the
    day totals' own scatter about their weekday means (quasi-likelihood: the variance of a
    total is ``v m_w^2``, ``v`` estimated on ``D - W`` degrees of freedom; the model's
    ``cv^2 + 1/m`` where there are too few days)."""
    n_w = np.bincount(wd, minlength=len(means)).astype(float)
    open_w = np.isfinite(means) & (means > 0)
    dof = len(t) - int((n_w > 0).sum())
    if dof >= 1:
        v = float(np.sum(((t - means[wd]) / means[wd]) ** 2) / dof)
        q = float(stats.t.ppf(0.5 + level / 2, dof))
    else:
        v = (cv if math.isfinite(cv) else 0.0) ** 2 + 1.0 / float(np.nanmean(means))
        q = z_of(level)
    var_m = np.where(open_w, v * means**2 / np.maximum(n_w, 1), 0.0)
    k = int(open_w.sum())
    m_bar = float(np.mean(means[open_w]))
    se = math.sqrt(float(var_m.sum())) / k
    weekly = []
    for w in range(len(means)):
        if not open_w[w]:
            weekly.append(Est(FLOOR_WEIGHT, FLOOR_WEIGHT, FLOOR_WEIGHT))
            continue
        r = means[w] / m_bar
        var_r = ((1 - r / k) ** 2 * var_m[w] + (r / k) ** 2 * (var_m.sum() - var_m[w])) / m_bar**2
        weekly.append(
            Est(float(r), float(r - q * math.sqrt(var_r)), float(r + q * math.sqrt(var_r)))
        )
    return Est(m_bar, m_bar - q * se, m_bar + q * se), tuple(weekly)


def _day_cv(t: np.ndarray, m: np.ndarray, groups: int, level: float) -> Est:
    """The gamma day effect's CV from day totals ``t`` with weekday means ``m`` (Q-profile)."""
    df = len(t) - groups
    if df < 1:
        return Est(math.nan)

    def q(cv: float) -> float:
        return float(np.sum((t - m) ** 2 / (m + cv**2 * m**2)))

    def solve(target: float) -> float:
        if q(0.0) <= target:
            return 0.0
        return float(optimize.brentq(lambda cv: q(cv) - target, 0.0, 50.0))

    alpha = 1.0 - level
    return Est(
        solve(float(df)),
        solve(float(stats.chi2.ppf(1 - alpha / 2, df))),
        solve(float(stats.chi2.ppf(alpha / 2, df))),
    )


def _intraday(c: np.ndarray, level: float) -> tuple[tuple[Est, ...], float, float]:
    """Intraday weights (mean 1) with intervals, and the shape's Pearson dispersion."""
    days, hours = c.shape
    x = c.sum(axis=0)
    n = x.sum()
    p = x / n
    expected = np.outer(c.sum(axis=1), p)
    ok = expected > 0
    chi2 = float((((c - expected) ** 2)[ok] / expected[ok]).sum())
    dof = max((days - 1) * (hours - 1), 1)
    phi = chi2 / dof
    half = z_of(level) * np.sqrt(max(phi, 1.0) * p * (1 - p) / n)
    weights = tuple(
        Est(max(hours * pi, FLOOR_WEIGHT), hours * (pi - h), hours * (pi + h))
        for pi, h in zip(p, half, strict=True)
    )
    return weights, phi, float(stats.chi2.sf(chi2, dof))


def _cells(c: np.ndarray, wd: np.ndarray) -> tuple[float, float]:
    """Moment CV and mean variance/mean ratio of hour-of-the-week cells over weeks."""
    num = den = idx = w_idx = 0.0
    for w in np.unique(wd):
        block = c[wd == w]
        if len(block) < 2:
            continue
        m, v = block.mean(axis=0), block.var(axis=0, ddof=1)
        dof = len(block) - 1
        num += dof * float(np.sum(v - m))
        den += dof * float(np.sum(m**2))
        ok = m > 0
        idx += dof * float(np.sum(v[ok] / m[ok]))
        w_idx += dof * int(ok.sum())
    cv = math.sqrt(max(num, 0.0) / den) if den > 0 else math.nan
    return cv, idx / w_idx if w_idx else math.nan
