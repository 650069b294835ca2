"""The Goodhart gap table: measured score and truth on one standardised axis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.goodhart import goodhart_gap
from supportsim.analysis.scores import measured_agent_periods
from supportsim.errors import ConfigError


def _gamed(periods: int = 6, agents: int = 30) -> pd.DataFrame:
    """Truth fixed per agent; the score starts equal to it and inflates by 0.1 per period."""
    rng = np.random.default_rng(0)
    truth = rng.normal(0.8, 0.05, agents)
    return pd.concat(
        pd.DataFrame(
            {
                "period": t,
                "agent": np.arange(agents),
                "true_quality": truth,
                "rating_score": truth + 0.1 * t,
            }
        )
        for t in range(periods)
    )


def test_inflating_score_opens_a_gap_while_truth_stays() -> None:
    gap = goodhart_gap(_gamed())
    assert gap["measured_z"].iloc[0] == 0.0 and gap["truth_z"].abs().max() < 1e-12
    assert np.all(np.diff(gap["gap"]) > 0)
    sd = _gamed()["rating_score"].std(ddof=1)
    assert gap["measured_z"].iloc[-1] == pytest.approx(0.5 / sd)
    assert gap["rho"].to_numpy() == pytest.approx(1.0)  # ranks stay right: only the level drifts


def test_reference_period_must_exist() -> None:
    with pytest.raises(ConfigError, match="reference_period = 9"):
        goodhart_gap(_gamed(), reference_period=9)


def test_gap_on_a_run(default_flat: list[ss.RunResult]) -> None:
    r = default_flat[0]
    ap = measured_agent_periods(r.scenario, r.agent_periods)
    gap = goodhart_gap(ap, "rating_score")
    assert list(gap["period"]) == sorted(ap["period"].unique())
    assert gap[["measured_z", "truth_z"]].iloc[0].tolist() == [0.0, 0.0]
    assert gap["rho"].between(-1, 1).all()
