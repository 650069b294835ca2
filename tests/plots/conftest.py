"""Runs shared by the figure tests: one default-scenario run and a small comparison."""

from __future__ import annotations

import pytest

import supportsim as ss


@pytest.fixture(scope="session")
def star_run() -> ss.RunResult:
    """The default scenario under the star bonus (agents differ, pay varies)."""
    return ss.run(ss.get_scenario("default").replace(days=56), "star_bonus", seed=1)


@pytest.fixture(scope="session")
def small_comparison(small: ss.Scenario) -> ss.Comparison:
    """Three schemes, three replications each, on the small scenario."""
    return ss.compare(
        small,
        ["flat_salary", "star_bonus", "rubric_review"],
        reps=3,
        seed=4,
        jobs=1,
        progress=False,
    )
