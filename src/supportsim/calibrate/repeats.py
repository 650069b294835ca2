"""Retrials and repeat contacts of identified customers (calls linked by
:func:`supportsim.calibrate.episodes.linked`).

* **Retrials**: the share of abandoned calls followed by another call of the same customer
  within the window (-> ``retry_prob``), and the exponential mean of the delay, from its
  median (``median / ln 2``, robust to the few retrials the log defers past a closed night;
  bootstrap interval) (-> ``mean_retry_min``).
* **Repeat contacts**: the share of answered contacts followed by another call of the same
  customer within 1, 24 and 72 hours; after short contacts and after the rest; after
  contacts flagged resolved and not, when the log has the flag. Only contacts with the
  whole window still inside the log count (so the end of the log does not hide returns).
  The delay of a return is lognormal in the model: its median and log-sd are fitted to the
  delays within the window (-> ``callback_median_hours``, ``callback_log_sd``), a return
  that came in the first two open hours after a closed spell counting as somewhere between
  that closing and its arrival (the model defers returns meant for closed hours so).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from supportsim.calibrate.episodes import WINDOW_H
from supportsim.calibrate.values import Est, share, z_of

#: Windows (hours) of the repeat-contact shares.
HORIZONS_H = (1.0, 24.0, 72.0)


@dataclass(frozen=True)
class Repeats:
    """Retrial and repeat-contact facts (shares of calls with their whole window in the log)."""

    identified: float
    retry: Est
    retry_mean_min: Est
    returns: dict[str, Est]
    after_short: Est
    after_rest: Est
    after_unresolved: Est
    after_resolved: Est
    delay_median_h: Est
    delay_log_sd: Est
    delays: int


def _returned(df: pd.DataFrame, hours: float, level: float) -> Est:
    """Share of the calls in ``df`` whose customer calls again within ``hours``."""
    full = df[df["followed_h"] >= hours]
    return share(int((full["gap_after_h"] <= hours).sum()), len(full), level)


def fit_repeats(
    linked: pd.DataFrame,
    cut_s: float,
    level: float = 0.95,
    hours: tuple[int, int, int] = (0, 24, 7),
) -> Repeats:
    """Retrial and repeat-contact estimates from the linked calls of known customers
    (``hours``: the center's opening and closing hour and open weekdays, for the deferred
    returns)."""
    known = linked[linked["known"]]
    abandoned = known[~known["answered"]]
    answered = known[known["answered"]]
    retry_gaps = abandoned.loc[abandoned["gap_after_h"] <= WINDOW_H, "gap_after_h"].to_numpy()
    short = answered["talk_s"] < cut_s
    flag = answered["resolved"]
    full = answered[answered["followed_h"] >= WINDOW_H]
    back = full[(full["gap_after_h"] <= WINDOW_H) & (full["gap_after_h"] > 0)]
    gaps = back["gap_after_h"].to_numpy()
    median, log_sd = _delay(gaps, _deferred_from(back, hours), level)
    return Repeats(
        identified=float(linked["known"].mean()),
        retry=_returned(abandoned, WINDOW_H, level),
        retry_mean_min=_retry_mean(retry_gaps * 60.0, level),
        returns={f"{h:g}h": _returned(answered, h, level) for h in HORIZONS_H},
        after_short=_returned(answered[short], WINDOW_H, level),
        after_rest=_returned(answered[~short], WINDOW_H, level),
        after_unresolved=_returned(answered[flag == 0], WINDOW_H, level),
        after_resolved=_returned(answered[flag == 1], WINDOW_H, level),
        delay_median_h=median,
        delay_log_sd=log_sd,
        delays=len(gaps),
    )


def _retry_mean(minutes: np.ndarray, level: float) -> Est:
    """Exponential mean from the median delay, with a bootstrap interval."""
    if len(minutes) < 5:
        return Est(math.nan)
    minutes = minutes[minutes >= 0]
    est = float(np.median(minutes)) / math.log(2)
    boot = stats.bootstrap(
        (minutes,),
        np.median,
        confidence_level=level,
        n_resamples=999,
        method="percentile",
        rng=np.random.default_rng(0),
    )
    ci = boot.confidence_interval
    return Est(est, float(ci.low) / math.log(2), float(ci.high) / math.log(2))


def _deferred_from(back: pd.DataFrame, hours: tuple[int, int, int]) -> np.ndarray:
    """For a return that came in the first two open hours of a day, after a closed spell
    that began after the contact ended: the hours from the contact's end to that spell's
    start, and to the end of those two hours. The intended delay lies between them (the
    model moves a return meant for closed hours into the next opening's first two hours,
    so such a return may have been meant for any time in the spell or those two hours);
    NaN pairs where the delay is exact."""
    open_h, close_h, weekdays = hours
    if close_h - open_h >= 24 and weekdays == 7:
        return np.full((len(back), 2), np.nan)
    end = back["end"]
    arrival = end + pd.to_timedelta(back["gap_after_h"], unit="h")
    day = arrival.dt.normalize()
    opening = day + pd.Timedelta(hours=open_h)
    back_days = [min(k for k in range(1, 8) if (w - k) % 7 < weekdays) for w in range(7)]
    prev = day - pd.to_timedelta(arrival.dt.day_of_week.map(dict(enumerate(back_days))), unit="D")
    spell = (prev + pd.Timedelta(hours=close_h)).where(lambda t: t > end, end)
    since_open = (arrival - opening) / pd.Timedelta(hours=1)
    maybe = ((end < opening) & (since_open >= 0) & (since_open < 2.0)).to_numpy()
    low = ((spell - end) / pd.Timedelta(hours=1)).to_numpy()
    high = ((opening + pd.Timedelta(hours=2) - end) / pd.Timedelta(hours=1)).to_numpy()
    return np.column_stack([np.where(maybe, low, np.nan), np.where(maybe, high, np.nan)])


def _delay(hours: np.ndarray, zone: np.ndarray, level: float) -> tuple[Est, Est]:
    """Lognormal median (hours) and log-sd of the return delays by maximum likelihood
    (:func:`scipy.optimize.minimize`): possibly deferred returns interval-censored
    (``zone``, see :func:`_deferred_from`), and every delay truncated at the window (a
    later return is not seen as one); Wald intervals from the observed information (on the
    log-sd's log scale)."""
    n = len(hours)
    if n < 3:
        return Est(math.nan), Est(math.nan)
    exact = np.log(hours[np.isnan(zone[:, 0])])
    lo = np.log(np.maximum(zone[~np.isnan(zone[:, 0]), 0], 1e-6))
    hi = np.log(zone[~np.isnan(zone[:, 0]), 1])
    top = math.log(WINDOW_H)

    def nll(theta: np.ndarray) -> float:
        mu, s = theta[0], math.exp(theta[1])
        ll = stats.norm.logpdf(exact, mu, s).sum()
        ll += np.log(
            np.maximum(stats.norm.cdf(hi, mu, s) - stats.norm.cdf(lo, mu, s), 1e-300)
        ).sum()
        ll -= n * stats.norm.logcdf(top, mu, s)
        return float(-ll)

    logs = np.log(hours)
    start = np.array([logs.mean(), math.log(max(logs.std(), 1e-3))])
    fit = optimize.minimize(
        nll, start, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-6}
    )
    mu, log_s = float(fit.x[0]), float(fit.x[1])
    se_mu, se_log_s = np.sqrt(np.diag(np.linalg.inv(_hessian(nll, fit.x))))
    z = z_of(level)
    return (
        Est(math.exp(mu), math.exp(mu - z * se_mu), math.exp(mu + z * se_mu)),
        Est(math.exp(log_s), math.exp(log_s - z * se_log_s), math.exp(log_s + z * se_log_s)),
    )


def _hessian(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of ``f`` at ``x`` (the observed information of a
    negative log-likelihood at its minimum)."""
    k = len(x)
    out = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            e_i, e_j = np.eye(k)[i] * h, np.eye(k)[j] * h
            out[i, j] = (
                f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)
            ) / (4 * h * h)
    return out


def repeat_moments(linked: pd.DataFrame) -> tuple[float, float]:
    """(share of answered contacts of known customers followed by a call within the
    window, mean talk of answered repeat contacts / that of new issues): what the
    calibrated scenario is tuned to reproduce."""
    known = linked[linked["known"] & linked["answered"]]
    full = known[known["followed_h"] >= WINDOW_H]
    back = float((full["gap_after_h"] <= WINDOW_H).mean()) if len(full) else math.nan
    first = known.loc[known["new"], "talk_s"].mean()
    again = known.loc[~known["new"], "talk_s"].mean()
    return back, float(again / first) if first > 0 else math.nan
