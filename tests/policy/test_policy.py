"""The manager's report: policy files, the best-alternative rule, the verdict, the HTML."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.experiments import SerialExecutor
from supportsim.metrics import fmt
from supportsim.policy import evaluate_policy, load_policy, policy_from_dict, render_report
from supportsim.policy.best import best_rule, pick_best
from supportsim.policy.evaluate import PROPOSED
from supportsim.policy.verdict import judge

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policies"
EVIL = "Stars <script>window.__pwned = 1</script> & <b>co</b>"


def small_policy(**scheme_params: float) -> dict[str, object]:
    return {
        "title": EVIL,
        "description": "<img src=x onerror=alert(1)> plan",
        "scheme": {"name": "star_bonus", "params": scheme_params or {"threshold": 7.0}},
        "center": {"agents": 6, "arrivals_per_hour": 20.0, "days": 14, "warmup_days": 7},
        "evaluation": {"replications": 3, "seed": 2},
    }


@pytest.fixture(scope="module")
def evaluation() -> ss.policy.PolicyEvaluation:
    policy = policy_from_dict(small_policy())
    return evaluate_policy(
        policy,
        alternatives=["star_bonus", "per_contact_pay", "rubric_review"],
        executor=SerialExecutor(),
        progress=False,
    )


def test_example_policies_are_valid() -> None:
    files = sorted(EXAMPLES.glob("*.toml"))
    assert len(files) >= 2
    for f in files:
        p = load_policy(f)
        p.build_scheme()
        assert p.title and p.replications >= 2


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            {"scheme": {"name": "star_bonu"}},
            r"policy \[scheme\]\.name: unknown scheme 'star_bonu'\. Did you mean 'star_bonus'\?",
        ),
        (
            {"scheme": {"name": "star_bonus", "params": {"treshold": 9}}},
            r"\[scheme\.params\]: scheme star_bonus: unknown key 'treshold'\. Did you mean 'threshold'\?",
        ),
        (
            {"scheme": {"name": "star_bonus", "parms": {}}},
            r"\[scheme\]: unknown key 'parms'\. Did you mean 'params'\?",
        ),
        (
            {"center": {"agnets": 4}},
            r"policy \[center\]: unknown scenario parameter 'agnets'\. Did you mean 'agents'\?",
        ),
        (
            {"center": {"survey_response": 2.0}},
            r"policy \[center\]\.survey_response = 2\.0: input should be less than or equal to 1",
        ),
        (
            {"evaluation": {"replications": 1}},
            r"\[evaluation\]\.replications = 1: input should be greater than or equal to 2",
        ),
        ({"titel": "x"}, r"policy: unknown key 'titel'\. Did you mean 'title'\?"),
    ],
)
def test_bad_policies_fail_with_one_line(change: dict[str, object], match: str) -> None:
    with pytest.raises(ss.ConfigError, match=match):
        policy_from_dict({**small_policy(), **change})


def test_best_alternative_rule() -> None:
    def stats(rows: dict[str, tuple[float, float, float, float]]) -> pd.DataFrame:
        out = []
        keys = ("true_quality", "cost_per_resolved", "attrition_rate", "callback_rate")
        for s, values in rows.items():
            out += [
                {"scheme": s, "metric": m, "mean": v} for m, v in zip(keys, values, strict=True)
            ]
        return pd.DataFrame(out)

    limits = ["cost_per_resolved", "attrition_rate"]
    st = stats(
        {
            PROPOSED: (0.7, 10.0, 0.3, 0.2),
            "a": (0.9, 11.0, 0.3, 0.1),  # best quality, but costs more
            "b": (0.95, 9.0, 2.5, 0.1),  # better still, but fires people
            "c": (0.8, 10.0, 0.3, 0.3),
            "d": (0.8, 9.0, 0.2, 0.2),  # ties c on quality, fewer callbacks
        }
    )
    table, best, unconstrained = pick_best(st, ["a", "b", "c", "d"], "true_quality", limits)
    assert (best, unconstrained) == ("d", False)
    assert list(table["eligible"]) == [False, False, True, True]
    assert list(table.columns) == ["scheme", "true_quality", *limits, "callback_rate", "eligible"]
    st = stats(
        {PROPOSED: (0.7, 5.0, 0.3, 0.2), "a": (0.9, 11.0, 0.3, 0.1), "b": (0.8, 10.0, 0.3, 0.3)}
    )
    assert pick_best(st, ["a", "b"], "true_quality", limits)[1:] == ("a", True)
    assert pick_best(st, [], "true_quality", limits)[1] is None
    assert "attrition" in best_rule("true_quality", limits)


def _diffs(rows: dict[str, tuple[float, float]], scheme: str = PROPOSED) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"scheme": scheme, "metric": m, "baseline_mean": 0.5, "mean": 0.5 + (lo + hi) / 2,
             "diff": (lo + hi) / 2, "lo": lo, "hi": hi}
            for m, (lo, hi) in rows.items()
        ],
        columns=["scheme", "metric", "baseline_mean", "mean", "diff", "lo", "hi"],
    )  # fmt: skip


def test_verdict_rules() -> None:
    empty = pd.DataFrame(columns=["scheme", "metric", "mean"])
    none = _diffs({})
    worse = judge(empty, _diffs({"callback_rate": (0.01, 0.03)}), none, None, False, "true_quality")
    assert worse.tone == "bad" and worse.headline.startswith("Not recommended")
    assert worse.reasons[0].startswith(
        "Callback rate: up from 50.0% under a flat salary to 52.0% (+2.0 pts"
    )
    better = judge(
        empty, _diffs({"callback_rate": (-0.03, -0.01)}), none, None, False, "true_quality"
    )
    assert better.tone == "good" and better.headline == "Recommended, with monitoring"
    pricier = judge(
        empty, _diffs({"callback_rate": (-0.03, -0.01), "cost_per_resolved": (0.5, 1.0)}),
        none, None, False, "true_quality",
    )  # fmt: skip
    assert pricier.headline == "Better service, at a higher cost"
    waste = judge(
        empty,
        _diffs({"cost_per_resolved": (0.5, 1.0), "fcr": (-0.01, 0.01)}),
        none,
        None,
        False,
        "true_quality",
    )
    assert waste.headline == "Not recommended: it costs more for no measurable gain"
    alt = judge(
        empty,
        _diffs({"fcr": (-0.01, 0.01)}),
        _diffs({"true_quality": (-0.05, -0.02)}),
        "rubric_review",
        False,
        "true_quality",
    )
    assert alt.headline == "Consider rubric_review instead"
    nothing = judge(empty, _diffs({"fcr": (-0.01, 0.01)}), none, None, False, "true_quality")
    assert nothing.headline == "No measurable effect on the service"
    cheaper = judge(
        empty, _diffs({"cost_per_resolved": (-1.0, -0.5), "fcr": (-0.01, 0.01)}),
        none, None, False, "true_quality",
    )  # fmt: skip
    assert cheaper.tone == "good"
    assert (
        cheaper.headline == "Cheaper per resolved contact, with no measurable change in the service"
    )
    assert any(r.startswith("Cost per resolved") for r in cheaper.reasons), cheaper.reasons
    both = judge(
        empty, _diffs({"callback_rate": (-0.03, -0.01), "cost_per_resolved": (-1.0, -0.5)}),
        none, None, False, "true_quality",
    )  # fmt: skip
    assert both.tone == "good" and both.headline == "Recommended: better service at a lower cost"
    lottery = pd.DataFrame([{"scheme": PROPOSED, "metric": "bonus_to_below_median", "mean": 0.45}])
    assert any(
        "lottery" in r for r in judge(lottery, none, none, None, False, "true_quality").warnings
    )


def test_verdict_never_lists_an_improvement_as_a_reason_against() -> None:
    empty = pd.DataFrame(columns=["scheme", "metric", "mean"])
    mixed = _diffs(
        {
            "callback_rate": (0.01, 0.03),
            "note_quality": (0.01, 0.02),
            "cost_per_resolved": (-1.0, -0.5),
        }
    )
    v = judge(empty, mixed, _diffs({}), None, False, "true_quality")
    assert v.headline == "Not recommended: it makes the service worse"
    assert [r.split(":")[0] for r in v.reasons] == ["Callback rate"]
    assert sorted(r.split(":")[0] for r in v.other_side) == [
        "Cost per resolved contact",
        "Note quality",
    ]


def test_a_clear_change_too_small_to_matter_is_not_weighed() -> None:
    """Attrition counted by quit chances resolves changes of a fraction of a point a year;
    the verdict weighs an attrition change only from its material size (2 points a year),
    and other figures from any size."""
    empty = pd.DataFrame(columns=["scheme", "metric", "mean"])
    none = _diffs({})
    tiny = judge(empty, _diffs({"attrition_rate": (0.001, 0.019)}), none, None, False, "fcr")
    assert tiny.headline == "No measurable effect on the service", tiny
    big = judge(empty, _diffs({"attrition_rate": (0.015, 0.035)}), none, None, False, "fcr")
    assert big.headline == "Not recommended: it makes the service worse"
    assert big.reasons[0].startswith("Attrition: up"), big.reasons
    small_fcr = judge(empty, _diffs({"fcr": (0.001, 0.003)}), none, None, False, "fcr")
    assert small_fcr.headline == "Recommended, with monitoring"


def test_claims_about_who_gets_the_money_need_enough_bonus_payments() -> None:
    def stats(events: float, share: float = 0.6) -> pd.DataFrame:
        rows = {"bonus_to_below_median": share, "bonus_events": events, "bonus_earned_share": 0.01}
        return pd.DataFrame([{"scheme": PROPOSED, "metric": k, "mean": v} for k, v in rows.items()])

    none = _diffs({})
    few = judge(
        stats(1.5), none, none, None, False, "true_quality", replications=8, unit="agent-weeks"
    )
    assert not any("lottery" in w for w in few.warnings)
    assert (
        "Almost nobody earns the bonus: 1.0% of agent-weeks (12 bonus payments over 8 replications)."
        in few.warnings
    )
    many = judge(stats(10.0), none, none, None, False, "true_quality", replications=8)
    assert any("(over 80 bonus payments)" in w and "lottery" in w for w in many.warnings)


def test_number_formats() -> None:
    assert fmt("callback_rate", 0.2345) == "23.4%"
    assert fmt("callback_rate", -0.0001, signed=True) == "+0.0 pts"
    assert fmt("cost_per_resolved", 1234.5) == "1,234.50"
    assert fmt("note_quality", np.nan) == "n/a"


def test_evaluation_compares_proposed_flat_and_best(evaluation: ss.policy.PolicyEvaluation) -> None:
    ev = evaluation
    assert set(ev.runs["scheme"]) == {
        PROPOSED,
        "flat_salary",
        "star_bonus",
        "per_contact_pay",
        "rubric_review",
    }
    assert (ev.runs.groupby("scheme").size() == 3).all()
    assert ev.best in set(ev.candidates["scheme"]) and ev.best != PROPOSED
    assert set(ev.vs_flat["baseline"]) == {"flat_salary"}
    assert ev.verdict.headline and ev.verdict.reasons
    # the proposed policy is replication-for-replication the same world as a direct run
    direct = ss.run(ev.policy.scenario, ev.policy.build_scheme(), seed=2, replication=1)
    row = ev.runs[(ev.runs["scheme"] == PROPOSED) & (ev.runs["replication"] == 1)]
    assert row["callback_rate"].item() == direct.summary["callback_rate"]


def test_report_is_self_contained_and_escapes_the_policy_text(
    evaluation: ss.policy.PolicyEvaluation,
) -> None:
    page = render_report(evaluation)
    assert page.startswith("<!DOCTYPE html>")
    assert html.escape(EVIL) in page  # shown as text ...
    assert "<script" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "<img src=x" not in page
    assert not re.search(r"""(src|href)=["'](https?:|//|file:)""", page)  # no external assets
    imgs = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(imgs) >= 3
    assert evaluation.verdict.headline in html.unescape(page)
    assert "Rule, fixed before looking at the results" in page


def test_cli_evaluate_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from supportsim.cli import main

    policy = tmp_path / "p.toml"
    policy.write_text(
        'title = "Quota <b>test</b>"\n[scheme]\nname = "per_contact_pay"\n'
        "[center]\nagents = 6\narrivals_per_hour = 20.0\ndays = 14\n"
    )
    out = tmp_path / "r" / "report.html"
    args = ["evaluate", str(policy), "--out", str(out), "--reps", "2", "--jobs", "2"]
    assert main([*args, "--alternatives", "rubric_review", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (
        doc["report"] == str(out) and doc["verdict"] and doc["tone"] in {"good", "neutral", "bad"}
    )
    assert "Quota &lt;b&gt;test&lt;/b&gt;" in out.read_text()
    assert main([*args, "--reps", "1"]) == 2
    assert "--reps 1: must be >= 2" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path / "none.toml"), "--out", str(out)]) == 2
