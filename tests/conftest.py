"""Shared fixtures: small, fast scenarios for tests that need a world but not a long run."""

from __future__ import annotations

import os

import pytest

import supportsim as ss

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def small() -> ss.Scenario:
    """A small default-like center: 6 agents, three weeks, weekly reviews."""
    return ss.get_scenario("default").replace(
        agents=6, arrivals_per_hour=20.0, days=21, warmup_days=7
    )
