"""The figures a manager's report leads with: what each means, which way is better, how to print it.

Only figures present in the runs are shown, so a summary key added later (or missing) is
handled without code changes here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["share", "score", "money", "corr"]


@dataclass(frozen=True)
class Headline:
    """A headline figure: summary key, plain label, the better direction and the number format."""

    key: str
    label: str
    better: Literal["lower", "higher"]
    kind: Kind
    why: str


HEADLINES: tuple[Headline, ...] = (
    Headline(
        "rating_noise",
        "rating noise",
        "lower",
        "share",
        "how much of the variation in agents' ratings is not about their true quality",
    ),
    Headline(
        "note_quality",
        "note quality",
        "higher",
        "score",
        "how complete the notes are that the next agent finds",
    ),
    Headline(
        "callback_rate",
        "callbacks",
        "lower",
        "share",
        "repeat contacts as a share of all contacts: customers who had to come back",
    ),
    Headline(
        "fcr",
        "first-contact resolution",
        "higher",
        "share",
        "issues solved the first time",
    ),
    Headline(
        "true_quality",
        "true quality",
        "higher",
        "share",
        "agents' real chance of solving a standard issue on first contact (known only to the simulator)",
    ),
    Headline(
        "cost_per_resolved",
        "cost per resolved issue",
        "lower",
        "money",
        "wages and bonuses per resolved contact",
    ),
    Headline(
        "attrition_rate",
        "attrition",
        "lower",
        "share",
        "quits and dismissals per year as a share of the team",
    ),
    Headline(
        "pay_quality_corr",
        "pay follows quality",
        "higher",
        "corr",
        "correlation of an agent's pay with its true quality",
    ),
    Headline(
        "bonus_to_below_median",
        "bonus to weaker agents",
        "lower",
        "share",
        "share of bonus money paid to agents below the median true quality (about half if the bonus were a lottery)",
    ),
)
BY_KEY = {h.key: h for h in HEADLINES}
#: Figures that describe the service customers get (a clear worsening is a reason to stop).
SERVICE = ("callback_rate", "note_quality", "true_quality", "fcr", "attrition_rate")
COST = "cost_per_resolved"


def quality_key(available: Sequence[str]) -> str:
    """The figure that ranks alternatives: ``true_quality`` if present, else ``fcr``."""
    for key in ("true_quality", "fcr", "callback_rate"):
        if key in available:
            return key
    raise ValueError("runs have none of true_quality, fcr, callback_rate")


def fmt(key: str, value: float, *, signed: bool = False) -> str:
    """A figure for people: shares as percentages (differences in points), money with 2 decimals."""
    if value is None or not math.isfinite(value):
        return "n/a"
    kind = BY_KEY[key].kind if key in BY_KEY else "score"
    sign = "+" if signed else ""
    if kind == "share":
        unit = " pts" if signed else "%"
        return f"{_no_negative_zero(100 * value, 1):{sign}.1f}{unit}"
    if kind == "money":
        return f"{_no_negative_zero(value, 2):{sign},.2f}"
    digits = 3 if abs(value) < 10 else 1
    return f"{_no_negative_zero(value, digits):{sign}.{digits}f}"


def _no_negative_zero(value: float, digits: int) -> float:
    """``value``, or 0.0 if it would print as "-0.0" (a tiny negative difference)."""
    return 0.0 if round(value, digits) == 0 else value


def fmt_ci(key: str, lo: float, hi: float, *, signed: bool = False) -> str:
    """A confidence interval, e.g. ``[20.1%, 23.4%]``."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return ""
    return f"[{fmt(key, lo, signed=signed)}, {fmt(key, hi, signed=signed)}]"
