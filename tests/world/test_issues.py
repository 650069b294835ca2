"""The world is drawn day by day and forgets what can no longer matter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import supportsim as ss
from supportsim.rng import Streams, replication_seeds
from supportsim.world.center import RawRun, simulate
from supportsim.world.demand import IssueSource
from supportsim.world.issues import IssueStore
from supportsim.world.records import ABANDONED, ContactLog
from supportsim.world.routing import RELEASE_AT


def _lean_run(sc: ss.Scenario, scheme: str, seed: int = 1) -> RawRun:
    streams = Streams.from_seed(replication_seeds(seed, 1)[0])
    rows: list[int] = []
    raw = simulate(sc, ss.make_scheme(scheme), streams, rows=lambda r: rows.append(r["seq"].size))
    assert len(raw.log) == 0 and sum(rows) > 0
    return raw


def test_a_day_is_drawn_from_its_own_stream() -> None:
    sc = ss.get_scenario("default")
    a = Streams.from_seed(replication_seeds(5, 1)[0])
    b = Streams.from_seed(replication_seeds(5, 1)[0])
    source = IssueSource(sc.demand, sc.issues, sc.customers, sc.run.days, a.incidents)
    b.day(2).random(10)  # using a day's generator changes no other day
    first = source.draw(3, a.day(3))
    again = source.draw(3, b.day(3))
    assert first.n > 0
    assert np.array_equal(first.arrival, again.arrival)
    assert np.array_equal(first.resolve_u, again.resolve_u)
    assert (first.arrival >= 3 * 1440).all() and (first.arrival < 4 * 1440).all()
    assert source.draw(5, a.day(5)).n == 0  # Saturday: closed


def test_a_longer_run_starts_with_the_same_issues() -> None:
    """Without incidents (drawn over the whole run), the first weeks' issues do not depend
    on how long the run is."""
    sc = ss.get_scenario("default").replace(
        agents=6, arrivals_per_hour=20.0, incidents_per_30_days=0
    )
    short = ss.run(sc.replace(days=14), "flat_salary", seed=3).issues
    long = ss.run(sc.replace(days=28), "flat_salary", seed=3).issues
    cols = ["kind", "created_min", "defect", "fix_min"]
    pd.testing.assert_frame_equal(short[cols], long[cols].iloc[: len(short)])


def test_issues_and_repeat_records_are_forgotten() -> None:
    """Over sixteen weeks the world holds well under a week's issues at any review, and the
    repeat record about the contacts of the last repeat window (7 days), not of the run."""
    sc = ss.get_scenario("default").replace(agents=6, arrivals_per_hour=20.0, days=112)
    raw = _lean_run(sc, "resolution_pay")
    per_week = 20.0 * (sc.close_hour - sc.open_hour) * sc.open_weekdays
    assert max(raw.issues_held) < 0.6 * per_week, raw.issues_held
    assert max(raw.repeats_held) < 2.0 * per_week, raw.repeats_held
    assert max(_lean_run(sc, "flat_salary").repeats_held) == 0  # nothing tracked, nothing kept


def test_forgetting_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forgetting finished issues, and moving old ones still in play (a callback weeks
    later), leaves every contact exactly as in a world that remembers everything."""
    sc = ss.get_scenario("default").replace(
        agents=6, arrivals_per_hour=20.0, days=56, survey_gaming=True, callback_log_sd=1.5
    )
    forgetting = ss.run(sc, "resolution_pay", seed=7)
    moved = []
    release = IssueStore.release

    def spy(self: IssueStore) -> None:
        release(self)
        moved.append(len(self.moved))

    monkeypatch.setattr(IssueStore, "release", spy)
    assert max(moved or [0]) == 0
    ss.run(sc, "resolution_pay", seed=7)
    assert max(moved) > 0  # some issues outlived their day's review
    monkeypatch.setattr(IssueStore, "release", lambda self: None)
    remembering = ss.run(sc, "resolution_pay", seed=7)
    pd.testing.assert_frame_equal(forgetting.contacts, remembering.contacts)
    pd.testing.assert_frame_equal(forgetting.agent_periods, remembering.agent_periods)


def test_a_busy_center_holds_about_a_day_of_issues(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory flat in volume: with 4,000 new issues a day, the lists never hold a week's."""
    sc = ss.get_scenario("default").replace(agents=60, arrivals_per_hour=400.0, days=14)
    held: list[int] = []
    load_next = IssueStore.load_next

    def spy(self: IssueStore) -> bool:
        held.append(len(self))
        return load_next(self)

    monkeypatch.setattr(IssueStore, "load_next", spy)
    _lean_run(sc, "resolution_pay")
    per_day = 400.0 * (sc.close_hour - sc.open_hour)
    assert max(held) < RELEASE_AT + 1.5 * per_day < 4 * per_day, max(held)  # a week: 5


def test_sealing_the_log_changes_no_row() -> None:
    """Rows moved into numpy blocks read back as the same numbers, across blocks and tail."""
    log = ContactLog()
    for k in range(7):
        log.unserved(k, 0, 1.5 * k, 2.0 * k, ABANDONED)
        if k in (2, 5):
            log.seal()
    before = ContactLog()
    for k in range(7):
        before.unserved(k, 0, 1.5 * k, 2.0 * k, ABANDONED)
    assert len(log) == len(before) == 7
    for start, stop in ((0, 7), (1, 6), (3, 7), (4, 4)):
        got, want = log.columns(start, stop), before.columns(start, stop)
        for name in want:
            np.testing.assert_array_equal(got[name], want[name])
            assert got[name].dtype == want[name].dtype
    taken = log.take(4)
    np.testing.assert_array_equal(taken["issue"], [0, 1, 2, 3])
    np.testing.assert_array_equal(log.columns()["issue"], [4, 5, 6])
