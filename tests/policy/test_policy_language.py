"""Policies written in the policy language evaluate, and their report tells the truth:
who earns each tier, almost nobody when so, claims only with enough payments, --vary."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from supportsim.cli import main
from supportsim.experiments import SerialExecutor
from supportsim.policy import Policy, evaluate_policy, load_policy, render_report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
#: The example of the issue, exactly as a manager wrote it.
EXAMPLE = """title = "Tiered CSAT bonus with a handle-time gate"
[scheme]
review = "week"
survey = "stars10"
[[scheme.bonus]]
score = "mean_stars"
min_n = 5
tiers = [ { at = 8.0, pay = 0.10 }, { at = 9.0, pay = 0.20 } ]
only_if = [ "aht_min <= 9" ]
[[scheme.action]]
rank = "first_contact_resolution"
bottom = 0.10
ladder = "warn_only"
"""
MANAGERS = ("tiered_csat_aht_gate", "top20_csat_qa", "warn_bottom10_fcr_monthly")


def short(policy: Policy) -> Policy:
    """A small center and two replications (a monthly policy keeps three months)."""
    days = 84 if policy.scenario.run.period_days == 28 else 21
    sc = policy.scenario.replace(agents=8, arrivals_per_hour=26.0, days=days)
    return dataclasses.replace(policy, scenario=sc, replications=2, seed=3)


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_example_runs_as_written_and_shows_each_tier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "tiered.toml"
    policy.write_text(EXAMPLE)
    out = tmp_path / "report.html"
    args = ["evaluate", str(policy), "--out", str(out), "--reps", "2", "--jobs", "1"]
    assert main([*args, "--alternatives", "star_bonus", "--no-progress"]) == 0
    assert capsys.readouterr().out.startswith(f"report: {out}\nverdict: ")
    page = text_of(out.read_text())
    assert "agent-weeks earning it" in page
    for tier in (
        "tier 1 (≥ 8 stars): +10% of the salary",
        "tier 2 (≥ 9 stars): +20% of the salary",
    ):
        assert re.search(re.escape(tier) + r"\s+\d+\.\d%", page), tier
    assert "only if AHT ≤ 9 min" in page
    assert (
        "the bottom 10% by first-contact resolution (tracked): a written warning each time" in page
    )


@pytest.mark.parametrize("name", MANAGERS)
def test_the_managers_policies_are_expressible_and_evaluate(name: str) -> None:
    policy = short(load_policy(EXAMPLES / f"{name}.toml"))
    assert policy.scheme == "policy"
    ev = evaluate_policy(
        policy, alternatives=["star_bonus"], executor=SerialExecutor(), progress=False
    )
    assert ev.verdict.headline and ev.earning is not None
    page = render_report(ev)
    assert 'id="earning"' in page
    if name == "warn_bottom10_fcr_monthly":
        assert ev.policy.scenario.run.period_days == 28
        assert 0.05 < ev.mean("proposed", "rule:action.0:share") < 0.3
        assert "Nobody earned a bonus" in " ".join(ev.earning.sentences)
    else:
        assert ev.earning.rows and ev.mean("proposed", "rule:bonus.0:rated") > 0.5
    if name == "top20_csat_qa":
        assert ev.mean("proposed", "rule:bonus.0:paid") == pytest.approx(0.2, abs=0.06)


def test_a_threshold_almost_nobody_reaches_is_said_plainly() -> None:
    policy = load_policy(EXAMPLES / "star_bonus_high_threshold.toml")
    policy = dataclasses.replace(policy, replications=2, seed=1)
    ev = evaluate_policy(policy, alternatives=[], executor=SerialExecutor(), progress=False)
    assert ev.earning is not None and not ev.earning.enough
    said = " ".join(ev.earning.sentences) + " ".join(ev.verdict.warnings)
    assert "Almost nobody earns" in said
    assert not any("lottery" in w for w in ev.verdict.warnings)
    page = text_of(render_report(ev))
    assert "too few" in page and "rewards luck as much as good work" not in page
    assert "went to agents below the median" not in page


def test_vary_adds_a_what_threshold_figure_and_table() -> None:
    policy = short(load_policy(EXAMPLES / "tiered_csat_aht_gate.toml"))
    ev = evaluate_policy(
        policy,
        alternatives=[],
        executor=SerialExecutor(),
        progress=False,
        vary="bonus.0.tiers.0.at=6,8",
    )
    assert ev.vary is not None and ev.vary.values == (6, 8)
    got = ev.vary_table.pivot(index="metric", columns="value", values="mean")
    assert got.loc["bonus_earned_share", 6] >= got.loc["bonus_earned_share", 8]
    assert {"true_quality", "callback_rate", "rating_noise", "cost_per_resolved"} <= set(got.index)
    assert set(ev.runs["scheme"]) == {"proposed", "flat_salary"}  # variants are not alternatives
    page = render_report(ev)
    assert 'id="vary"' in page and "bonus.0.tiers.0.at" in page


@pytest.mark.parametrize(
    ("vary", "message"),
    [
        ("bonus.0.tiers.0.at", "--vary 'bonus.0.tiers.0.at': expected PATH=V1,V2,..."),
        ("bonus.0.tiers.0.at=8", "give at least two values to compare"),
        ("bonus.0.tiers.0.at=8,8", "values must be distinct"),
        ("bonus.3.tiers.0.at=8,9", "bonus has 1 entry, numbered 0; no '3'"),
        ("bonus.0.tiers.0.att=8,9", "unknown key 'att'. Did you mean 'at'?"),
        (
            "bonus.0.tiers.0.at=8,90",
            "--vary bonus.0.tiers.0.at = 90.0: mean_stars runs from 1 to 10",
        ),
        ("review=week,month", "the review period and the schedule shape the whole run"),
    ],
)
def test_bad_vary_is_one_line_and_exit_2(
    vary: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(EXAMPLE)
    assert main(["evaluate", str(policy), "--out", str(tmp_path / "r.html"), "--vary", vary]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
