"""Replications shared by the analysis tests (session-scoped: each is simulated once per worker).

Two worlds: Deming's red beads (identical agents with fixed effort, so every difference
between agents is chance) and the default scenario under flat pay (real agent effects).
"""

from __future__ import annotations

import pytest

import supportsim as ss

#: Replications of each world; enough agent-periods (x 140 measured each) for 1-2% precision.
RED_BEADS_REPS = 12
DEFAULT_REPS = 12


def red_beads_scenario() -> ss.Scenario:
    """The built-in red beads: no agent effect (same skill, speed, courtesy and effort, one
    shared queue).

    People dynamics are off too: morale moved by the bad ratings an agent happens to see
    would make identical agents differ (an agent effect the system itself causes).
    """
    return ss.get_scenario("red_beads").replace(people_dynamics=False, days=56)


@pytest.fixture(scope="session")
def red_beads() -> list[ss.RunResult]:
    """Flat-salary replications of the red-beads world."""
    sc = red_beads_scenario()
    return [ss.run(sc, "flat_salary", seed=2024, replication=r) for r in range(RED_BEADS_REPS)]


@pytest.fixture(scope="session")
def default_flat() -> list[ss.RunResult]:
    """Flat-salary replications of the default world (agents differ; effort learns)."""
    sc = ss.get_scenario("default").replace(days=56)
    return [ss.run(sc, "flat_salary", seed=2025, replication=r) for r in range(DEFAULT_REPS)]
