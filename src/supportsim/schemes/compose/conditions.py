"""Conditions a manager writes as text (``"aht_min <= 9"``), read without ``eval``.

A condition is ``<measure> <operator> <number>``: the measure by its name (``supportsim
list measures``), one of ``<  <=  >  >=  ==  !=``, and a number, optionally with ``%``
(``"negative_share <= 10%"`` is ``0.10``). An agent not rated on the measure (below its
minimum sample) does not meet the condition.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from supportsim.errors import suggest
from supportsim.schemes.measures import MEASURES

OPERATORS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
#: Operators people write that mean something else here.
SLIPS = {"=<": "<=", "=>": ">=", "=": "==", "<>": "!=", "≤": "<=", "≥": ">="}
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_FORM = re.compile(
    rf"^\s*(?P<name>[A-Za-z_]\w*)\s*(?P<op>[<>=!≤≥]+)\s*(?P<num>{_NUMBER})\s*(?P<pct>%)?\s*$"
)


class ConditionError(ValueError):
    """A condition that cannot be read; the message says why, in one line."""


@dataclass(frozen=True)
class Condition:
    """``measure op value``, parsed."""

    measure: str
    op: str
    value: float
    text: str

    def holds(self, value: np.ndarray, rated: np.ndarray) -> np.ndarray:
        """Where the condition holds (never for an agent not rated)."""
        with np.errstate(invalid="ignore"):
            return rated & OPERATORS[self.op](np.nan_to_num(value, nan=np.inf), self.value)

    def __str__(self) -> str:
        return self.text


def parse_condition(text: object) -> Condition:
    """Read ``"<measure> <op> <number>"``; a problem raises :class:`ConditionError`."""
    if not isinstance(text, str):
        raise ConditionError(
            f'must be a quoted condition such as "aht_min <= 9", not {type(text).__name__}'
        )
    m = _FORM.match(text)
    if m is None:
        raise ConditionError(
            "expected '<measure> <op> <number>', e.g. \"aht_min <= 9\""
            " (operators <, <=, >, >=, ==, !=; supportsim list measures)"
        )
    name, op, num = m.group("name"), m.group("op"), m.group("num")
    if name not in MEASURES:
        raise ConditionError(
            f"unknown measure {name!r}.{suggest(name, MEASURES.names())} (supportsim list measures)"
        )
    if op not in OPERATORS:
        hint = f" Did you mean {SLIPS[op]!r}?" if op in SLIPS else ""
        raise ConditionError(f"unknown operator {op!r}.{hint} Use <, <=, >, >=, == or !=")
    value = float(num) / (100.0 if m.group("pct") else 1.0)
    return Condition(name, op, value, " ".join([name, op, num + (m.group("pct") or "")]))
