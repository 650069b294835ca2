"""Review periods that mean what they say: weekly and monthly reviews of the same policy
compare fairly, because pay, morale, quits and coaching are rates per unit of time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import supportsim as ss

REPS = 6


def _runs(period_days: int) -> pd.DataFrame:
    sc = ss.get_scenario("default").replace(
        days=336, warmup_days=28, period_days=period_days, learning="fixed"
    )
    return ss.compare(sc, ["flat_salary"], reps=REPS, seed=7, progress=False).runs


@pytest.fixture(scope="module")
def weekly_monthly() -> tuple[pd.DataFrame, pd.DataFrame]:
    return _runs(7), _runs(28)


@pytest.mark.parametrize(("metric", "tol"), [("cost_per_resolved", 0.02), ("attrition_rate", 0.03)])
def test_weekly_and_monthly_reviews_agree_at_fixed_effort(
    weekly_monthly: tuple[pd.DataFrame, pd.DataFrame], metric: str, tol: float
) -> None:
    weekly, monthly = (r[metric].to_numpy() for r in weekly_monthly)
    test = stats.ttest_ind(weekly, monthly, equal_var=False)
    lo, hi = test.confidence_interval(0.95)
    assert lo <= 0.0 <= hi, (metric, weekly.mean(), monthly.mean(), lo, hi)
    # ...and closely: a salary paid per period instead of per week would quadruple the cost
    scale = weekly.mean() if metric == "cost_per_resolved" else 1.0
    assert abs(weekly.mean() - monthly.mean()) < tol * scale, (weekly.mean(), monthly.mean())


def test_monthly_piece_rates_pay_the_same_per_contact() -> None:
    sc = ss.get_scenario("default").replace(days=112, learning="fixed", people_dynamics=False)
    pay = {}
    for days in (7, 28):
        ap = ss.run(sc.replace(period_days=days), "per_contact_pay", seed=3).agent_periods
        ap = ap[ap["period"] >= 1]
        # currency per contact: pay above the base, in salaries of the period, times the
        # period's salary
        currency = (ap["pay"] - 0.57) * sc.money.salary_per_week * days / 7.0
        pay[days] = float((currency / ap["contacts"]).mean())
    assert pay[7] == pytest.approx(pay[28], rel=1e-9)
    assert np.isclose(pay[7], 0.0025 * sc.money.salary_per_week)  # 2.25 a contact
