"""The chat floor's invariants, in a center with both channels."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import supportsim
from supportsim.errors import ConfigError
from supportsim.scenario import DEFAULT_KINDS, Scenario

#: The default's kinds by phone, plus two of them again by chat on a line of their own.
MIXED = DEFAULT_KINDS + tuple(
    dataclasses.replace(k, name=f"{k.name}_chat", line="chat", channel="chat")
    for k in DEFAULT_KINDS[:2]
)


def test_each_channel_keeps_its_agents_and_places() -> None:
    sc = Scenario.build(kinds=MIXED, agents=20, days=14, warmup_days=2, chat_concurrency=3)
    lines = sc.agent_lines()
    chat_agents = {a for a, line in enumerate(lines) if sc.lines[line] == "chat"}
    assert 0 < len(chat_agents) < sc.agents
    c = supportsim.run(sc, "flat_salary", seed=3).contacts
    served = c[c["status"] == "served"]
    by_chat = served["kind"].astype(str).str.endswith("_chat")
    assert set(served.loc[by_chat, "agent"]) <= chat_agents  # overflow stays in a channel
    assert not set(served.loc[~by_chat, "agent"]) & chat_agents
    for agent, rows in served.groupby("agent"):
        start = rows["start_min"].to_numpy()
        end = start + rows["handle_min"].to_numpy()
        events = np.concatenate([np.ones_like(start), -np.ones_like(end)])
        times = np.concatenate([start, end - 1e-9])
        held = np.cumsum(events[np.lexsort((events, times))]).max()
        assert held <= (3 if agent in chat_agents else 1), agent


def test_a_line_is_one_channel() -> None:
    kinds = [dataclasses.asdict(k) for k in DEFAULT_KINDS]
    kinds[1]["channel"] = "chat"
    with pytest.raises(ConfigError, match=r"how_to.*one queue of one channel") as err:
        Scenario.build(kinds=kinds)
    assert "\n" not in str(err.value)


def test_chat_parameters_are_checked() -> None:
    with pytest.raises(ConfigError, match="chat_concurrency") as err:
        Scenario.build(chat_concurrency=0)
    assert "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="Did you mean 'chat_concurrency'"):
        Scenario.build(chat_concurency=2)


def test_chat_customers_keep_their_patience_on_every_try() -> None:
    """Patience is predrawn for a customer's first four tries and drawn as needed after;
    either way a chat customer waits with chat patience. Infinitely patient chat customers
    on a short-staffed chat line never give up, however many times an unresolved issue
    brings them back; impatient phone customers do."""
    sc = Scenario.build(
        kinds=MIXED, agents=14, days=14, warmup_days=2, chat_patience_min=None,
        mean_patience_min=0.5,
    )  # fmt: skip
    c = supportsim.run(sc, "flat_salary", seed=4).contacts
    chat = c["kind"].astype(str).str.endswith("_chat")
    assert (c.loc[chat, "attempt"] >= 4).sum() > 10  # fifth tries and later were made
    assert (c.loc[chat, "wait_min"] > 0.5).any()  # and chats waited longer than phone patience
    assert not (c.loc[chat, "status"] == "abandoned").any()
    assert (c.loc[~chat, "status"] == "abandoned").any()
