"""What the schemes issue says must hold: every practice of MODEL.md, from replications.

Comparisons are paired by replication (common random numbers: replication r of every
scheme meets the same world); a claim holds when the 95% paired-t interval of the
difference lies on the stated side of zero.
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


def paired(runs: pd.DataFrame, metric: str, a: str, b: str) -> tuple[float, float]:
    """95% CI of mean(metric[a] - metric[b]) over replications (paired-t)."""
    d = paired_differences(runs, baseline=b, metrics=[metric])
    row = d[d["scheme"] == a].iloc[0]
    return float(row["lo"]), float(row["hi"])


@cache
def pay_runs(rule: str) -> pd.DataFrame:
    """The default scenario under ``rule``: pay per contact and pay for resolution."""
    # Learning takes months: over eight weeks the gaps are real but small against
    # run-to-run noise; over sixteen they are clear with 12 replications.
    sc = ss.get_scenario("default").replace(learning=rule, days=112)
    schemes = ["per_contact_pay", "resolution_pay"]
    return ss.compare(sc, schemes, reps=12, seed=11, progress=False).runs


@pytest.mark.parametrize(
    ("rule", "metric"),
    under_rules(
        "note_quality",
        "callback_rate",
        fails={
            ("reinforcement", "note_quality"): "note_quality resolution_pay - per_contact_pay"
            " +0.0000 [-0.0016, +0.0017] (20 replications, 56 days). " + ROTH_EREV_SLOW,
            ("reinforcement", "callback_rate"): "callback_rate resolution_pay - per_contact_pay"
            " +0.0001 [-0.0007, +0.0008] (20 replications, 56 days). " + ROTH_EREV_SLOW,
        },
    ),
)
def test_resolution_pay_beats_per_contact_pay_on_notes_and_callbacks(
    rule: str, metric: str
) -> None:
    """Pay for resolution keeps better notes and fewer callbacks than pay per contact."""
    lo, hi = paired(pay_runs(rule), metric, "resolution_pay", "per_contact_pay")
    if metric == "note_quality":
        assert lo > 0, (rule, metric, lo, hi)
    else:
        assert hi < 0, (rule, metric, lo, hi)


def test_outsourcer_earns_more_from_callbacks_under_per_contact_pay() -> None:
    """Per-contact contract: more callbacks, more revenue: the margin is higher with pay per call."""
    runs = pay_runs("imitation")
    lo, hi = paired(runs, "outsourcer_margin", "per_contact_pay", "resolution_pay")
    assert lo > 0, (lo, hi)
    lo, hi = paired(runs, "contacts", "per_contact_pay", "resolution_pay")
    assert lo > 0, (lo, hi)


def test_split_survey_trades_product_noise_for_answers() -> None:
    """The split survey's support question sheds most of the product's failures (far fewer
    negative answers come from defects) but the second question costs answers (~22% by
    default, Roszkowski & Bean 1990, a borrowed figure). Were the question free, rating
    noise would fall; at a 40% loss it rises: the effect crosses zero in between, so the
    split survey lowers rating noise only below a break-even cost (measured by
    experiments/split_survey_breakeven.py: 15.1%, 95% CI 12.4%-18.1%; at the default 22%
    it raises noise by 0.014 [0.001, 0.027]). The schemes issue's claim that it lowers
    rating noise holds only for a cheap second question.

    A measurement property, so measured with behaviour held fixed (fixed effort, no morale
    dynamics): otherwise the two schemes also change true quality differently.
    """
    sc = ss.get_scenario("default").replace(learning="fixed", people_dynamics=False, days=56)
    free = ss.make_scheme("split_survey", response_penalty=0.0)
    runs = ss.compare(sc, ["star_bonus", free], reps=12, seed=3, progress=False).runs
    lo, hi = paired(runs, "rating_noise", "split_survey", "star_bonus")
    assert hi < 0, (lo, hi)
    lo, hi = paired(runs, "negative_from_defects", "split_survey", "star_bonus")
    assert hi < -0.05, (lo, hi)

    costly = ss.compare(sc, ["star_bonus", "split_survey"], reps=12, seed=3, progress=False).runs
    lo, hi = paired(costly, "survey_response_rate", "split_survey", "star_bonus")
    assert hi < 0, (lo, hi)
    wide = costly.pivot(index="replication", columns="scheme", values="survey_response_rate")
    assert (wide["split_survey"] / wide["star_bonus"]).mean() == pytest.approx(0.78, abs=0.03)

    dear = ss.make_scheme("split_survey", response_penalty=0.4)
    runs = ss.compare(sc, ["star_bonus", dear], reps=12, seed=3, progress=False).runs
    lo, hi = paired(runs, "rating_noise", "split_survey", "star_bonus")
    assert lo > 0, (lo, hi)


def test_split_survey_narrows_the_gap_that_defect_exposure_opens() -> None:
    """Where the split survey does pay: unequal exposure. On ``product_lines`` the product
    line's agents meet about 1.6x the defects of the accounts line and their mean stars are
    lower for it; the support question keeps only a halo of the product, so the gap between
    the lines' scores shrinks (measured: 0.086 -> 0.068) for the same agents and customers."""
    sc = ss.get_scenario("product_lines").replace(learning="fixed", people_dynamics=False, days=56)
    gaps: dict[str, list[float]] = {"star_bonus": [], "split_survey": []}
    for rep in range(6):
        for scheme, out in gaps.items():
            ap = ss.run(sc, scheme, seed=4, replication=rep).agent_periods
            score = ap[ap["period"] >= 1].groupby("line", observed=True)["rating_score"].mean()
            out.append(score["accounts"] - score["product"])
    diff = np.array(gaps["star_bonus"]) - np.array(gaps["split_survey"])
    half = stats.t.ppf(0.975, diff.size - 1) * diff.std(ddof=1) / np.sqrt(diff.size)
    assert diff.mean() - half > 0, (diff, half)


def test_hidden_ratings_raise_morale_and_lower_attrition() -> None:
    # Attrition counts quit chances, so twelve weeks of the default team tell the two apart.
    sc = ss.get_scenario("default").replace(days=84)
    runs = ss.compare(sc, ["star_bonus", "hidden_ratings"], reps=4, seed=5, progress=False).runs
    lo, hi = paired(runs, "mean_morale", "hidden_ratings", "star_bonus")
    assert lo > 0, (lo, hi)
    lo, hi = paired(runs, "attrition_rate", "hidden_ratings", "star_bonus")
    assert hi < 0, (lo, hi)


def test_red_beads_warnings_are_a_lottery() -> None:
    """Deming's red beads: identical agents ranked on "no" answers. With no morale feedback
    the bottom 15% (the ranking's bottom group, ``threatened``) is re-drawn each period;
    with it, warnings become a little self-fulfilling; either way most warnings are
    wrongful, and the bottom group's next score regresses to the team mean.

    With feedback, wrongful warnings are judged on the service truth, which the morale a
    warning or a bad rating seen live costs lowers through courtesy as well as resolution:
    the ranking makes part of its own bottom group."""
    lottery = ss.get_scenario("red_beads").replace(people_dynamics=False, days=84)
    res = [ss.run(lottery, "negative_share_ranking", seed=s) for s in range(6)]
    again = []
    for r in res:
        ap = r.agent_periods[["agent", "period", "threatened"]]
        nxt = ap.assign(period=ap["period"] - 1)
        both = ap.merge(nxt, on=["agent", "period"], suffixes=("", "_next"))
        again.append(both.loc[both["threatened"], "threatened_next"].mean())
    rebottom = np.array(again)
    m, half = rebottom.mean(), stats.t.ppf(0.975, 5) * rebottom.std(ddof=1) / np.sqrt(6)
    assert m - half <= 0.15 <= m + half, (m, half)
    assert all(r.summary["wrongful_warning_share"] > 0.9 for r in res)
    # regression to the mean: the bottom group's next-period negative share, in z-scores
    now_z, next_z = [], []
    for r in res:
        ap = r.agent_periods.copy()
        ap["z"] = ap.groupby("period")["negative_share"].transform(
            lambda s: (s - s.mean()) / s.std()
        )
        nxt = ap[["agent", "period", "z"]].assign(period=ap["period"] - 1)
        both = ap.merge(nxt, on=["agent", "period"], suffixes=("", "_next"))
        flagged = both[both["threatened"]]
        now_z += flagged["z"].tolist()
        next_z += flagged["z_next"].tolist()
    assert np.mean(now_z) > 1.0  # they were singled out for a real (chance) gap
    assert abs(np.mean(next_z)) < 0.25 * np.mean(now_z)  # ...which does not persist

    # with morale feedback, over a year: the ladder's last step is reached by identical agents
    feedback = ss.get_scenario("red_beads").replace(days=364)
    fb = [
        ss.run(feedback, "negative_share_ranking", seed=s, tables=False).summary for s in range(3)
    ]
    assert np.mean([s["wrongful_warning_share"] for s in fb]) > 0.6
    assert sum(s["dismissals"] for s in fb) > 0


def test_survey_gaming_raises_ratings_not_quality() -> None:
    """Adversarial Goodhart: agents learn to keep unhappy customers from getting a survey."""
    base = ss.get_scenario("default").replace(days=56)
    rows = []
    for s in range(8):
        for gaming in (False, True):
            ap = ss.run(base.replace(survey_gaming=gaming), "star_bonus", seed=s).agent_periods
            ap = ap[(ap["period"] >= 1) & ap["active"]]
            rows.append(
                {
                    "seed": s,
                    "gaming": gaming,
                    "rating": np.average(ap["rating_mean"].fillna(0), weights=ap["ratings_n"]),
                    "quality": ap["true_quality"].mean(),
                    "steering": ap["steering_effort"].mean(),
                }
            )
    df = pd.DataFrame(rows).pivot(index="seed", columns="gaming")
    assert (df[("steering", False)] == 0).all() and (df[("steering", True)] > 0).all()
    t = stats.t.ppf(0.975, 7) / np.sqrt(8)
    d_rating = (df[("rating", True)] - df[("rating", False)]).to_numpy()
    d_quality = (df[("quality", True)] - df[("quality", False)]).to_numpy()
    assert d_rating.mean() - t * d_rating.std(ddof=1) > 0, d_rating
    assert abs(d_quality.mean()) + t * d_quality.std(ddof=1) < 0.02, d_quality  # no real gain


def test_scheme_schedule_switches_without_notice() -> None:
    sc = ss.get_scenario("default").replace(days=56)
    sched = ss.make_scheme(
        "scheme_schedule",
        phases=[
            {"start_day": 0, "scheme": "per_contact_pay"},
            {"start_day": 28, "scheme": "resolution_pay"},
        ],
    )
    ap = ss.run(sc, sched, seed=2).agent_periods
    early, late = ap[ap["period"] < 4], ap[ap["period"] >= 5]
    assert early["threatened"].any() and not late["threatened"].any()
    # repeat contacts are not tracked under pay per call; under pay for resolution every
    # agent who worked is paid by its closures, and credited with some once its contacts'
    # 7-day windows have passed (not yet in a new hire's first week)
    assert (early["clean_closures"] == 0).all()
    worked = late[late["active"] & (late["contacts"] > 0)]
    settled = worked[worked["tenure_days"] > 7]
    assert len(settled) and (settled["clean_closures"] > 0).all()
    np.testing.assert_allclose(worked["pay"], 0.5 + 0.0047 * worked["clean_closures"])
    with pytest.raises(ss.ConfigError, match="start_day = 0"):
        ss.make_scheme("scheme_schedule", phases=[{"start_day": 3, "scheme": "flat_salary"}])
    with pytest.raises(ss.ConfigError, match="unknown scheme 'flat_salry'"):
        ss.make_scheme("scheme_schedule", phases=[{"start_day": 0, "scheme": "flat_salry"}])


def test_budget_neutral_defaults() -> None:
    """At fixed effort every paying scheme costs about one salary, so differences in cost
    come from behaviour, not from a bigger budget."""
    sc = ss.get_scenario("default").replace(learning="fixed", people_dynamics=False, days=56)
    for name in ["per_contact_pay", "resolution_pay"]:
        ap = ss.run(sc, name, seed=3).agent_periods
        assert ap[ap["period"] >= 1]["pay"].mean() == pytest.approx(1.0, abs=0.03), name


def test_attrition_is_in_the_published_range() -> None:
    """Under flat pay, over a year, attrition lands in the published 30-45%/year: the whole
    95% interval of three replications (quits counted by their chances)."""
    sc = ss.get_scenario("default").replace(days=364)
    runs = ss.compare(sc, ["flat_salary"], reps=3, seed=1, progress=False).runs
    a = runs["attrition_rate"].to_numpy()
    half = stats.t.ppf(0.975, a.size - 1) * a.std(ddof=1) / np.sqrt(a.size)
    assert a.mean() - half > 0.30 and a.mean() + half < 0.45, (a.mean(), half)
