"""What the core issue says must hold, checked from replications under common random numbers.

Differences are paired by replication (every scheme meets the same world in replication r),
and a claim holds when the 95% paired-t interval of the difference excludes zero in the
stated direction. The claims that depend on learning are checked under every learning rule
that moves effort (:data:`RULES`); where one does not hold under a rule, the test is an
expected failure stating the measured figures (see ``claim_rules``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest
from claim_rules import ROTH_EREV_SLOW, under_rules
from scipy import stats

import supportsim as ss
from supportsim.analysis.paired import paired_differences

REPS = 10


def paired(runs: pd.DataFrame, metric: str, a: str, b: str) -> tuple[float, float]:
    """95% CI of mean(metric[a] - metric[b]) over replications (paired-t)."""
    d = paired_differences(runs, baseline=b, metrics=[metric])
    row = d[d["scheme"] == a].iloc[0]
    return float(row["lo"]), float(row["hi"])


@cache
def default_runs(rule: str) -> pd.DataFrame:
    """The default scenario (56 days) under ``rule``: three schemes, REPS replications."""
    sc = ss.get_scenario("default").replace(learning=rule, days=56)
    schemes = ["flat_salary", "per_contact_pay", "rubric_review"]
    return ss.compare(sc, schemes, reps=REPS, seed=2024, progress=False).runs


@pytest.mark.parametrize(
    ("rule", "other", "metric"),
    under_rules(
        *[
            (o, m)
            for o in ("flat_salary", "rubric_review")
            for m in ("note_quality", "callback_rate")
        ],
        fails={
            ("reinforcement", "flat_salary", "note_quality"): "note_quality per_contact_pay"
            " - flat_salary -0.0015 [-0.0031, +0.0001] (10 replications, 56 days; the final"
            " notes effort does fall, -0.0035 +- 0.0028 over 8). " + ROTH_EREV_SLOW,
            ("reinforcement", "rubric_review", "note_quality"): "note_quality per_contact_pay"
            " - rubric_review -0.0019 [-0.0047, +0.0008] (10 replications, 56 days). "
            + ROTH_EREV_SLOW,
            ("reinforcement", "flat_salary", "callback_rate"): "callback_rate per_contact_pay"
            " - flat_salary +0.0004 [-0.0006, +0.0014] (10 replications, 56 days). "
            + ROTH_EREV_SLOW,
            ("reinforcement", "rubric_review", "callback_rate"): "callback_rate per_contact_pay"
            " - rubric_review -0.0002 [-0.0012, +0.0009] (10 replications, 56 days). "
            + ROTH_EREV_SLOW,
        },
    ),
)
def test_per_contact_pay_cuts_notes_and_raises_callbacks(
    rule: str, other: str, metric: str
) -> None:
    """Pay per contact lowers note quality and raises the callback rate."""
    lo, hi = paired(default_runs(rule), metric, "per_contact_pay", other)
    ci = f"{metric} difference CI [{lo:.4f}, {hi:.4f}] under {rule}"
    if metric == "note_quality":
        assert hi < 0, f"{ci} should be below 0"
    else:
        assert lo > 0, f"{ci} should be above 0"


def _noise(sc: ss.Scenario, seeds: range, metric: str = "rating_noise") -> np.ndarray:
    return np.array([ss.run(sc, "star_bonus", seed=s).summary[metric] for s in seeds])


NOISE_SEEDS = range(8)


def test_rating_noise_about_resolution_rises_with_defect_share() -> None:
    """Product failures the agent can only acknowledge drown the resolution signal in the
    ratings. (Against the service truth the noise does not rise: courtesy shows in every
    contact, defect or not, and dominates an agent's mean stars; measured -0.010
    [-0.031, 0.010] over 16 paired seeds.)"""
    base = ss.get_scenario("default").replace(days=56)
    metric = "rating_noise_vs_resolution"
    low = _noise(base.replace(defect_share=0.05), NOISE_SEEDS, metric)
    high = _noise(base.replace(defect_share=0.45), NOISE_SEEDS, metric)
    d = high - low  # paired: same seeds
    assert d.mean() - stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size) > 0, (
        low,
        high,
    )


def test_rating_noise_falls_with_more_ratings_per_agent() -> None:
    base = ss.get_scenario("default").replace(days=56)
    few = _noise(base, NOISE_SEEDS)
    many = _noise(base.replace(survey_response=0.6), NOISE_SEEDS)
    d = few - many
    assert d.mean() - stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size) > 0, (
        few,
        many,
    )


def test_fixed_effort_makes_schemes_identical_in_behaviour() -> None:
    """With fixed effort (and no people dynamics: no morale, quits or dismissals) a scheme
    only changes pay: every scheme gives the same contacts, notes and callbacks."""
    sc = ss.get_scenario("default").replace(learning="fixed", people_dynamics=False, days=21)
    results = {name: ss.run(sc, name, seed=9).summary for name in ss.SCHEMES}
    for key in ("note_quality", "callback_rate", "contacts", "fcr"):
        values = [r[key] for r in results.values()]
        assert max(values) - min(values) < 1e-12, (key, values)
    # ...while pay does differ, so the equality is not vacuous
    assert len({round(r["cost_per_resolved"], 9) for r in results.values()}) > 1


MOVE_REPS = 16
#: A best responder's effort hardly differs between replications (-0.086 +- 0.004 over 16).
MOVE_REPS_BY_RULE = {"best_response": 4}


def _final_effort(sc: ss.Scenario, scheme: str, reps: int = MOVE_REPS) -> np.ndarray:
    """Per replication, the team's mean thoroughness, notes and checklist effort in the last
    period (replications r of seed 0: paired across schemes)."""
    out = []
    for r in range(reps):
        ap = ss.run(sc, scheme, seed=0, replication=r, tables=False).agent_periods
        last = ap[ap["period"] == ap["period"].max()]
        out.append(last[["thoroughness", "notes_effort", "checklist_effort"]].mean().to_numpy())
    return np.array(out)


@pytest.mark.parametrize(
    "rule",
    under_rules(),
)
def test_learning_moves_effort_only_when_pay_varies(rule: str) -> None:
    """Under flat pay the team ends where it started, at the ideal (every free dimension
    within 0.05 on average); pay per contact moves notes effort below flat pay's (paired 95%
    interval over replications)."""
    sc = ss.get_scenario("default").replace(learning=rule, days=56)
    ideal = np.array([sc.ideal_thoroughness, sc.ideal_notes, sc.ideal_checklist])
    reps = MOVE_REPS_BY_RULE.get(rule, MOVE_REPS)
    flat, paid = _final_effort(sc, "flat_salary", reps), _final_effort(sc, "per_contact_pay", reps)
    assert np.abs(flat.mean(axis=0) - ideal).max() < 0.05, (rule, flat.mean(axis=0))
    d = paid[:, 1] - flat[:, 1]
    half = stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
    assert d.mean() + half < 0, f"notes effort {d.mean():+.3f} +- {half:.3f} under {rule}"
