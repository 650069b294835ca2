"""The learning rules a claim about learning must hold under, and expected failures by rule.

A claim that depends on how agents learn is checked under every registered rule that moves
effort (a new rule joins automatically). Where a claim does not hold under a rule, its
test is a strict expected failure whose reason gives the measured figures.
"""

from __future__ import annotations

from typing import Any

import pytest

from supportsim.behaviour import LEARNING

#: Every learning rule under which effort moves.
RULES = [name for name in LEARNING.names() if LEARNING.get(name).moves]


def under_rules(*cases: Any, fails: dict[tuple[Any, ...], str] | None = None) -> list[Any]:
    """Parameters ``(rule, *case)`` for every rule and case (a case is a value or a tuple);
    a combination listed in ``fails`` is a strict expected failure with that reason."""
    fails = fails or {}
    out = []
    for rule in RULES:
        for case in cases or [()]:
            key = (rule, *(case if isinstance(case, tuple) else (case,)))
            marks = [pytest.mark.xfail(strict=True, reason=fails[key])] if key in fails else []
            out.append(pytest.param(*key, marks=marks, id="-".join(map(str, key))))
    return out


#: Why claims that need effort to move fail under Roth-Erev reinforcement (measured).
ROTH_EREV_SLOW = (
    "Roth-Erev learns from payoffs relative to their level: the pay one level choice moves"
    " (a few hundredths of a salary under pay per contact) is a few percent of each"
    " reinforcement (pay above the team's lowest plus the intrinsic value of the ideal,"
    " about 0.5 salary), so effort hardly moves in eight weekly reviews (nor in a year:"
    " final notes effort per_contact_pay - flat_salary -0.009 +- 0.015, 6 replications"
    " of 364 days)"
)
