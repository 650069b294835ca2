"""Built-in scenarios by name (``supportsim list scenarios``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from supportsim.registry import Registry
from supportsim.scenario.scenario import Scenario
from supportsim.scenario.world import DEFAULT_KINDS, IssueKind

SCENARIOS: Registry[Scenario] = Registry("scenario")

#: A mid-size technical-support team: 25 agents on 40-hour contracts, open 08:00-18:00
#: Monday to Friday, 70 new issues an hour, eight weeks with weekly reviews. See docs/model.md for every number's source.
SCENARIOS.add("default", Scenario(name="default"))

_STATIONARY: dict[str, Any] = dict(
    open_hour=0,
    close_hour=24,
    open_weekdays=7,
    intraday_profile=(),
    weekly_profile=(),
    daily_rate_cv=0.0,
    kinds=(IssueKind(name="standard", share=1.0),),
    handle_dist="exponential",
    defect_share=0.0,
    callback_prob=0.0,
    retry_prob=0.0,
    speed_sd=0.0,
    learning="fixed",
    checklist_min=0.0,
    notes_min=0.0,
    incidents_per_30_days=0.0,
    people_dynamics=False,
    roster="all_hours",
    days=28,
    warmup_days=2,
)
#: Stationary M/M/c: Poisson arrivals, exponential handle times, no defects, no callbacks,
#: no abandonment, fixed effort. Offered load 8.33 Erlangs on 10 agents.
SCENARIOS.add(
    "erlang_c",
    Scenario.build(
        name="erlang_c",
        agents=10,
        arrivals_per_hour=50.0,
        mean_handle_min=10.0,
        mean_patience_min=None,
        **_STATIONARY,
    ),
)
#: Stationary M/M/c+M (Erlang A / Palm): as ``erlang_c`` with exponential patience and a
#: heavier load (10 Erlangs on 10 agents), so abandonment matters.
SCENARIOS.add(
    "erlang_a",
    Scenario.build(
        name="erlang_a",
        agents=10,
        arrivals_per_hour=60.0,
        mean_handle_min=10.0,
        mean_patience_min=5.0,
        **_STATIONARY,
    ),
)

#: The default's kinds of issue split over two product lines (queues): account questions
#: (resets, billing) and the product itself (how-to, investigations). From the kinds' own
#: defect weights, the product line meets about twice the account line's defect share.
PRODUCT_LINE_KINDS = tuple(
    dataclasses.replace(
        k, line="accounts" if k.name in ("password_reset", "billing") else "product"
    )
    for k in DEFAULT_KINDS
)
#: The default team split over the two product lines, staffed in proportion to their work
#: (7 and 13 agents), idle agents helping the other line's queue (overflow): some agents meet
#: far more product failures than others.
SCENARIOS.add("product_lines", Scenario(name="product_lines", kinds=PRODUCT_LINE_KINDS))

#: Deming's red beads in a contact center: agents of identical skill, speed, courtesy and
#: effort (no ramp-up either), all drawing from one shared queue (the same bin of beads);
#: everything else as the default. Any differences in their numbers are chance, not theirs.
SCENARIOS.add(
    "red_beads",
    Scenario.build(
        name="red_beads",
        skill_sd=0.0,
        speed_sd=0.0,
        courtesy_sd=0.0,
        ramp_penalty=0.0,
        learning="fixed",
    ).pooled(),
)

#: The seeds' first story, a small chat team rated after each chat closes: the default's
#: kinds of issue all by chat (one ``chat`` queue), 8 agents on 40-hour contracts each
#: holding up to 3 chats (each slowed by chat_slowdown per other chat held), 30 new issues
#: an hour; everything else as the default (10-star survey after every chat).
CHAT_KINDS = tuple(dataclasses.replace(k, line="chat", channel="chat") for k in DEFAULT_KINDS)
SCENARIOS.add(
    "chat_team",
    Scenario.build(
        name="chat_team", kinds=CHAT_KINDS, agents=8, arrivals_per_hour=30.0, chat_concurrency=3
    ),
)
