"""Attrition a manager can read: the workforce issue's claims, at the default horizon and the
default replications of ``supportsim compare`` (a year, 5 replications, seed 1).

Two of its claims do not hold in the model; their tests are strict expected failures that
give the measured figures (findings, not tuned away).
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.paired import paired_differences

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
    reason="negative_share_ranking attrition 1.28 [1.06, 1.49] a year (quits 1.04, dismissals"
    " 0.24; flat pay 0.39), 5 replications of a year: above the issue's bound of 1.0. The"
    " ladder dismisses about 6 agents of 25 a year; the rest is the warned quitting, each"
    " warning costing 0.15 of morale (a final warning 0.2), which a quit hazard calibrated"
    " on flat pay turns into about 26 quits a year. Not tuned: the morale costs are"
    " assumptions shared by every scheme.",
)
def test_forced_ranking_attrition_stays_under_one_a_year() -> None:
    assert _row("negative_share_ranking", "attrition_rate")["mean"] < 1.0


@pytest.mark.xfail(
    strict=True,
    reason="flat pay's attrition 0.387 [0.203, 0.572] a year over 5 replications of a year:"
    " half-width 0.18, not <= 0.10. A year of 25 agents has about 10 leavers and the"
    " replications scatter by 0.15-0.20 a year (sd over 5 and 10 replications); <= 0.10"
    " needs 10-18 replications of a year (as that sd is 0.15 or 0.20), which would take"
    " `make demo` past its 30 s. Paired differences between schemes are narrower (common random"
    " numbers: 0.58 of the independent half-width for ranking - flat).",
)
def test_attrition_interval_is_narrow_at_the_default_replications() -> None:
    row = _row("flat_salary", "attrition_rate")
    assert 0.25 <= row["mean"] <= 0.50, row["mean"]
    assert (row["hi"] - row["lo"]) / 2 <= 0.10, (row["lo"], row["hi"])
