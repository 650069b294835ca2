"""The chat slowdown from a contact log (:func:`supportsim.calibrate.channels.fit_slowdown`):
round trips of chat centers with known slowdowns, the estimator on synthetic chats whose
slow agents hold more chats (the agent x type demeaning matters), and the fallback to the
base's slowdown when too few chats were answered while their agent held another."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from simulated_logs import as_calls, clean, simulated_log

import supportsim as ss
from supportsim.calibrate import Calibration, calibrate
from supportsim.calibrate.channels import MIN_SHARED, fit_slowdown
from supportsim.calibrate.summary import summary_text
from supportsim.calibrate.writing import scenario_params

#: The slowdown's interval level; the kinds' log-means are checked at the chat round trip's.
LEVEL, KINDS_LEVEL = 0.99, 0.999


def tolerance(s: float) -> float:
    """How close the point must come to the truth ``s`` on five weeks of ``chat_team``:
    about two standard errors (0.013 at 0.1 and 0.25, 0.035 at 0.5 over seeds), closer
    than ignoring the chats held (0), ignoring the agents' speeds (0.61 for 0.5 with
    ``speed_sd`` 0.3) or taking log talk as linear in the chats held (about 0.38 for 0.5)."""
    return 0.04 + 0.08 * s


@pytest.mark.parametrize(
    ("slowdown", "speed_sd", "seed"),
    [(0.25, 0.0, 1), (0.5, 0.0, 2), (0.5, 0.3, 3), (0.1, 0.3, 4)],
)
def test_chat_team_slowdown_round_trip(slowdown: float, speed_sd: float, seed: int) -> None:
    sc = clean("chat_team", days=35, chat_slowdown=slowdown, speed_sd=speed_sd)
    log = as_calls(simulated_log(sc, seed=seed))
    cal = calibrate(log, level=LEVEL)
    fit = cal.chat_slowdown
    assert fit is not None and fit.estimated
    assert fit.s.covers(slowdown), fit.s
    assert fit.s.value == pytest.approx(slowdown, abs=tolerance(slowdown))
    assert fit.s.hi - fit.s.lo < 0.2  # an interval that says something
    params = scenario_params(cal, ss.get_scenario("default"))
    assert params["team"]["chat_slowdown"] == pytest.approx(fit.s.value, abs=1e-4)
    assert params["team"]["chat_concurrency"] == 3
    text = summary_text(cal)
    assert f"slowdown per other chat held {fit.s.text('.3f')} (estimated from" in text
    assert "is estimated from the log" in text
    if speed_sd == 0.0:  # (agents' speeds would widen and shift the kinds' log talk)
        _check_alone_talk(calibrate(log, level=KINDS_LEVEL), sc)


def _check_alone_talk(cal: Calibration, sc: ss.Scenario) -> None:
    """The kinds carry the talk of a chat held alone: the fitted slowdown is taken off."""
    assert cal.handle is not None
    kinds = {k.name: k for k in sc.issues.kinds}
    total = sum(k.share for k in kinds.values())
    mean_difficulty = sum(k.share * k.difficulty for k in kinds.values()) / total
    log_sd = sc.issues.handle_log_sd
    for k in cal.handle.kinds:
        mean_s = 60 * sc.issues.mean_handle_min * kinds[k.name].difficulty / mean_difficulty
        assert k.fit.log_mean.covers(math.log(mean_s) - log_sd**2 / 2), (k.name, k.fit.log_mean)


def _synthetic_chats(slowdown: float, seed: int, shared: int | None = None) -> pd.DataFrame:
    """Chats of 12 agents over 20 days: the slower an agent, the more chats they hold (as
    when slow agents finish later), types of different work; ``held`` and ``talk_s``
    (lognormal, log-sd 0.8, times the agent's speed and the slowdown). ``shared``: only so
    many chats held with another."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    agents, days, per_day = 12, 20, 30
    n = agents * days * per_day
    agent = np.repeat(np.arange(agents), days * per_day)
    day = np.tile(np.repeat(np.arange(days), per_day), agents)
    speed = np.exp(np.linspace(-0.4, 0.4, agents))
    # a slow agent's chats are held with more others: P(held = 1, 2, 3) shifts with speed
    p3 = np.clip(0.1 + 0.6 * (speed[agent] - speed.min()) / np.ptp(speed), 0, 0.7)
    u = rng.random(n)
    held = np.where(u < p3, 3, np.where(u < p3 + 0.3, 2, 1))
    if shared is not None:
        held[:] = 1
        held[rng.choice(n, size=shared, replace=False)] = 2
    kind = rng.choice(["easy", "mid", "hard"], size=n)
    work = pd.Series(kind).map({"easy": 200.0, "mid": 480.0, "hard": 1200.0}).to_numpy()
    talk = work * speed[agent] * (1 + slowdown * (held - 1)) * np.exp(rng.normal(0, 0.8, n))
    return pd.DataFrame(
        {
            "channel": "chat",
            "agent": pd.array([f"a{a}" for a in agent], dtype="string"),
            "type": pd.array(kind, dtype="string"),
            "arrive": pd.Timestamp("2024-01-01 09:00") + pd.to_timedelta(day, unit="D"),
            "talk_s": talk,
            "held": held,
        }
    )


def test_estimator_removes_agents_speeds() -> None:
    chats = _synthetic_chats(0.4, seed=11)
    fit = fit_slowdown(chats, chats["held"], base_s=0.25, level=0.95)
    assert fit.estimated and fit.chats == len(chats)
    assert fit.s.covers(0.4), fit.s
    assert fit.s.value == pytest.approx(0.4, abs=0.05)
    # one agent for all: the slow agents' longer talks are read as slowdown
    pooled = chats.assign(agent="everyone")
    naive = fit_slowdown(pooled, pooled["held"], base_s=0.25, level=0.95)
    assert naive.s.value > 0.6 and not naive.s.covers(0.4), naive.s


def test_estimator_is_seeded_and_finds_no_slowdown() -> None:
    chats = _synthetic_chats(0.0, seed=12)
    a, b = (fit_slowdown(chats, chats["held"], 0.25, seed=5) for _ in range(2))
    assert a == b  # the bootstrap draws from its seed, not from global state
    assert a.s.lo == 0.0 and a.s.value < 0.05, a.s


def test_too_few_shared_chats_keep_the_bases_slowdown() -> None:
    chats = _synthetic_chats(0.4, seed=13, shared=MIN_SHARED - 1)
    fit = fit_slowdown(chats, chats["held"], base_s=0.25)
    assert not fit.estimated and fit.shared == MIN_SHARED - 1
    assert fit.s.value == 0.25 and math.isnan(fit.s.lo)
    assert "is the base's" in fit.note()


def test_one_chat_at_a_time_calibrates_with_the_bases_slowdown() -> None:
    sc = clean("chat_team", days=14, chat_concurrency=1)
    cal = calibrate(as_calls(simulated_log(sc)), base=ss.get_scenario("chat_team"))
    fit = cal.chat_slowdown
    assert fit is not None and not fit.estimated and fit.shared == 0
    assert cal.chat_concurrency == 1
    params = scenario_params(cal, ss.get_scenario("default"))
    assert params["team"]["chat_slowdown"] == 0.25  # chat_team's
    text = summary_text(cal)
    assert "slowdown per other chat held 0.250 (the base's: only 0 chats" in text
    assert any("chat_slowdown 0.25 is the base's" in note for note in cal.notes)


def test_phone_only_log_has_no_slowdown() -> None:
    cal = calibrate(as_calls(simulated_log(clean("default", days=14))))
    assert cal.chat_slowdown is None
    assert "chat_slowdown" not in scenario_params(cal, ss.get_scenario("default"))["team"]
