"""Staffing: the agents seen on duty per hour of the week, and a roster that follows them.

An agent is taken to be on duty from their first answer of a day to the end of their last
contact (talk and after-contact work) that day; the mean over the log's open days of each
weekday is the number on duty per (weekday, hour). Breaks inside that span count as on
duty, and the first minutes of a shift before the first answer and an overrun past its end
shift the span a little. Each product line's agents (an agent belongs to the queue
they answer most) are rostered on their own: as many full-time agents as the seen
agent-hours need, on the shifts :func:`supportsim.world.roster.greedy_roster` chooses to
come closest to the seen numbers. Without an agent column the target is the offered load
per hour (busy agent-hours) at an assumed occupancy of :data:`OCCUPANCY`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.scenario import DemandParams, ShiftPattern, StaffingParams
from supportsim.world.roster import greedy_roster

#: Occupancy assumed when the log names no agents.
OCCUPANCY = 0.85


@dataclass(frozen=True)
class Staffing:
    """Seen agents per (weekday, hour) and the roster that follows them."""

    target: np.ndarray
    coverage: np.ndarray
    lines: tuple[str, ...]
    line_agents: tuple[int, ...]
    shifts: tuple[ShiftPattern, ...]
    distinct_agents: int
    basis: str

    @property
    def agents(self) -> int:
        """Agents rostered."""
        return sum(self.line_agents)

    @property
    def rmse(self) -> float:
        """Root mean squared gap between the roster's agents on duty and the seen ones."""
        return float(np.sqrt(np.mean((self.coverage - self.target) ** 2)))


def _cells(start: pd.Series, end: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row, hour stamp) of every clock hour each interval ``[start, end]`` touches."""
    h0 = start.to_numpy().astype("datetime64[h]").astype(np.int64)
    h1 = end.to_numpy().astype("datetime64[h]").astype(np.int64)
    n = np.clip(h1 - h0 + 1, 1, 24)
    rows = np.repeat(np.arange(len(h0)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return rows, h0[rows] + offset


def _per_weekday_hour(
    hourly: pd.Series, dates: pd.DatetimeIndex, open_hour: int, hours: int, weekdays: int
) -> np.ndarray:
    """Mean of an hourly series (indexed by hour stamp) per (weekday, open hour) over ``dates``."""
    out = np.zeros((weekdays, hours))
    stamps = dates.to_numpy().astype("datetime64[h]").astype(np.int64)
    for w in range(weekdays):
        day_stamps = stamps[dates.day_of_week == w]
        if len(day_stamps) == 0:
            continue
        grid = day_stamps[:, None] + open_hour + np.arange(hours)[None, :]
        out[w] = (
            hourly.reindex(grid.ravel(), fill_value=0).to_numpy().reshape(grid.shape).mean(axis=0)
        )
    return out


def seen_agents(
    answered: pd.DataFrame, dates: pd.DatetimeIndex, demand: DemandParams
) -> np.ndarray:
    """Mean agents on duty per (open weekday, open hour) over ``dates``: each agent is on
    duty from their first answer of a day to the end of their last contact that day."""
    start = answered["arrive"] + pd.to_timedelta(answered["wait_s"].fillna(0), unit="s")
    busy = answered["talk_s"].fillna(0) + answered["acw_s"].fillna(0)
    spans = (
        pd.DataFrame(
            {
                "agent": answered["agent"].to_numpy(),
                "day": start.dt.normalize().to_numpy(),
                "start": start.to_numpy(),
                "end": (start + pd.to_timedelta(busy, unit="s")).to_numpy(),
            }
        )
        .groupby(["agent", "day"])
        .agg(start=("start", "min"), end=("end", "max"))
    )
    rows, stamp = _cells(spans["start"], spans["end"])
    hour = np.timedelta64(1, "h")
    lo = np.maximum(spans["start"].to_numpy()[rows], stamp.astype("datetime64[h]"))
    hi = np.minimum(spans["end"].to_numpy()[rows], stamp.astype("datetime64[h]") + hour)
    share = np.clip((hi - lo) / hour, 0.0, 1.0)
    hourly = pd.Series(share).groupby(stamp).sum()
    hours = demand.close_hour - demand.open_hour
    return _per_weekday_hour(hourly, dates, demand.open_hour, hours, demand.open_weekdays)


def busy_agents(
    answered: pd.DataFrame, dates: pd.DatetimeIndex, demand: DemandParams
) -> np.ndarray:
    """Busy agent-hours per (open weekday, open hour), by the hour each contact starts,
    over the assumed occupancy."""
    start = answered["arrive"] + pd.to_timedelta(answered["wait_s"].fillna(0), unit="s")
    busy = (answered["talk_s"].fillna(0) + answered["acw_s"].fillna(0)) / 3600.0
    stamp = start.to_numpy().astype("datetime64[h]").astype(np.int64)
    hourly = pd.Series(busy.to_numpy()).groupby(stamp).sum()
    hours = demand.close_hour - demand.open_hour
    return (
        _per_weekday_hour(hourly, dates, demand.open_hour, hours, demand.open_weekdays) / OCCUPANCY
    )


def coverage(shifts: list[ShiftPattern], demand: DemandParams) -> np.ndarray:
    """Agents on duty per (open weekday, open hour) under ``shifts`` (breaks ignored)."""
    hours = demand.close_hour - demand.open_hour
    out = np.zeros((demand.open_weekdays, hours))
    lo = demand.open_hour + np.arange(hours)
    for p in shifts:
        share = np.clip(np.minimum(lo + 1, p.start + p.hours) - np.maximum(lo, p.start), 0, 1)
        for d in p.days:
            if d < demand.open_weekdays:
                out[d] += share * p.agents
    return out


def fit_staffing(
    answered: pd.DataFrame, dates: pd.DatetimeIndex, demand: DemandParams, lines: list[str]
) -> Staffing:
    """Seen agents per hour and their roster, line by line (see the module docstring)."""
    staffing = StaffingParams()
    weekly_hours = min(
        staffing.contract_hours, demand.open_weekdays * (demand.close_hour - demand.open_hour)
    )
    with_agent = answered[answered["agent"].notna()]
    if with_agent.empty:
        basis = f"busy agent-hours at {OCCUPANCY:.0%} occupancy (no agent column)"
        line_of = pd.Series(lines[0], index=answered.index)
        frames = {lines[0]: answered}
    else:
        basis = "agents on duty (first answer to last contact of the day)"
        home = with_agent.groupby("agent")["queue"].agg(lambda q: q.mode().iloc[0])
        line_of = with_agent["agent"].map(home)
        frames = {ln: with_agent[line_of == ln] for ln in lines}
    targets, chosen, counts = [], [], []
    for ln in lines:
        part = frames.get(ln, answered.iloc[:0])
        target = (seen_agents if basis.startswith("agents on duty") else busy_agents)(
            part, dates, demand
        )
        n = max(1, round(float(target.sum()) / weekly_hours))
        picked = greedy_roster(target, demand, staffing, n)
        targets.append(target)
        counts.append(n)
        chosen.extend(_grouped(picked))
    total = np.sum(targets, axis=0)
    return Staffing(
        target=total,
        coverage=coverage(chosen, demand),
        lines=tuple(lines),
        line_agents=tuple(counts),
        shifts=tuple(chosen),
        distinct_agents=int(with_agent["agent"].nunique()),
        basis=basis,
    )


def _grouped(picked: list[ShiftPattern]) -> list[ShiftPattern]:
    """Identical shifts as one pattern with their number of agents."""
    counts = Counter((p.start, p.hours, p.days) for p in picked)
    return [
        ShiftPattern(start=s, hours=h, days=d, agents=n) for (s, h, d), n in sorted(counts.items())
    ]


def weekly_hours_note(staffing: Staffing) -> str:
    """One line on how closely the roster follows the seen agents."""
    seen = float(staffing.target.sum())
    rostered = float(staffing.coverage.sum())
    return (
        f"{staffing.agents} agents rostered for {seen:.0f} agent-hours on duty a week"
        f" ({rostered:.0f} rostered; RMSE {staffing.rmse:.2f} agents per hour)"
        if math.isfinite(seen)
        else ""
    )
