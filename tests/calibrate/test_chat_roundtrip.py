"""Round trip with chat: simulate a center with chat kinds, export its contact log (with
the ``channel`` column), calibrate, and recover each kind's channel, the chat arrival
rate, the chat customers' patience, a chat agent's places and the talk of a chat held
alone (the slowdown taken off), within the estimators' 99.9% intervals."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from simulated_logs import as_calls, clean, simulated_log

import supportsim as ss
from supportsim.calibrate import Calibration, calibrate, calibrate_log
from supportsim.calibrate.calls import tidy
from supportsim.calibrate.roles import outcome_codes
from supportsim.scenario import DEFAULT_KINDS

LEVEL = 0.999
#: The default's kinds by phone, and how-to and password resets again by chat.
MIXED = DEFAULT_KINDS + tuple(
    dataclasses.replace(k, name=f"{k.name}_chat", line="chat", channel="chat")
    for k in DEFAULT_KINDS[:2]
)


def _check_chat(cal: Calibration, sc: ss.Scenario) -> None:
    kinds = {k.name: k for k in sc.issues.kinds}
    total = sum(k.share for k in kinds.values())
    mean_difficulty = sum(k.share * k.difficulty for k in kinds.values()) / total
    chat_share = sum(k.share for k in kinds.values() if k.channel == "chat") / total
    assert cal.chat_share is not None and cal.chat_share.covers(chat_share), cal.chat_share
    assert cal.chat_rate == pytest.approx(sc.demand.arrivals_per_hour * chat_share, rel=0.15)
    assert cal.chat_concurrency == sc.team.chat_concurrency
    assert cal.chat_patience is not None
    assert cal.chat_patience.mean_min.covers(sc.customers.chat_patience_min)
    h = cal.handle
    assert h is not None and {k.name for k in h.kinds} == set(kinds)
    s = sc.issues.handle_log_sd
    for k in h.kinds:
        true = kinds[k.name]
        assert (k.channel, k.line) == (true.channel, true.line), k.name
        difficulty = true.difficulty / mean_difficulty
        mu = math.log(60 * sc.issues.mean_handle_min * difficulty) - s**2 / 2
        assert k.fit.log_mean.covers(mu), (k.name, k.fit.log_mean, mu)
        assert k.difficulty.covers(difficulty), (k.name, k.difficulty, difficulty)
        assert k.share.covers(true.share / total), (k.name, k.share, true.share / total)


def test_chat_team_round_trip() -> None:
    sc = clean("chat_team", days=35)
    log = simulated_log(sc)
    assert set(log["channel"]) == {"chat"}
    cal = calibrate(as_calls(log), level=LEVEL)
    _check_chat(cal, sc)
    assert cal.patience is None  # no phone calls: the phone's patience is the base's
    assert cal.calls.dropped == {}


def test_mixed_center_round_trip_and_scenario() -> None:
    sc = clean("default", kinds=MIXED, agents=20, days=35)
    log = simulated_log(sc, seed=2)
    cal = calibrate(as_calls(log), level=LEVEL)
    _check_chat(cal, sc)
    assert cal.patience is not None and cal.patience.mean_min.covers(sc.customers.mean_patience_min)
    assert set(cal.staffing.lines) == {"chat", "main"}
    built = calibrate_log(as_calls(log), name="mixed").scenario  # loads as it is
    assert {k.name: k.channel for k in built.issues.kinds} == {
        k.name: k.channel for k in sc.issues.kinds
    }
    assert built.team.chat_concurrency == 3
    assert built.customers.chat_patience_min == pytest.approx(
        cal.chat_patience.mean_min.value,  # type: ignore[union-attr]
        abs=1e-3,
    )


def test_blended_agents_are_counted_and_written() -> None:
    """A center whose first 6 slots take both channels: the log shows 6 agents on both, the
    calibrated scenario has 6 blended agents (and the mixed center above, none)."""
    sc = clean("default", kinds=MIXED, agents=20, days=21, blended_agents=6)
    log = simulated_log(sc, seed=3)
    cal = calibrate(as_calls(log), level=LEVEL)
    assert cal.blended_agents == 6
    assert any("blended_agents" in n for n in cal.notes)
    built = calibrate_log(as_calls(log), name="blended").scenario
    assert built.team.blended_agents == 6
    plain = clean("default", kinds=MIXED, agents=20, days=21)
    assert calibrate(as_calls(simulated_log(plain, seed=3)), level=LEVEL).blended_agents == 0


def test_channel_values_are_mapped_and_unknown_ones_reported() -> None:
    log = simulated_log(clean("default", kinds=MIXED, agents=20, days=14), seed=3)
    log["channel"] = log["channel"].map({"phone": "Voice", "chat": "WEB-CHAT"})
    log.loc[:4, "channel"] = "email"
    log.loc[5:6, "channel"] = ""
    calls = as_calls(log)
    assert set(calls.frame["channel"]) == {"phone", "chat"}
    assert calls.dropped == {"channel not phone or chat (email)": 5, "channel missing": 2}
    assert len(calls.frame) == len(log) - 7


def test_a_type_on_both_channels_becomes_two_kinds() -> None:
    log = simulated_log(clean("default", kinds=MIXED, agents=20, days=14), seed=4)
    log["type"] = log["type"].str.removesuffix("_chat")  # one type name on both channels
    log["queue"] = "main"  # and one queue name
    frame = tidy(log.astype("string"), outcome_codes(None), {"channel": "channel"}, "t").frame
    chat = frame["channel"] == "chat"
    assert set(frame.loc[chat, "type"]) == {"how_to chat", "password_reset chat"}
    assert set(frame.loc[chat, "queue"]) == {"main chat"}
    assert set(frame.loc[~chat, "queue"]) == {"main"}


def test_phone_only_export_has_no_channel_column() -> None:
    log = simulated_log(clean("default", days=14))
    assert "channel" not in log.columns
    assert isinstance(log, pd.DataFrame)
