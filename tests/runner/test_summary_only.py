"""Runs without tables (``run(..., tables=False)``): the same summary and agent-period table
as a run with tables, empty contact tables, reproducible, and flat memory however long."""

from __future__ import annotations

import gc
import math
import tracemalloc

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import supportsim as ss
from supportsim.analysis.summary import summarise

SCHEMES = [
    "flat_salary",
    "per_contact_pay",
    "resolution_pay",
    "negative_share_ranking",
    "hidden_ratings",
    "scheme_schedule",
    "balanced_scorecard",
    "rubric_review",
]


@pytest.fixture(scope="module")
def center() -> ss.Scenario:
    """Every mechanism on: learning with survey gaming and call dumping, morale, quits and
    hiring, and frequent incidents; long enough for the default schedule's switch (day 28)."""
    return ss.get_scenario("default").replace(
        agents=12,
        arrivals_per_hour=40.0,
        days=49,
        survey_gaming=True,
        call_dumping=True,
        incidents_per_30_days=3.0,
        quit_rate_year=0.6,
    )


def assert_same_summary(a: dict[str, float], b: dict[str, float]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        x, y = a[key], b[key]
        if math.isnan(x) or math.isnan(y):
            assert math.isnan(x) and math.isnan(y), (key, x, y)
        else:
            assert y == pytest.approx(x, rel=1e-9, abs=1e-12), key


def assert_summary_only_matches(sc: ss.Scenario, scheme: str | ss.Scheme, seed: int) -> None:
    full = ss.run(sc, scheme, seed=seed)
    lean = ss.run(sc, scheme, seed=seed, tables=False)
    assert_same_summary(full.summary, lean.summary)
    pd.testing.assert_frame_equal(full.agent_periods, lean.agent_periods, rtol=1e-12)
    pd.testing.assert_frame_equal(full.queue, lean.queue)
    for name in ("contacts", "issues"):
        kept, empty = getattr(full, name), getattr(lean, name)
        assert len(kept) > 0 and len(empty) == 0
        assert list(empty.columns) == list(kept.columns)
        assert (empty.dtypes == kept.dtypes).all()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_summary_only_gives_the_same_figures(center: ss.Scenario, scheme: str) -> None:
    assert_summary_only_matches(center, scheme, seed=4)


def test_summary_only_gives_the_same_figures_on_erlang_c() -> None:
    assert_summary_only_matches(ss.get_scenario("erlang_c").replace(days=21), "flat_salary", 9)


@pytest.mark.parametrize("overflow", [True, False])
def test_summary_only_gives_the_same_figures_with_product_lines(overflow: bool) -> None:
    sc = ss.get_scenario("product_lines").replace(days=28, overflow=overflow)
    assert_summary_only_matches(sc, "star_bonus", 5)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    agents=st.integers(1, 5),
    rate=st.floats(2.0, 40.0),
    patience=st.one_of(st.none(), st.floats(0.5, 30.0)),
    days=st.integers(2, 16),
    period=st.sampled_from([1, 3, 7]),
    seed=st.integers(0, 2**32 - 1),
    scheme=st.sampled_from(sorted(ss.SCHEMES)),
)
def test_summary_only_matches_on_any_small_world(
    agents: int, rate: float, patience: float | None, days: int, period: int, seed: int, scheme: str
) -> None:
    """Edge cases too: runs shorter than the warm-up plus a period, partial last periods,
    one agent, no abandonment, daily reviews."""
    sc = ss.get_scenario("default").replace(
        agents=agents,
        arrivals_per_hour=rate,
        mean_patience_min=patience,
        days=days,
        warmup_days=1,
        period_days=period,
        incidents_per_30_days=5.0,
    )
    assert_summary_only_matches(sc, scheme, seed)


def test_repeat_window_changing_mid_run(center: ss.Scenario) -> None:
    """A schedule that tracks repeats, stops, then tracks them over a longer window: what
    the repeat record forgets between reviews never changes a closure."""
    schedule = ss.make_scheme(
        "scheme_schedule",
        phases=[
            {"start_day": 0, "scheme": "resolution_pay", "params": {"window_days": 2}},
            {"start_day": 14, "scheme": "per_contact_pay"},
            {"start_day": 28, "scheme": "resolution_pay", "params": {"window_days": 10}},
        ],
    )
    assert_summary_only_matches(center, schedule, seed=6)
    closures = ss.run(center, schedule, seed=6, tables=False).agent_periods
    by_period = closures.groupby("period")["clean_closures"].sum()
    assert by_period.loc[[0, 1]].gt(0).all() and by_period.loc[[2, 3]].eq(0).all()
    assert by_period.loc[4:].gt(0).all()  # judged on contacts from untracked periods


def test_summarise_of_the_tables_is_the_run_summary(center: ss.Scenario) -> None:
    res = ss.run(center, "star_bonus", seed=2)
    assert_same_summary(res.summary, summarise(center, res.contacts, res.issues, res.agent_periods))


def test_summary_only_is_reproducible(center: ss.Scenario) -> None:
    a = ss.run(center, "negative_share_ranking", seed=8, tables=False).summary
    b = ss.run(center, "negative_share_ranking", seed=8, tables=False).summary
    assert a.keys() == b.keys()
    assert all(a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])) for k in a)


def test_compare_runs_without_tables(small: ss.Scenario) -> None:
    cmp = ss.compare(small, ["resolution_pay"], reps=2, seed=3, jobs=1, progress=False)
    for rep in (0, 1):
        alone = ss.run(small, "resolution_pay", seed=3, replication=rep, tables=False).summary
        row = cmp.runs[cmp.runs["replication"] == rep].iloc[0]
        assert_same_summary(alone, {k: float(row[k]) for k in alone})


def test_tables_must_be_a_bool(small: ss.Scenario) -> None:
    with pytest.raises(ss.ConfigError, match="tables = 'no': must be True or False"):
        ss.run(small, tables="no")  # type: ignore[arg-type]


def _peak_mb(sc: ss.Scenario, tables: bool) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        ss.run(sc, "resolution_pay", seed=1, tables=tables)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_without_tables() -> None:
    """Four times the days: about the same peak memory without tables (measured 1.1x),
    about four times with them (measured 3.9x). Steady demand (no day-to-day
    over-dispersion), so the busiest week of a longer run is not much busier."""
    sc = ss.get_scenario("default").replace(agents=6, arrivals_per_hour=20.0, daily_rate_cv=0.0)
    short, long = sc.replace(days=28), sc.replace(days=112)
    ss.run(short.replace(days=14), "resolution_pay", seed=1, tables=False)  # warm caches
    lean = _peak_mb(long, tables=False) / _peak_mb(short, tables=False)
    full = _peak_mb(long, tables=True) / _peak_mb(short, tables=True)
    assert lean < 1.3, f"without tables: {lean:.2f}x the peak memory for 4x the days"
    assert full > 2.5, f"with tables: {full:.2f}x the peak memory for 4x the days"
