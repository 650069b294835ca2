"""Validation: a roster that changes the staff by time of day, against Erlang C per interval.

A 24/7 center with exponential handle times and no abandonment, retries or callbacks, whose
arrival rate and staff both change every eight hours (night, day, evening), is an M/M/c
queue within each block once the change has settled. Arrivals in the last five hours of
each block must wait as Erlang C says for that block's rate and agents. A roster the
queue ignored (everyone always on duty) or followed wrongly (the blocks' agents swapped)
misses by far more than the intervals allow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import supportsim
from supportsim.analysis.stats import mean_ci
from supportsim.analysis.theory import erlang_c
from supportsim.world.calendar import DAY

LEVEL = 0.99
REPS = 10
HANDLE_MIN = 10.0
#: (start hour, arrivals per hour, agents): every block about 83% busy.
BLOCKS = ((0, 30.0, 6), (8, 60.0, 12), (16, 45.0, 9))
SETTLE_H = 3  # hours after a change left out (the M/M/c relaxation time here is about 2 h)


def _scenario() -> supportsim.Scenario:
    profile = tuple(rate for _, rate, _ in BLOCKS for _ in range(8))
    shifts = tuple(
        {"start": float(start), "hours": 8.0, "days": list(range(7)), "agents": agents}
        for start, _, agents in BLOCKS
    )
    return supportsim.get_scenario("erlang_c").replace(
        agents=sum(a for _, _, a in BLOCKS),
        arrivals_per_hour=float(np.mean(profile)),
        intraday_profile=profile,
        mean_handle_min=HANDLE_MIN,
        shifts=shifts,
        days=21,
    )


def _block_waits(seed: int) -> pd.DataFrame:
    rows = []
    sc = _scenario()
    for rep in range(REPS):
        c = supportsim.run(sc, "flat_salary", seed, replication=rep).contacts
        c = c[(c["arrive_min"] >= sc.run.warmup_days * DAY) & (c["status"] == "served")]
        hour = (c["arrive_min"] % DAY) // 60
        for start, _, _ in BLOCKS:
            here = c[(hour >= start + SETTLE_H) & (hour < start + 8)]
            rows.append(
                {
                    "block": start,
                    "p_wait": (here["wait_min"] > 1e-9).mean(),
                    "wait": here["wait_min"].mean(),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def waits() -> pd.DataFrame:
    return _block_waits(seed=21)


@pytest.mark.parametrize(("start", "rate", "agents"), BLOCKS)
def test_each_block_waits_as_erlang_c_for_its_staff(
    waits: pd.DataFrame, start: int, rate: float, agents: int
) -> None:
    theory = erlang_c(agents, rate / 60.0, HANDLE_MIN)
    block = waits[waits["block"] == start]
    for key, value, rel in (("p_wait", theory.p_wait, 0.08), ("wait", theory.mean_wait_min, 0.2)):
        mean, lo, hi = mean_ci(block[key].to_numpy(), LEVEL)
        assert lo <= value <= hi, (key, start, mean, lo, hi, value)
        assert mean == pytest.approx(value, rel=rel)


def test_the_check_can_tell_a_wrong_staffing_apart() -> None:
    """Were the night shift's 6 agents the day's 12 (or the other way round), Erlang C moves
    far outside the tolerance above."""
    right = erlang_c(6, 30.0 / 60.0, HANDLE_MIN).mean_wait_min
    wrong = erlang_c(12, 30.0 / 60.0, HANDLE_MIN).mean_wait_min
    assert wrong < 0.2 * right
