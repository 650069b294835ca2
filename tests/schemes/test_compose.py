"""The policy language: what composed rules decide, and one-line errors for bad tables."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from test_conformance import _observation

import supportsim as ss
from supportsim.cli import main
from supportsim.schemes.compose.conditions import ConditionError, parse_condition

TIERS = {
    "score": "mean_stars",
    "min_n": 5,
    "tiers": [{"at": 6.0, "pay": 0.1}, {"at": 8.0, "pay": 0.2}],
}


def _decide(obs: ss.Observation, **table: object) -> ss.Decision:
    scheme = ss.make_scheme("policy", **table)
    return scheme.decide(obs, np.random.default_rng(0)).checked(obs, "policy")


def test_tiers_pay_the_hardest_tier_reached_and_gates_stop_it() -> None:
    obs = _observation()
    d = _decide(obs, bonus=[TIERS])
    stars, n = obs.rating_mean, obs.ratings_n
    rated = (n >= 5) & np.isfinite(stars)
    want = np.where(rated & (stars >= 8), 0.2, np.where(rated & (stars >= 6), 0.1, 0.0))
    np.testing.assert_allclose(d.pay, 1.0 + want)
    assert d.detail is not None
    np.testing.assert_array_equal(
        d.detail["bonus.0.tier"], np.where(want == 0.2, 1, np.where(want == 0.1, 0, -1))
    )
    gate = {**TIERS, "only_if": ["aht_min <= 8.5"]}
    g = _decide(obs, bonus=[gate])
    fast = obs.handle_min <= 8.5
    np.testing.assert_allclose(g.pay, 1.0 + np.where(fast & (obs.contacts >= 10), want, 0.0))
    assert g.detail is not None and g.detail["bonus.0.gated"].sum() == ((want > 0) & ~fast).sum()


def test_top_box_share_pays_the_share_of_nines_and_tens() -> None:
    obs = _observation()
    rule = {"score": "top_box_share", "tiers": [{"at": 0.25, "pay": 0.1}]}
    d = _decide(obs, bonus=[rule])
    share, n = obs.top_box_n / np.maximum(obs.ratings_n, 1), obs.ratings_n
    np.testing.assert_allclose(d.pay, 1.0 + 0.1 * ((n >= 5) & (share >= 0.25)))
    with pytest.raises(ss.ConfigError, match="top_box_share needs a star survey"):
        ss.make_scheme("policy", survey="yesno", bonus=[rule])


def test_an_announced_phase_is_said_and_kept() -> None:
    from supportsim.policy.describe import policy_lines

    phase = {"start_day": 28, "name": "per_contact_pay", "announced": True}
    policy = ss.make_scheme("policy", schedule=[phase])
    assert policy.table()["schedule"][0]["announced"] is True  # type: ignore[attr-defined]
    words = " ".join(line.text for line in policy_lines(policy.model))  # type: ignore[attr-defined]
    assert "from day 28 on, announced:" in words


def test_rates_are_per_weekly_salary_so_weekly_and_monthly_pay_alike() -> None:
    week = _observation()
    month = replace(week, period_days=28, contacts=4 * week.contacts)
    rate = [{"score": "contacts", "rate": 0.002}]
    w = _decide(week, salary=0.5, bonus=rate)
    m = _decide(month, salary=0.5, review="month", bonus=rate)
    np.testing.assert_allclose(w.pay - 0.5, m.pay - 0.5)


def test_rank_cuts_pools_and_caps() -> None:
    obs = _observation()
    top = _decide(obs, bonus=[{"rank": "contacts", "top": 0.25, "pay": 0.3}])
    paid = top.pay > 1.0
    assert paid.sum() == 2 and obs.contacts[paid].min() >= np.sort(obs.contacts)[-2]
    pooled = _decide(obs, bonus=[{"rank": "contacts", "top": 0.25, "pay": 0.3, "pool": 0.05}])
    assert pooled.pay.sum() - obs.n_agents == pytest.approx(0.05 * obs.n_agents)
    capped = _decide(obs, salary=0.5, cap=0.2, bonus=[{"score": "contacts", "rate": 0.01}])
    assert capped.pay.max() == pytest.approx(0.7)
    mix = _decide(obs, bonus=[{"rank": {"contacts": 0.5, "aht_min": 0.5}, "top": 0.5, "pay": 0.1}])
    assert (mix.pay > 1).sum() == 4


def test_actions_threaten_coach_and_climb_the_ladder() -> None:
    obs = _observation()
    d = _decide(obs, action=[{"unless": ["contacts_per_hour >= 4.5"], "coaching": 1.0}])
    below = ~(obs.contacts_per_hour >= 4.5)
    np.testing.assert_array_equal(d.threatened, below)
    np.testing.assert_allclose(d.coaching, np.where(below, 1.0, 0.0))
    assert d.flagged is not None and not d.flagged.any()
    w = _decide(obs, action=[{"rank": "aht_min", "bottom": 0.25, "ladder": "full"}])
    slow = obs.handle_min >= np.sort(obs.handle_min)[-2]
    assert w.flagged is not None and w.standing is not None
    np.testing.assert_array_equal(w.flagged, slow)
    np.testing.assert_array_equal(w.standing, np.where(slow, 1, 0))


def test_a_policy_says_what_it_needs_to_observe() -> None:
    plain = ss.make_scheme("policy", bonus=[TIERS])
    assert (plain.survey, plain.review_sample, plain.repeat_window_days) == ("stars10", 0, 0.0)
    qa = ss.make_scheme(
        "policy", review="month", bonus=[{"score": "qa_score", "tiers": [{"at": 0.7, "pay": 0.1}]}]
    )
    assert qa.review_sample == 8 and qa.review_days == 28
    fcr = ss.make_scheme(
        "policy",
        action=[{"rank": "first_contact_resolution", "bottom": 0.1, "ladder": "warn_only"}],
    )
    assert fcr.repeat_window_days == 7.0
    scheduled = ss.make_scheme("policy", schedule=[{"start_day": 14, "name": "resolution_pay"}])
    assert scheduled.active(1).repeat_window_days == 0.0
    assert scheduled.active(2).repeat_window_days == 7.0


def test_a_policy_pickles_and_compares_by_its_table() -> None:
    p = ss.make_scheme("policy", bonus=[{**TIERS, "only_if": "aht_min <= 9"}])
    again = pickle.loads(pickle.dumps(p))
    assert again == p and again.table() == p.table()
    assert p.table()["bonus"][0]["only_if"] == ["aht_min <= 9"]
    assert p != ss.make_scheme("policy")


def test_a_review_period_that_is_not_the_runs_fails_in_one_line(small: ss.Scenario) -> None:
    monthly = ss.make_scheme("policy", review="month")
    with pytest.raises(
        ss.ConfigError,
        match=r"reviews every month \(28 days\) but the scenario's review period is 7 days: set period_days = 28",
    ):
        ss.run(small, monthly, seed=1)
    res = ss.run(small.replace(period_days=28, days=56), monthly, seed=1)
    assert res.agent_periods["period"].nunique() == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("aht <= 9", "unknown measure 'aht'. Did you mean 'aht_min'?"),
        ("aht_min =< 9", "unknown operator '=<'. Did you mean '<='?"),
        ("aht_min <= nine", "expected '<measure> <op> <number>'"),
    ],
)
def test_conditions_are_read_without_eval(text: str, message: str) -> None:
    assert parse_condition("negative_share < 5%").value == pytest.approx(0.05)
    with pytest.raises(
        ConditionError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace(".", r"\.")
        .replace("?", r"\?"),
    ):
        parse_condition(text)
    with pytest.raises(ConditionError):
        parse_condition("__import__('os').system('true') <= 1")


BAD = [
    (
        "[scheme]\n[[scheme.bonus]]\nscore = mean_stars\ntiers = [{ at = 8.0, pay = 0.1 }]\n",
        'p.toml: not valid TOML (Invalid value (at line 3, column 9)): names are quoted in TOML, write score = "mean_stars"',
    ),
    (
        '[scheme]\n[[scheme.bonus]]\nscore = "mean_star"\ntiers = [{ at = 8.0, pay = 0.1 }]\n',
        "p.toml [scheme] bonus.0.score = \"mean_star\": unknown measure 'mean_star'. Did you mean 'mean_stars'? (supportsim list measures)",
    ),
    (
        '[scheme]\n[[scheme.bonus]]\nscore = "mean_stars"\ntiers = [{ at = 8.0, pay = 10 }]\n',
        "p.toml [scheme] bonus.0.tiers.0.pay = 10: a bonus is a share of the period's salary (0.1 = 10%); did you mean 0.1?",
    ),
    (
        '[scheme]\n[[scheme.action]]\nrank = "first_contact_resolution"\nbottom = 10\nladder = "warn_only"\n',
        "p.toml [scheme] action.0.bottom = 10.0: a share of the rated agents (0.1 = 10%); did you mean 0.1?",
    ),
    (
        '[scheme]\n[[scheme.bonus]]\nscore = "mean_stars"\ntiers = [{ at = 8.0, pay = 0.1 }]\nonly_if = ["negative_share <= 10"]\n',
        'p.toml [scheme] bonus.0.only_if.0 = "negative_share <= 10": negative_share is a share (0.1 = 10%); did you mean 0.1? (or write 10%)',
    ),
    (
        '[scheme]\nname = "star_bonus"\ntiers = [{ at = 8.0, pay = 0.1 }]\n',
        "p.toml [scheme]: 'tiers' belongs in a [[scheme.bonus]] table (a pay rule), e.g. [[scheme.bonus]] score = \"mean_stars\" tiers = [{ at = 8.0, pay = 0.10 }]",
    ),
    (
        '[scheme]\nreview = "weekly"\n',
        "p.toml [scheme] review = \"weekly\": unknown review period 'weekly'. Did you mean 'week'? Valid: week, month",
    ),
    (
        '[scheme]\nsurvey = "yesno"\n[[scheme.bonus]]\nscore = "mean_stars"\ntiers = [{ at = 8.0, pay = 0.1 }]\n',
        "p.toml [scheme] bonus.0.score: mean_stars needs a star survey (stars10 or stars5); this policy's survey is 'yesno'",
    ),
    (
        '[scheme]\n[[scheme.bonus]]\nscore = "mean_stars"\nrate = 0.01\n',
        "p.toml [scheme] bonus.0.score = \"mean_stars\": a rate pays per unit of a count (ratings, contacts, clean_closures, hours_on_duty); 'mean_stars' is not a count: use tiers",
    ),
    (
        '[scheme]\n[[scheme.bonus]]\nscore = "aht_min"\ntiers = [{ at = 8.0, pay = 0.1 }, { at = 9.0, pay = 0.2 }]\n',
        "p.toml [scheme] bonus.0.tiers = [8.0, 9.0]: tiers go from the easiest to the hardest: at must be falling (aht_min counts down: lower is better)",
    ),
    (
        '[scheme]\nreview = "month"\n[center]\nperiod_days = 7\n',
        "p.toml [center].period_days = 7: the policy reviews every 28 days (review in [scheme]); leave period_days out or set it to 28",
    ),
    (
        '[scheme]\n[[scheme.bonus]]\nscore = "mean_stars"\ntierz = [{ at = 8.0, pay = 0.1 }]\n',
        "p.toml [scheme] bonus.0: unknown key 'tierz'. Did you mean 'tiers'?",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_policy_files_fail_with_one_line_and_exit_2(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    assert main(["evaluate", str(path), "--out", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"supportsim: error: {message}"), err
