"""Runs that make no sense get one warning line per problem; the figures are unchanged."""

from __future__ import annotations

import json

import pytest

import supportsim as ss
from supportsim.analysis.plausibility import implausible
from supportsim.cli import main

FINE = {
    "contacts": 5000.0,
    "agent_hours_per_week": 40.0,
    "occupancy": 0.8,
    "attrition_rate": 0.4,
    "bonus_per_agent_month": 150.0,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contacts": 0.0}, "no contact was answered after the warm-up: check arrivals_per_hour"),
        ({"agent_hours_per_week": 105.0}, "agents are on duty 105 hours a week (over 60)"),
        ({"occupancy": 0.995}, "occupancy is 0.99 (over 0.98): agents are busy almost all"),
        ({"attrition_rate": 2.0}, "attrition is 200% a year (over 150%)"),
        (
            {"bonus_per_agent_month": 0.0},
            "nobody ever earned the bonus: its threshold is out of reach",
        ),
    ],
)
def test_each_problem_gets_one_line(change: dict[str, float], message: str) -> None:
    assert implausible(FINE, pays_bonus=True) == []
    lines = implausible({**FINE, **change}, pays_bonus=True)
    assert len(lines) == 1 and lines[0].startswith(message), lines


def test_a_center_open_all_week_without_shifts_is_flagged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [
        "run", "--format", "json", "--summary-only",
        "--set", "days=14", "--set", "roster='all_hours'",
        "--set", "open_hour=7", "--set", "close_hour=22", "--set", "open_weekdays=7",
        "--set", "intraday_profile=[]", "--set", "weekly_profile=[]",
    ]  # fmt: skip
    assert main(args) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert any("agents are on duty 105 hours a week" in w for w in doc["warnings"])
    assert "supportsim: warning: agents are on duty 105 hours a week" in err
    # the same world with the default contract roster is not flagged for hours
    sc = ss.get_scenario("default").replace(
        days=14,
        open_hour=7,
        close_hour=22,
        open_weekdays=7,
        intraday_profile=(),
        weekly_profile=(),
        agents=60,
    )
    assert not any("hours a week" in w for w in ss.run(sc, "flat_salary", 1, tables=False).warnings)
