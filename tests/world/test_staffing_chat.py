"""staff_for with chat: chat hours are sized in places, an agent counting for the chat
capacity c / (1 + s (c - 1)) rather than for one chat."""

from __future__ import annotations

import math

import supportsim as ss
from supportsim.scenario import DEFAULT_KINDS
from supportsim.staffing import agents_for, chat_agents_for, staff_for
from supportsim.world.calendar import DAY


def test_chat_agents_are_places_over_concurrency() -> None:
    # one place per agent and no slowdown: a chat agent is a phone agent
    assert chat_agents_for(100.0, 3.0, 0.8, 20.0, 1, 0.0) == agents_for(100.0, 3.0, 0.8, 20.0)
    places = agents_for(100.0, 3.0 * 1.5, 0.8, 20.0)  # c = 3, s = 0.25: full pace x 1.5
    assert chat_agents_for(100.0, 3.0, 0.8, 20.0, 3, 0.25) == math.ceil(places / 3)
    assert chat_agents_for(0.0, 3.0, 0.8, 20.0, 3, 0.25) == 0


def test_a_chat_team_is_staffed_by_its_chat_capacity() -> None:
    chat = ss.get_scenario("chat_team").replace(days=28)
    plan = staff_for(chat, target=0.8, within_sec=20)
    assert set(plan.workload["channel"]) == {"chat"}
    by_phone = staff_for(chat.replace(kinds=DEFAULT_KINDS), target=0.8, within_sec=20)
    assert "channel" not in by_phone.workload.columns
    # about half the agents: capacity 2 chats per handle time at c = 3, s = 0.25
    assert plan.scenario.agents < 0.65 * by_phone.scenario.agents
    c = ss.run(plan.scenario, "flat_salary", seed=1).contacts
    c = c[c["arrive_min"] >= plan.scenario.run.warmup_days * DAY]
    answered_in_time = (c["status"] == "served") & (c["start_min"] - c["arrive_min"] <= 20 / 60)
    assert answered_in_time.mean() >= 0.8  # sized at full concurrency: on the safe side
