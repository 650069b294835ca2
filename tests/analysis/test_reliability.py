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
    split_half_expected,
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
    predicted = float(spearman_brown(icc.icc, half.harmonic_n))
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


def test_split_half_correlates_within_blocks() -> None:
    """Blocks of four groups: the split half is the pooled within-block correlation and
    agrees with Spearman-Brown; removing each block's mean rating from both halves instead
    (as split_half once did) falls clearly short (by about 1/k for k groups a block)."""
    rng = np.random.default_rng(21)
    groups = np.repeat(np.arange(2400), 20)
    blocks = groups // 4
    x = rng.normal(0.0, np.sqrt(0.1), 2400)[groups] + rng.normal(0.0, np.sqrt(0.9), groups.size)
    predicted, observed, lo, hi = _split_half_check(x, groups, seed=1, blocks=blocks)
    report = f"SB {predicted:.3f} vs split-half {observed:.3f} ({lo:.3f}-{hi:.3f})"
    assert lo <= predicted <= hi, report
    assert split_half_expected(x, groups, blocks) == pytest.approx(predicted, abs=1e-9)
    centred = x - (np.bincount(blocks, weights=x) / np.bincount(blocks))[blocks]
    former = split_half(centred, groups, np.random.default_rng(1)).reliability
    assert former < lo - 0.05, (former, report)


def test_split_half_expected_when_group_size_follows_the_effect() -> None:
    """Groups with extreme effects get more values (as agents whose customers are extreme
    get more survey answers): the ANOVA counts the between-group variance per value, so
    Spearman-Brown from the ICC over-predicts the split half; split_half_expected, which
    counts it per group, does not."""
    rng = np.random.default_rng(22)
    effect = rng.normal(0.0, np.sqrt(0.08), 2000)
    groups = np.repeat(np.arange(2000), 6 + rng.poisson(10 * effect**2 / 0.08))
    x = effect[groups] + rng.normal(0.0, np.sqrt(0.92), groups.size)
    predicted, observed, lo, hi = _split_half_check(x, groups, seed=1)
    expected = split_half_expected(x, groups)
    assert predicted > hi + 0.1, (predicted, observed, lo, hi)
    assert lo <= expected <= hi, (expected, observed, lo, hi)


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


def _equal_sizes(
    values: np.ndarray, groups: np.ndarray, blocks: np.ndarray, size: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exactly ``size`` values drawn at random from each group that has that many."""
    order = np.lexsort((np.random.default_rng(seed).random(groups.size), groups))
    g = groups[order]
    rank = np.arange(g.size) - np.searchsorted(g, g, side="left")
    keep = order[(rank < size) & (np.bincount(groups)[g] >= size)]
    return values[keep], pd.factorize(groups[keep])[0], blocks[keep]


def _stepped_up_split(values: np.ndarray, groups: np.ndarray, blocks: np.ndarray) -> float:
    """Mean stepped-up split half over five random splits (the split's own noise is not the question)."""
    return float(
        np.mean([_split_half_check(values, groups, seed=s, blocks=blocks)[1] for s in range(5)])
    )


def test_split_half_follows_spearman_brown_in_simulation(default_flat: list[ss.RunResult]) -> None:
    """Split each agent-period's ratings in two, correlate within periods, step up: what the
    agent-periods' moments predict, and n ICC / (1 + (n - 1) ICC) when sizes are equal.

    In the simulated center Spearman-Brown from the ICC at the harmonic mean size predicts
    0.631 and the split half (mean of five splits) finds 0.606 on these replications. The
    gap is a property of the world, not of the ratings within an agent-period: how many
    ratings an agent-period gets depends on how it serves. Agents whose customers leave
    more extreme experiences get more answers (the survey response is U-shaped in
    satisfaction), and agent-periods with the most ratings (top third) have a service
    truth about 1.6 times as variable as those with the fewest (0.20 vs 0.12). The ANOVA
    counts between-agent variance once per rating, the correlation across agent-periods
    once per agent-period, so the ICC holds more agent variance than the split half can
    see. Decisive (experiments/split_half_gap.py, 4 x 12 replications): the gap is
    0.016 +- 0.004 (se); cut to 16 ratings per agent-period it is 0.003 +- 0.003; with the
    U-shaped response off (at the same response rate) 0.004 +- 0.005; and
    :func:`split_half_expected`, which counts the agent variance per agent-period, misses
    the split half by 0.0005 +- 0.0017. Half of the gap once recorded here (0.032) was the
    split half's own bias: it removed each period's mean rating from both halves, which
    takes about 1/25 of each agent-period's effect (25 agent-periods a period) and is now
    a pooled within-period correlation (the test above).

    Here: split_half_expected within 0.012 of the split half (measured 0.005; the former
    centring missed it by 0.018), equal sizes within 0.025 of Spearman-Brown (measured
    0.001), and the full gap between 0 and 0.045 (measured 0.025; 0.010-0.025 over three
    seeds).
    """
    values, groups, blocks = _agent_period_ratings(default_flat)
    predicted, _, _, _ = _split_half_check(values, groups, seed=2, blocks=blocks)
    observed = _stepped_up_split(values, groups, blocks)
    expected = split_half_expected(values, groups, blocks)
    assert abs(expected - observed) < 0.012, (expected, observed)
    assert -0.005 < predicted - observed < 0.045, (predicted, observed)
    assert 0.3 < predicted < 0.9  # ratings carry some, not all, of the agent
    equal = _equal_sizes(values, groups, blocks, size=16, seed=0)
    predicted_equal, _, _, _ = _split_half_check(*equal[:2], seed=2, blocks=equal[2])
    observed_equal = _stepped_up_split(*equal)
    assert abs(predicted_equal - observed_equal) < 0.025, (predicted_equal, observed_equal)


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
