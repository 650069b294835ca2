"""The contact center: arrivals, the FIFO queue, routing, abandonment, retrials, reviews.

The event logic uses simpy's environment with plain callbacks on timeouts rather than one
generator process per contact: a contact needs only an arrival, a patience timer (when it
has to wait) and the agent's release, and callbacks cost about a twelfth of
``simpy.Resource`` plus processes per customer (measured: ~1 us vs ~13 us), which is what
makes tens of thousands of contacts per second possible. Slow clocks (review periods,
queue monitoring) are ordinary simpy processes.

What the world knows about issue ``i`` is in the issue store's lists at its slot,
``issues.slot(i)`` (inlined below; see :mod:`supportsim.world.issues`): new issues are drawn
as each day is reached and forgotten once out of play, so routing reads an issue only there.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import simpy
from simpy.events import Event, Timeout

from supportsim.behaviour.learning import update_efforts
from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.schemes.base import Scheme, active_scheme, repeat_window_days
from supportsim.world.agents import Team
from supportsim.world.calendar import DAY, Calendar
from supportsim.world.demand import PREDRAWN
from supportsim.world.handling import SurveyState, make_handler
from supportsim.world.issues import IssueStore
from supportsim.world.management import PeriodRecord, review_period
from supportsim.world.people import Standing
from supportsim.world.records import ABANDONED, OPEN, ContactLog
from supportsim.world.repeats import RepeatBook
from supportsim.world.surveys import survey_of

#: Receives each period's contact rows when the log is not kept (see :func:`simulate`).
RowSink = Callable[[dict[str, np.ndarray]], None]


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
    calendar = Calendar(sc)
    horizon = sc.days * DAY
    issues = IssueStore(sc, streams, keep=rows is None)
    team = Team(sc, streams.agents)
    log = ContactLog()
    survey = SurveyState(survey_of(scheme, 0), sc)
    standing = Standing.new(sc.agents)

    # One FIFO queue and one idle list per product line; with a single line (the textbook
    # cases) this is the plain M/M/c queue.
    agent_line = sc.agent_lines()
    n_lines = len(sc.lines)
    overflow = sc.overflow and n_lines > 1
    others = [[m for m in range(n_lines) if m != line] for line in range(n_lines)]
    free: list[deque[int]] = [deque() for _ in range(n_lines)]  # longest idle first
    for a, line in enumerate(agent_line):
        free[line].append(a)
    busy = [False] * sc.agents
    vacant: set[int] = set()  # slots whose agent left and whose new hire has not started
    queues: list[deque[list[Any]]] = [deque() for _ in range(n_lines)]
    # queue entries: [issue, arrived, attempt, still_waiting]
    issue_line = issues.line
    waiting = [0]
    patience, retry_u, retry_delay = issues.patience, issues.retry_u, issues.retry_delay
    attempts, refs, moved = issues.attempts, issues.refs, issues.moved
    retry_prob = sc.retry_prob
    g_customers = streams.customers
    inf = math.inf

    def come_back(i: int, at: float) -> None:
        if at < horizon:
            # a pending arrival keeps the issue in play
            refs[i + issues.shift if i >= issues.base else moved[i]] += 1
            Timeout(env, at - env.now, i).callbacks.append(on_return)

    handle = make_handler(sc, team, issues, log, survey, streams, calendar, come_back)

    def start(agent: int, i: int, attempt: int, arrived: float, now: float) -> None:
        busy[agent] = True
        Timeout(env, handle(agent, i, attempt, arrived, now), agent).callbacks.append(on_free)

    def arrive(i: int, now: float) -> None:
        li = i + issues.shift if i >= issues.base else moved[i]  # the issue's slot
        attempt = attempts[li]
        attempts[li] = attempt + 1
        line = issue_line[li]
        idle = free[line]
        if idle:
            start(idle.popleft(), i, attempt, now, now)
            return
        if overflow:  # another line's idle agent
            for m in others[line]:
                if free[m]:
                    start(free[m].popleft(), i, attempt, now, now)
                    return
        entry = [i, now, attempt, True]
        queues[line].append(entry)
        waiting[0] += 1
        k = li * PREDRAWN + attempt
        wait_limit = patience[k] if attempt < PREDRAWN else _patience(sc, g_customers)
        if wait_limit < inf:
            Timeout(env, wait_limit, entry).callbacks.append(on_patience)

    def on_patience(ev: Event) -> None:
        entry = cast(list[Any], ev.value)
        if not entry[3]:
            return  # answered before patience ran out
        entry[3] = False
        waiting[0] -= 1
        i, arrived, attempt = entry[0], entry[1], entry[2]
        now = env.now
        log.unserved(i, attempt, arrived, now, ABANDONED)
        li = issues.slot(i)
        refs[li] -= 1  # the arrival is over; a retry puts one back
        k = li * PREDRAWN + attempt
        if attempt < PREDRAWN:
            u, delay = retry_u[k], retry_delay[k]
        else:
            u, delay = g_customers.random(), g_customers.exponential(sc.mean_retry_min)
        if u < retry_prob:
            come_back(i, calendar.defer(now + delay))

    def on_free(ev: Event) -> None:
        agent = cast(int, ev.value)
        busy[agent] = False
        if agent not in vacant:
            take_next(agent)

    def take_next(agent: int) -> None:
        line = agent_line[agent]
        queue = queues[line]
        while queue:
            entry = queue.popleft()
            if entry[3]:  # skip entries that abandoned while queued
                serve(agent, entry)
                return
        if overflow:  # the longest-waiting contact of another line
            oldest: deque[list[Any]] | None = None
            for m in others[line]:
                q = queues[m]
                while q and not q[0][3]:
                    q.popleft()
                if q and (oldest is None or q[0][1] < oldest[0][1]):
                    oldest = q
            if oldest is not None:
                serve(agent, oldest.popleft())
                return
        free[line].append(agent)

    def serve(agent: int, entry: list[Any]) -> None:
        entry[3] = False
        waiting[0] -= 1
        start(agent, entry[0], entry[2], entry[1], env.now)

    def on_return(ev: Event) -> None:
        arrive(cast(int, ev.value), env.now)

    arrival_list = issues.arrival

    def on_new(ev: Event) -> None:
        i = cast(int, ev.value)
        now = env.now
        arrive(i, now)
        if i + 1 < issues.end or issues.load_next():  # the next day is drawn when reached
            at = arrival_list[i + 1 + issues.shift]
            Timeout(env, at - now, i + 1).callbacks.append(on_new)

    if issues.load_next():
        Timeout(env, arrival_list[0], 0).callbacks.append(on_new)

    # --- management: one review per period -------------------------------------------
    periods: list[PeriodRecord] = []
    period_rows = [0]
    period_min = sc.period_days * DAY
    # The last period may be partial (days not a multiple of period_days); it is still reviewed.
    n_periods = math.ceil(sc.days / sc.period_days)
    windows = [repeat_window_days(active_scheme(scheme, p)) for p in range(n_periods)]
    repeats = RepeatBook(windows, sc.period_days, sc.agents, issues.in_play)
    issues_held: list[int] = []
    repeats_held: list[int] = []

    def hand_on(stop: int) -> None:
        """Without a kept log: pass rows ``[0, stop)`` on and forget them."""
        assert rows is not None
        taken = log.take(stop)
        taken["created_min"] = issues.created_of(taken["issue"])
        rows(taken)

    def close_period() -> PeriodRecord:
        p = len(periods)
        start, stop = (period_rows[-1], len(log)) if rows is None else (0, len(log))
        record = review_period(
            p, sc, team, scheme, standing, log, start, stop, issues.kind_of, repeats, streams
        )
        periods.append(record)
        if rows is None:
            period_rows.append(stop)
        else:
            hand_on(stop)
        issues.release()
        issues_held.append(len(issues))
        repeats_held.append(len(repeats))
        return record

    def depart(idx: np.ndarray) -> None:
        """Agents leave now; their slots are refilled after the hiring delay."""
        if idx.size == 0:
            return
        team.vacate(idx)
        for a in idx.tolist():
            vacant.add(a)
            if a in free[agent_line[a]]:
                free[agent_line[a]].remove(a)
        Timeout(env, sc.hiring_delay_days * DAY, idx).callbacks.append(on_hire)

    def on_hire(ev: Event) -> None:
        idx = cast(np.ndarray, ev.value)
        team.hire(idx, env.now / DAY, streams.people)
        standing.reset(idx)
        for a in idx.tolist():
            vacant.discard(a)
            if not busy[a]:  # else the slot's last contact is still running; on_free frees it
                take_next(a)

    def reviews(env: simpy.Environment) -> Generator[Event, Any, None]:
        for p in range(n_periods):
            # A review due exactly at the horizon is never reached by env.run(until=...);
            # it is held after the run instead (see below).
            yield env.timeout(period_min)
            record = close_period()
            if sc.learning != "fixed":
                update_efforts(team, record.decision, sc, streams.behaviour)
            team.refresh(day=(p + 1) * sc.period_days)
            gone = record.departures.quit | record.departures.dismissed
            depart(np.flatnonzero(gone))
            survey.set(survey_of(scheme, p + 1), sc)

    env.process(reviews(env))

    samples: list[tuple[float, int, int]] = []
    if sc.monitor_interval_min > 0:

        def monitor(env: simpy.Environment) -> Generator[Event, Any, None]:
            while True:
                samples.append((env.now, waiting[0], sum(busy)))
                yield env.timeout(sc.monitor_interval_min)

        env.process(monitor(env))

    env.run(until=horizon)
    if len(periods) < n_periods:
        close_period()
    for entry in sorted((e for q in queues for e in q if e[3]), key=lambda e: e[1]):
        log.unserved(entry[0], entry[2], entry[1], math.nan, OPEN)
    if rows is not None and len(log):
        hand_on(len(log))

    table = issues.table()
    return RawRun(
        scenario=sc,
        log=log,
        issue_kind=table.kind,
        issue_arrival=table.arrival,
        issue_defect=table.defect,
        issue_incident=table.incident,
        issue_fix_at=table.fix_at,
        periods=periods,
        period_rows=period_rows if rows is None else [],
        scale=survey_of(scheme, 0).scale,
        queue_samples=samples,
        horizon=horizon,
        issues_held=issues_held,
        repeats_held=repeats_held,
    )


def _patience(sc: Scenario, g: np.random.Generator) -> float:
    return math.inf if sc.mean_patience_min is None else float(g.exponential(sc.mean_patience_min))
