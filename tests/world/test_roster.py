"""Shifts: who is on duty when, and a contact is never answered by an agent off duty."""

from __future__ import annotations

import numpy as np
import pytest

import supportsim as ss
from supportsim.staffing import agents_for, service_level, staff_for
from supportsim.world.calendar import DAY, WEEK
from supportsim.world.roster import build_roster, demand_target


def _roster(sc: ss.Scenario):  # type: ignore[no-untyped-def]
    return build_roster(sc.staffing, sc.demand, sc.agent_lines())


def _on_duty(sc: ss.Scenario, day: int, hour: int) -> int:
    return sum(_roster(sc).on_duty_at(day * DAY + hour * 60 + 30))


def test_default_roster_gives_everyone_the_contract_hours_and_follows_demand() -> None:
    sc = ss.get_scenario("default")
    r = _roster(sc)
    np.testing.assert_allclose(r.hours_per_week(), sc.staffing.contract_hours)
    grid = np.array([[_on_duty(sc, d, h) for h in range(8, 18)] for d in range(5)])
    assert grid.min() >= 1  # every open hour is covered
    # more agents on duty where more work arrives (a Monday-heavy, two-humped week)
    corr = np.corrcoef(grid.ravel(), demand_target(sc.demand).ravel())[0, 1]
    assert corr > 0.6, corr
    assert grid.sum() == pytest.approx(sc.agents * sc.staffing.contract_hours)


def test_a_seven_day_center_works_each_agent_its_contract_hours() -> None:
    sc = ss.get_scenario("default").replace(
        open_hour=7,
        close_hour=22,
        open_weekdays=7,
        intraday_profile=(),
        weekly_profile=(),
        agents=30,
        days=28,
    )
    r = _roster(sc)
    assert set(np.round(r.hours_per_week(), 6)) == {40.0}
    days_worked = [len({int(s // DAY) for s, _ in iv}) for iv in r.intervals]
    assert max(days_worked) <= 5
    summary = ss.run(sc, "flat_salary", seed=2, tables=False).summary
    assert summary["agent_hours_per_week"] == pytest.approx(40.0, rel=0.10)


def test_shift_patterns_with_breaks() -> None:
    sc = ss.get_scenario("default").replace(
        agents=3,
        shifts=[
            {
                "start": 8.0,
                "hours": 8.0,
                "agents": 2,
                "breaks": [{"after_hours": 4.0, "minutes": 30}],
            },
            {"start": 22.0, "hours": 8.0, "days": [6], "agents": 1},  # Sunday night into Monday
        ],
    )
    r = _roster(sc)
    assert r.hours_per_week().tolist() == [37.5, 37.5, 8.0]
    assert r.intervals[0][:2] == ((480.0, 720.0), (750.0, 960.0))
    assert r.intervals[2] == ((0.0, 360.0), (6 * DAY + 1320.0, WEEK))  # wrapped past midnight


def test_no_contact_is_started_off_duty_and_the_one_in_hand_is_finished() -> None:
    sc = ss.get_scenario("default").replace(agents=12, arrivals_per_hour=40.0, days=14)
    r = _roster(sc)
    c = ss.run(sc, "flat_salary", seed=4).contacts
    served = c[c["seq"] >= 0]
    starts = served["start_min"].to_numpy() % WEEK
    agents = served["agent"].to_numpy()
    on = np.array(
        [any(s <= t < e for s, e in r.intervals[a]) for t, a in zip(starts, agents, strict=True)]
    )
    assert on.all(), served[~on].head()
    ends = (served["start_min"] + served["handle_min"]).to_numpy() % WEEK
    over = [
        not any(s <= t <= e for s, e in r.intervals[a]) for t, a in zip(ends, agents, strict=True)
    ]
    assert any(over)  # some contacts run past the end of the shift: they are finished


def test_erlang_c_sizing() -> None:
    # 100 contacts an hour of 3 minutes (5 Erlangs): 80/20 takes 8 agents, 7 are not enough
    c = agents_for(100.0, 3.0, 0.8, 20.0)
    assert (
        service_level(c, 100 / 60, 3.0, 20 / 60)
        >= 0.8
        > service_level(c - 1, 100 / 60, 3.0, 20 / 60)
    )
    assert c == 8
    # more work, or a stricter target, needs more agents
    assert agents_for(200.0, 3.0, 0.8, 20.0) > c and agents_for(100.0, 3.0, 0.9, 20.0) >= c


def test_staffing_for_a_service_level_target() -> None:
    sc = ss.get_scenario("default").replace(days=21)
    plan = staff_for(sc, target=0.8, within_sec=20)
    staffed = plan.scenario
    assert staffed.agents == sum(p.agents for p in plan.shifts)
    assert (plan.workload["required"] > 0).all()
    loose = staff_for(sc, target=0.5, within_sec=20).scenario
    assert loose.agents < staffed.agents
    with pytest.raises(ss.ConfigError, match="target = 80: must be a share"):
        staff_for(sc, target=80)
