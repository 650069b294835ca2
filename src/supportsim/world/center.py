"""The contact center, assembled: one replication of a scenario under a scheme.

Two clocks run in one simpy environment:

* the **contact clock** (:mod:`supportsim.world.routing`): arrivals, queues, routing,
  patience and retrials, each contact handled by :mod:`supportsim.world.handling`; hot;
* the **period clock** (:mod:`supportsim.world.review`): the review at the end of every
  period, where management observes, the scheme decides, people respond and agents learn.

:func:`simulate` builds both from the scenario's sections, runs them, and returns the raw
records (:class:`RawRun`) that :mod:`supportsim.world.tables` turns into tables.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from simpy.events import Event

from supportsim.behaviour import make_learning
from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.schemes.base import Scheme
from supportsim.schemes.surveys import survey_of
from supportsim.world.agents import Team
from supportsim.world.blend import BlendFloor, blend_dispatch
from supportsim.world.calendar import DAY, WEEK, Calendar
from supportsim.world.chat import ChatFloor, chat_dispatch
from supportsim.world.demand import IssueSource
from supportsim.world.handling import ContactRules, SurveyState, make_handler
from supportsim.world.issues import IssueStore
from supportsim.world.people import Standing
from supportsim.world.records import ContactLog
from supportsim.world.review import Center, PeriodRecord, ReviewCycle, RowSink
from supportsim.world.roster import build_roster, roster_clock
from supportsim.world.routing import ComeBack, Floor, Handler, Lines, open_floor

__all__ = ["PeriodRecord", "RawRun", "RowSink", "simulate"]


@dataclass
class RawRun:
    """Everything one simulation produced, before it is turned into tables.

    Without a kept log (see :func:`simulate`) ``log`` and the issue columns are empty.
    """

    scenario: Scenario
    log: ContactLog
    issue_kind: np.ndarray
    issue_arrival: np.ndarray
    issue_defect: np.ndarray
    issue_incident: np.ndarray
    issue_fix_at: np.ndarray
    periods: list[PeriodRecord]
    period_rows: list[int]  # log position at each period boundary (kept log only)
    scale: str = "stars10"
    queue_samples: list[tuple[float, int, int]] = field(default_factory=list)
    horizon: float = 0.0
    issues_held: list[int] = field(default_factory=list)  # issues in memory at each review
    repeats_held: list[int] = field(default_factory=list)  # contacts kept for repeat tracking


def simulate(
    sc: Scenario, scheme: Scheme, streams: Streams, *, rows: RowSink | None = None
) -> RawRun:
    """Run one replication of ``sc`` under ``scheme`` and return its raw records.

    By default the whole contact log and every issue's table columns are kept. With
    ``rows``, each review instead hands the period's log rows (numpy columns, plus the
    ``created_min`` of each row's issue) to ``rows`` and forgets them, and issues are
    forgotten once out of play: memory then stays flat however long the run. Either way
    the world, and so every row, is the same.
    """
    env = simpy.Environment()
    calendar = Calendar(sc.demand)
    horizon = sc.run.days * DAY
    source = IssueSource(sc.demand, sc.issues, sc.customers, sc.run.days, streams.incidents)
    dumping = sc.behaviour.call_dumping
    issues = IssueStore(source, sc.run.days, streams, keep=rows is None, dumping=dumping)
    team = Team(sc.team, sc.handling, sc.surveys, sc.behaviour, sc.people, streams.agents)
    log = ContactLog()
    survey = SurveyState(survey_of(scheme, 0), sc.surveys, sc.people.people_dynamics)
    rules = ContactRules(sc.handling, sc.surveys, sc.customers, sc.people)

    def make_handle(come_back: ComeBack) -> Handler:
        return make_handler(rules, team, issues, log, survey, streams, calendar, come_back)

    agent_lines = sc.agent_lines()
    lines, kind = _lines(sc, agent_lines, team, issues)
    roster = build_roster(sc.staffing, sc.demand, agent_lines)
    floor = open_floor(
        env,
        lines,
        sc.customers,
        issues,
        log,
        calendar,
        streams.customers,
        make_handle,
        roster.on_duty_at(0.0),
        **kind,
    )
    floor.start()
    rule = make_learning(sc.behaviour, team.ideal, team.free_dims, team.effort)
    center = Center(team, Standing.new(sc.team.agents), issues, log, survey, floor, rule, streams)
    cycle = ReviewCycle(env, sc, scheme, center, roster, rows)
    env.process(cycle.process())
    if not roster.always:
        weeks = math.ceil(horizon / WEEK)
        env.process(roster_clock(env, roster, weeks, floor.on_duty, floor.off_duty))
    samples: list[tuple[float, int, int]] = []
    if sc.run.monitor_interval_min > 0:
        env.process(_monitor(env, floor, sc.run.monitor_interval_min, samples))

    env.run(until=horizon)
    cycle.finish()
    floor.close()
    if rows is not None and len(log):
        cycle.hand_on(len(log))
    table = issues.table()
    return RawRun(
        scenario=sc,
        log=log,
        issue_kind=table.kind,
        issue_arrival=table.arrival,
        issue_defect=table.defect,
        issue_incident=table.incident,
        issue_fix_at=table.fix_at,
        periods=cycle.periods,
        period_rows=cycle.period_rows if rows is None else [],
        scale=survey_of(scheme, 0).scale,
        queue_samples=samples,
        horizon=horizon,
        issues_held=cycle.issues_held,
        repeats_held=cycle.repeats_held,
    )


def _lines(
    sc: Scenario, agent_lines: list[int], team: Team, issues: IssueStore
) -> tuple[Lines, dict[str, Any]]:
    """The floor's lines, and the chat or blended floor's parts for :func:`open_floor` if
    there is chat or there are blended agents (else none: the phone floor)."""
    overflow = sc.team.overflow and len(sc.lines) > 1
    t = sc.team
    if not sc.issues.has_chat and not t.blended_agents:
        return Lines(agent_lines, len(sc.lines), overflow), {}
    chat = sc.issues.line_chat
    if t.blended_agents:
        blended = tuple(a < t.blended_agents for a in range(len(agent_lines)))
        lines = Lines(
            agent_lines,
            len(sc.lines),
            overflow=True,  # to the blended agents' deques; ``spill`` is the lines' overflow
            chat=chat,
            concurrency=t.chat_concurrency,
            slowdown=t.chat_slowdown,
            blended=blended,
            spill=overflow,
            reserve=t.blend_reserve,
        )
        return lines, {
            "floor_class": BlendFloor,
            "dispatch": blend_dispatch(team.talk_mult, issues),
        }
    lines = Lines(agent_lines, len(sc.lines), overflow, chat, t.chat_concurrency, t.chat_slowdown)
    return lines, {"floor_class": ChatFloor, "dispatch": chat_dispatch(team.talk_mult)}


def _monitor(
    env: simpy.Environment, floor: Floor, every: float, samples: list[tuple[float, int, int]]
) -> Generator[Event, Any, None]:
    """Sample the queue length and busy agents every ``every`` minutes."""
    while True:
        samples.append((env.now, floor.waiting[0], sum(floor.busy)))
        yield env.timeout(every)
