"""Paired scheme differences under common random numbers."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.paired import paired_differences
from supportsim.errors import ConfigError


def _runs(reps: int = 20, effect: float = 0.1) -> pd.DataFrame:
    """Two schemes in the same worlds: a large world effect shared by both, a small scheme effect."""
    rng = np.random.default_rng(9)
    world = rng.normal(0.0, 1.0, reps)
    a = world + rng.normal(0.0, 0.02, reps)
    b = world + effect + rng.normal(0.0, 0.02, reps)
    return pd.DataFrame(
        {
            "scheme": ["a"] * reps + ["b"] * reps,
            "replication": np.tile(np.arange(reps), 2),
            "m": np.concatenate([a, b]),
        }
    )


def test_pairing_resolves_a_difference_the_world_noise_would_hide() -> None:
    d = paired_differences(_runs(), "a").iloc[0]
    assert d["scheme"] == "b" and d["baseline"] == "a" and d["n"] == 20
    assert d["lo"] <= 0.1 <= d["hi"] and d["lo"] > 0
    assert d["halfwidth_ratio"] < 0.1  # unpaired runs could not tell b from a


def test_errors_name_the_problem() -> None:
    with pytest.raises(ConfigError, match="unknown baseline scheme 'c'"):
        paired_differences(_runs(), "c")
    with pytest.raises(ConfigError, match="unknown metric 'x'"):
        paired_differences(_runs(), "a", metrics=["x"])


class FlatCopy:
    """Flat salary under another name: in the same worlds it must change nothing."""

    name: ClassVar[str] = "flat_copy"
    survey: ClassVar[str] = "stars10"
    review_sample: ClassVar[int] = 0

    def decide(self, obs: ss.Observation, rng: np.random.Generator) -> ss.Decision:
        return ss.Decision(pay=np.ones(obs.n_agents))


def test_identical_schemes_differ_by_exactly_zero_under_crn(small: ss.Scenario) -> None:
    cmp = ss.compare(small, ["flat_salary", FlatCopy()], reps=3, seed=5, jobs=1, progress=False)
    d = paired_differences(
        cmp.runs, "flat_salary", ["callback_rate", "rating_icc", "funnel_outside_95", "aht_min"]
    )
    assert (d["diff"] == 0).all() and (d["lo"] == 0).all() and (d["hi"] == 0).all()
