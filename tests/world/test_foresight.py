"""Foresight: the observation row and pay an agent who knows the formula expects for a profile."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import supportsim as ss
import supportsim.world.center as center
from supportsim.behaviour import EFFORTS, Outcome, make_learning
from supportsim.rng import Streams, replication_seeds
from supportsim.world.center import RawRun, simulate
from supportsim.world.foresight import PREDICTED, Foresight

T, N, K = (EFFORTS.index(d) for d in ("thoroughness", "notes", "checklist"))


@dataclass
class Spy:
    """A learning rule that never moves and keeps what each review offered it; with
    ``ask``, it also asks the foresight about every agent at a few profiles."""

    ask: bool = False
    seen: list[tuple[np.ndarray, Outcome]] = field(default_factory=list)
    name = "spy"
    moves = False

    def update(self, effort: np.ndarray, outcome: Outcome, rng: Any) -> np.ndarray:
        self.seen.append((effort.copy(), outcome))
        if self.ask and outcome.expected_pay is not None:
            for i in range(effort.shape[0]):
                outcome.expected_pay(
                    i, np.linspace(0.0, 1.0, 5)[:, None] * np.ones(effort.shape[1])
                )
        return effort

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        pass


def _spied(
    sc: ss.Scenario, scheme: str, monkeypatch: pytest.MonkeyPatch, spy: Spy | None = None
) -> tuple[RawRun, Spy]:
    spy = Spy() if spy is None else spy
    monkeypatch.setattr(center, "make_learning", lambda *args: spy)
    streams = Streams.from_seed(replication_seeds(5, 1)[0])
    return simulate(sc, ss.make_scheme(scheme), streams), spy


@pytest.fixture(scope="module")
def world() -> ss.Scenario:
    return ss.get_scenario("default").replace(
        agents=8, arrivals_per_hour=28.0, days=28, warmup_days=0, people_dynamics=False
    )


@pytest.mark.parametrize("scheme", ["per_contact_pay", "resolution_pay", "star_bonus"])
def test_the_profile_worked_predicts_what_was_observed(
    world: ss.Scenario, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the profile each agent actually worked, the predicted row is the observed one
    (the prediction moves from the observation), and so is the pay."""
    raw, spy = _spied(world, scheme, monkeypatch)
    period = 2
    effort, outcome = spy.seen[period]
    obs, decision = raw.periods[period].observation, raw.periods[period].decision
    assert outcome.expected_pay is not None
    fs = outcome.expected_pay.__self__
    assert isinstance(fs, Foresight)
    for i in range(obs.n_agents):
        row = fs.row(i, effort[i])
        for name in set(PREDICTED) - {"review_checklist", "review_resolved", "review_notes"}:
            np.testing.assert_allclose(row[name], getattr(obs, name)[i], rtol=1e-9, err_msg=name)
        paid = outcome.expected_pay(i, effort[i : i + 1])
        np.testing.assert_allclose(paid, np.asarray(decision.pay)[i], rtol=1e-9)


def test_the_physics_moves_the_prediction_the_right_way(
    world: ss.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, spy = _spied(world, "rubric_review", monkeypatch)
    effort, outcome = spy.seen[1]
    fs = outcome.expected_pay.__self__  # type: ignore[union-attr]
    i = 0
    e0 = effort[i]

    def at(dim: int, value: float) -> dict[str, np.ndarray]:
        e = e0.copy()
        e[dim] = value
        return fs.row(i, e)

    less_notes, more_notes = at(N, 0.2), at(N, 0.9)
    assert less_notes["contacts"][0] > more_notes["contacts"][0]
    assert less_notes["acw_min"][0] < more_notes["acw_min"][0]
    assert less_notes["review_notes"][0] == pytest.approx(0.2)
    rushed, careful = at(T, 0.3), at(T, 1.0)
    assert rushed["contacts"][0] > careful["contacts"][0]
    assert rushed["review_resolved"][0] < careful["review_resolved"][0]
    assert rushed["rating_mean"][0] < careful["rating_mean"][0]
    none, full = at(K, 0.0), at(K, 1.0)
    assert none["rating_mean"][0] < full["rating_mean"][0]
    assert none["review_checklist"][0] == 0.0 and full["review_checklist"][0] == 1.0
    # the rubric pays for the reviewer's scores: a full checklist and notes can clear it
    gamed = e0.copy()
    gamed[[K, N]] = 1.0
    assert outcome.expected_pay(i, gamed[None, :])[0] >= outcome.expected_pay(i, e0[None, :])[0]  # type: ignore[misc]


@pytest.mark.parametrize("scheme", ["balanced_scorecard", "negative_share_ranking"])
def test_foresight_leaves_the_world_alone(
    world: ss.Scenario, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asking the foresight questions (schemes that draw from their generator included)
    changes nothing in the world: the run is the same whether or not they are asked."""
    quiet, _ = _spied(world, scheme, monkeypatch)
    asked, spy = _spied(world, scheme, monkeypatch, Spy(ask=True))
    assert len(spy.seen) == 3  # the review at the horizon is held after the run
    np.testing.assert_array_equal(quiet.log.columns()["rating"], asked.log.columns()["rating"])
    for a, b in zip(quiet.periods, asked.periods, strict=True):
        np.testing.assert_array_equal(a.decision.pay, b.decision.pay)


def test_a_best_response_review_is_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """20 agents, every one revising: one review's best responses well under 100 ms
    (measured about 20-40 ms; the bound here is loose, for busy machines)."""
    sc = ss.get_scenario("default").replace(days=14, people_dynamics=False)
    _, spy = _spied(sc, "per_contact_pay", monkeypatch)
    effort, outcome = spy.seen[0]
    params = sc.replace(learning="best_response", revision_rate=1.0).behaviour
    team = center.Team(
        sc.team, sc.handling, sc.surveys, params, sc.people, np.random.default_rng(0)
    )
    rule = make_learning(params, team.ideal, team.free_dims, effort)
    start = time.perf_counter()
    rule.update(effort, outcome, np.random.default_rng(0))
    assert time.perf_counter() - start < 0.5


D = EFFORTS.index("dumping")


@pytest.mark.parametrize("scheme", ["per_contact_pay", "resolution_pay"])
def test_dumping_moves_the_prediction_the_right_way(
    world: ss.Scenario, scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With call dumping allowed and a fifth of contacts dumped: the profile worked still
    predicts what was observed, and dumping more means more contacts, less after-contact
    work, fewer resolved, lower ratings and fewer clean closures per contact (though more
    in all: a dumped customer who comes back and is helped by a colleague still shares the
    closure with the dumper, as repeat tracking credits everyone who handled the issue)."""
    sc = world.replace(call_dumping=True, ideal_dumping=0.2, learning="fixed")
    raw, spy = _spied(sc, scheme, monkeypatch)
    effort, outcome = spy.seen[1]
    obs = raw.periods[1].observation
    fs = outcome.expected_pay.__self__  # type: ignore[union-attr]
    assert np.allclose(effort[:, D], 0.2)
    for i in range(obs.n_agents):
        row = fs.row(i, effort[i])
        for name in ("contacts", "talk_min", "acw_min", "ratings_n", "clean_closures"):
            np.testing.assert_allclose(row[name], getattr(obs, name)[i], rtol=1e-9, err_msg=name)

    def at(i: int, d: float) -> dict[str, np.ndarray]:
        e = effort[i].copy()
        e[D] = d
        return fs.row(i, e)

    i = int(np.argmax(obs.reviewed_n))  # an agent the reviewer saw
    less, more = at(i, 0.0), at(i, 0.6)
    assert more["contacts"][0] > less["contacts"][0]
    assert more["acw_min"][0] < less["acw_min"][0]
    assert more["rating_mean"][0] < less["rating_mean"][0]
    if obs.closures_checked[i] > 0:
        per_contact = [r["clean_closures"][0] / r["contacts"][0] for r in (less, more)]
        assert per_contact[1] < per_contact[0], per_contact
    if obs.reviewed_n[i] > 0:
        assert more["review_resolved"][0] < less["review_resolved"][0]
        assert more["review_notes"][0] < less["review_notes"][0]
