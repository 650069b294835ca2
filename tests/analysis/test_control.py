"""Control charts: hand-made shifts are flagged; in-control series false-alarm at the rate theory gives."""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest
from scipy import stats

import supportsim as ss
from supportsim.analysis.control import (
    flag_rules,
    p_chart,
    team_p_chart,
    team_xmr_chart,
    xmr_chart,
)
from supportsim.analysis.scores import add_day, measured_contacts
from supportsim.errors import ConfigError


def test_each_rule_flags_its_pattern_and_only_it() -> None:
    quiet = [0.5, -0.5] * 6  # in control: alternating, never beyond 1 sigma
    after = quiet[::-1]  # starts below the centre, so the run of 8 stays exactly 8 long
    z = np.array([*quiet, 3.5, *quiet, *[1.0] * 8, *after, 2.5, 0.0, 2.5, *quiet, 2.5, -2.5, 0.5])
    flags = flag_rules(z)
    assert list(np.flatnonzero(flags["beyond_3sigma"])) == [12]
    assert list(np.flatnonzero(flags["run_of_8"])) == [12 + 12 + 8]  # only the 8th point of the run
    assert list(np.flatnonzero(flags["two_of_three"])) == [47]  # 2.5, 0, 2.5; not 2.5, -2.5
    assert flags["special"].sum() == 3
    assert not flag_rules(np.array(quiet))["special"].any()


def test_run_rule_flags_every_point_from_the_eighth() -> None:
    flags = flag_rules(np.array([0.2] * 10 + [-0.2] * 7 + [np.nan] + [0.2] * 3), rules=["run_of_8"])
    assert list(np.flatnonzero(flags["run_of_8"])) == [7, 8, 9]


def test_unknown_rule_is_named() -> None:
    with pytest.raises(ConfigError, match="unknown rule 'run_of_9'"):
        flag_rules(np.zeros(3), rules=["run_of_9"])


def _false_alarm_probability(points: int, rules: tuple[str, ...]) -> float:
    """P(at least one signal in ``points`` iid N(0, 1) points), by an exact Markov chain.

    State: sign and length of the current run, and which side (if any) each of the last
    two points lay beyond 2 sigma on.
    """
    p3 = stats.norm.sf(3)
    p2 = stats.norm.sf(2) - p3
    p0 = 0.5 - p2 - p3
    outcomes = [(s, band, p) for s in (1, -1) for band, p in ((0, p0), (2, p2), (3, p3))]
    states: dict[tuple[int, int, int, int], float] = {(0, 0, 0, 0): 1.0}
    for _ in range(points):
        nxt: dict[tuple[int, int, int, int], float] = {}
        for (sign, length, b1, b2), prob in states.items():
            for s, band, p in outcomes:
                run = length + 1 if s == sign else 1
                beyond2 = s if band >= 2 else 0
                alarm = (
                    ("beyond_3sigma" in rules and band == 3)
                    or ("run_of_8" in rules and run >= 8)
                    or ("two_of_three" in rules and beyond2 != 0 and beyond2 in (b1, b2))
                )
                if not alarm:
                    key = (s, min(run, 8), beyond2, b1)
                    nxt[key] = nxt.get(key, 0.0) + prob * p
        states = nxt
    return 1.0 - sum(states.values())


@pytest.mark.parametrize(
    "rules",
    [
        ("beyond_3sigma",),
        ("run_of_8",),
        ("two_of_three",),
        ("beyond_3sigma", "run_of_8", "two_of_three"),
    ],
)
def test_in_control_false_alarm_rate_matches_theory(rules: tuple[str, ...]) -> None:
    """10000 in-control series of 25 points with known centre and sigma, at 99% confidence."""
    rng = np.random.default_rng(zlib.crc32("-".join(rules).encode()))
    series, points = 10000, 25
    # One long series with two NaNs between the short ones: NaNs break runs and windows.
    z = np.full((series, points + 2), np.nan)
    z[:, :points] = rng.standard_normal((series, points))
    special = flag_rules(z.ravel(), rules=rules)["special"].to_numpy().reshape(series, points + 2)
    alarms = int(special.any(axis=1).sum())
    expected = _false_alarm_probability(points, rules)
    ci = stats.binomtest(alarms, series).proportion_ci(0.99)
    assert ci.low <= expected <= ci.high, f"{rules}: {alarms / series:.4f} vs theory {expected:.4f}"


def test_markov_oracle_agrees_with_closed_forms() -> None:
    assert _false_alarm_probability(25, ("beyond_3sigma",)) == pytest.approx(
        1 - (1 - 2 * stats.norm.sf(3)) ** 25
    )
    # A run of 8 needs at least 8 points: the first possible signal has probability 2 / 2^8.
    assert _false_alarm_probability(8, ("run_of_8",)) == pytest.approx(2 / 2**8)


def test_xmr_flags_a_sustained_shift_after_phase_one() -> None:
    rng = np.random.default_rng(3)
    before, after = rng.normal(10.0, 1.0, 30), rng.normal(12.0, 1.0, 15)
    chart = xmr_chart(np.concatenate([before, after]), baseline=30)
    assert chart["special"].iloc[30:].any()
    assert chart["sigma"].iloc[0] == pytest.approx(np.mean(np.abs(np.diff(before))) / 1.128)
    assert chart["ucl"].iloc[0] - chart["centre"].iloc[0] == pytest.approx(
        2.66 * np.mean(np.abs(np.diff(before))), rel=1e-3
    )


def test_p_chart_flags_a_jump_and_has_varying_limits() -> None:
    events = np.array([10] * 20 + [25])
    n = np.array([100] * 10 + [400] * 10 + [100])
    chart = p_chart(events, n, baseline=20)
    p = events[:20].sum() / n[:20].sum()
    assert chart["centre"].iloc[0] == pytest.approx(p)
    assert chart["ucl"].iloc[0] == pytest.approx(p + 3 * np.sqrt(p * (1 - p) / 100))
    assert chart["ucl"].iloc[15] < chart["ucl"].iloc[0]  # more answers, tighter limits
    assert chart["beyond_3sigma"].iloc[-1]
    with pytest.raises(ConfigError, match="events <= n"):
        p_chart([5], [3])


def test_team_charts_on_a_run(default_flat: list[ss.RunResult]) -> None:
    r = default_flat[0]
    contacts = add_day(measured_contacts(r.scenario, r.contacts))
    daily = team_p_chart(contacts, by="day")
    open_days = contacts["day"].nunique()
    assert len(daily) == open_days and daily.index.name == "day"
    assert daily["value"].between(0, 1).all() and (daily["lcl"] <= daily["ucl"]).all()
    weekly = team_p_chart(contacts, by="period")
    assert len(weekly) == contacts["period"].nunique()
    aht = team_xmr_chart(contacts, "handle_min", by="day")
    assert {"mr", "mr_ucl"} <= set(aht.columns)
    assert all(a < b for a, b in itertools.pairwise(daily.index))
