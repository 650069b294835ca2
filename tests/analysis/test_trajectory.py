"""The trajectory: team means period by period, for a run and across a comparison."""

from __future__ import annotations

import numpy as np
import pytest

import supportsim as ss
from supportsim.analysis.trajectory import trajectory_ci
from supportsim.plots import plot_trajectories


@pytest.fixture(scope="module")
def cmp() -> ss.Comparison:
    sc = ss.get_scenario("default").replace(agents=10, arrivals_per_hour=28.0, days=42)
    return ss.compare(sc, ["flat_salary", "per_contact_pay"], reps=3, seed=4, progress=False)


def test_a_runs_trajectory_is_its_agent_periods_averaged(small: ss.Scenario) -> None:
    res = ss.run(small, "per_contact_pay", seed=2)
    t = res.trajectory
    ap = res.agent_periods
    assert t["period"].tolist() == sorted(ap["period"].unique())
    assert t["week"].tolist() == [p + 1.0 for p in t["period"]]  # weekly reviews
    active = ap[ap["active"]]
    for p, row in t.set_index("period").iterrows():
        here = active[active["period"] == p]
        assert row["headcount"] == len(here)
        assert row["pay"] == pytest.approx(here["pay"].mean())
        assert row["notes_effort"] == pytest.approx(here["notes_effort"].mean())


def test_comparisons_carry_every_runs_trajectory(cmp: ss.Comparison) -> None:
    t = cmp.trajectories
    assert set(t["scheme"]) == {"flat_salary", "per_contact_pay"}
    assert t.groupby("scheme")["replication"].nunique().tolist() == [3, 3]
    assert len(t) == 2 * 3 * 6  # schemes x replications x periods
    ci = trajectory_ci(t)
    flat = ci[(ci["scheme"] == "flat_salary") & (ci["metric"] == "pay")]
    np.testing.assert_allclose(flat["mean"], 1.0)  # flat pay is one salary every period
    assert (ci["lo"] <= ci["mean"] + 1e-12).all() and (ci["mean"] <= ci["hi"] + 1e-12).all()


def test_trajectory_figure(cmp: ss.Comparison) -> None:
    fig = plot_trajectories(cmp.trajectories, ["notes_effort", "pay"])
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 2
    assert fig.axes[0].get_xlabel() == "week" or fig.axes[1].get_xlabel() == "week"
    with pytest.raises(ss.ConfigError, match="not in the trajectories"):
        plot_trajectories(cmp.trajectories, ["no_such_figure"])
