"""Every learning rule keeps the contract: plain arrays in, a valid effort array out."""

from __future__ import annotations

import numpy as np
import pytest

import supportsim as ss
from supportsim.behaviour import EFFORTS, LEARNING, LearningRule, Outcome, make_learning

# thoroughness, notes, checklist, then the gaming dimensions (steering, dumping...) at 0, locked
IDEAL = np.array([0.7, 0.7, 0.5] + [0.0] * (len(EFFORTS) - 3))
FREE = np.array([True, True, True] + [False] * (len(EFFORTS) - 3))


def _rule(name: str, effort: np.ndarray) -> LearningRule:
    params = ss.get_scenario("default").replace(learning=name).behaviour
    return make_learning(params, IDEAL, FREE, effort)


def _start(a: int = 8) -> np.ndarray:
    g = np.random.default_rng(0)
    return np.clip(IDEAL + 0.15 * g.standard_normal((a, len(EFFORTS))) * FREE, 0, 1)


def _outcome(a: int, seed: int) -> Outcome:
    g = np.random.default_rng(seed)
    return Outcome(
        pay=1.0 + 0.2 * (g.random(a) < 0.5),
        threatened=g.random(a) < 0.2,
        active=np.ones(a, dtype=bool),
    )


@pytest.mark.parametrize("name", LEARNING.names())
def test_rule_contract(name: str) -> None:
    effort = _start()
    rule = _rule(name, effort)
    assert isinstance(rule, LearningRule) and rule.name == name
    before = effort.copy()
    out = rule.update(effort, _outcome(8, 1), np.random.default_rng(5))
    np.testing.assert_array_equal(effort, before)  # the input is not changed in place
    assert out.shape == effort.shape and np.all((out >= 0) & (out <= 1))
    np.testing.assert_array_equal(out[:, ~FREE], effort[:, ~FREE])  # locked dimensions stay
    again = _rule(name, effort).update(effort, _outcome(8, 1), np.random.default_rng(5))
    np.testing.assert_array_equal(out, again)  # deterministic given the generator
    rule.hired(np.array([2, 5]), out)
    rule.update(out, _outcome(8, 2), np.random.default_rng(6))


def test_fixed_effort_never_moves_and_draws_nothing() -> None:
    effort = _start()
    rng = np.random.default_rng(3)
    state = rng.bit_generator.state
    assert _rule("fixed", effort).update(effort, _outcome(8, 1), rng) is effort
    assert rng.bit_generator.state == state


def test_imitation_under_equal_pay_stays_near_the_ideal() -> None:
    """With everyone paid the same there is nothing to copy and no trial pays: over many
    periods effort only wanders around the ideal (intrinsic pull), it does not drift."""
    a = 200
    effort = np.tile(IDEAL, (a, 1))
    rule = _rule("imitation", effort)
    rng = np.random.default_rng(9)
    flat = Outcome(pay=np.ones(a), threatened=np.zeros(a, bool), active=np.ones(a, bool))
    for _ in range(60):
        effort = rule.update(effort, flat, rng)
    assert np.abs(effort.mean(axis=0) - IDEAL).max() < 0.03


def test_imitation_copies_the_better_paid() -> None:
    """Half the team is paid more for low notes effort: the notes effort falls."""
    a = 200
    effort = _start(a)
    rule = _rule("imitation", effort)
    rng = np.random.default_rng(4)
    for _ in range(20):
        pay = 1.0 + 0.3 * (effort[:, 1] < np.median(effort[:, 1]))
        effort = rule.update(effort, Outcome(pay, np.zeros(a, bool), np.ones(a, bool)), rng)
    assert effort[:, 1].mean() < IDEAL[1] - 0.1
