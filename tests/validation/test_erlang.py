"""Validation: the simulator against queueing theory.

The built-in ``erlang_c`` and ``erlang_a`` scenarios are exactly M/M/c and M/M/c+M queues
(Poisson arrivals, exponential handle times and patience, FIFO, no retrials or callbacks),
so their long-run figures must match :mod:`supportsim.analysis.theory`. Each parameter point
runs independent replications; every check asks for two things:

* theory lies inside the Student-t 99% confidence interval of the replication means, and
* the replication mean is within a relative tolerance of theory. The tolerances are about
  four to five standard errors (measured in pilot runs with another seed), and tight enough
  that a 10% error in the handle time (which moves P(wait) by 15-30% and the mean wait by
  30-80% at these points) fails them; a 10% error in patience moves the Erlang A mean
  wait by 6-9% (caught by the intervals) and the abandonment hazard by 10% (caught by
  ``test_abandonment_hazard_is_constant``).

Each point has its own seed, so one unusual set of random streams can upset one point, not
all of them at once (with a shared seed, an arrival stream three standard errors busier than
average once pushed P(wait) out of its interval at four points together, which looks like a
bug). Seeds are fixed, so the tests are deterministic; with a correct simulator each
interval check would still miss theory about 1% of the time for an arbitrary seed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pytest
from scipy import stats

import supportsim
from supportsim.analysis.stats import mean_ci
from supportsim.analysis.theory import ErlangResult, erlang_a
from supportsim.scenario import Scenario
from supportsim.world.calendar import DAY

LEVEL = 0.99
#: Edges (minutes of waiting) of the bins in which the abandonment hazard is estimated.
HAZARD_EDGES = (0.0, 0.5, 2.0, np.inf)


@dataclass(frozen=True)
class Point:
    """One parameter point: a variant of a built-in scenario and its run plan."""

    base: str
    agents: int
    arrivals_per_hour: float
    mean_handle_min: float
    mean_patience_min: float | None
    days: int
    seed: int
    reps: int = 12
    warmup_days: int = 2
    monitor: bool = False

    def scenario(self) -> Scenario:
        return supportsim.get_scenario(self.base).replace(
            agents=self.agents,
            arrivals_per_hour=self.arrivals_per_hour,
            mean_handle_min=self.mean_handle_min,
            mean_patience_min=self.mean_patience_min,
            days=self.days,
            warmup_days=self.warmup_days,
            monitor_interval_min=1.0 if self.monitor else 0.0,
        )

    def theory(self) -> ErlangResult:
        return erlang_a(
            self.agents, self.arrivals_per_hour / 60.0, self.mean_handle_min, self.mean_patience_min
        )


# Erlang C: utilisation 0.83 (the built-in scenario), 0.70 and 0.875.
C_BUILTIN = Point("erlang_c", 10, 50.0, 10.0, None, days=40, seed=1, monitor=True)
C_SMALL = Point("erlang_c", 5, 52.5, 4.0, None, days=24, seed=2)
C_LARGE = Point("erlang_c", 20, 105.0, 10.0, None, days=24, seed=3)
# Erlang A: offered load 1.0 (built-in), 1.1 (overloaded) and 0.9 per agent.
A_BUILTIN = Point("erlang_a", 10, 60.0, 10.0, 5.0, days=14, seed=4, monitor=True)
A_OVERLOAD = Point("erlang_a", 20, 132.0, 10.0, 10.0, days=8, seed=5)
A_SMALL = Point("erlang_a", 5, 54.0, 5.0, 10.0, days=20, seed=6)

ERLANG_C_POINTS = [
    pytest.param(C_BUILTIN, id="c10-load8.3"),
    pytest.param(C_SMALL, id="c5-load3.5"),
    pytest.param(C_LARGE, id="c20-load17.5"),
]
ERLANG_A_POINTS = [
    pytest.param(A_BUILTIN, id="c10-load10-patience5"),
    pytest.param(A_OVERLOAD, id="c20-load22-patience10"),
    pytest.param(A_SMALL, id="c5-load4.5-patience10"),
]


@dataclass(frozen=True)
class Rep:
    """What the checks need from one replication (the full tables are not kept)."""

    summary: dict[str, float]
    arrival_rate: float  # arrivals per minute after the warm-up
    mean_waiting: float  # time-average queue length after the warm-up (NaN if unmonitored)
    mean_busy: float  # time-average busy agents after the warm-up (NaN if unmonitored)
    talk: np.ndarray  # talk minutes of served contacts that arrived after the warm-up
    hazard_events: np.ndarray  # abandonments per waiting-time bin
    hazard_exposure: np.ndarray  # customer-minutes of waiting per waiting-time bin


def _reduce(sc: Scenario, result: supportsim.RunResult) -> Rep:
    warm, horizon = sc.warmup_days * DAY, sc.days * DAY
    contacts = result.contacts
    after = contacts[contacts["arrive_min"] >= warm]
    closed = after[after["status"] != "open"]
    wait = closed["wait_min"].to_numpy()
    abandoned = (closed["status"] == "abandoned").to_numpy()
    edges = np.asarray(HAZARD_EDGES)
    lo, hi = edges[:-1], edges[1:]
    exposure = np.clip(wait[:, None] - lo, 0.0, hi - lo).sum(axis=0)
    events = ((wait[:, None] >= lo) & (wait[:, None] < hi) & abandoned[:, None]).sum(axis=0)
    queue = result.queue[result.queue["time_min"] >= warm]
    return Rep(
        summary=result.summary,
        arrival_rate=len(after) / (horizon - warm),
        mean_waiting=float(queue["waiting"].mean()) if len(queue) else np.nan,
        mean_busy=float(queue["busy_agents"].mean()) if len(queue) else np.nan,
        talk=closed.loc[closed["status"] == "served", "talk_min"].to_numpy(),
        hazard_events=events.astype(float),
        hazard_exposure=exposure,
    )


@functools.cache
def replications(point: Point) -> tuple[Rep, ...]:
    """Independent replications of ``point`` (cached: several tests share them)."""
    sc = point.scenario()
    return tuple(
        _reduce(sc, supportsim.run(sc, "flat_salary", seed=point.seed, replication=r))
        for r in range(point.reps)
    )


def metric(reps: tuple[Rep, ...], key: str) -> np.ndarray:
    return np.array([r.summary[key] for r in reps])


def check(values: np.ndarray, expected: float, rel_tol: float, what: str) -> None:
    """Theory inside the 99% CI of the replication means, and within ``rel_tol`` of their mean."""
    m, lo, hi = mean_ci(values, LEVEL)
    rel = (m - expected) / expected
    msg = (
        f"{what}: sim {m:.5g} (99% CI {lo:.5g}..{hi:.5g}, {len(values)} reps)"
        f" vs theory {expected:.5g}; relative error {rel:+.2%} (tolerance {rel_tol:.0%})"
    )
    assert lo <= expected <= hi, msg
    assert abs(rel) <= rel_tol, msg


@pytest.mark.parametrize("point", ERLANG_C_POINTS)
def test_erlang_c(point: Point) -> None:
    theory = point.theory()
    reps = replications(point)
    check(metric(reps, "p_wait"), theory.p_wait, 0.05, "P(wait > 0)")
    check(metric(reps, "mean_wait_min"), theory.mean_wait_min, 0.15, "mean wait (min)")
    # Nobody abandons, so the answered and all-arrival waits are the same figure.
    assert np.all(metric(reps, "abandon_rate") == 0.0)
    np.testing.assert_allclose(metric(reps, "asa_min"), metric(reps, "mean_wait_min"))


@pytest.mark.parametrize("point", ERLANG_A_POINTS)
def test_erlang_a(point: Point) -> None:
    theory = point.theory()
    reps = replications(point)
    check(metric(reps, "p_wait"), theory.p_wait, 0.04, "P(wait > 0)")
    check(metric(reps, "abandon_rate"), theory.p_abandon, 0.06, "P(abandon)")
    check(
        metric(reps, "mean_wait_min"), theory.mean_wait_min, 0.06, "mean wait, all arrivals (min)"
    )
    check(metric(reps, "asa_min"), theory.mean_wait_served_min, 0.07, "mean wait, answered (min)")


@pytest.mark.parametrize(
    ("point", "rel_tol"),
    [pytest.param(C_BUILTIN, 0.15, id="erlang_c"), pytest.param(A_BUILTIN, 0.06, id="erlang_a")],
)
def test_littles_law(point: Point, rel_tol: float) -> None:
    """Time-average queue (sampled each minute) = arrival rate x mean wait, and = theory."""
    theory = point.theory()
    reps = replications(point)
    queue = np.array([r.mean_waiting for r in reps])
    lam_w = np.array([r.arrival_rate * r.summary["mean_wait_min"] for r in reps])
    # Little's law holds on every sample path up to edge effects: compare per replication.
    check(queue / lam_w, 1.0, 0.01, "time-average queue / (arrival rate x mean wait)")
    check(queue, theory.mean_queue, rel_tol, "time-average queue")
    # ... and for the agents: busy agents = answered arrival rate x mean handle time.
    busy = np.array([r.mean_busy for r in reps])
    check(busy, theory.utilisation * point.agents, 0.02, "time-average busy agents")


def test_handle_time_is_exponential() -> None:
    """Talk time of served contacts in ``erlang_c``: exponential with mean ``mean_handle_min``."""
    point = C_BUILTIN
    reps = replications(point)
    mean = point.mean_handle_min
    check(np.array([r.talk.mean() for r in reps]), mean, 0.01, "mean talk (min)")
    check(np.array([r.talk.std() / r.talk.mean() for r in reps]), 1.0, 0.02, "CV of talk")
    talk = reps[0].talk
    ks = stats.kstest(talk, "expon", args=(0.0, mean))
    assert ks.pvalue > 1e-3, (
        f"talk times vs Exp(mean {mean}): KS D={ks.statistic:.4f}, p={ks.pvalue:.2g}"
    )
    # No after-contact work in this scenario: handle time is talk time.
    assert metric(reps, "aht_min") == pytest.approx([r.talk.mean() for r in reps], rel=1e-3)


@pytest.mark.parametrize("point", ERLANG_A_POINTS)
def test_abandonment_hazard_is_constant(point: Point) -> None:
    """Abandonments per customer-minute of waiting = 1 / mean patience, at every wait.

    Exponential patience means a constant hazard; answered customers are censored at
    their wait. Each bin of waiting time estimates it separately.
    """
    assert point.mean_patience_min is not None
    rate = 1.0 / point.mean_patience_min
    reps = replications(point)
    events = np.array([r.hazard_events for r in reps])
    exposure = np.array([r.hazard_exposure for r in reps])
    for b in range(len(HAZARD_EDGES) - 1):
        lo, hi = HAZARD_EDGES[b], HAZARD_EDGES[b + 1]
        check(
            events[:, b] / exposure[:, b],
            rate,
            0.06,
            f"abandonment hazard, wait in [{lo}, {hi}) min",
        )
