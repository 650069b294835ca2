"""Rating noise: ICC(1) and its interval, Spearman-Brown, split-half reliability, on known and simulated data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import supportsim as ss
from supportsim.analysis.rating_noise import rated, rating_icc, rating_noise
from supportsim.analysis.reliability import (
    icc_oneway,
    ratings_needed,
    reliability_curve,
    spearman_brown,
    split_half,
)
from supportsim.analysis.scores import measured_contacts
from supportsim.analysis.stats import mean_ci
from supportsim.errors import ConfigError


def _random_effects(
    rng: np.random.Generator, icc: float, groups: int, n: np.ndarray | int
) -> tuple[np.ndarray, np.ndarray]:
    """Values = group effect (variance icc) + noise (variance 1 - icc)."""
    sizes = np.broadcast_to(np.asarray(n), (groups,))
    g = np.repeat(np.arange(groups), sizes)
    effect = rng.normal(0.0, np.sqrt(icc), groups)
    return effect[g] + rng.normal(0.0, np.sqrt(1 - icc), g.size), g


def _binomial_ci(k: int, n: int) -> tuple[float, float]:
    ci = stats.binomtest(k, n).proportion_ci(0.95)
    return ci.low, ci.high


@pytest.mark.parametrize("design", ["balanced", "unbalanced"])
def test_icc_recovers_known_value_and_interval_covers_at_nominal_rate(design: str) -> None:
    """The F-based 95% interval covers the true ICC 95% of the time in a balanced design.

    Unbalanced (10-44 ratings per group, like agent-periods) it uses the effective group
    size n0, an approximation that under-covers slightly (measured: ~94%).
    """
    rng = np.random.default_rng(11)
    true, trials = 0.08, 500
    sizes = 25 if design == "balanced" else rng.integers(10, 45, 60)
    hits, estimates = 0, []
    for _ in range(trials):
        x, g = _random_effects(rng, true, 60, sizes)
        res = icc_oneway(x, g)
        hits += res.lo <= true <= res.hi
        estimates.append(res.icc)
    lo, hi = _binomial_ci(hits, trials)
    report = f"coverage {hits / trials:.3f} ({lo:.3f}-{hi:.3f})"
    if design == "balanced":
        assert lo <= 0.95 <= hi, report
    else:
        assert hi >= 0.93, report  # not clearly below 93%
    m, mlo, mhi = mean_ci(np.array(estimates))
    assert mlo - 0.002 <= true <= mhi + 0.002, f"mean ICC {m:.4f} ({mlo:.4f}-{mhi:.4f})"


def test_block_means_are_not_group_effects() -> None:
    """Big shifts shared by whole blocks (bad weeks), no group effect: the blocked ICC is ~0
    and its interval covers 0; ignoring the blocks would call the shifts an agent effect."""
    rng = np.random.default_rng(12)
    blocks = np.repeat(np.arange(50), 20 * 25)  # 50 periods x 20 agents x 25 ratings
    groups = np.repeat(np.arange(50 * 20), 25)
    x = rng.normal(0.0, 1.0, blocks.size) + rng.normal(0.0, 0.5, 50)[blocks]
    blocked, naive = icc_oneway(x, groups, blocks=blocks), icc_oneway(x, groups)
    assert blocked.lo <= 0.0 <= blocked.hi and blocked.blocks == 50
    assert naive.lo > 0.1
    # and a real group effect nested in blocks is recovered
    y = x + rng.normal(0.0, np.sqrt(0.08 / 0.92), 1000)[groups]
    est = icc_oneway(y, groups, blocks=blocks)
    assert est.lo <= 0.08 <= est.hi, est


def test_icc_validates_input() -> None:
    with pytest.raises(ConfigError, match="must match"):
        icc_oneway([1.0, 2.0], [0])
    with pytest.raises(ConfigError, match=r"level = 1\.5"):
        icc_oneway([1.0, 2.0], [0, 1], level=1.5)
    assert np.isnan(icc_oneway([1.0, 2.0], [0, 1]).icc)  # no within-group replication


@given(icc=st.floats(0.001, 0.9), target=st.floats(0.05, 0.95))
def test_ratings_needed_inverts_spearman_brown(icc: float, target: float) -> None:
    assert float(spearman_brown(icc, ratings_needed(icc, target))) == pytest.approx(
        target, rel=1e-9
    )


def test_spearman_brown_edges() -> None:
    assert float(spearman_brown(0.05, 1)) == pytest.approx(0.05)
    assert float(spearman_brown(0.05, 30)) == pytest.approx(30 * 0.05 / (1 + 29 * 0.05))
    assert ratings_needed(0.0, 0.8) == np.inf
    assert ratings_needed(0.05, 0.8) == pytest.approx(76.0)
    with pytest.raises(ConfigError, match="target = 1"):
        ratings_needed(0.05, 1.0)


def test_reliability_curve_brackets_estimate() -> None:
    x, g = _random_effects(np.random.default_rng(3), 0.1, 80, 20)
    curve = reliability_curve(icc_oneway(x, g), n_max=50)
    assert len(curve) == 50
    assert np.all(np.diff(curve["reliability"]) > 0)
    assert np.all(curve["lo"] <= curve["reliability"]) and np.all(
        curve["reliability"] <= curve["hi"]
    )


def _split_half_check(
    values: np.ndarray, groups: np.ndarray, seed: int, blocks: np.ndarray | None = None
) -> tuple[float, float, float, float]:
    """(predicted, stepped-up split half, CI lo, CI hi); the CI is Fisher's on the half correlation, stepped up."""
    icc = icc_oneway(values, groups, blocks=blocks)
    half = split_half(values, groups, np.random.default_rng(seed), blocks=blocks)
    # Each half averages about n/2 values: predict the half correlation, then step it up. With
    # unequal group sizes the noise in a group mean goes as 1/n, so the n that predicts the
    # correlation across groups is the harmonic mean (the arithmetic mean over-predicts).
    sizes = np.bincount(pd.factorize(groups[np.isfinite(values)])[0])
    sizes = sizes[sizes >= 2]  # split_half drops groups it cannot split
    predicted = float(spearman_brown(icc.icc, sizes.size / np.sum(1.0 / sizes)))
    z, se = np.arctanh(half.r_half), 1 / np.sqrt(half.groups - 3)
    lo, hi = (float(spearman_brown(r, 2)) for r in np.tanh([z - 1.96 * se, z + 1.96 * se]))
    return predicted, half.reliability, lo, hi


def test_split_half_follows_spearman_brown_known_icc() -> None:
    rng = np.random.default_rng(5)
    x, g = _random_effects(rng, 0.06, 1500, rng.integers(16, 44, 1500))
    predicted, observed, lo, hi = _split_half_check(x, g, seed=1)
    assert lo <= predicted <= hi, (
        f"SB {predicted:.3f} vs split-half {observed:.3f} ({lo:.3f}-{hi:.3f})"
    )


def _agent_period_ratings(
    results: list[ss.RunResult],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratings, their agent-period (group) and world-period (block) codes, pooled over replications.

    One rating per customer: Spearman-Brown assumes independent errors, and a customer who
    rates two contacts on the same issue brings the same leniency to both (the ICC would
    count that shared part as the agent's).
    """
    frames = [
        rated(measured_contacts(r.scenario, r.contacts)).assign(rep=r.replication) for r in results
    ]
    df = pd.concat(frames, ignore_index=True).drop_duplicates(["rep", "issue"])
    groups = pd.factorize(pd.MultiIndex.from_frame(df[["rep", "period", "agent"]]))[0]
    blocks = pd.factorize(pd.MultiIndex.from_frame(df[["rep", "period"]]))[0]
    return df["rating"].to_numpy(dtype=float), groups, blocks


def test_split_half_follows_spearman_brown_in_simulation(default_flat: list[ss.RunResult]) -> None:
    """Split each agent-period's ratings in two, correlate, step up: close to n ICC / (1 + (n - 1) ICC).

    In the simulated center the stepped-up split half falls a little short of the
    Spearman-Brown prediction: measured 0.574 (mean of five random splits) against 0.611 on
    these replications, a bootstrap interval over agent-periods of the gap of [0.017, 0.046].
    The gap persists with morale dynamics off (0.594 vs 0.557) and with every agent always
    on duty (0.609 vs 0.577), so it is not the live morale hits or the shifts; its cause is
    not identified yet (a candidate: how many ratings an agent-period gets is not
    independent of the agent). On independent data the formula holds exactly (the test
    above); here it is held to within 0.05, which a wrong ICC or a wrong split would exceed
    by far.
    """
    values, groups, blocks = _agent_period_ratings(default_flat)
    predicted, _, _, _ = _split_half_check(values, groups, seed=2, blocks=blocks)
    observed = np.mean(
        [_split_half_check(values, groups, seed=s, blocks=blocks)[1] for s in range(5)]
    )
    assert abs(predicted - observed) < 0.05, (predicted, observed)
    assert 0.3 < predicted < 0.9  # ratings carry some, not all, of the agent


def test_agent_share_of_rating_variance_is_plausible(default_flat: list[ss.RunResult]) -> None:
    """MODEL.md: agent identity explains roughly 5-10% of rating variance under flat pay."""
    values, groups, blocks = _agent_period_ratings(default_flat)
    icc = icc_oneway(values, groups, blocks=blocks)
    assert icc.lo < 0.10 and icc.hi > 0.05, icc
    noise = rating_noise(measured_contacts(default_flat[0].scenario, default_flat[0].contacts))
    assert noise.negative_from_defects > 0.5  # most low ratings are about the product
    assert noise.ratings_for_07 < noise.ratings_for_08


def test_no_agent_effect_means_zero_icc(red_beads: list[ss.RunResult]) -> None:
    values, groups, blocks = _agent_period_ratings(red_beads)
    icc = icc_oneway(values, groups, blocks=blocks)
    assert icc.lo <= 0.0 <= icc.hi, icc
    summary_iccs = np.array([r.summary["rating_icc"] for r in red_beads])
    m, lo, hi = mean_ci(summary_iccs)
    assert lo <= 0.0 <= hi, (m, lo, hi)


def test_pooling_periods_is_an_option(default_flat: list[ss.RunResult]) -> None:
    c = measured_contacts(default_flat[0].scenario, default_flat[0].contacts)
    within, pooled = rating_icc(c), rating_icc(c, by=("agent",))
    assert pooled.groups == default_flat[0].scenario.agents
    assert within.groups > pooled.groups
    assert "rating_icc" in ss.METRICS and "funnel_outside_95" in ss.METRICS
