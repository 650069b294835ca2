"""Warnings for runs whose own figures make no sense for a real center.

A run can be valid input and still describe a center nobody would believe: agents on duty
70 hours a week, every minute on duty busy, half the team leaving each quarter, nobody ever
earning the bonus. :func:`implausible` reads a run's summary and says, one line per
problem, what looks wrong, the likely cause and the parameter to look at. Warnings never
change a figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

#: Limits beyond which a figure is flagged.
MAX_HOURS_PER_WEEK = 60.0
MAX_OCCUPANCY = 0.98
MAX_ATTRITION = 1.5


def _ok(x: Any) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def implausible(summary: Mapping[str, float], *, pays_bonus: bool = False) -> list[str]:
    """One warning line per implausible figure of ``summary`` (empty when all is well).

    ``pays_bonus``: the scheme has a bonus to earn (a "nobody earned it" check applies).
    """
    out = []
    contacts = summary.get("contacts", math.nan)
    if _ok(contacts) and contacts == 0:
        out.append(
            "no contact was answered after the warm-up: check arrivals_per_hour, the open"
            " hours (open_hour, close_hour, open_weekdays) and the roster (shifts)"
        )
    hours = summary.get("agent_hours_per_week", math.nan)
    if _ok(hours) and hours > MAX_HOURS_PER_WEEK:
        out.append(
            f"agents are on duty {hours:.0f} hours a week (over {MAX_HOURS_PER_WEEK:.0f}):"
            " every agent works every open hour; give a roster (roster = 'contract',"
            " contract_hours, or shifts)"
        )
    occupancy = summary.get("occupancy", math.nan)
    if _ok(occupancy) and occupancy > MAX_OCCUPANCY:
        out.append(
            f"occupancy is {occupancy:.2f} (over {MAX_OCCUPANCY}): agents are busy almost all"
            " their time on duty, the center is understaffed for its demand; raise agents or"
            " lower arrivals_per_hour (supportsim.staffing.staff_for sizes a team)"
        )
    attrition = summary.get("attrition_rate", math.nan)
    if _ok(attrition) and attrition > MAX_ATTRITION:
        out.append(
            f"attrition is {100 * attrition:.0f}% a year (over {100 * MAX_ATTRITION:.0f}%):"
            " morale collapses; check the scheme's warnings and dismissals and the quit"
            " hazard (quit_rate_year, quit_morale_effect)"
        )
    bonus = summary.get("bonus_per_agent_month", math.nan)
    if pays_bonus and _ok(bonus) and bonus == 0:
        out.append(
            "nobody ever earned the bonus: its threshold is out of reach in this center;"
            " lower the scheme's threshold (or check min_ratings)"
        )
    return out


def pays_bonus(scheme: object) -> bool:
    """Whether ``scheme`` has a bonus to earn (its ``pays_bonus``, else a positive ``bonus``
    parameter)."""
    says = getattr(scheme, "pays_bonus", None)
    if isinstance(says, bool):
        return says
    bonus = getattr(scheme, "bonus", 0.0)
    return isinstance(bonus, int | float) and bonus > 0
