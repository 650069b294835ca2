"""The contact clock: arrivals, the FIFO queues, routing to agents, patience, retrials.

The event logic uses simpy's environment with plain callbacks on timed events rather than
one generator process per contact: a contact needs only an arrival, a patience timer (when
it has to wait) and the agent's release, and callbacks cost about a twelfth of
``simpy.Resource`` plus processes per customer (measured: ~1 us vs ~13 us), which is what
makes tens of thousands of contacts per second possible. The callbacks are closures over
plain lists (no attribute lookups on the hot path), built once by :func:`open_floor`.

The timed events are :class:`Call` objects, scheduled with ``env.schedule``: simpy's loop
reads only an event's ``callbacks`` and ``_ok``, and a ``Timeout`` would also build a
callback list, check its delay and call two Python functions (~0.8 us against ~0.35 us).
They are scheduled in the same order, at the same times (``now + delay``), with the same
priority as timeouts were, so simpy processes them in the same order. Each agent's end of
contact, and the next new arrival, reuse one event each (at most one is pending).

What the world knows about issue ``i`` is in the issue store's lists at its slot,
``issues.slot(i)`` (inlined below; see :mod:`supportsim.world.issues`): new issues are drawn
as each day is reached and forgotten once out of play, so routing reads an issue only there.

With one product line this is the plain M/M/c(+M) queue; with several, each line has its
queue and its agents, and (``overflow``) an idle agent takes another line's
longest-waiting contact and a new contact goes to another line's idle agent before it
queues.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import NORMAL

from supportsim.scenario import CustomerParams
from supportsim.world.calendar import DAY, Calendar
from supportsim.world.demand import PREDRAWN
from supportsim.world.issues import IssueStore
from supportsim.world.records import ABANDONED, OPEN, ContactLog

#: Issues held in the store's lists from which each new day first forgets those out of play
#: (below it, the reviews' release suffices: ~1.5 KB an issue, and releasing costs time).
RELEASE_AT = 8192
#: ``handle(agent, issue, attempt, arrived, now) -> minutes the agent is busy``.
Handler = Callable[[int, int, int, float, float], float]
#: ``come_back(issue, at)``: the issue's customer contacts the center again at ``at``.
ComeBack = Callable[[int, float], None]
#: ``start(agent, issue, attempt, arrived, now)``: an agent answers a contact.
Start = Callable[[int, int, int, float, float], None]


class Call:
    """A timed callback as simpy's loop processes it: ``callbacks`` are called with the
    event at its time; ``value`` is what they need (an issue, a queue entry, an agent)."""

    __slots__ = ("callbacks", "value")
    _ok = True  # simpy's loop raises a failed event's exception; a Call never fails

    def __init__(self, value: Any = None) -> None:
        self.callbacks: list[Callable[[Call], None]] | None = None
        self.value = value


@dataclass(frozen=True)
class Lines:
    """The product line of each agent slot, and who may help whom.

    ``chat`` says which lines are chat queues (empty: all phone); their agents hold up to
    ``concurrency`` chats, each slowed by ``slowdown`` per other chat held (see
    :mod:`supportsim.world.chat`). Overflow stays within a channel.

    ``blended`` flags the slots that take both channels (empty: none; see
    :mod:`supportsim.world.blend`). They wait in more ``free`` deques after the lines'
    (``n_lines``: idle, ``n_lines + 1``: free chat places, ``n_lines + 2``: the idle beyond
    the ``reserve`` kept for calls, as chats see them), which :attr:`others` lists after
    the channel's other lines, so ``overflow`` is then on and ``spill`` says whether lines
    of one channel also overflow to each other.
    """

    agent_line: list[int]
    n_lines: int
    overflow: bool
    chat: tuple[bool, ...] = ()
    concurrency: int = 1
    slowdown: float = 0.0
    blended: tuple[bool, ...] = ()
    spill: bool = True
    reserve: int = 0

    @property
    def others(self) -> list[list[int]]:
        """For each line, the other lines of its channel (overflow order), then the blended
        agents' deques (a call: the idle; a chat: free places first, then the idle beyond
        the reserve)."""
        n, chat = self.n_lines, self.chat or (False,) * self.n_lines
        out = [
            [m for m in range(n) if m != line and chat[m] == chat[line]] if self.spill else []
            for line in range(n)
        ]
        if any(self.blended):
            for line in range(n):
                out[line] += [n + 1, n + 2] if chat[line] else [n]
        return out

    def capacity(self, agent: int) -> int:
        """Contacts slot ``agent`` may hold at once: ``concurrency`` on a chat line, else 1."""
        return self.concurrency if self.chat and self.chat[self.agent_line[agent]] else 1


class Floor:
    """The state of the floor (queues, idle agents, who is busy, who is on duty) and its
    cold operations.

    The hot callbacks are closures made by :func:`open_floor` over this state's lists;
    the rest of the world uses :meth:`start`, :meth:`vacate`, :meth:`fill`,
    :meth:`on_duty`, :meth:`off_duty`, :meth:`duty_minutes` and :meth:`close`, and the
    queue monitor reads ``waiting`` (a one-item list) and ``busy``. A slot is *ready* when
    its agent is on duty and the slot is filled: only ready agents take new contacts.
    """

    def __init__(
        self, env: simpy.Environment, lines: Lines, log: ContactLog, on_duty: list[bool]
    ) -> None:
        self.env, self.lines, self.log = env, lines, log
        self.free: list[deque[int]] = [deque() for _ in range(lines.n_lines)]  # longest idle first
        for a, line in enumerate(lines.agent_line):
            if on_duty[a]:
                self.free[line].append(a)
        self.busy = [False] * len(lines.agent_line)
        self.duty = list(on_duty)  # on duty by the roster
        self.filled = [True] * len(on_duty)  # an agent holds the slot (not vacant)
        self.ready = list(on_duty)  # on duty and the slot filled
        self.since = [0.0 if r else math.nan for r in self.ready]  # ready since (minutes)
        self.ready_min = [0.0] * len(self.ready)  # ready minutes since the last review
        # queue entries: [issue, arrived, attempt, still_waiting]
        self.queues: list[deque[list[Any]]] = [deque() for _ in range(lines.n_lines)]
        self.waiting = [0]
        # set by open_floor: the callbacks the cold operations need
        self.take_next: Callable[[int], None] = _unset
        self.first_arrival: Callable[[], None] = _unset
        self.on_return: Callable[[Call], None] = _unset

    def start(self) -> None:
        """Schedule the first arrival of the run."""
        self.first_arrival()

    def _set_ready(self, agent: int, ready: bool) -> None:
        if ready == self.ready[agent]:
            return
        now = self.env.now
        self.ready[agent] = ready
        if ready:
            self.since[agent] = now
            self._came_on(agent)
        else:
            self.ready_min[agent] += now - self.since[agent]
            self._went_off(agent)

    def _came_on(self, agent: int) -> None:
        """An agent came on duty: it takes work (floors with several places per agent
        override this)."""
        if not self.busy[agent]:  # else the contact in hand ends first, then it takes one
            self.take_next(agent)

    def _went_off(self, agent: int) -> None:
        """An agent went off duty: it no longer waits among its line's free agents."""
        idle = self.free[self.lines.agent_line[agent]]
        while agent in idle:
            idle.remove(agent)

    def vacate(self, agent: int) -> None:
        """Slot ``agent``'s agent left: it takes no new contact (a contact in hand is finished)."""
        self.filled[agent] = False
        self._set_ready(agent, False)

    def fill(self, agent: int) -> None:
        """A new hire starts in slot ``agent`` (on duty if the roster says so)."""
        self.filled[agent] = True
        self._set_ready(agent, self.duty[agent])

    def on_duty(self, agent: int) -> None:
        """The roster puts slot ``agent`` on duty (if the slot is filled, it takes contacts)."""
        self.duty[agent] = True
        self._set_ready(agent, self.filled[agent])

    def off_duty(self, agent: int) -> None:
        """The roster takes slot ``agent`` off duty (a contact in hand is finished)."""
        self.duty[agent] = False
        self._set_ready(agent, False)

    def duty_minutes(self) -> np.ndarray:
        """Minutes each slot was ready since the last call (then starts counting anew)."""
        now = self.env.now
        out = np.array(self.ready_min)
        for a, ready in enumerate(self.ready):
            if ready:
                out[a] += now - self.since[a]
                self.since[a] = now
        self.ready_min = [0.0] * len(self.ready)
        return out

    def close(self) -> None:
        """Record the contacts still waiting when the run ends, in order of arrival."""
        queued = (e for q in self.queues for e in q if e[3])
        for entry in sorted(queued, key=lambda e: e[1]):
            self.log.unserved(entry[0], entry[2], entry[1], math.nan, OPEN)


#: ``dispatch(floor, handle) -> start``: builds the agents' side of the floor.
Dispatch = Callable[[Floor, Handler], Start]


def _unset(*args: Any) -> None:  # pragma: no cover - replaced by open_floor
    raise RuntimeError("the floor is not open yet")


def open_floor(
    env: simpy.Environment,
    lines: Lines,
    customers: CustomerParams,
    issues: IssueStore,
    log: ContactLog,
    calendar: Calendar,
    g_customers: np.random.Generator,
    make_handle: Callable[[ComeBack], Handler],
    on_duty: list[bool],
    floor_class: type[Floor] | None = None,
    dispatch: Dispatch | None = None,
) -> Floor:
    """Build the contact clock's callbacks; ``make_handle(come_back)`` builds the handler;
    ``on_duty`` says which slots are on duty at the start. ``floor_class`` and ``dispatch``
    replace the phone floor and its agents' side (chat: :mod:`supportsim.world.chat`)."""
    floor_class = floor_class or Floor
    floor = floor_class(env, lines, log, on_duty)
    come_back = _come_back(floor, issues)
    start = (dispatch or _dispatch)(floor, make_handle(come_back))
    _arrivals(floor, customers, issues, calendar, g_customers, start, come_back)
    return floor


def _come_back(floor: Floor, issues: IssueStore) -> ComeBack:
    """``come_back(issue, at)``: a pending arrival (a retry or a callback), if before the end."""
    env, refs, moved = floor.env, issues.refs, issues.moved
    horizon, schedule = issues.days * DAY, env.schedule

    def come_back(i: int, at: float) -> None:
        if at < horizon:
            # a pending arrival keeps the issue in play
            refs[i + issues.shift if i >= issues.base else moved[i]] += 1
            ev = Call(i)
            ev.callbacks = [floor.on_return]
            schedule(ev, NORMAL, at - env.now)  # type: ignore[arg-type]

    return come_back


def _dispatch(floor: Floor, handle: Handler) -> Start:
    """Agents' side: start a contact, and when it ends take the next one (own line first)."""
    env, busy, ready = floor.env, floor.busy, floor.ready
    schedule = env.schedule
    done = [Call(a) for a in range(len(floor.lines.agent_line))]  # each agent's end of contact

    def start(agent: int, i: int, attempt: int, arrived: float, now: float) -> None:
        busy[agent] = True
        ev = done[agent]
        ev.callbacks = freed
        # the handler runs first: a callback it schedules comes before the release
        schedule(ev, NORMAL, handle(agent, i, attempt, arrived, now))  # type: ignore[arg-type]

    def on_free(ev: Call) -> None:
        agent: int = ev.value
        busy[agent] = False
        if ready[agent]:
            take_next(agent)

    take_next, _ = line_taker(floor, start)
    freed: list[Callable[[Call], None]] = [on_free]
    floor.take_next = take_next
    return start


def line_taker(
    floor: Floor, start: Start
) -> tuple[Callable[[int], None], Callable[[int, list[Any]], None]]:
    """``take_next(agent)``: serve the oldest live contact of the agent's own line, else (with
    overflow) the longest-waiting one of the other lines, else wait among its line's free
    agents; and ``serve(agent, entry)``, which starts a queued contact. Shared by every
    floor's dispatch."""
    env, free, queues, waiting = floor.env, floor.free, floor.queues, floor.waiting
    agent_line, overflow, others = floor.lines.agent_line, floor.lines.overflow, floor.lines.others

    def take_next(agent: int) -> None:
        line = agent_line[agent]
        queue = queues[line]
        while queue:
            entry = queue.popleft()
            if entry[3]:  # skip entries that abandoned while queued
                serve(agent, entry)
                return
        if overflow and serve_oldest(queues, others[line], agent, serve):
            return
        free[line].append(agent)

    def serve(agent: int, entry: list[Any]) -> None:
        entry[3] = False
        waiting[0] -= 1
        start(agent, entry[0], entry[2], entry[1], env.now)

    return take_next, serve


def _arrivals(
    floor: Floor,
    customers: CustomerParams,
    issues: IssueStore,
    calendar: Calendar,
    g: np.random.Generator,
    start: Start,
    come_back: ComeBack,
) -> None:
    """Customers' side: new issues, retries and callbacks arrive; those who wait may give up."""
    env, log, free, queues, waiting = floor.env, floor.log, floor.free, floor.queues, floor.waiting
    overflow, others = floor.lines.overflow, floor.lines.others
    issue_line, arrival_list = issues.line, issues.arrival
    patience, retry_u, retry_delay = issues.patience, issues.retry_u, issues.retry_delay
    attempts, refs, moved = issues.attempts, issues.refs, issues.moved
    retry_prob, mean_retry = customers.retry_prob, customers.mean_retry_min
    # a chat line's customers wait with chat patience (phone patience elsewhere)
    line_patience = [
        customers.chat_patience_min if chat else customers.mean_patience_min
        for chat in floor.lines.chat or (False,) * floor.lines.n_lines
    ]
    schedule = env.schedule
    nxt = Call()  # the next new arrival (one at a time)

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
        if attempt < PREDRAWN:
            wait_limit = patience[li * PREDRAWN + attempt]
        else:  # a customer's fifth try or later: draw as we go
            wait_limit = _patience(line_patience[line], g)
        if wait_limit < math.inf:
            ev = Call(entry)
            ev.callbacks = [on_patience]
            schedule(ev, NORMAL, wait_limit)  # type: ignore[arg-type]

    def on_patience(ev: Call) -> None:
        entry: list[Any] = ev.value
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
            u, delay = g.random(), g.exponential(mean_retry)
        if u < retry_prob:
            come_back(i, calendar.defer(now + delay))

    def on_return(ev: Call) -> None:
        arrive(ev.value, env.now)

    def on_new(ev: Call) -> None:
        i: int = ev.value
        now = env.now
        arrive(i, now)
        if i + 1 < issues.end or next_day():  # the next day is drawn when reached
            nxt.value = i + 1
            nxt.callbacks = new
            schedule(nxt, NORMAL, arrival_list[i + 1 + issues.shift] - now)  # type: ignore[arg-type]

    def next_day() -> bool:
        # Memory stays flat in volume: every day the log's tail goes into numpy and, once
        # the lists hold many issues, those out of play are forgotten (nothing random here).
        log.seal()
        if len(issues) >= RELEASE_AT:
            issues.release()
        return issues.load_next()

    def first_arrival() -> None:
        if next_day():
            nxt.value, nxt.callbacks = 0, new
            schedule(nxt, NORMAL, arrival_list[0])  # type: ignore[arg-type]

    new: list[Callable[[Call], None]] = [on_new]

    floor.on_return, floor.first_arrival = on_return, first_arrival


def _patience(mean: float | None, g: np.random.Generator) -> float:
    return math.inf if mean is None else float(g.exponential(mean))


def serve_oldest(
    queues: list[deque[list[Any]]],
    lines: list[int],
    agent: int,
    serve: Callable[[int, list[Any]], None],
) -> bool:
    """Overflow: ``agent`` serves the longest-waiting contact of ``lines``, if any waits."""
    oldest: deque[list[Any]] | None = None
    for m in lines:
        q = queues[m]
        while q and not q[0][3]:
            q.popleft()
        if q and (oldest is None or q[0][1] < oldest[0][1]):
            oldest = q
    if oldest is None:
        return False
    serve(agent, oldest.popleft())
    return True
