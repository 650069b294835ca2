"""Validation: the chat channel against queueing theory and a capacity bound.

* With ``chat_concurrency = 1`` and no slowdown, a chat-only center is the M/M/c(+M) queue
  of the phone channel (its patience is ``chat_patience_min``): its figures must match
  Erlang C and Erlang A as the phone's do (``test_erlang.py``).
* Concurrency: a chat agent holding ``c`` chats, each slowed to ``1 + s·(c − 1)`` times its
  talk, serves at most ``c / (1 + s·(c − 1))`` chats per mean handle time. Overloaded (with
  abandonment keeping the queue finite), agents are always full, so the throughput per
  agent reaches that bound: it rises with ``c``, less than proportionally. At a moderate
  load the extra places cut waits. Replications are paired (common random numbers: the
  same customers at every ``c``), and each claim is checked on the 99% interval of the
  paired differences.

Figures (seeds below): saturation throughput per agent-minute about 0.100, 0.160, 0.199
for c = 1, 2, 3 (bound 0.1, 0.16, 0.2); mean wait at load 0.8 falls from 5.7 min (c = 1,
Erlang C: 5.5) to 0.05 min (c = 2) and to nothing (c = 3).
"""

from __future__ import annotations

import numpy as np
import pytest

import supportsim
from supportsim.analysis.stats import mean_ci
from supportsim.analysis.theory import erlang_a
from supportsim.scenario import IssueKind, Scenario
from supportsim.world.calendar import DAY

LEVEL = 0.99
CHAT = (IssueKind(name="standard", share=1.0, line="chat", channel="chat"),)


def chat_only(base: str, **params: object) -> Scenario:
    """A built-in stationary scenario with its one kind of issue moved to chat."""
    return supportsim.get_scenario(base).replace(kinds=CHAT, **params)


def served_per_agent_min(sc: Scenario, seed: int, rep: int) -> tuple[float, dict[str, float]]:
    """Chats served per agent-minute after the warm-up, and the run's summary."""
    result = supportsim.run(sc, "flat_salary", seed=seed, replication=rep)
    c = result.contacts
    warm = sc.warmup_days * DAY
    served = int(((c["arrive_min"] >= warm) & (c["status"] == "served")).sum())
    return served / (sc.agents * (sc.days * DAY - warm)), result.summary


def check(values: np.ndarray, expected: float, rel_tol: float, what: str) -> None:
    m, lo, hi = mean_ci(values, LEVEL)
    msg = f"{what}: sim {m:.5g} (99% CI {lo:.5g}..{hi:.5g}) vs theory {expected:.5g}"
    assert lo <= expected <= hi, msg
    assert abs(m - expected) <= rel_tol * expected, msg


@pytest.mark.parametrize(
    ("base", "agents", "per_hour", "handle", "patience", "seed"),
    [
        pytest.param("erlang_c", 5, 52.5, 4.0, None, 11, id="erlang_c-c5-load3.5"),
        pytest.param("erlang_a", 5, 54.0, 5.0, 10.0, 12, id="erlang_a-c5-load4.5-patience10"),
    ],
)
def test_chat_with_one_place_is_the_phone_queue(
    base: str, agents: int, per_hour: float, handle: float, patience: float | None, seed: int
) -> None:
    sc = chat_only(
        base,
        agents=agents,
        arrivals_per_hour=per_hour,
        mean_handle_min=handle,
        chat_patience_min=patience,
        chat_concurrency=1,
        chat_slowdown=0.0,
        days=20,
    )
    theory = erlang_a(agents, per_hour / 60.0, handle, patience)
    runs = [served_per_agent_min(sc, seed, r)[1] for r in range(8)]
    check(np.array([s["p_wait"] for s in runs]), theory.p_wait, 0.06, "P(wait > 0)")
    wait_tol = 0.15 if patience is None else 0.08
    check(np.array([s["mean_wait_min"] for s in runs]), theory.mean_wait_min, wait_tol, "mean wait")
    if patience is not None:
        check(np.array([s["abandon_rate"] for s in runs]), theory.p_abandon, 0.08, "P(abandon)")


REPS = 6
SLOWDOWN = 0.25


def by_concurrency(**params: object) -> dict[int, list[tuple[float, dict[str, float]]]]:
    """Paired replications of a chat-only center at concurrency 1, 2 and 3."""
    out = {}
    for c in (1, 2, 3):
        sc = chat_only("erlang_a", chat_concurrency=c, chat_slowdown=SLOWDOWN, **params)
        out[c] = [served_per_agent_min(sc, 21, r) for r in range(REPS)]
    return out


def test_throughput_rises_less_than_proportionally_with_concurrency() -> None:
    """Overloaded (120 chats an hour for 5 agents of 10-minute chats, patience 5 min)."""
    runs = by_concurrency(agents=5, arrivals_per_hour=120.0, chat_patience_min=5.0, days=6)
    tp = {c: np.array([r[0] for r in reps]) for c, reps in runs.items()}
    for c in (1, 2, 3):  # agents are full, so they work at the bound
        check(tp[c], c / (1 + SLOWDOWN * (c - 1)) / 10.0, 0.03, f"throughput at c={c}")
    for lo, hi in ((1, 2), (2, 3)):
        _, d_lo, _ = mean_ci(tp[hi] - tp[lo], LEVEL)
        assert d_lo > 0, f"throughput does not rise from c={lo} to c={hi}"
    for c in (2, 3):
        _, _, r_hi = mean_ci(tp[c] / tp[1], LEVEL)
        assert r_hi < c, f"throughput at c={c} is {r_hi:.3f}x c=1's: not below proportional"


def test_waits_fall_with_concurrency() -> None:
    """Load 0.8 at c = 1 (24 chats an hour for 5 agents of 10-minute chats), no abandonment."""
    runs = by_concurrency(agents=5, arrivals_per_hour=24.0, chat_patience_min=None, days=20)
    wait = {c: np.array([r[1]["mean_wait_min"] for r in reps]) for c, reps in runs.items()}
    for lo, hi in ((1, 2), (2, 3)):
        _, _, d_hi = mean_ci(wait[hi] - wait[lo], LEVEL)
        assert d_hi < 0, f"mean wait does not fall from c={lo} to c={hi}: {wait}"
