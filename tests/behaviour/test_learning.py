"""Every learning rule keeps the contract: plain arrays in, a valid effort array out.

The conformance tests run over every registered rule; the rest pin each rule's mechanics.
No test assumes how many effort dimensions there are.
"""

from __future__ import annotations

import numpy as np
import pytest

import supportsim as ss
from supportsim.behaviour import EFFORTS, LEARNING, LearningRule, Outcome, make_learning
from supportsim.behaviour.imitation import Imitation
from supportsim.scenario.people import LEARNING_RULES

D = len(EFFORTS)
NOTES = EFFORTS.index("notes")
#: The default ideal on the first three dimensions, 0 (and locked) on the others.
IDEAL = np.zeros(D)
IDEAL[:3] = (0.7, 0.7, 0.5)
FREE = np.zeros(D, dtype=bool)
FREE[:3] = True


def _params(name: str, **changes: object) -> ss.Scenario:
    return ss.get_scenario("default").replace(learning=name, **changes)


def _rule(name: str, effort: np.ndarray, **changes: object) -> LearningRule:
    return make_learning(_params(name, **changes).behaviour, IDEAL, FREE, effort)


def _start(a: int = 8, seed: int = 0) -> np.ndarray:
    g = np.random.default_rng(seed)
    return np.clip(IDEAL + 0.15 * g.standard_normal((a, D)) * FREE, 0, 1)


def _toy_expected_pay(i: int, profiles: np.ndarray) -> np.ndarray:
    """A formula known to best responders: pay falls with notes effort (and depends on no one else)."""
    return 1.0 + 0.3 * (1.0 - profiles[:, NOTES]) + 0.01 * i


def _outcome(a: int, seed: int, active: np.ndarray | None = None) -> Outcome:
    g = np.random.default_rng(seed)
    active = np.ones(a, dtype=bool) if active is None else active
    return Outcome(
        pay=np.where(active, 1.0 + 0.2 * (g.random(a) < 0.5), 0.0),
        threatened=(g.random(a) < 0.2) & active,
        active=active,
        expected_pay=_toy_expected_pay,
    )


# --- conformance: every rule ---------------------------------------------------------------


@pytest.mark.parametrize("name", LEARNING.names())
def test_rule_contract(name: str) -> None:
    effort = _start()
    rule = _rule(name, effort)
    assert isinstance(rule, LearningRule) and rule.name == name
    before = effort.copy()
    out = rule.update(effort, _outcome(8, 1), np.random.default_rng(5))
    np.testing.assert_array_equal(effort, before)  # the input is not changed in place
    assert out is not effort or not rule.moves
    assert out.shape == effort.shape and np.all((out >= 0) & (out <= 1))
    np.testing.assert_array_equal(out[:, ~FREE], effort[:, ~FREE])  # locked dimensions stay
    again = _rule(name, effort).update(effort, _outcome(8, 1), np.random.default_rng(5))
    np.testing.assert_array_equal(out, again)  # deterministic given the generator
    rule.hired(np.array([2, 5]), out)
    rule.update(out, _outcome(8, 2), np.random.default_rng(6))


@pytest.mark.parametrize("name", LEARNING.names())
def test_rule_draws_the_same_numbers_whatever_the_outcome(name: str) -> None:
    """Common random numbers: pay, threats and vacancies never change what is drawn."""
    effort = _start()
    states = []
    for outcome in (
        _outcome(8, 1),
        _outcome(8, 2, active=np.array([1, 1, 0, 1, 1, 0, 1, 1], dtype=bool)),
        Outcome(np.ones(8), np.zeros(8, bool), np.ones(8, bool), _toy_expected_pay),
        Outcome(np.zeros(8), np.zeros(8, bool), np.zeros(8, bool), _toy_expected_pay),
    ):
        rng = np.random.default_rng(11)
        rule = _rule(name, effort)
        for _ in range(3):
            rule.update(effort, outcome, rng)
        states.append(rng.bit_generator.state)
    assert all(s == states[0] for s in states)


@pytest.mark.parametrize("name", LEARNING.names())
def test_vacant_slots_learn_nothing_and_teach_nothing(name: str) -> None:
    """A vacant slot keeps its effort, and whatever its effort or pay says, the active agents
    learn the same."""
    a = 10
    active = np.ones(a, dtype=bool)
    active[[3, 7]] = False
    effort = _start(a)
    rule = _rule(name, effort)
    rng = np.random.default_rng(2)
    for period in range(3):
        out = rule.update(effort, _outcome(a, period, active), rng)
        np.testing.assert_array_equal(out[~active], effort[~active])
        effort = out

    def run(vacant_effort: float, vacant_pay: float) -> np.ndarray:
        e = _start(a)
        r = _rule(name, e)
        g = np.random.default_rng(4)
        for period in range(4):
            e[~active] = vacant_effort
            o = _outcome(a, period, active)
            pay = np.where(active, o.pay, vacant_pay)
            e = r.update(e, Outcome(pay, o.threatened, active, o.expected_pay), g)
        return e[active]

    np.testing.assert_array_equal(run(0.0, 0.0), run(1.0, 50.0))


@pytest.mark.parametrize("name", LEARNING.names())
def test_hiring_every_slot_forgets_everything(name: str) -> None:
    """After ``hired`` on every slot a rule behaves exactly as one made fresh at that effort."""
    effort = _start(8, seed=1)
    rule = _rule(name, effort)
    rng = np.random.default_rng(8)
    for period in range(3):
        effort = rule.update(effort, _outcome(8, period), rng)
    hires = _start(8, seed=2)
    rule.hired(np.arange(8), hires)
    fresh = _rule(name, hires)
    for period in range(2):
        o = _outcome(8, 10 + period)
        seen = rule.update(hires, o, np.random.default_rng(period))
        np.testing.assert_array_equal(seen, fresh.update(hires, o, np.random.default_rng(period)))


@pytest.mark.parametrize("name", LEARNING.names())
def test_an_announcement_changes_no_effort_and_draws_nothing(name: str) -> None:
    """``announce`` only tells the rule: effort is untouched, the next review draws the same
    numbers as without it, and vacant slots still learn nothing."""
    effort = _start()
    rule = _rule(name, effort)
    before = effort.copy()
    rule.announce(effort)
    np.testing.assert_array_equal(effort, before)
    active = np.array([1, 1, 0, 1, 1, 1, 0, 1], dtype=bool)
    told, quiet = np.random.default_rng(11), np.random.default_rng(11)
    out = rule.update(effort, _outcome(8, 1, active), told)
    _rule(name, effort).update(effort, _outcome(8, 1, active), quiet)
    assert told.bit_generator.state == quiet.bit_generator.state
    np.testing.assert_array_equal(out[~active], effort[~active])
    assert out.shape == effort.shape and np.all((out >= 0) & (out <= 1))


@pytest.mark.parametrize("name", LEARNING.names())
def test_after_an_announcement_every_agent_reconsiders(name: str) -> None:
    """With revision switched off, the announced review still moves every agent of a rule
    that moves (imitation and best response revise, reinforcement starts afresh);
    ``fixed`` never."""
    effort = _start(8, seed=3)
    rule = _rule(name, effort, revision_rate=0.0)
    rule.announce(effort)
    rng = np.random.default_rng(2)
    first = rule.update(effort, _outcome(8, 1), rng)
    moved = np.any(first[:, FREE] != effort[:, FREE], axis=1)
    if name == "fixed":
        assert not moved.any()
        return
    if name == "reinforcement":  # every slot starts afresh: as a rule made new at ``effort``
        again = _rule(name, effort).update(effort, _outcome(8, 1), np.random.default_rng(2))
        np.testing.assert_array_equal(first, again)
        return
    assert moved.all()
    quiet = _rule(name, effort, revision_rate=0.0)  # not told: nobody revises
    unmoved = quiet.update(effort, _outcome(8, 1), np.random.default_rng(2))
    assert not np.array_equal(unmoved, first)


def test_an_announcement_resets_what_reinforcement_learnt() -> None:
    """Propensities learnt under the old rules go back to the initial strength around the
    current profile: after ``announce`` the rule plays as a new one made at that profile."""
    effort = _start(8, seed=1)
    rule = _rule("reinforcement", effort)
    rng = np.random.default_rng(8)
    for period in range(4):
        effort = rule.update(effort, _outcome(8, period), rng)
    rule.announce(effort)
    fresh = _rule("reinforcement", effort)
    for period in range(2):
        o = _outcome(8, 20 + period)
        seen = rule.update(effort, o, np.random.default_rng(period))
        np.testing.assert_array_equal(seen, fresh.update(effort, o, np.random.default_rng(period)))


def test_the_scenario_accepts_exactly_the_registered_rules() -> None:
    assert sorted(LEARNING_RULES) == sorted(LEARNING.names())
    for name in LEARNING.names():
        assert ss.get_scenario("default").replace(learning=name).learning == name
    with pytest.raises(ss.ConfigError) as info:
        ss.get_scenario("default").replace(learning="imitaton")
    message = str(info.value)
    assert "\n" not in message
    assert "unknown learning rule 'imitaton'. Did you mean 'imitation'? Available: " in message
    assert message.endswith(", ".join(sorted(LEARNING.names())))


def test_every_rule_has_a_summary_for_the_list() -> None:
    from supportsim.report.lists import learning_list

    rows = learning_list()
    assert [r["name"] for r in rows] == LEARNING.names()
    assert all(len(r["summary"]) > 40 for r in rows)


# --- fixed -----------------------------------------------------------------------------------


def test_fixed_effort_never_moves_and_draws_nothing() -> None:
    effort = _start()
    rng = np.random.default_rng(3)
    state = rng.bit_generator.state
    assert _rule("fixed", effort).update(effort, _outcome(8, 1), rng) is effort
    assert rng.bit_generator.state == state


# --- imitation -------------------------------------------------------------------------------


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
        pay = 1.0 + 0.3 * (effort[:, NOTES] < np.median(effort[:, NOTES]))
        effort = rule.update(effort, Outcome(pay, np.zeros(a, bool), np.ones(a, bool)), rng)
    assert effort[:, NOTES].mean() < IDEAL[NOTES] - 0.1


def _piece_rate_notes(rate: float, periods: int = 12, a: int = 400) -> float:
    """Final mean notes effort in a toy team paid ``rate`` per contact, where contacts fall
    with notes effort (3 minutes of after-contact work at full notes on an 8-minute call)."""
    effort = _start(a, seed=3)
    rule = _rule("imitation", effort)
    rng = np.random.default_rng(5)
    noise = np.random.default_rng(6)
    for _ in range(periods):
        contacts = 2400.0 / (8.0 + 3.0 * effort[:, NOTES]) * (1 + 0.03 * noise.standard_normal(a))
        pay = 1.0 - rate * 215 + rate * contacts
        effort = rule.update(effort, Outcome(pay, np.zeros(a, bool), np.ones(a, bool)), rng)
    return float(effort[:, NOTES].mean())


def test_imitation_responds_to_the_size_of_the_gain() -> None:
    """The response grows with the pay at stake: with every piece rate beyond the default
    0.002 a contact, notes effort falls further."""
    notes = [_piece_rate_notes(rate) for rate in (0.0, 0.002, 0.004, 0.008)]
    assert notes[0] == pytest.approx(IDEAL[NOTES], abs=0.03)  # no piece rate: no drift
    steps = np.diff(notes)
    assert np.all(steps < -0.01), notes


def test_imitation_keeps_a_trial_with_a_chance_that_grows_with_its_gain() -> None:
    """A trial is kept with probability min(1, imitation_strength x gain) and undone
    otherwise, not kept whenever it gained anything (which made the response saturate)."""
    gains = np.array([0.0, 0.01, 0.05, 0.1, 0.2, 0.3])
    n = 3000
    a = n * gains.size
    effort = np.tile(IDEAL, (a, 1))
    before = effort.copy()
    before[:, NOTES] -= 0.2
    rule = _rule("imitation", effort, revision_rate=0.0, intrinsic_pull=0.0)
    assert isinstance(rule, Imitation)
    rule.on_trial[:] = True  # everyone tried notes effort 0.2 above the profile before
    rule.before_trial = before
    rule.last_relative_pay = -np.repeat(gains, n)  # so this period's gain is `gains`
    flat = Outcome(np.ones(a), np.zeros(a, bool), np.ones(a, bool))
    out = rule.update(effort, flat, np.random.default_rng(3))
    kept = (out[:, NOTES] == IDEAL[NOTES]).reshape(gains.size, n).mean(axis=1)
    expected = np.minimum(1.0, 6.0 * gains)
    se = np.sqrt(expected * (1 - expected) / n) + 1e-9
    assert np.all(np.abs(kept - expected) < 4 * se), (kept, expected)


def test_imitation_ignores_vacant_slots() -> None:
    """Relative pay is over active agents only: a team with vacancies (paid nothing)
    behaves exactly as the same team without them."""
    a = 12
    effort = _start(a)
    active = np.ones(a, dtype=bool)
    active[-4:] = False
    pay = np.where(active, 1.0 + 0.05 * np.arange(a), 0.0)
    outcome = Outcome(pay, np.zeros(a, bool), active)
    out = _rule("imitation", effort).update(effort, outcome, np.random.default_rng(1))
    # nobody copies a vacant slot, and a vacant slot copies nobody
    moved = np.any(out != effort, axis=1)
    assert not moved[~active].any() and moved[active].any()


# --- reinforcement (Roth-Erev) --------------------------------------------------------------


def test_reinforcement_defaults_are_the_published_ones() -> None:
    b = ss.get_scenario("default").behaviour
    assert (b.initial_strength, b.forgetting, b.experimentation) == (9.0, 0.1, 0.2)


def _roth_erev_expected(
    periods: int, high: float, s1: float, phi: float, eps: float
) -> list[float]:
    """The published model's expected choice frequency of the better level, period by
    period, for two levels paying ``high`` and 0 above the lowest pay, starting from equal
    propensities summing to ``s1`` times the average payoff (exact, over every history)."""
    start = s1 * (high / 2.0) / 2.0  # average payoff of the first period: half play each
    paths = [(1.0, start, start, 0.5)]  # (probability of the history, q_high, q_low, P(high))
    out = []
    for _ in range(periods):
        out.append(sum(w * p for w, _, _, p in paths))
        nxt = []
        for w, qh, ql, p in paths:
            for played_high, pw in ((True, p), (False, 1.0 - p)):
                r = high if played_high else 0.0
                h = (1 - phi) * qh + (r * (1 - eps) if played_high else r * eps)
                lo = (1 - phi) * ql + (r * eps if played_high else r * (1 - eps))
                nxt.append((w * pw, h, lo, h / (h + lo)))
        paths = nxt
    return out


def test_reinforcement_reproduces_roth_erev_on_two_levels() -> None:
    """A textbook case: notes effort 0 or 1 (two levels), the high level paying 0.5 salary
    more, no intrinsic preference (the ideal is halfway), uniform initial propensities.
    The share of 4,000 agents playing the better level follows the three-parameter model's
    expected learning curve (s(1) = 9, phi = 0.1, epsilon = 0.2) period by period."""
    a, periods, high = 4000, 12, 0.5
    ideal = IDEAL.copy()
    ideal[NOTES] = 0.5
    free = np.zeros(D, dtype=bool)
    free[NOTES] = True
    params = _params("reinforcement", effort_levels=2, effort_sd=1e6, ideal_notes=0.5).behaviour
    effort = np.tile(ideal, (a, 1))
    effort[:, NOTES] = np.arange(a) % 2  # period 1: half play each level
    rule = make_learning(params, ideal, free, effort)
    rng = np.random.default_rng(12)
    share = []
    for _ in range(periods):
        played = effort[:, NOTES]
        share.append(played.mean())
        pay = 1.0 + high * played
        effort = rule.update(effort, Outcome(pay, np.zeros(a, bool), np.ones(a, bool)), rng)
    expected = _roth_erev_expected(periods, high, 9.0, 0.1, 0.2)
    se = np.sqrt(np.array(expected) * (1 - np.array(expected)) / a)
    assert np.all(np.abs(np.array(share) - expected) < 4 * se), (share, expected)
    assert expected[-1] > 0.7 and share[-1] > 0.7  # it learns, at the published pace


def test_reinforcement_without_pay_differences_stays_around_the_ideal() -> None:
    a = 400
    effort = _start(a, seed=5)
    rule = _rule("reinforcement", effort)
    rng = np.random.default_rng(3)
    flat = Outcome(np.ones(a), np.zeros(a, bool), np.ones(a, bool))
    for _ in range(20):
        effort = rule.update(effort, flat, rng)
    on_grid = np.isclose(effort[:, FREE] * 10, np.round(effort[:, FREE] * 10))
    assert on_grid.all()  # levels of the 11-level grid
    assert np.abs(effort.mean(axis=0) - IDEAL)[FREE].max() < 0.05


@pytest.mark.parametrize("weight", [0.0, 1.0])
def test_reinforcement_learns_a_large_pay_difference(weight: float) -> None:
    """Pay strongly favouring low notes effort (half a salary from notes 1 to 0) pulls the
    notes level down over a year of weekly reviews: faster for pay alone, slowly when
    the intrinsic value of the ideal (ideal_weight 1: the best level is then 0.45) is a
    large, steady part of every payoff (Roth-Erev learns from payoffs relative to their level)."""
    a = 400
    effort = _start(a, seed=6)
    rule = _rule("reinforcement", effort, ideal_weight=weight)
    rng = np.random.default_rng(4)
    for _ in range(52):
        pay = 1.0 + 0.5 * (1.0 - effort[:, NOTES])
        effort = rule.update(effort, Outcome(pay, np.zeros(a, bool), np.ones(a, bool)), rng)
    assert effort[:, NOTES].mean() < IDEAL[NOTES] - (0.15 if weight == 0 else 0.05)


# --- best response ---------------------------------------------------------------------------


def test_best_response_under_flat_pay_is_the_ideal() -> None:
    effort = _start(8)
    rule = _rule("best_response", effort, revision_rate=1.0)

    def flat(i: int, profiles: np.ndarray) -> np.ndarray:
        return np.ones(len(profiles))

    outcome = Outcome(np.ones(8), np.zeros(8, bool), np.ones(8, bool), flat)
    out = rule.update(effort, outcome, np.random.default_rng(0))
    np.testing.assert_array_equal(out[:, FREE], np.tile(IDEAL[FREE], (8, 1)))


def test_best_response_maximises_pay_minus_the_effort_cost() -> None:
    """Pay 0.3 salary per unit of notes effort saved, cost ideal_weight x gap^2: the
    optimum gap is 0.3 / (2 ideal_weight) = 0.15, found on the grid (notes 0.6 or 0.5)."""
    effort = _start(8)
    rule = _rule("best_response", effort, revision_rate=1.0)
    out = rule.update(effort, _outcome(8, 1), np.random.default_rng(0))
    assert np.all(out[:, NOTES] == pytest.approx(0.55, abs=0.051))
    others = FREE.copy()
    others[NOTES] = False
    np.testing.assert_array_equal(out[:, others], np.tile(IDEAL[others], (8, 1)))


def test_best_response_needs_foresight() -> None:
    effort = _start(4)
    rule = _rule("best_response", effort, revision_rate=1.0)
    blind = Outcome(np.ones(4), np.zeros(4, bool), np.ones(4, bool))
    with pytest.raises(ValueError, match="expected_pay"):
        rule.update(effort, blind, np.random.default_rng(0))


def test_best_response_in_the_world(small: ss.Scenario) -> None:
    """With the world's foresight: under flat pay agents work at the ideal; under a pure
    piece rate per contact (notes unrewarded) they cut notes and thoroughness."""
    sc = small.replace(learning="best_response", people_dynamics=False, revision_rate=1.0)
    piece = ss.make_scheme("per_contact_pay", base=0.0, per_contact=0.0047, quota_per_hour=0.0)

    def last(scheme: object) -> np.ndarray:
        ap = ss.run(sc, scheme, seed=3).agent_periods  # type: ignore[arg-type]
        final = ap[ap["period"] == ap["period"].max()]
        return final[["thoroughness", "notes_effort", "checklist_effort"]].to_numpy()

    flat, paid = last("flat_salary"), last(piece)
    np.testing.assert_allclose(flat, np.tile(IDEAL[:3], (len(flat), 1)))
    assert paid[:, 0].mean() < IDEAL[0] - 0.1 and paid[:, 1].mean() < IDEAL[1] - 0.05
