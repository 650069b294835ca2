"""How often the bonus is earned, and whether it comes and goes while the truth stays put.

Pure functions of a run's measured agent-period table; their definitions are in the
catalogue (:mod:`supportsim.metrics`): ``bonus_earned_share``, ``bonus_events`` and
``bonus_flip_share``. An agent-period *earns a bonus* when its pay is above one flat
salary of the period.
"""

from __future__ import annotations

import pandas as pd

#: Pay above one salary by more than this counts as a bonus (rounding aside).
EARNED = 1e-9
#: True quality that moved by less than this between two periods "barely moved" (two
#: points of the chance of resolving a standard issue on first contact).
STEADY = 0.02


def bonus_figures(agent_periods: pd.DataFrame) -> dict[str, float]:
    """``bonus_earned_share``, ``bonus_events`` and ``bonus_flip_share`` of measured
    agent-periods (vacant slots included; they are left out here)."""
    ap = agent_periods[agent_periods["active"]]
    earned = ap["pay"] > 1.0 + EARNED
    events = float(earned.sum())
    share = float(earned.mean()) if len(ap) else float("nan")
    return {
        "bonus_earned_share": share,
        "bonus_events": events,
        "bonus_flip_share": _flips(agent_periods) if events else float("nan"),
    }


def _flips(ap: pd.DataFrame) -> float:
    """Share of steady-quality consecutive pairs whose bonus status changed."""
    cols = ["agent", "period", "pay", "true_quality", "active", "hired_day"]
    now = ap[[*cols, "left"]]
    nxt = ap[cols].assign(period=ap["period"] - 1)
    both = now.merge(nxt, on=["agent", "period"], suffixes=("", "_next"))
    same = (
        both["active"]
        & both["active_next"]
        & (both["hired_day"] == both["hired_day_next"])
        & ~both["left"]
    )
    steady = same & ((both["true_quality_next"] - both["true_quality"]).abs() < STEADY)
    pairs = both[steady]
    if pairs.empty:
        return float("nan")
    flipped = (pairs["pay"] > 1.0 + EARNED) != (pairs["pay_next"] > 1.0 + EARNED)
    return float(flipped.mean())
