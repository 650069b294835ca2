"""Refactors change no figure: every scheme's summary and tables match the golden record."""

from __future__ import annotations

import json
import math

import pytest
from golden_record import RECORD, record


@pytest.fixture(scope="module")
def now() -> dict[str, dict[str, object]]:
    return record()


def test_the_same_runs_are_recorded(now: dict[str, dict[str, object]]) -> None:
    assert sorted(now) == sorted(json.loads(RECORD.read_text()))


@pytest.mark.parametrize("key", sorted(json.loads(RECORD.read_text())))
def test_figures_and_tables_are_unchanged(key: str, now: dict[str, dict[str, object]]) -> None:
    was = json.loads(RECORD.read_text())[key]
    got = now[key]
    assert got["tables"] == was["tables"], key
    summary, before = got["summary"], was["summary"]
    assert isinstance(summary, dict) and isinstance(before, dict)
    assert sorted(summary) == sorted(before)
    for metric, value in before.items():
        new = summary[metric]
        if value is None:
            assert new is None, metric
        else:
            assert new is not None and math.isclose(new, value, rel_tol=1e-12, abs_tol=1e-12), (
                metric,
                new,
                value,
            )
