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
  delays within the window (-> ``callback_median_hours``, ``callback_log_sd``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from supportsim.calibrate.episodes import WINDOW_H
from supportsim.calibrate.handle import fit_lognormal
from supportsim.calibrate.values import Est, share

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


def fit_repeats(linked: pd.DataFrame, cut_s: float, level: float = 0.95) -> Repeats:
    """Retrial and repeat-contact estimates from the linked calls of known customers."""
    known = linked[linked["known"]]
    abandoned = known[~known["answered"]]
    answered = known[known["answered"]]
    retry_gaps = abandoned.loc[abandoned["gap_after_h"] <= WINDOW_H, "gap_after_h"].to_numpy()
    short = answered["talk_s"] < cut_s
    flag = answered["resolved"]
    gaps = answered.loc[answered["gap_after_h"] <= WINDOW_H, "gap_after_h"].to_numpy()
    gaps = gaps[gaps > 0]
    median, log_sd = _delay(gaps, level)
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


def _delay(hours: np.ndarray, level: float) -> tuple[Est, Est]:
    """Lognormal median (hours) and log-sd of the return delays, with t / chi2 intervals."""
    if len(hours) < 3:
        return Est(math.nan), Est(math.nan)
    fit = fit_lognormal(hours, level)
    mu = fit.log_mean
    return Est(math.exp(mu.value), math.exp(mu.lo), math.exp(mu.hi)), fit.log_sd


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
