"""Validation: attrition counted by quit chances is unbiased for the quits that happen.

``attrition_rate`` and ``quit_rate`` count each agent-period's chance of quitting (given its
morale) instead of the quits drawn from those chances. The quits minus the summed chances
is a martingale: its mean is zero and its variance is the sum of p(1 - p) over the draws.
So over many runs the drawn quits must sit within a binomial spread of the summed chances,
whatever the review period; a chance computed for the wrong period length, for vacant slots
or for the dismissed would leave them apart.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import supportsim as ss

REPS = 8


@pytest.mark.parametrize("period_days", [7, 28])
def test_quits_drawn_match_the_summed_quit_chances(period_days: int) -> None:
    # A short run with a high base quit rate (about 0.8 a year once morale settles) so
    # that some 150 quits are drawn; forced ranking so that warnings move morale and
    # dismissals remove agents from the draw.
    sc = ss.get_scenario("default").replace(
        days=112, period_days=period_days, quit_rate_year=0.5, learning="fixed"
    )
    drawn = expected = variance = 0.0
    for rep in range(REPS):
        ap = ss.run(sc, "negative_share_ranking", seed=5, replication=rep, tables=False)
        ap = ap.agent_periods
        p = ap["quit_chance"].to_numpy()
        assert np.all(p[~ap["active"].to_numpy() | ap["dismissed"].to_numpy()] == 0.0)
        drawn += float(ap["quit"].sum())
        expected += float(p.sum())
        variance += float((p * (1.0 - p)).sum())
    z = (drawn - expected) / math.sqrt(variance)
    assert expected > 100, expected  # enough draws for the normal approximation
    assert abs(z) < 3.29, (drawn, expected, z)  # two-sided 0.1%


def test_summed_chances_are_far_less_noisy_than_the_quits_drawn() -> None:
    """The point of counting chances: over replications of flat pay, the spread of
    ``attrition_rate`` is a fraction of the spread of the leavers counted."""
    sc = ss.get_scenario("default").replace(days=112, learning="fixed")
    runs = ss.compare(sc, ["flat_salary"], reps=REPS, seed=5, progress=False).runs
    counted = runs["observed_attrition_rate"].std(ddof=1)
    assert runs["attrition_rate"].std(ddof=1) < 0.5 * counted, runs[
        ["attrition_rate", "observed_attrition_rate"]
    ]
    diff = runs["observed_attrition_rate"] - runs["attrition_rate"]
    half = 3.5 * diff.std(ddof=1) / math.sqrt(REPS)  # t(7), 99% two-sided
    assert abs(diff.mean()) < half, (diff.mean(), half)
