"""Chat: agents who hold several contacts at once.

Used only when some kinds of issue come by chat (:attr:`Lines.chat`), so the phone-only
floor (:mod:`supportsim.world.routing`) keeps its lean path and every phone-only figure is
unchanged. The customers' side (arrivals, patience, retrials) is the phone's; what differs
is the agents' side:

* **Slots.** An agent on a chat line holds up to ``concurrency`` chats; an agent on a phone
  line holds one contact, as before. A line's ``free`` deque holds one entry per free slot
  (a chat agent with three free slots appears three times), so an arriving chat takes the
  slot that has been free longest, exactly as a call takes the agent idle longest. At the
  start the chat agents' slots are dealt round-robin, so chats spread over agents first.
* **Slowdown.** A chat started while the agent holds ``n - 1`` others (``n`` counting
  itself) has its talk (the issue's work x the agent's speed and rushing) multiplied by
  ``1 + slowdown x (n - 1)``, fixed when it starts: a simple reading of "each chat is
  slower the more it shares the agent" (Tezcan & Zhang 2014 estimate service rates that
  fall with concurrency). The checklist minutes and the after-chat notes are not slowed.
  The handler is the phone's: the slowdown scales the agent's talk multiplier for that
  one call of the handler, so outcome, satisfaction, the rating after the chat closes and
  any callback follow as for a call.
* **Overflow** stays within a channel: a phone agent never takes a chat, nor a chat agent
  a call.

With ``concurrency = 1`` a chat line is a phone line with its own patience
(``chat_patience_min``): the M/M/c(+M) queue again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import simpy
from simpy.events import NORMAL

from supportsim.world.records import ContactLog
from supportsim.world.routing import Call, Dispatch, Floor, Handler, Lines, Start, line_taker


class ChatFloor(Floor):
    """The floor with chat lines: ``held`` counts each slot's contacts in hand, and a ready
    slot has one entry in its line's ``free`` deque per free place."""

    def __init__(
        self, env: simpy.Environment, lines: Lines, log: ContactLog, on_duty: list[bool]
    ) -> None:
        super().__init__(env, lines, log, on_duty)
        self.held = [0] * len(lines.agent_line)
        for line, idle in enumerate(self.free):
            if lines.chat[line]:  # deal the chat agents' slots round-robin
                agents = list(idle)
                idle.clear()
                idle.extend(agents * lines.concurrency)

    def _came_on(self, agent: int) -> None:
        for _ in range(self.lines.capacity(agent) - self.held[agent]):
            self.take_next(agent)  # fill each free place (contacts in hand carry on)


def chat_dispatch(talk_mult: list[float]) -> Dispatch:
    """The agents' side of a floor with chat; ``talk_mult`` is the team's per-agent talk
    multiplier (changed in place at reviews), which a shared chat's slowdown scales."""

    def dispatch(floor: Floor, handle: Handler) -> Start:
        return _dispatch_chat(cast(ChatFloor, floor), handle, talk_mult)

    return dispatch


def slowed(
    handle: Handler, talk_mult: list[float], slowdown: float
) -> Callable[[int, int, int, int, float, float], float]:
    """``chat_handle(agent, n, ...)``: the handler for a chat started while the agent holds
    ``n`` chats (itself included), its talk slowed by ``1 + slowdown (n - 1)`` (fixed when
    the chat starts)."""

    def chat_handle(agent: int, n: int, i: int, attempt: int, arrived: float, now: float) -> float:
        if n == 1 or slowdown == 0.0:
            return handle(agent, i, attempt, arrived, now)
        m = talk_mult[agent]
        talk_mult[agent] = m * (1.0 + slowdown * (n - 1))
        try:
            return handle(agent, i, attempt, arrived, now)
        finally:
            talk_mult[agent] = m

    return chat_handle


def _dispatch_chat(floor: ChatFloor, handle: Handler, talk_mult: list[float]) -> Start:
    """Start a contact in a free place, and when it ends fill the place (own line first)."""
    env, busy, ready, held = floor.env, floor.busy, floor.ready, floor.held
    chat_handle = slowed(handle, talk_mult, floor.lines.slowdown)
    schedule = env.schedule

    def start(agent: int, i: int, attempt: int, arrived: float, now: float) -> None:
        n = held[agent] + 1
        held[agent] = n
        busy[agent] = True
        ev = Call(agent)
        ev.callbacks = freed
        # the handler runs first: a callback it schedules comes before the release
        schedule(ev, NORMAL, chat_handle(agent, n, i, attempt, arrived, now))  # type: ignore[arg-type]

    def on_free(ev: Call) -> None:
        agent: int = ev.value
        n = held[agent] - 1
        held[agent] = n
        busy[agent] = n > 0
        if ready[agent]:
            take_next(agent)

    take_next, _ = line_taker(floor, start)
    freed: list[Callable[[Call], None]] = [on_free]
    floor.take_next = take_next
    return start
