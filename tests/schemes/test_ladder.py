"""The warning ladder as practised, step by step, on hand-made observations."""

from __future__ import annotations

import numpy as np
import pytest

from supportsim.schemes import Observation
from supportsim.schemes.ladder import FINAL, GOOD, PLAN, Ladder


def _obs(standing: list[int], left: list[int], period_days: int = 7) -> Observation:
    n = len(standing)
    z = np.zeros(n)
    return Observation(
        period=3,
        period_days=period_days,
        staffed_hours=np.full(n, 40.0),
        scale="yesno",
        contacts=z + 100,
        talk_min=z + 900,
        acw_min=z + 100,
        ratings_n=z + 20,
        rating_mean=z + 0.8,
        negative_n=z + 4,
        top_box_n=z + 2,
        reviewed_n=z,
        review_checklist=z + np.nan,
        review_resolved=z + np.nan,
        review_notes=z + np.nan,
        rating_var=z,
        surveys_sent=z + 50,
        expected_handle_min=z + 10,
        closures_checked=z,
        clean_closures=z,
        active=np.ones(n, bool),
        tenure_days=z + 300,
        standing=np.array(standing),
        stage_left=np.array(left),
    )


B = np.array([True, True, True, True, False, False])  # who is in the bottom group now


def test_full_ladder_step_by_step() -> None:
    # good+bottom, mid-plan+bottom, plan ends+bottom, final ends+bottom, plan ends ok, final ends ok
    obs = _obs([GOOD, PLAN, PLAN, FINAL, PLAN, FINAL], [0, 21, 7, 7, 7, 7])
    r = Ladder().climb(B, obs)
    assert r.warned.tolist() == [True, False, False, False, False, False]
    assert r.standing.tolist() == [PLAN, PLAN, FINAL, GOOD, GOOD, GOOD]
    assert r.stage_left.tolist() == [28, 14, 28, 0, 0, 0]
    assert r.dismiss.tolist() == [False, False, False, True, False, False]
    assert r.acted.tolist() == [True, False, True, True, False, False]  # mid-plan: no escalation
    np.testing.assert_allclose(r.coaching, [2.0, 2.0, 0, 0, 0, 0])  # 2 a week on a plan


def test_other_ladders() -> None:
    obs = _obs([GOOD, PLAN, PLAN, FINAL, PLAN, FINAL], [0, 21, 7, 7, 7, 7])
    plan = Ladder(steps="warn_and_plan").climb(B, obs)
    assert plan.standing[2] == PLAN and plan.warned[2] and plan.stage_left[2] == 28
    assert not plan.dismiss.any() or plan.dismiss.tolist() == [
        False,
        False,
        False,
        True,
        False,
        False,
    ]
    warn = Ladder(steps="warn_only").climb(B, _obs([GOOD] * 6, [0] * 6))
    assert warn.warned.tolist() == B.tolist() and (warn.standing == GOOD).all()
    assert not warn.dismiss.any() and (warn.coaching == 0).all()


def test_monthly_reviews_run_the_same_ladder_in_weeks() -> None:
    """A 4-week plan started at a monthly review ends at the next one; coaching is per week."""
    r = Ladder().climb(B, _obs([GOOD, PLAN, GOOD, GOOD, GOOD, GOOD], [0, 28, 0, 0, 0, 0], 28))
    assert r.standing[0] == PLAN and r.stage_left[0] == 28
    assert r.coaching[0] == pytest.approx(8.0)  # 2 a week for 4 weeks
    assert r.standing[1] == FINAL  # its plan ended at this review, still in the bottom group
