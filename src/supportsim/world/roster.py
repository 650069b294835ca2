"""Who is on duty when: the roster, as on-duty intervals per agent slot, and its clock.

A roster gives every agent slot its on-duty intervals within a week (minutes from Monday
00:00). It comes from the scenario's shift patterns, or is built:

* ``all_hours``: every agent works every open hour (the queueing-theory textbook case);
* ``contract``: shifts of the contract hours (``contract_hours`` a week, worked as five
  days of a fifth of them or four days of a quarter, as long as a shift fits in the open
  day) that cover the open hours, each agent's pattern, start time and days off chosen
  greedily so the number on duty follows the arrival profile.

:func:`greedy_roster` is the general tool: it assigns agents one by one to the candidate
shift that brings the coverage closest to a target per open hour (a demand profile, or the
agents Erlang C asks for; see :mod:`supportsim.staffing`).

The clock (:func:`roster_clock`) is a slow simpy process: it puts agents on and off the floor
at their shift boundaries. An agent going off duty finishes the contact in hand.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import Event

from supportsim.scenario import DemandParams, ShiftPattern, StaffingParams
from supportsim.world.calendar import DAY, WEEK

#: Granularity of the built-in roster's start times (hours).
START_STEP_H = 0.5
#: Days a week one agent may work: five (the usual week) or four longer days (a
#: compressed "4/10" week, which covers a long open day end to end).
WORK_WEEKS = (5, 4)


@dataclass(frozen=True)
class Roster:
    """On-duty intervals per agent slot, within one week (``[start, end)`` minutes).

    ``always`` means every agent is always available (the ``all_hours`` roster: contacts
    only arrive in open hours anyway); its on-duty hours are the open hours.
    """

    intervals: tuple[tuple[tuple[float, float], ...], ...]
    always: bool = False

    @property
    def agents(self) -> int:
        """Agent slots."""
        return len(self.intervals)

    def hours_per_week(self) -> np.ndarray:
        """On-duty hours per week of each slot."""
        return np.array([sum(e - s for s, e in iv) / 60.0 for iv in self.intervals])

    def on_duty_at(self, t: float) -> list[bool]:
        """Whether each slot is on duty at time ``t``."""
        w = t % WEEK
        return [self.always or any(s <= w < e for s, e in iv) for iv in self.intervals]

    def events(self, week: int) -> list[tuple[float, int, bool]]:
        """``(time, slot, on)`` for every shift boundary in week ``week``, in time order
        (off before on at the same instant: a break that ends as the next begins is seamless)."""
        base = week * WEEK
        out = [
            (base + t, a, on)
            for a, iv in enumerate(self.intervals)
            for s, e in iv
            for t, on in ((s, True), (e, False))
        ]
        return sorted(out, key=lambda x: (x[0], x[2], x[1]))


def build_roster(
    staffing: StaffingParams, demand: DemandParams, agent_lines: Sequence[int]
) -> Roster:
    """The roster of a scenario (see the module docstring); slots in ``agent_lines`` order."""
    if staffing.shifts:
        per_slot = [p for p in staffing.shifts for _ in range(p.agents)]
        return Roster(tuple(_intervals(p) for p in per_slot))
    if staffing.roster == "all_hours":
        open_iv = _intervals(
            ShiftPattern(
                start=float(demand.open_hour),
                hours=float(demand.close_hour - demand.open_hour),
                days=tuple(range(demand.open_weekdays)),
            )
        )
        return Roster(tuple(open_iv for _ in agent_lines), always=True)
    patterns: list[ShiftPattern | None] = [None] * len(agent_lines)
    for line in sorted(set(agent_lines)):  # each line's team follows the demand on its own
        slots = [a for a, ln in enumerate(agent_lines) if ln == line]
        target = demand_target(demand) * _weekly_hours(staffing, demand) * len(slots)
        for a, p in zip(slots, greedy_roster(target, demand, staffing, len(slots)), strict=True):
            patterns[a] = p
    return Roster(tuple(_intervals(p) for p in patterns if p is not None))


def demand_target(demand: DemandParams) -> np.ndarray:
    """Relative arrival rate per (open weekday, open hour), summing to 1."""
    hours = demand.close_hour - demand.open_hour
    intraday = np.asarray(demand.intraday_profile or (1.0,) * hours, dtype=float)
    weekly = np.asarray(demand.weekly_profile or (1.0,) * demand.open_weekdays, dtype=float)
    grid = np.outer(weekly, intraday)
    return grid / grid.sum()


def _work_weeks(staffing: StaffingParams, demand: DemandParams) -> list[tuple[int, float]]:
    """(days a week, shift hours) an agent on the contract roster may work."""
    open_hours = float(demand.close_hour - demand.open_hour)
    out = []
    for days in WORK_WEEKS:
        days = min(days, demand.open_weekdays)
        shift = staffing.contract_hours / days
        if shift <= open_hours + 1e-9 and (days, shift) not in out:
            out.append((days, shift))
    if not out:  # contract hours beyond what the center is open: every open hour
        out.append((demand.open_weekdays, open_hours))
    return out


def _weekly_hours(staffing: StaffingParams, demand: DemandParams) -> float:
    """Hours a week one agent on the contract roster works."""
    days, shift = _work_weeks(staffing, demand)[0]
    return days * shift


def greedy_roster(
    target: np.ndarray, demand: DemandParams, staffing: StaffingParams, agents: int | None = None
) -> list[ShiftPattern]:
    """Shifts for agents added one at a time, each the candidate shift that brings the
    number on duty per (open weekday, open hour) closest to ``target`` (agents on duty).

    With ``agents`` given, exactly that many (closest in squared error); without, as many
    as it takes until every hour has at least its target (each added shift the one that
    covers the most of what is still missing): the staffing of a service-level plan.
    """
    candidates = [
        p for days, shift in _work_weeks(staffing, demand) for p in _candidates(demand, days, shift)
    ]
    masks = np.array([_mask(p, demand) for p in candidates])  # candidates x (day x hour)
    need = target.ravel().astype(float)
    cover = np.zeros_like(need)
    chosen: list[ShiftPattern] = []
    while (len(chosen) < agents) if agents is not None else np.any(cover < need - 1e-9):
        if agents is not None:
            # adding k changes sum((need - cover - m_k)^2) by -sum(m_k (2 (need - cover) - m_k))
            gain = (masks * (2.0 * (need - cover) - masks)).sum(axis=1)
        else:
            gain = np.minimum(masks, np.maximum(need - cover, 0.0)).sum(axis=1)
        k = int(np.argmax(gain))
        cover += masks[k]
        chosen.append(candidates[k])
    return chosen


def _candidates(demand: DemandParams, days: int, shift: float) -> list[ShiftPattern]:
    """Every shift of ``shift`` hours on ``days`` of the open weekdays (the days off
    consecutive, rotating over the open week) starting on the half-hour grid."""
    open_h, close_h = float(demand.open_hour), float(demand.close_hour)
    starts = np.arange(open_h, close_h - shift + 1e-9, START_STEP_H)
    d = demand.open_weekdays
    if days >= d:
        day_sets = [tuple(range(d))]
    else:
        off = d - days
        day_sets = [tuple(sorted((first + k) % d for k in range(off, d))) for first in range(d)]
    return [
        ShiftPattern(start=float(s), hours=shift, days=days) for days in day_sets for s in starts
    ]


def _mask(p: ShiftPattern, demand: DemandParams) -> np.ndarray:
    """Share of each (open weekday, open hour) that pattern ``p`` is on duty."""
    hours = demand.close_hour - demand.open_hour
    out = np.zeros((demand.open_weekdays, hours))
    for s, e in _intervals(p):
        day = int(s // DAY)
        if day >= demand.open_weekdays:
            continue
        for h in range(hours):
            lo = day * DAY + (demand.open_hour + h) * 60.0
            out[day, h] += max(0.0, min(e, lo + 60.0) - max(s, lo)) / 60.0
    return out.ravel()


def _intervals(p: ShiftPattern) -> tuple[tuple[float, float], ...]:
    """On-duty minutes within the week of one agent on pattern ``p`` (breaks cut out,
    a shift past Sunday midnight wrapped to Monday)."""
    pieces: list[tuple[float, float]] = []
    for day in p.days:
        start = day * DAY + p.start * 60.0
        cuts = [start]
        for b in sorted(p.breaks, key=lambda b: b.after_hours):
            cuts += [start + b.after_hours * 60.0, start + b.after_hours * 60.0 + b.minutes]
        cuts.append(start + p.hours * 60.0)
        pieces += [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i + 1] > cuts[i]]
    wrapped: list[tuple[float, float]] = []
    for s, e in pieces:
        if e <= WEEK:
            wrapped.append((s, e))
        else:
            wrapped += [(s, WEEK), (0.0, e - WEEK)] if s < WEEK else [(s - WEEK, e - WEEK)]
    return _merge(wrapped)


def _merge(pieces: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    out: list[tuple[float, float]] = []
    for s, e in sorted(pieces):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)


def roster_clock(
    env: simpy.Environment, roster: Roster, weeks: int, on: Any, off: Any
) -> Generator[Event, Any, None]:
    """Put agents on (``on(slot)``) and off (``off(slot)``) duty at their shift boundaries."""
    for week in range(weeks):
        for t, agent, starts in roster.events(week):
            if t > env.now:
                yield env.timeout(t - env.now)
            if t == 0.0 and starts:
                continue  # on duty from the start: the floor began with it
            (on if starts else off)(agent)
