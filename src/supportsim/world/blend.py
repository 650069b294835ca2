"""Blended agents: slots that take both phone and chat.

Used only when ``blended_agents > 0`` (then the phone-only and chat floors are not), so
every other center keeps its floor. The rule, stated once:

* a blended agent holding nothing takes the longest-waiting call of any phone line; if no
  call waits and at least ``blend_reserve`` other blended agents are idle, the
  longest-waiting chat of any chat line, and then fills its other places (up to
  ``chat_concurrency``) with waiting chats; otherwise it waits, idle, for a call;
* a blended agent holding a chat takes only chats (it never takes a call while holding a
  chat), and one holding a call takes nothing else;
* an arriving call goes to an idle agent of its line, then (with overflow) of the other
  phone lines, then to the blended agent idle longest; an arriving chat to a free place of
  its line, then (with overflow) of the other chat lines, then to a free place of a
  blended agent already chatting, then to the blended agent idle longest if more than
  ``blend_reserve`` are idle. Dedicated agents go first, so blended ones stay free for
  calls; a blended agent's chats share it as a chat agent's do (the same slowdown).

``blend_reserve`` is the threshold policy of Bhulai & Koole (2003): idle agents kept back
for the channel that cannot wait. With the reserve at ``blended_agents`` blended agents
never chat.

The blended agents wait in two deques after the lines' (:class:`~supportsim.world.routing.
Lines`): the idle ones (one entry each), and the free places of those holding chats (one
entry per place); a third, :class:`SpareIdle`, is the idle ones as an arriving chat sees
them (none while only the reserve is idle). A blended agent keeps its slot's line for everything else (pay,
reviews, the roster). On a phone-only center whose agents are all blended, a blended agent
is a phone agent that takes the longest-waiting call of any line: with one line, exactly
the phone floor (the tests check the figures are identical).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import cast

import simpy
from simpy.events import NORMAL

from supportsim.world.chat import ChatFloor, slowed
from supportsim.world.issues import IssueStore
from supportsim.world.records import ContactLog
from supportsim.world.routing import (
    Call,
    Dispatch,
    Floor,
    Handler,
    Lines,
    Start,
    line_taker,
    serve_oldest,
)


class SpareIdle(deque[int]):
    """The idle blended agents beyond the reserve, as an arriving chat sees them: true while
    more than ``reserve`` are idle; taking one takes the blended agent idle longest. It
    holds no agents itself (``idle`` does), so removing an agent from it is a no-op."""

    def __init__(self, idle: deque[int], reserve: int) -> None:
        super().__init__()
        self.idle, self.reserve = idle, reserve

    def __bool__(self) -> bool:
        return len(self.idle) > self.reserve

    def __len__(self) -> int:
        return max(len(self.idle) - self.reserve, 0)

    def popleft(self) -> int:
        return self.idle.popleft()


class BlendFloor(ChatFloor):
    """The chat floor with blended slots: ``phone`` says which blended agent holds a call;
    ``free[n_lines]`` holds the idle blended agents, ``free[n_lines + 1]`` the free places
    of the blended agents holding chats."""

    def __init__(
        self, env: simpy.Environment, lines: Lines, log: ContactLog, on_duty: list[bool]
    ) -> None:
        super().__init__(env, lines, log, on_duty)
        blended = lines.blended
        for idle in self.free:  # blended agents wait in their own deques, not their line's
            keep = [a for a in idle if not blended[a]]
            idle.clear()
            idle.extend(keep)
        idle = deque(a for a, b in enumerate(blended) if b and on_duty[a])
        self.free.extend([idle, deque(), SpareIdle(idle, lines.reserve)])
        self.queues.extend([deque(), deque(), deque()])  # never used: the blended deques' queues
        self.phone = [False] * len(blended)
        self.take_chat: Callable[[int], None] = self.take_next  # set by blend_dispatch

    def _came_on(self, agent: int) -> None:
        if not self.lines.blended[agent]:
            super()._came_on(agent)
        elif self.phone[agent]:
            return  # the call ends first, then it takes the next contact
        elif self.held[agent] == 0:
            self.take_next(agent)
        else:
            for _ in range(self.lines.concurrency - self.held[agent]):
                self.take_chat(agent)  # fill each free place (chats in hand carry on)

    def _went_off(self, agent: int) -> None:
        if not self.lines.blended[agent]:
            super()._went_off(agent)
            return
        for waiting in self.free[self.lines.n_lines :]:
            while agent in waiting:
                waiting.remove(agent)


def blend_dispatch(talk_mult: list[float], issues: IssueStore) -> Dispatch:
    """The agents' side of a floor with blended slots; ``talk_mult`` as for
    :func:`~supportsim.world.chat.chat_dispatch`, ``issues`` tells a contact's line."""

    def dispatch(floor: Floor, handle: Handler) -> Start:
        return _dispatch_blend(cast(BlendFloor, floor), handle, talk_mult, issues)

    return dispatch


def _dispatch_blend(
    floor: BlendFloor, handle: Handler, talk_mult: list[float], issues: IssueStore
) -> Start:
    """Start a contact; when it ends fill the place (dedicated: own line first; blended: by
    the rule in the module docstring)."""
    env, busy, ready, free, held = floor.env, floor.busy, floor.ready, floor.free, floor.held
    queues, phone, lines = floor.queues, floor.phone, floor.lines
    places, blended, chat, reserve = lines.concurrency, lines.blended, lines.chat, lines.reserve
    chat_handle = slowed(handle, talk_mult, lines.slowdown)
    phone_lines = [m for m in range(lines.n_lines) if not chat[m]]
    chat_lines = [m for m in range(lines.n_lines) if chat[m]]
    idle_blended, blended_places = free[lines.n_lines], free[lines.n_lines + 1]
    schedule = env.schedule

    def start(agent: int, i: int, attempt: int, arrived: float, now: float) -> None:
        busy[agent] = True
        ev = Call(agent)
        ev.callbacks = freed
        if blended[agent] and not chat[issues.line[issues.slot(i)]]:
            phone[agent] = True
            schedule(ev, NORMAL, handle(agent, i, attempt, arrived, now))  # type: ignore[arg-type]
            return
        n = held[agent] + 1
        held[agent] = n
        # the handler runs first: a callback it schedules comes before the release
        schedule(ev, NORMAL, chat_handle(agent, n, i, attempt, arrived, now))  # type: ignore[arg-type]
        if n == 1 and blended[agent]:  # a blended agent's first chat: fill its other places
            for _ in range(places - 1):
                take_chat(agent)

    def on_free(ev: Call) -> None:
        agent: int = ev.value
        if phone[agent]:
            phone[agent] = False
        else:
            n = held[agent] - 1
            held[agent] = n
            if n == 0 and blended[agent]:  # no chat in hand: its free places go
                while agent in blended_places:
                    blended_places.remove(agent)
        busy[agent] = phone[agent] or held[agent] > 0
        if ready[agent]:
            take_next(agent)

    def take_next(agent: int) -> None:
        if blended[agent]:
            if held[agent]:
                take_chat(agent)
            elif not (
                serve_oldest(queues, phone_lines, agent, serve)
                or (len(idle_blended) >= reserve and serve_oldest(queues, chat_lines, agent, serve))
            ):
                idle_blended.append(agent)  # no call waits, and no chat it may take
            return
        take_own(agent)

    def take_chat(agent: int) -> None:
        if not serve_oldest(queues, chat_lines, agent, serve):
            blended_places.append(agent)

    take_own, serve = line_taker(floor, start)
    freed: list[Callable[[Call], None]] = [on_free]
    floor.take_next, floor.take_chat = take_next, take_chat
    return start
