"""Attrition a manager can read: the workforce issue's claims, at the default horizon and the
default replications of ``supportsim compare`` (a year, 5 replications, seed 1).

One claim does not hold in the model: forced ranking's attrition stays above 1.0 a year. Its
test is a strict expected failure that gives the measured figures (a finding, not tuned
away; ``experiments/ranking_attrition.py`` shows what it rests on).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.paired import paired_differences

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "experiments"))
from ranking_attrition import costs_scaled

REPS = 5  # supportsim compare's default


@cache
def comparison() -> ss.Comparison:
    """Flat pay and forced ranking on the default scenario (one year), as `compare` runs them."""
    return ss.compare(
        "default", ["flat_salary", "negative_share_ranking"], reps=REPS, seed=1, progress=False
    )


def _row(scheme: str, metric: str) -> pd.Series:
    return comparison().table.set_index(["scheme", "metric"]).loc[(scheme, metric)]


def test_forced_ranking_loses_more_people_than_flat_pay_by_quits_and_dismissals() -> None:
    """Forced ranking's attrition is above flat pay's (paired interval), and it is both:
    dismissals at the end of the ladder and quits of agents whose morale the warnings cut."""
    d = paired_differences(comparison().runs, "flat_salary", ["attrition_rate", "quit_rate"])
    for metric in ("attrition_rate", "quit_rate"):
        row = d[(d["scheme"] == "negative_share_ranking") & (d["metric"] == metric)].iloc[0]
        assert row["lo"] > 0, (metric, row["diff"], row["lo"], row["hi"])
    assert _row("negative_share_ranking", "dismissal_rate")["lo"] > 0
    assert _row("flat_salary", "dismissal_rate")["mean"] == 0


@pytest.mark.xfail(
    strict=True,
    reason="negative_share_ranking attrition 1.253 [1.198, 1.308] a year (quits 1.018,"
    " dismissals 0.235; flat pay 0.382), 5 replications of a year: above the issue's bound"
    " of 1.0. The ladder dismisses about 6 agents of 25 a year; the rest is the warned"
    " quitting, each warning costing 0.15 of morale (a final warning 0.2, a week on a plan"
    " 0.03). Not tuned: the morale costs are assumptions shared by every scheme."
    " experiments/ranking_attrition.py: attrition stays under 1.0 only if those costs are"
    " below about two-thirds of their values (crossing at 0.66); at zero it is 0.77. Per"
    " warning the cost is plausible (quit hazard x1.48 over six months; Bond 2025 measured"
    " >= x1.34 for being denied a top rating); each agent is singled out 4.6 times a year.",
)
def test_forced_ranking_attrition_stays_under_one_a_year() -> None:
    assert _row("negative_share_ranking", "attrition_rate")["mean"] < 1.0


def test_attrition_interval_is_narrow_at_the_default_replications() -> None:
    """Flat pay's attrition lies in the published 30-45%/year band's neighbourhood (0.25-0.50)
    with a 95% half-width of at most 0.10 a year at `compare`'s defaults. Counting quit
    chances instead of the quits drawn (see tests/validation/test_attrition_estimator.py)
    is what makes 5 replications enough: the leavers counted scatter by 0.15 a year."""
    row = _row("flat_salary", "attrition_rate")
    assert 0.25 <= row["mean"] <= 0.50, row["mean"]
    assert (row["hi"] - row["lo"]) / 2 <= 0.10, (row["lo"], row["hi"])


def test_forced_ranking_quits_come_from_the_ladders_morale_costs() -> None:
    """The finding above rests on the ladder's morale costs: with them at zero, the same
    agents meeting the same customers quit far less under forced ranking (paired
    replications of half a year; quits counted by their chances)."""
    sc = ss.get_scenario("default").replace(days=182)
    for rep in range(2):
        quits = [
            ss.run(costs_scaled(sc, share), "negative_share_ranking", seed=1, replication=rep,
                   tables=False).summary["quit_rate"]
            for share in (0.0, 1.0)
        ]  # fmt: skip
        assert quits[1] > quits[0] + 0.2, quits
