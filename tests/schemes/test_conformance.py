"""Every registered scheme honours the contract (a conformance check, as gymnasium's check_env)."""

from __future__ import annotations

import numpy as np
import pytest

import supportsim as ss
from supportsim.schemes import Decision, Observation


def _observation(n: int = 8, seed: int = 0) -> Observation:
    g = np.random.default_rng(seed)
    ratings_n = g.integers(0, 40, n).astype(float)
    with np.errstate(invalid="ignore"):
        rating_mean = np.where(ratings_n > 0, g.uniform(1, 10, n), np.nan)
    return Observation(
        period=0,
        period_days=7,
        staffed_hours=np.full(n, 50.0),
        scale="stars10",
        contacts=g.integers(100, 300, n).astype(float),
        talk_min=g.uniform(1000, 2000, n),
        acw_min=g.uniform(100, 300, n),
        ratings_n=ratings_n,
        rating_mean=rating_mean,
        negative_n=np.floor(ratings_n * 0.2),
        top_box_n=np.floor(ratings_n * 0.3),
        reviewed_n=np.full(n, 2.0),
        review_checklist=g.uniform(0, 1, n),
        review_resolved=g.uniform(0, 1, n),
        review_notes=g.uniform(0, 1, n),
        rating_var=g.uniform(1, 6, n),
        surveys_sent=g.integers(100, 300, n).astype(float),
        expected_handle_min=g.uniform(8, 12, n),
        closures_checked=g.integers(100, 200, n).astype(float),
        clean_closures=g.uniform(50, 150, n),
        active=np.ones(n, dtype=bool),
        tenure_days=g.uniform(0, 1000, n),
        standing=np.zeros(n, dtype=int),
        stage_left=np.zeros(n, dtype=int),
    )


@pytest.mark.parametrize("name", ss.SCHEMES.names())
def test_scheme_contract(name: str) -> None:
    scheme = ss.make_scheme(name)
    assert isinstance(scheme, ss.Scheme)
    assert scheme.name == name
    from supportsim.schemes.surveys import SCALES, Survey, survey_of

    survey = survey_of(scheme)
    assert isinstance(survey, Survey) and survey.scale in SCALES
    assert isinstance(scheme.review_sample, int) and scheme.review_sample >= 0
    obs = _observation()
    d1 = scheme.decide(obs, np.random.default_rng(1)).checked(obs, name)
    d2 = scheme.decide(obs, np.random.default_rng(1)).checked(obs, name)
    assert isinstance(d1, Decision)
    assert d1.pay.shape == (obs.n_agents,) and np.all(np.isfinite(d1.pay)) and np.all(d1.pay >= 0)
    np.testing.assert_array_equal(d1.pay, d2.pay)  # deterministic given the generator
    # an observation with no ratings and no reviews at all must not break it
    empty = Observation(
        **{
            **obs.__dict__,
            "ratings_n": np.zeros(8),
            "rating_mean": np.full(8, np.nan),
            "reviewed_n": np.zeros(8),
            "review_checklist": np.full(8, np.nan),
            "review_resolved": np.full(8, np.nan),
            "review_notes": np.full(8, np.nan),
        }
    )
    assert np.all(
        np.isfinite(scheme.decide(empty, np.random.default_rng(0)).checked(empty, name).pay)
    )


@pytest.mark.parametrize("name", ss.SCHEMES.names())
def test_scheme_runs_in_the_world(name: str, small: ss.Scenario) -> None:
    res = ss.run(small, name, seed=1)
    assert res.scheme == name
    assert len(res.agent_periods) == small.agents * 3
    assert res.agent_periods.loc[~res.agent_periods["active"], "pay"].eq(0).all()


def test_star_bonus_pays_only_above_threshold() -> None:
    obs = _observation()
    pay = (
        ss.make_scheme("star_bonus", threshold=5.0, bonus=0.3, min_ratings=1)
        .decide(obs, np.random.default_rng(0))
        .pay
    )
    expected = 1.0 + 0.3 * ((obs.ratings_n >= 1) & (np.nan_to_num(obs.rating_mean, nan=0) >= 5.0))
    np.testing.assert_allclose(pay, expected)


def test_per_contact_pay_threatens_below_quota() -> None:
    obs = _observation()
    d = ss.make_scheme("per_contact_pay", quota_per_hour=4.0).decide(obs, np.random.default_rng(0))
    np.testing.assert_array_equal(d.threatened, obs.contacts / 50.0 < 4.0)


def test_a_custom_scheme_in_a_few_lines(small: ss.Scenario) -> None:
    class TopHalfBonus:
        name = "top_half_bonus"
        survey = "stars10"
        review_sample = 0

        def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
            return Decision(pay=1.0 + 0.1 * (obs.contacts > np.median(obs.contacts)))

    res = ss.run(small, TopHalfBonus(), seed=1)
    assert res.scheme == "top_half_bonus"
    assert set(res.agent_periods["pay"].round(6)) <= {1.0, 1.1}


def test_bad_decision_is_reported() -> None:
    obs = _observation(3)
    with pytest.raises(ValueError, match="threatened of shape"):
        Decision(pay=np.ones(3), threatened=np.ones(2, dtype=bool)).checked(obs, "x")
    with pytest.raises(ValueError, match="non-finite pay"):
        Decision(pay=np.array([1.0, np.nan, 1.0])).checked(obs, "x")
    filled = Decision(pay=1.0).checked(obs, "x")  # defaults: scalar pay, record unchanged
    np.testing.assert_array_equal(filled.pay, np.ones(3))
    np.testing.assert_array_equal(filled.standing, obs.standing)


def test_reviewer_capacity_is_spread_when_short(small: ss.Scenario) -> None:
    """Fewer reviewer hours than one review per agent: some agents (not none) are reviewed."""
    short = small.replace(reviewer_hours=0.6, review_min=12.0)  # 3 reviews for 6 agents
    ap = ss.run(short, "rubric_review", seed=1).agent_periods
    per_period = ap.groupby("period")["reviewed_n"].sum()
    assert (per_period == 3).all()
    assert ap.groupby("period")["reviewed_n"].max().max() == 1
    plenty = ss.run(small, "rubric_review", seed=1).agent_periods
    assert (plenty["reviewed_n"] == 2).all()
