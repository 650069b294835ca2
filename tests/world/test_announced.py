"""Announced policy switches: at the first review under the new rules every agent
reconsiders (``LearningRule.announce``); an unannounced switch is noticed through pay only."""

from __future__ import annotations

import numpy as np

import supportsim as ss
from supportsim.schemes.base import announced

#: Flat pay for two weeks, then pay per contact: the switch takes effect in period 2.
SWITCH_DAY = 14


def _switch(told: bool) -> ss.Scheme:
    phase = {"start_day": SWITCH_DAY, "name": "per_contact_pay", "announced": told}
    return ss.make_scheme("policy", schedule=[phase])


def test_only_the_first_review_after_an_announced_switch_is_announced() -> None:
    told = [announced(_switch(True), p) for p in range(6)]
    assert told == [False, False, True, False, False, False]
    assert not any(announced(_switch(False), p) for p in range(6))
    schedule = ss.make_scheme(
        "scheme_schedule",
        phases=[
            {"start_day": 0, "scheme": "flat_salary"},
            {"start_day": 10, "scheme": "per_contact_pay", "announced": True},
        ],
    )
    assert [announced(schedule, p) for p in range(4)] == [False, False, True, False]
    assert not announced(ss.make_scheme("flat_salary"), 2)


def test_an_announced_switch_moves_notes_down_faster() -> None:
    """Imitation, paired replications: told of the switch to pay per contact, every agent
    revises at its first review, so notes effort falls faster over the three weeks after it
    (-0.017, standard error 0.005); nothing differs before."""
    sc = ss.get_scenario("default").replace(days=SWITCH_DAY + 35, warmup_days=7)
    gaps = []
    for seed in range(1, 21):
        notes = []
        for told in (False, True):
            ap = ss.run(sc, _switch(told), seed=seed, tables=False).agent_periods
            notes.append(ap[ap["active"]].groupby("period")["notes_effort"].mean().to_numpy())
        np.testing.assert_array_equal(notes[0][:3], notes[1][:3])  # the same until the switch
        gaps.append((notes[1] - notes[0])[3:6].mean())  # the three weeks after the first review
    gap = np.asarray(gaps)
    se = gap.std(ddof=1) / np.sqrt(gap.size)
    assert gap.mean() + 2 * se < 0, (gap.mean(), se)
