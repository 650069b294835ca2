"""What a composed policy's rules decide in one period: scores, pay rules and rank cuts.

Pure functions of an :class:`~supportsim.schemes.base.Observation` (and, for a rank cut,
one tie-break vector drawn from the review generator every period, whether or not there
is anyone to rank, so the random streams stay aligned). The arithmetic is that of the
built-in schemes, operation for operation, so a policy written as a twin of a built-in
scheme pays exactly what the built-in pays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from supportsim.schemes.base import Observation
from supportsim.schemes.compose.bonus_rule import BonusRule
from supportsim.schemes.compose.conditions import Condition
from supportsim.schemes.compose.grammar import Score, higher_is_better
from supportsim.schemes.measures import MEASURES


@dataclass(frozen=True)
class Floors:
    """Minimum samples: a rule's own ``min_n`` for its score, else the policy's table, else
    the measure's default."""

    table: Mapping[str, float]

    def of(self, measure: str, rule_min_n: float | None = None) -> float:
        """The minimum sample for ``measure`` in a rule with ``rule_min_n``."""
        if rule_min_n is not None:
            return rule_min_n
        return self.table.get(measure, MEASURES.get(measure).min_n)


def standardised(value: np.ndarray, rated: np.ndarray, higher: bool) -> np.ndarray:
    """z-scores within the rated agents of the period, signed so that higher is better
    (0 when fewer than two are rated or all are equal)."""
    z = np.zeros(value.shape)
    if rated.sum() < 2:
        return z
    x = value[rated]
    sd = float(np.std(x))
    if sd == 0:
        return z
    z[rated] = (x - float(np.mean(x))) / sd
    return z if higher else -z


def score_values(
    obs: Observation, score: Score, floors: Floors, min_n: float | None
) -> tuple[np.ndarray, np.ndarray]:
    """``(value, rated)`` of a score: one measure's raw values, or the weighted sum of
    standardised measures (rated only where every component is rated)."""
    if isinstance(score, str):
        return MEASURES.get(score).values(obs, floors.of(score, min_n))
    total = np.zeros(obs.n_agents)
    rated = obs.active.copy()
    for name, weight in score.items():
        m = MEASURES.get(name)
        value, ok = m.values(obs, floors.of(name, min_n))
        total = total + weight * standardised(value, ok, m.better == "higher")
        rated &= ok
    return np.where(rated, total, np.nan), rated


def gates(obs: Observation, conditions: tuple[Condition, ...], floors: Floors) -> np.ndarray:
    """Where every condition holds (an agent not rated on a condition's measure fails it)."""
    ok = np.ones(obs.n_agents, dtype=bool)
    for c in conditions:
        value, rated = MEASURES.get(c.measure).values(obs, floors.of(c.measure))
        ok &= c.holds(value, rated)
    return ok


def rank_cut(
    value: np.ndarray, ranked: np.ndarray, share: float, best: bool, higher: bool,
    rng: np.random.Generator,
) -> np.ndarray:  # fmt: skip
    """The best (``best``) or worst ``share`` of the ``ranked`` agents, rounded up to whole
    agents, ties broken at random. Draws one tie-break per slot every period."""
    out = np.zeros(value.size, dtype=bool)
    tiebreak = rng.random(value.size)  # drawn every period, so streams stay aligned
    k = math.ceil(share * ranked.sum())
    if k == 0:
        return out
    first_high = best == higher  # the selected end of the ranking is the high values
    key = -np.where(ranked, value, -np.inf) if first_high else np.where(ranked, value, np.inf)
    order = np.lexsort((tiebreak, key))
    out[order[:k]] = True
    return out & ranked


@dataclass(frozen=True)
class RuleOutcome:
    """What one pay rule decided, per agent: its pay (salaries), the tier reached (-1:
    none; 0 for a rule without tiers that paid), whether the agent was rated on the rule's
    score, and whether its score qualified but a gate stopped the pay."""

    pay: np.ndarray
    tier: np.ndarray
    rated: np.ndarray
    gated: np.ndarray


def _by_score(
    rule: BonusRule, obs: Observation, floors: Floors, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rule's pay before gates, pools and caps; the tier reached; who is rated."""
    n = obs.n_agents
    if rule.kind == "flat":
        assert rule.pay is not None
        return np.where(obs.active, rule.pay, 0.0), np.where(obs.active, 0, -1), obs.active.copy()
    assert rule.measure is not None
    value, rated = score_values(obs, rule.measure, floors, rule.min_n)
    higher = higher_is_better(rule.measure)
    if rule.kind == "tiers":
        assert rule.tiers is not None
        tier = np.full(n, -1)
        for j, t in enumerate(rule.tiers):
            with np.errstate(invalid="ignore"):
                reached = rated & ((value >= t.at) if higher else (value <= t.at))
            tier[reached] = j
        pays = np.array([t.pay for t in rule.tiers])
        return np.where(tier >= 0, pays[np.maximum(tier, 0)], 0.0), tier, rated
    if rule.kind == "rate":
        assert rule.rate is not None
        pay = np.where(rated, rule.rate * np.nan_to_num(value) / obs.period_weeks, 0.0)
        return pay, np.where(pay > 0, 0, -1), rated
    share = rule.top if rule.kind == "top" else rule.bottom
    assert share is not None and rule.pay is not None
    chosen = rank_cut(value, rated, share, rule.kind == "top", higher, rng)
    return np.where(chosen, rule.pay, 0.0), np.where(chosen, 0, -1), rated


def pay_rule(
    rule: BonusRule, obs: Observation, floors: Floors, rng: np.random.Generator
) -> RuleOutcome:
    """One pay rule's decision: score, gates (``only_if``), team pool, cap."""
    pay, tier, rated = _by_score(rule, obs, floors, rng)
    if rule.only_if:
        ok = gates(obs, rule.only_if, floors)
        gated = (tier >= 0) & ~ok
        pay, tier = np.where(ok, pay, 0.0), np.where(ok, tier, -1)
    else:
        gated = np.zeros(obs.n_agents, dtype=bool)
    if rule.pool is not None:
        weight = np.where(obs.active, pay, 0.0)
        pot = rule.pool * float(obs.active.sum())
        total = float(weight.sum())
        pay = pot * weight / total if total > 0 else np.zeros(obs.n_agents)
    if rule.cap != math.inf:
        pay = np.minimum(pay, rule.cap)
    return RuleOutcome(pay=pay, tier=tier, rated=rated, gated=gated)
