"""Call dumping and the two truths: dumping changes nothing until an agent dumps, a dumped
contact is very short and comes back soon, and the service truth is the handler's own
expectation of what the agent adds to a customer's satisfaction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.behaviour import EFFORTS
from supportsim.world.demand import PER_CONTACT

#: A short world with fixed effort (effort set by the ideal profile).
FIXED = {"learning": "fixed", "days": 21}


def _contacts(sc: ss.Scenario, scheme: str = "per_contact_pay", seed: int = 4) -> pd.DataFrame:
    return ss.run(sc, scheme, seed).contacts


def test_dumping_is_an_effort_dimension_with_its_own_predrawn_luck() -> None:
    assert EFFORTS[-1] == "dumping"
    assert PER_CONTACT[-1] == "dump_u"  # appended: the earlier draws of a day are unchanged


@pytest.mark.parametrize("people_dynamics", [True, False])
def test_allowing_dumping_at_zero_effort_changes_no_contact(people_dynamics: bool) -> None:
    """Common random numbers: the dumping uniform is drawn whether or not dumping is on."""
    base = ss.get_scenario("default").replace(**FIXED, people_dynamics=people_dynamics)
    off = _contacts(base)
    on = _contacts(base.replace(call_dumping=True, ideal_dumping=0.0))
    pd.testing.assert_frame_equal(off, on)


def test_dumping_needs_the_switch() -> None:
    """``ideal_dumping`` does nothing unless the scenario allows dumping."""
    base = ss.get_scenario("default").replace(**FIXED)
    off = _contacts(base)
    ignored = _contacts(base.replace(ideal_dumping=0.3))
    pd.testing.assert_frame_equal(off, ignored)
    learning = ss.get_scenario("default").replace(days=21, survey_gaming=True)
    ap = ss.run(learning, "per_contact_pay", 1).agent_periods
    assert ap["steering_effort"].gt(0).any() and ap["dumping_effort"].eq(0.0).all()


@pytest.fixture(scope="module")
def dumping_pair() -> tuple[ss.RunResult, ss.RunResult]:
    """The same world at fixed effort, agents dumping a fifth of their contacts or none
    (people dynamics off, so morale and the team are the same in both)."""
    base = ss.get_scenario("default").replace(**FIXED, call_dumping=True, people_dynamics=False)
    none = ss.run(base, "flat_salary", seed=7)
    some = ss.run(base.replace(ideal_dumping=0.2), "flat_salary", seed=7)
    return none, some


def _gap_to_next(c: pd.DataFrame) -> pd.Series:
    """Per answered contact: minutes from its end to the next arrival on its issue."""
    c = c.sort_values(["issue", "attempt"])
    nxt = c.groupby("issue")["arrive_min"].shift(-1)
    return nxt - (c["start_min"] + c["talk_min"])


def test_dumped_contacts_are_very_short_and_come_back_soon(
    dumping_pair: tuple[ss.RunResult, ss.RunResult],
) -> None:
    _, some = dumping_pair
    sc, c = some.scenario, some.contacts
    dumped = c[c["outcome"] == "dumped"]
    answered = c[c["seq"] >= 0]
    assert len(dumped) / len(answered) == pytest.approx(0.2, abs=0.02)
    # a few seconds of talk (uniform 0.5-1.5 x dump_talk_sec), no notes, no checklist
    talk_sec = 60 * dumped["talk_min"]
    assert talk_sec.min() >= 0.5 * sc.dump_talk_sec - 1e-9
    assert talk_sec.max() <= 1.5 * sc.dump_talk_sec + 1e-9
    assert (dumped["acw_min"] == 0).all() and (dumped["note_quality"] == 0).all()
    assert (dumped["checklist"] == 0).all()
    # worked contacts are almost never that short: short contacts are the dumped ones
    worked = answered[answered["outcome"] != "dumped"]
    assert (worked["talk_min"] * 60 < sc.short_contact_sec).mean() < 0.002
    short = some.summary["short_contact_share"]
    assert short == pytest.approx(len(dumped) / len(answered), abs=0.01)
    # the customer comes back within minutes, not hours
    gap = _gap_to_next(c)
    after_dump = gap[c["outcome"] == "dumped"].dropna()
    after_unresolved = gap[c["outcome"] == "unresolved"].dropna()
    assert after_dump.median() < sc.dump_callback_median_min * 2
    assert after_dump.median() < 0.1 * after_unresolved.median()
    returned = gap.notna()
    assert returned[c["outcome"] == "dumped"].mean() > returned[c["outcome"] == "unresolved"].mean()
    # angrier than an unresolved contact
    unresolved = c[c["outcome"] == "unresolved"]
    assert dumped["satisfaction"].mean() < unresolved["satisfaction"].mean()


def test_dumping_raises_callbacks_and_lowers_both_truths(
    dumping_pair: tuple[ss.RunResult, ss.RunResult],
) -> None:
    none, some = dumping_pair
    assert none.summary["short_contact_share"] < 0.002
    assert some.summary["short_contact_share"] > 0.15
    assert some.summary["callback_rate"] > none.summary["callback_rate"] + 0.05
    assert some.summary["true_quality"] == pytest.approx(0.8 * none.summary["true_quality"])
    assert some.summary["true_service"] < none.summary["true_service"] - 0.2
    ap = some.agent_periods[some.agent_periods["active"]]
    assert ap["dumping_effort"].eq(0.2).all()
    assert ap["short_contact_share"].mean() == pytest.approx(0.2, abs=0.03)


def test_service_truth_is_the_handlers_expectation() -> None:
    """On standard solvable first contacts, with nothing the agent does not control left to
    vary (no waiting cost, leniency or noise, no defects, one kind of work of standard size,
    morale at baseline, no ramp-up), each agent's mean satisfaction estimates its service
    truth without bias (dumping included), and its resolution rate its true quality."""
    sc = ss.get_scenario("default").replace(
        kinds=[{"name": "standard", "share": 1.0}],
        handle_log_sd=1e-6,
        defect_share=0.0,
        incidents_per_30_days=0.0,
        leniency_sd=0.0,
        sat_noise_sd=0.0,
        sat_wait_per_min=0.0,
        ramp_penalty=0.0,
        people_dynamics=False,
        call_dumping=True,
        ideal_dumping=0.1,
        courtesy_sd=0.5,
        **FIXED,
    )
    res = ss.run(sc, "flat_salary", seed=3)
    c = res.contacts
    first = c[(c["seq"] == 0) & (c["start_min"] >= 1440 * sc.warmup_days)]
    by_agent = first.groupby("agent").agg(
        sat=("satisfaction", "mean"),
        sd=("satisfaction", "std"),
        n=("satisfaction", "size"),
        resolved=("outcome", lambda o: (o == "resolved").mean()),
    )
    truth = res.agent_periods.groupby("agent")[["true_service", "true_quality"]].first()
    both = by_agent.join(truth)
    assert res.agent_periods.groupby("agent")["true_service"].nunique().eq(1).all()
    z = (both["sat"] - both["true_service"]) / (both["sd"] / np.sqrt(both["n"]))
    assert z.abs().max() < 4, z.sort_values().to_dict()
    assert abs(z.mean()) < 4 / np.sqrt(len(z))
    p, n = both["true_quality"], both["n"]
    z_p = (both["resolved"] - p) / np.sqrt(p * (1 - p) / n)
    assert z_p.abs().max() < 4 and abs(z_p.mean()) < 4 / np.sqrt(len(z_p))
    # the service truth varies with courtesy beyond resolution
    assert np.corrcoef(both["true_service"], both["true_quality"])[0, 1] < 0.95
