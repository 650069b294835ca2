"""Selecting the top or bottom on a noisy score: the group regresses toward the mean as theory predicts."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.scores import measured_agent_periods
from supportsim.analysis.selection import normal_selection_mean, regression_to_mean
from supportsim.analysis.stats import mean_ci
from supportsim.errors import ConfigError


def _two_periods(rng: np.random.Generator, agents: int, reliability: float) -> pd.DataFrame:
    """Score = truth + noise in two periods; corr(score_1, score_2) = reliability."""
    truth = rng.normal(0.0, np.sqrt(reliability), agents)
    rows = [
        pd.DataFrame(
            {
                "period": t,
                "agent": np.arange(agents),
                "true_quality": truth,
                "rating_score": truth + rng.normal(0.0, np.sqrt(1 - reliability), agents),
            }
        )
        for t in (0, 1)
    ]
    return pd.concat(rows, ignore_index=True)


@pytest.mark.parametrize("side", ["top", "bottom"])
def test_normal_theory_of_selection_and_regression(side: Literal["top", "bottom"]) -> None:
    """E[z_now] = pdf(c)/q; E[z_next] = R E[z_now]; E[truth_z] = sqrt(R) E[z_now]."""
    rng = np.random.default_rng(42)
    share, reliability = 0.15, 0.4
    rows = pd.concat(
        [
            regression_to_mean(_two_periods(rng, 2000, reliability), share=share, side=side)
            for _ in range(100)
        ]
    )
    sign = 1 if side == "top" else -1
    theory = sign * normal_selection_mean(share)
    for col, expected in (
        ("z_now", theory),
        ("z_next", reliability * theory),
        ("truth_z", np.sqrt(reliability) * theory),
    ):
        m, lo, hi = mean_ci(rows[col].to_numpy(), level=0.99)
        assert lo <= expected <= hi, f"{col}: {m:.3f} ({lo:.3f}-{hi:.3f}) vs theory {expected:.3f}"
    m, lo, hi = mean_ci((rows["z_next"] - rows["predicted"]).to_numpy(), level=0.99)
    assert lo <= 0.0 <= hi


def test_normal_selection_mean_known_value() -> None:
    assert normal_selection_mean(0.5) == pytest.approx(np.sqrt(2 / np.pi))
    with pytest.raises(ConfigError, match="share = 0"):
        normal_selection_mean(0.0)


def _pairs(results: list[ss.RunResult], side: Literal["top", "bottom"]) -> pd.DataFrame:
    return pd.concat(
        [
            regression_to_mean(
                measured_agent_periods(r.scenario, r.agent_periods), "rating_score", 0.15, side
            ).assign(rep=r.replication)
            for r in results
        ]
    )


def test_simulated_top_group_regresses_by_test_retest_correlation(
    default_flat: list[ss.RunResult],
) -> None:
    """Simulator: the next-period score of last period's top 15% is r x their score now."""
    rows = _pairs(default_flat, "top")
    per_rep = rows.groupby("rep")[["z_now", "z_next", "predicted"]].mean()
    m, lo, hi = mean_ci((per_rep["z_next"] - per_rep["predicted"]).to_numpy())
    assert lo <= 0.0 <= hi, f"z_next - r z_now = {m:.3f} ({lo:.3f}-{hi:.3f})"
    m, lo, hi = mean_ci(per_rep["z_next"].to_numpy())
    assert lo > 0.0 and hi < per_rep["z_now"].mean()  # partly, not fully, persistent


def test_red_beads_warned_agents_regress_all_the_way(red_beads: list[ss.RunResult]) -> None:
    """Deming: the bottom 15% of identical agents 'improve' to the average with no help at all."""
    rows = _pairs(red_beads, "bottom")
    per_rep = rows.groupby("rep")[["z_now", "z_next"]].mean()
    assert per_rep["z_now"].mean() < -1.2
    m, lo, hi = mean_ci(per_rep["z_next"].to_numpy())
    assert lo <= 0.0 <= hi, f"next-period z of the warned: {m:.3f} ({lo:.3f}-{hi:.3f})"
