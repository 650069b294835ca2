"""Staff a center for a service-level target: Erlang C per open hour, then a roster.

The classic workforce-management recipe ("staff this for 80/20"):

1. **Measure the workload** per open hour: contacts offered (new issues, retries and repeat
   contacts alike) and their average handle time, from a pilot run of the scenario itself
   with fixed effort, flat pay and every agent on duty (so the queue does not shape what is
   measured).
2. **Size each hour with Erlang C**: the fewest agents ``c`` whose service level
   ``P(W <= t) = 1 - C(c, A) exp(-(c - A) t / s)`` reaches the target, with ``A`` the hour's
   offered load in Erlangs and ``s`` the handle time (square-root staffing, ``c ~ A +
   beta sqrt(A)``, is its well-known approximation).
3. **Roster it**: as many agents as the required agent-hours need at the contract hours,
   on shifts chosen greedily so the number on duty per hour comes as close as it can to
   what Erlang C asked for (:func:`supportsim.world.roster.greedy_roster`). Full-time
   shifts cannot follow a one-hour peak exactly, so some hours end above the target and a
   peak hour may end below it.

**Chat.** With chat kinds the workload is measured per channel (the pilot runs without
the chat slowdown, so a chat's handle time is that of a chat held alone, ``s``), and a chat
hour is sized in *places*: an agent holds ``c = chat_concurrency`` chats, and when its
places are full each chat takes ``s (1 + d (c - 1))`` (``d = chat_slowdown``), so the hour
needs the Erlang C places ``p`` for that handle time and ``ceil(p / c)`` agents: an agent
counts for ``c / (1 + d (c - 1))`` chats per ``s``, the chat capacity of docs/model.md
(Chat), rather than for one chat as a phone agent counts for one call. Sizing at full
concurrency is on the safe side (a chat shared with fewer is faster). An hour's need is
the phone and the chat agents added; the staffed scenario splits its agents between
lines in proportion to their work over capacity (:meth:`Scenario.agent_lines`).

The result is the scenario with its ``agents`` and ``shifts`` set. Erlang C ignores
abandonment and treats each hour as stationary, so the simulated service level lands near,
not exactly on, the target: run the staffed scenario to check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from supportsim.analysis.theory import erlang_c
from supportsim.errors import ConfigError
from supportsim.runner import run
from supportsim.scenario import Scenario, ShiftPattern
from supportsim.world.calendar import DAY
from supportsim.world.roster import greedy_roster


def service_level(
    agents: int, arrivals_per_min: float, mean_service_min: float, within_min: float
) -> float:
    """Erlang C service level: the share of arrivals answered within ``within_min`` minutes."""
    a = arrivals_per_min * mean_service_min
    if a >= agents:
        return 0.0
    p_wait = erlang_c(agents, arrivals_per_min, mean_service_min).p_wait
    return 1.0 - p_wait * math.exp(-(agents - a) * within_min / mean_service_min)


def agents_for(
    arrivals_per_hour: float, mean_handle_min: float, target: float, within_sec: float
) -> int:
    """The fewest agents that answer ``target`` of arrivals within ``within_sec`` (Erlang C)."""
    if arrivals_per_hour <= 0:
        return 0
    lam = arrivals_per_hour / 60.0
    c = max(1, math.floor(lam * mean_handle_min) + 1)
    while service_level(c, lam, mean_handle_min, within_sec / 60.0) < target:
        c += 1
    return c


def chat_agents_for(
    arrivals_per_hour: float,
    mean_handle_min: float,
    target: float,
    within_sec: float,
    concurrency: int,
    slowdown: float,
) -> int:
    """The fewest chat agents that answer ``target`` of chats within ``within_sec``: the
    Erlang C places for a chat's handle time at full concurrency, ``mean_handle_min x (1 +
    slowdown (concurrency - 1))`` (``mean_handle_min`` being a chat's held alone), divided
    by ``concurrency`` places per agent (see the module docstring)."""
    full = mean_handle_min * (1.0 + slowdown * (concurrency - 1))
    return math.ceil(agents_for(arrivals_per_hour, full, target, within_sec) / concurrency)


@dataclass(frozen=True)
class Staffing:
    """A staffing plan: the workload and agents needed per open (weekday, hour), the shifts.

    ``workload`` has one row per open weekday and hour: ``weekday, hour, offered_per_hour,
    aht_min, required`` (with chat kinds, one per weekday, hour and ``channel``, a chat's
    ``aht_min`` being that of a chat held alone); ``scenario`` is the staffed scenario.
    """

    workload: pd.DataFrame
    shifts: tuple[ShiftPattern, ...]
    scenario: Scenario


def staff_for(
    scenario: Scenario, target: float = 0.8, within_sec: float = 20.0, *, seed: int = 0
) -> Staffing:
    """Staff ``scenario`` so each open hour meets ``target`` within ``within_sec`` (see the
    module docstring)."""
    if not 0.0 < target < 1.0:
        raise ConfigError(f"target = {target!r}: must be a share between 0 and 1 (0.8 for 80/20)")
    if not 0.0 < within_sec < math.inf:
        raise ConfigError(f"within_sec = {within_sec!r}: must be a positive number of seconds")
    workload = measure_workload(scenario, seed=seed)
    workload["required"] = [
        _required(scenario, r, target, within_sec) for r in workload.itertuples(index=False)
    ]
    d = scenario.demand
    required = workload.groupby(["weekday", "hour"], sort=True)["required"].sum()
    need = required.to_numpy(dtype=float).reshape(d.open_weekdays, -1)
    # enough agents for the required agent-hours, placed where Erlang C needs them most
    agents = max(1, math.ceil(float(need.sum()) / _weekly_hours(scenario) - 1e-9))
    chosen = greedy_roster(need, d, scenario.staffing, agents)
    shifts = _grouped(chosen)
    staffed = scenario.replace(agents=len(chosen), shifts=shifts, line_agents=())
    return Staffing(workload=workload, shifts=shifts, scenario=staffed)


def _required(scenario: Scenario, row: Any, target: float, within_sec: float) -> int:
    """Agents one workload row needs: Erlang C for calls, places over ``c`` for chats."""
    if getattr(row, "channel", "phone") == "chat":
        t = scenario.team
        return chat_agents_for(
            row.offered_per_hour,
            row.aht_min,
            target,
            within_sec,
            t.chat_concurrency,
            t.chat_slowdown,
        )
    return agents_for(row.offered_per_hour, row.aht_min, target, within_sec)


def _weekly_hours(scenario: Scenario) -> float:
    """Hours a week one agent works on the contract roster (contract hours, or every open
    hour of a center open for fewer)."""
    d = scenario.demand
    open_hours = d.open_weekdays * (d.close_hour - d.open_hour)
    return min(scenario.staffing.contract_hours, float(open_hours))


def measure_workload(scenario: Scenario, *, seed: int = 0) -> pd.DataFrame:
    """Contacts offered per open (weekday, hour) and their mean handle time, from a pilot run
    with fixed effort, flat pay, every agent on duty and no people dynamics; with chat
    kinds, per channel too (the pilot without the chat slowdown: a chat's time alone)."""
    has_chat = scenario.issues.has_chat
    pilot = scenario.replace(
        learning="fixed",
        people_dynamics=False,
        roster="all_hours",
        shifts=(),
        line_agents=(),
        agents=max(scenario.team.agents, 2 * len(scenario.lines)) * 2,
        **({"chat_slowdown": 0.0} if has_chat else {}),
    )
    contacts = run(pilot, "flat_salary", seed).contacts
    warm = pilot.run.warmup_days * DAY
    c = contacts[contacts["arrive_min"] >= warm]
    weeks = (pilot.run.days - pilot.run.warmup_days) / 7.0
    day = (c["arrive_min"] // DAY).astype(int)
    hour = ((c["arrive_min"] % DAY) // 60).astype(int)
    d = scenario.demand
    channel_of = {k.name: k.channel for k in scenario.issues.kinds}
    channel = c["kind"].astype(str).map(channel_of)
    channels = [ch for ch in ("phone", "chat") if ch in set(channel_of.values())]
    rows = []
    for wd in range(d.open_weekdays):
        for h in range(d.open_hour, d.close_hour):
            for ch in channels:
                here = c[(day % 7 == wd) & (hour == h) & (channel == ch)]
                served = here[here["seq"] >= 0]
                rows.append(
                    {
                        "weekday": wd,
                        "hour": h,
                        **({"channel": ch} if has_chat else {}),
                        "offered_per_hour": len(here) / weeks,
                        "aht_min": float(served["handle_min"].mean()) if len(served) else 0.0,
                    }
                )
    return pd.DataFrame(rows)


def _grouped(chosen: list[ShiftPattern]) -> tuple[ShiftPattern, ...]:
    counts: dict[tuple[float, float, tuple[int, ...]], int] = {}
    for p in chosen:
        key = (p.start, p.hours, p.days)
        counts[key] = counts.get(key, 0) + 1
    return tuple(
        ShiftPattern(start=s, hours=h, days=days, agents=n)
        for (s, h, days), n in sorted(counts.items())
    )
