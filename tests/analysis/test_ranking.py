"""Ranking accuracy against the truth: perfect, random and simulated scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.ranking import (
    bonus_misclassification,
    bottom_misclassification,
    score_validity,
)
from supportsim.analysis.scores import SCORES, measured_agent_periods, pay_driver, score_values
from supportsim.analysis.stats import mean_ci
from supportsim.errors import ConfigError


def _team(rng: np.random.Generator, periods: int = 200, agents: int = 20) -> pd.DataFrame:
    truth = rng.random((periods, agents))
    return pd.DataFrame(
        {
            "period": np.repeat(np.arange(periods), agents),
            "agent": np.tile(np.arange(agents), periods),
            "true_quality": truth.ravel(),
            "rating_score": rng.random(periods * agents),  # unrelated to the truth
            "negative_share": 1.0 - truth.ravel(),  # perfect, but lower is better
            "pay": 1.0 + 0.2 * (truth >= np.sort(truth, axis=1)[:, [-5]]).ravel(),  # top 5 paid
        }
    )


def test_perfect_score_never_misclassifies_and_random_score_is_chance() -> None:
    df = _team(np.random.default_rng(1))
    perfect = bottom_misclassification(df, "negative_share", 0.15)
    assert (perfect["misclassified"] == 0).all() and (perfect["k"] == 3).all()
    random = bottom_misclassification(df, "rating_score", 0.15)
    m, lo, hi = mean_ci(random["misclassified"].to_numpy())
    assert lo <= 1 - 3 / 20 <= hi, (m, lo, hi)
    assert random["chance"].iloc[0] == pytest.approx(0.85)


def test_bonus_to_the_truly_best_is_not_misclassified() -> None:
    out = bonus_misclassification(_team(np.random.default_rng(2)))
    assert (out["k"] == 5).all()
    assert (out["misclassified"] == 0).all() and (out["money_below_median"] == 0).all()


def test_validity_is_oriented_so_higher_is_better() -> None:
    v = score_validity(
        _team(np.random.default_rng(3)), ["negative_share", "rating_score"]
    ).set_index("score")
    assert v.loc["negative_share", "rho"] == pytest.approx(1.0)
    assert v.loc["rating_score", "lo"] < 0 < v.loc["rating_score", "hi"]
    assert set(SCORES) >= {"rating_score", "negative_share", "contacts_per_hour", "review_score"}


def test_unknown_score_suggests_a_name() -> None:
    with pytest.raises(ConfigError, match="Did you mean 'rating_score'"):
        score_values(_team(np.random.default_rng(4), periods=2), "rating_scor")


def test_simulated_ratings_track_truth_weakly_and_misrank_the_bottom(
    default_flat: list[ss.RunResult],
) -> None:
    """Default world: the rating correlates positively with true quality, yet most of the
    bottom 15% by rating are not truly in the bottom 15% (measured: ~75%, chance 85%)."""
    wrong, rho = [], []
    for r in default_flat:
        ap = measured_agent_periods(r.scenario, r.agent_periods)
        wrong.append(bottom_misclassification(ap, "rating_score", 0.15)["misclassified"].mean())
        rho.append(score_validity(ap, ["rating_score"])["rho"].iloc[0])
    m, lo, hi = mean_ci(np.array(rho))
    assert lo > 0, ("validity", m, lo, hi)
    m, lo, hi = mean_ci(np.array(wrong))
    assert lo > 0.5, ("bottom-15% misclassification", m, lo, hi)


def test_pay_driver_finds_the_paid_score() -> None:
    df = _team(np.random.default_rng(5))
    assert pay_driver(df) == "negative_share"
    assert pay_driver(df.assign(pay=1.0)) == "rating_score"  # flat pay: the default
