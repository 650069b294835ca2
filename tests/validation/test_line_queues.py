"""Validation: queues per product line against queueing theory.

Two product lines with exponential handle times are M/M/c queues in two ways:

* **dedicated** (no overflow): each line is its own M/M/c_k with its own arrival rate, so
  each line's P(wait) and mean wait must match Erlang C for that line alone;
* **overflow** (an idle agent takes the longest-waiting contact of any line): the routing is
  work-conserving and FIFO across lines, so the whole center is one M/M/c with all the agents
  and must match Erlang C for the pooled team.

A routing bug (an agent left idle while a contact waits, a contact routed to the wrong line,
overflow that is not FIFO) moves these figures by far more than the intervals allow: the
dedicated lines wait about twice as long as the pooled team here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import supportsim
from supportsim.analysis.stats import mean_ci
from supportsim.analysis.theory import erlang_c
from supportsim.scenario import IssueKind, Scenario
from supportsim.world.calendar import DAY

LEVEL = 0.99
REPS = 12
#: Line "a" gets 40% of 50 arrivals/hour with 4 agents, line "b" 60% with 6: both 83% busy.
SHARES, AGENTS = (0.4, 0.6), (4, 6)
RATE_PER_HOUR, HANDLE_MIN = 50.0, 10.0


def _scenario(overflow: bool) -> Scenario:
    kinds = tuple(
        IssueKind(name=f"kind_{line}", share=share, line=line)
        for line, share in zip("ab", SHARES, strict=True)
    )
    return supportsim.get_scenario("erlang_c").replace(
        kinds=kinds,
        line_agents=AGENTS,
        overflow=overflow,
        arrivals_per_hour=RATE_PER_HOUR,
        mean_handle_min=HANDLE_MIN,
        days=24,
    )


def _waits(overflow: bool, seed: int) -> pd.DataFrame:
    """Per replication and line: P(wait) and mean wait of contacts after the warm-up."""
    rows = []
    for rep in range(REPS):
        res = supportsim.run(_scenario(overflow), "flat_salary", seed, replication=rep)
        c = res.contacts
        c = c[(c["arrive_min"] >= res.scenario.warmup_days * DAY) & (c["status"] == "served")]
        line = np.where(c["kind"] == "kind_a", "a", "b")
        for name, wait in (("all", c["wait_min"]), *c.groupby(line)["wait_min"]):
            rows.append({"line": name, "p_wait": (wait > 1e-9).mean(), "wait": wait.mean()})
    return pd.DataFrame(rows)


def _check(sample: pd.Series, theory: float, rel: float) -> None:
    mean, lo, hi = mean_ci(sample.to_numpy(), LEVEL)
    assert lo <= theory <= hi, (mean, lo, hi, theory)
    assert mean == pytest.approx(theory, rel=rel)


def test_dedicated_lines_are_separate_erlang_c_queues() -> None:
    waits = _waits(overflow=False, seed=11)
    for line, share, agents in zip("ab", SHARES, AGENTS, strict=True):
        theory = erlang_c(agents, share * RATE_PER_HOUR / 60.0, HANDLE_MIN)
        per_line = waits[waits["line"] == line]
        _check(per_line["p_wait"], theory.p_wait, rel=0.06)
        _check(per_line["wait"], theory.mean_wait_min, rel=0.15)


def test_overflow_pools_the_lines_into_one_erlang_c_queue() -> None:
    waits = _waits(overflow=True, seed=12)
    pooled = erlang_c(sum(AGENTS), RATE_PER_HOUR / 60.0, HANDLE_MIN)
    dedicated = erlang_c(AGENTS[0], SHARES[0] * RATE_PER_HOUR / 60.0, HANDLE_MIN)
    assert dedicated.mean_wait_min > 1.8 * pooled.mean_wait_min  # the check can tell them apart
    everyone = waits[waits["line"] == "all"]
    _check(everyone["p_wait"], pooled.p_wait, rel=0.06)
    _check(everyone["wait"], pooled.mean_wait_min, rel=0.15)
