"""Round trip: simulate a known scenario, export its contact log, calibrate, and recover
the truth within the estimators' intervals.

About forty intervals are checked per scenario, each at 99.9%, so the whole family of a
scenario holds at about 96% (the 95% intervals' own coverage was measured over 40 seeds:
rate 0.90-0.98, weekly 0.93-0.95, intraday 0.95, day-to-day CV 0.90-0.93). Each scenario
is short (four to eight weeks of one run) so each test takes seconds.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from simulated_logs import as_calls, clean, simulated_log

import supportsim as ss
from supportsim.calibrate import Calibration, calibrate
from supportsim.calibrate.values import Est

LEVEL = 0.999


def _fit(scenario: ss.Scenario, seed: int = 1) -> Calibration:
    return calibrate(as_calls(simulated_log(scenario, seed)), level=LEVEL)


def _normalised(profile: tuple[float, ...]) -> np.ndarray:
    p = np.asarray(profile, dtype=float)
    return p / p.mean()


def _assert_covers(name: str, est: Est, truth: float) -> None:
    assert est.covers(truth), f"{name}: true {truth:.4g} outside {est.text('.4g')}"


def _check_arrivals(cal: Calibration, sc: ss.Scenario) -> None:
    a, d = cal.arrivals, sc.demand
    assert (a.open_hour, a.close_hour, a.open_weekdays) == (
        d.open_hour,
        d.close_hour,
        d.open_weekdays,
    )
    _assert_covers("arrivals_per_hour", a.rate, d.arrivals_per_hour)
    _assert_covers("daily_rate_cv", a.daily_cv, d.daily_rate_cv)
    if d.weekly_profile:
        for i, (est, truth) in enumerate(zip(a.weekly, _normalised(d.weekly_profile), strict=True)):
            _assert_covers(f"weekly[{i}]", est, truth)
    if d.intraday_profile:
        for i, (est, truth) in enumerate(
            zip(a.intraday, _normalised(d.intraday_profile), strict=True)
        ):
            _assert_covers(f"intraday[{i}]", est, truth)


def _check_handle(cal: Calibration, sc: ss.Scenario) -> None:
    h = cal.handle
    assert h is not None
    kinds = {k.name: k for k in sc.issues.kinds}
    mean_difficulty = sum(k.share * k.difficulty for k in kinds.values())
    s = sc.issues.handle_log_sd
    _assert_covers("handle_log_sd", h.log_sd, s)
    _assert_covers("mean_handle_min", h.mean_min, sc.issues.mean_handle_min)
    assert {k.name for k in h.kinds} == set(kinds)
    for k in h.kinds:
        true = kinds[k.name]
        difficulty = true.difficulty / mean_difficulty
        mu = math.log(60 * sc.issues.mean_handle_min * difficulty) - s**2 / 2
        _assert_covers(f"{k.name} log-mean", k.fit.log_mean, mu)
        _assert_covers(f"{k.name} log-sd", k.fit.log_sd, s)
        _assert_covers(f"{k.name} share", k.share, true.share)
        _assert_covers(f"{k.name} difficulty", k.difficulty, difficulty)
        assert k.line == true.line
    acw = 60 * sc.handling.notes_min * sc.behaviour.ideal_notes
    assert h.acw_mean_s == pytest.approx(acw, abs=0.5)  # exported in whole seconds


def _check_customers(cal: Calibration, sc: ss.Scenario) -> None:
    assert cal.patience is not None and cal.repeats is not None
    cu = sc.customers
    _assert_covers("mean_patience_min", cal.patience.mean_min, cu.mean_patience_min)
    _assert_covers("retry_prob", cal.repeats.retry, cu.retry_prob)
    # a return is seen within the 72-hour window with the lognormal delay's chance of that
    within = stats.norm.cdf(math.log(72 / cu.callback_median_hours) / cu.callback_log_sd)
    _assert_covers("callback_prob", cal.repeats.after_unresolved, cu.callback_prob * within)
    assert cal.repeats.after_resolved.value == 0.0  # resolved issues never come back


def test_default_center_round_trip() -> None:
    sc = clean("default", days=35)
    cal = _fit(sc)
    _check_arrivals(cal, sc)
    _check_handle(cal, sc)
    _check_customers(cal, sc)
    assert cal.calls.dropped == {}
    assert cal.staffing.agents == pytest.approx(sc.team.agents, abs=2)


def test_over_dispersed_arrivals_round_trip() -> None:
    sc = clean("default", days=56, daily_rate_cv=0.4, arrivals_per_hour=30.0, agents=12)
    cal = _fit(sc, seed=2)
    _check_arrivals(cal, sc)
    assert cal.arrivals.daily_cv.lo > 0.16  # clearly more dispersed than the default
    assert cal.arrivals.dispersion_index > 2.0  # hour-of-week cells: variance well above the mean


def test_product_lines_round_trip() -> None:
    sc = clean("product_lines", days=35)
    cal = _fit(sc, seed=3)
    _check_arrivals(cal, sc)
    _check_handle(cal, sc)
    staffing = cal.staffing
    assert staffing.lines == tuple(dict.fromkeys(k.line for k in cal.handle.kinds))  # type: ignore[union-attr]
    slots = sc.agent_lines()
    truth = {line: slots.count(i) for i, line in enumerate(sc.lines)}
    for line, agents in zip(staffing.lines, staffing.line_agents, strict=True):
        assert agents == pytest.approx(truth[line], abs=2), (line, agents, truth)


def test_always_open_center_recovers_the_delays() -> None:
    sc = clean(
        "default",
        days=28,
        open_hour=0,
        close_hour=24,
        open_weekdays=7,
        intraday_profile=(),
        weekly_profile=(),
        arrivals_per_hour=20.0,
        agents=40,
    )
    cal = _fit(sc, seed=4)
    _check_arrivals(cal, sc)
    _check_customers(cal, sc)
    r = cal.repeats
    assert r is not None
    _assert_covers("callback_median_hours", r.delay_median_h, sc.customers.callback_median_hours)
    _assert_covers("callback_log_sd", r.delay_log_sd, sc.customers.callback_log_sd)
    _assert_covers("mean_retry_min", r.retry_mean_min, sc.customers.mean_retry_min)


def test_deferred_returns_are_interval_censored() -> None:
    """In a center that closes at night, the return delays are still recovered although
    many returns were moved into the next morning."""
    sc = clean("default", days=35)
    r = _fit(sc, seed=5).repeats
    assert r is not None
    _assert_covers("callback_median_hours", r.delay_median_h, sc.customers.callback_median_hours)
    _assert_covers("callback_log_sd", r.delay_log_sd, sc.customers.callback_log_sd)
