"""Blended agents (``blended_agents``): slots that take both phone and chat."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import supportsim
from supportsim.errors import ConfigError
from supportsim.scenario import DEFAULT_KINDS, Scenario

#: The default's kinds by phone, plus two of them again by chat on a line of their own.
MIXED = DEFAULT_KINDS + tuple(
    dataclasses.replace(k, name=f"{k.name}_chat", line="chat", channel="chat")
    for k in DEFAULT_KINDS[:2]
)


def _held(rows: pd.DataFrame) -> np.ndarray:
    """Contacts in hand just after each start (ends a hair early: a place freed and taken
    again at one instant is not an overlap)."""
    start = rows["start_min"].to_numpy()
    end = start + rows["handle_min"].to_numpy()
    events = np.concatenate([np.ones_like(start), -np.ones_like(end)])
    times = np.concatenate([start, end - 1e-9])
    return np.cumsum(events[np.lexsort((events, times))])


def test_blended_agents_serve_both_channels_within_their_places() -> None:
    sc = Scenario.build(kinds=MIXED, agents=20, days=14, warmup_days=2, blended_agents=6)
    c = supportsim.run(sc, "flat_salary", seed=3).contacts
    served = c[c["status"] == "served"]
    by_chat = served["kind"].astype(str).str.endswith("_chat")
    blended = set(range(6))
    lines = sc.agent_lines()
    chat_only = {a for a, line in enumerate(lines) if sc.lines[line] == "chat"} - blended
    phone_only = set(range(sc.agents)) - chat_only - blended
    for agent in blended:  # each blended agent served both channels
        mine = served["agent"] == agent
        assert (mine & by_chat).sum() > 0 and (mine & ~by_chat).sum() > 0, agent
    assert set(served.loc[by_chat, "agent"]) <= chat_only | blended
    assert set(served.loc[~by_chat, "agent"]) <= phone_only | blended
    for agent, rows in served.groupby("agent"):
        chats, calls = rows[by_chat[rows.index]], rows[~by_chat[rows.index]]
        assert _held(chats).max(initial=0) <= (3 if agent not in phone_only else 0), agent
        assert _held(calls).max(initial=0) <= (1 if agent not in chat_only else 0), agent
        if agent in blended:  # never a call while holding a chat (nor a chat during a call)
            both = pd.concat([calls.assign(w=3.0), chats.assign(w=1.0)]).sort_values("start_min")
            start = both["start_min"].to_numpy()
            end = start + both["handle_min"].to_numpy()
            weight = both["w"].to_numpy()
            events = np.concatenate([weight, -weight])
            times = np.concatenate([start, end - 1e-9])
            load = np.cumsum(events[np.lexsort((events, times))])
            assert load.max() <= 3, agent  # a call (3) with a chat (1) would make 4


def test_blending_pools_the_channels() -> None:
    """More blended agents, same headcount: shorter waits overall (pooled capacity)."""
    waits = []
    for blended in (0, 20):
        sc = Scenario.build(kinds=MIXED, agents=20, days=14, warmup_days=2, blended_agents=blended)
        c = supportsim.run(sc, "flat_salary", seed=4).contacts
        waits.append(float((c["start_min"] - c["arrive_min"]).mean()))
    assert waits[1] < waits[0]


def test_all_blended_on_a_phone_only_center_is_the_phone_center() -> None:
    sc = Scenario.build(days=14, warmup_days=2)
    phone = supportsim.run(sc, "flat_salary", seed=5)
    blended = supportsim.run(sc.replace(blended_agents=sc.agents), "flat_salary", seed=5)
    pd.testing.assert_frame_equal(phone.contacts, blended.contacts)
    pd.testing.assert_frame_equal(phone.agent_periods, blended.agent_periods)
    pd.testing.assert_frame_equal(phone.queue, blended.queue)
    pd.testing.assert_series_equal(pd.Series(phone.summary), pd.Series(blended.summary))


def test_blended_agents_are_checked() -> None:
    with pytest.raises(ConfigError, match=r"blended_agents=30 must be <= agents=25") as err:
        Scenario.build(blended_agents=30)
    assert "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="blended_agents") as err:
        Scenario.build(blended_agents=-1)
    assert "\n" not in str(err.value)


def _waits(c: pd.DataFrame) -> tuple[float, float]:
    """Mean wait of every call and of every chat (answered or abandoned)."""
    chat = c["kind"].astype(str).str.endswith("_chat")
    return float(c.loc[~chat, "wait_min"].mean()), float(c.loc[chat, "wait_min"].mean())


def test_a_full_reserve_keeps_blended_agents_off_chat() -> None:
    """With every blended agent in reserve, none ever starts a chat: they are phone agents
    who take the longest-waiting call of any line."""
    sc = Scenario.build(
        kinds=MIXED, agents=20, days=14, warmup_days=2, blended_agents=6, blend_reserve=6
    )
    c = supportsim.run(sc, "flat_salary", seed=3).contacts
    served = c[c["status"] == "served"]
    chat = served["kind"].astype(str).str.endswith("_chat")
    assert not served.loc[chat, "agent"].isin(range(6)).any()
    assert served.loc[~chat, "agent"].isin(range(6)).any()


def test_the_reserve_trades_chat_waits_for_call_waits() -> None:
    """The threshold policy: each step up in the reserve keeps more blended agents free for
    calls, so calls wait less and chats more (same customers and agents at each step;
    three replications). Two dedicated chat agents, so the blended ones are needed on
    chat (at no reserve they take about a third of the chats)."""
    steps = (0, 2, 4, 6)
    sc = Scenario.build(
        kinds=MIXED, agents=20, days=14, warmup_days=2, blended_agents=6, line_agents=(18, 2)
    )
    waits = np.array(
        [
            [
                _waits(
                    supportsim.run(
                        sc.replace(blend_reserve=r), "flat_salary", seed=6, replication=rep
                    ).contacts
                )
                for r in steps
            ]
            for rep in range(3)
        ]
    )  # fmt: skip  (replication x step x (call, chat))
    calls, chats = waits[:, :, 0].mean(axis=0), waits[:, :, 1].mean(axis=0)
    assert np.all(np.diff(calls) < 0), calls
    assert np.all(np.diff(chats) > 0), chats


def test_the_reserve_is_checked() -> None:
    with pytest.raises(ConfigError, match=r"blend_reserve=3 must be <= blended_agents=2") as err:
        Scenario.build(blended_agents=2, blend_reserve=3)
    assert "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="Did you mean 'blend_reserve'") as err:
        Scenario.build(blended_agents=2, blend_reserv=1)
    assert "\n" not in str(err.value)
