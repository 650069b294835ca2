"""A pay rule of a composed policy (``[[scheme.bonus]]``), validated.

A **pay rule** reads one measure or a weighted mix of standardised measures (``score``,
or ``rank`` for a rank cut) and pays in one of four ways:

* ``tiers = [{at = 8.0, pay = 0.10}, {at = 9.0, pay = 0.20}]``: the pay of the hardest
  tier reached (tiers go from the easiest to the hardest; "reached" follows the measure's
  better direction, so ``aht_min`` tiers count down);
* ``rate = 0.0025``: per unit of a count (contacts, clean closures...), in weekly
  salaries, so weekly and monthly reviews pay the same per unit;
* ``top = 0.20`` or ``bottom = 0.10`` with ``pay``: the best (worst) share of the rated
  agents, rounded up to whole agents, ties broken at random;
* ``pay`` alone: a flat bonus, normally with ``only_if`` gates.

``only_if`` gates (``"aht_min <= 9"``) must all hold; ``cap`` caps the rule's pay;
``pool`` shares a team pot of ``pool`` salaries per active agent among the agents the rule
selects, in proportion to what the rule would pay them.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from pydantic import Field, field_serializer, field_validator, model_validator

from supportsim.schemes.compose.conditions import Condition
from supportsim.schemes.compose.grammar import (
    SALARY_SHARE,
    Pct,
    Rule,
    Table,
    higher_is_better,
    read_conditions,
)
from supportsim.schemes.compose.problems import HIDE, RuleError, percent_hint
from supportsim.schemes.measures import MEASURES, SHARE


class Tier(Table):
    """A threshold and the bonus for reaching it (a share of the period's salary)."""

    at: Pct
    pay: Pct

    @field_validator("pay")
    @classmethod
    def _pay(cls, pay: float) -> float:
        if pay < 0:
            raise RuleError("must be >= 0")
        if pay > 1:
            raise RuleError(percent_hint(pay, SALARY_SHARE))
        return pay


class BonusRule(Rule):
    """One ``[[scheme.bonus]]`` table (see the module docstring)."""

    tiers: tuple[Tier, ...] | None = None
    rate: float | None = Field(default=None, ge=0)
    top: Pct | None = None
    bottom: Pct | None = None
    pay: Pct | None = None
    only_if: tuple[Condition, ...] = ()
    cap: float = Field(default=math.inf, ge=0)
    pool: float | None = Field(default=None, gt=0)

    @field_validator("only_if", mode="before")
    @classmethod
    def _read_gates(cls, value: Any) -> tuple[Condition, ...]:
        return read_conditions(value)

    @field_serializer("only_if")
    def _gate_texts(self, value: tuple[Condition, ...]) -> list[str]:
        return [c.text for c in value]

    @property
    def kind(self) -> str:
        """``tiers``, ``rate``, ``top``, ``bottom`` or ``flat``."""
        for key in ("tiers", "rate", "top", "bottom"):
            if getattr(self, key) is not None:
                return key
        return "flat"

    @model_validator(mode="after")
    def _consistent(self) -> BonusRule:
        self._one_measure_key()
        ways = [k for k in ("tiers", "rate", "top", "bottom") if getattr(self, k) is not None]
        if len(ways) > 1:
            raise RuleError(f"give one way to pay, not {' and '.join(ways)}", value=HIDE)
        self._share(self.top, "top")
        self._share(self.bottom, "bottom")
        kind, measure = self.kind, self.measure
        if kind != "flat" and measure is None:
            key = "rank" if kind in ("top", "bottom") else "score"
            raise RuleError(f'{kind} needs a measure: add {key} = "<measure>"', value=HIDE)
        if kind in ("tiers", "rate") and self.pay is not None:
            raise RuleError(
                f"pay is for rank cuts and flat bonuses; {kind} say what they pay",
                at=("pay",),
                value=self.pay,
            )
        if kind in ("top", "bottom") and self.pay is None:
            raise RuleError(
                f"a rank cut needs pay = <share of the salary>, e.g. {kind} = {getattr(self, kind):g} with pay = 0.10",
                value=HIDE,
            )
        if kind == "flat" and measure is not None:
            raise RuleError("a score needs tiers, rate, or top/bottom with pay", value=HIDE)
        if kind == "flat" and self.pay is None:
            raise RuleError(
                "a pay rule needs tiers, rate, top/bottom with pay, or pay with only_if", value=HIDE
            )
        if kind == "tiers":
            self._check_tiers()
        if kind == "rate":
            self._check_rate()
        return self

    def _check_tiers(self) -> None:
        assert self.tiers is not None and self.measure is not None
        if not self.tiers:
            raise RuleError(
                "give at least one tier, e.g. [{ at = 8.0, pay = 0.10 }]", at=("tiers",), value=[]
            )
        name = self.measure if isinstance(self.measure, str) else None
        for i, t in enumerate(self.tiers):
            if name == "mean_stars" and not 1 <= t.at <= 10:
                rule = "mean_stars runs from 1 to 10 (1 to 5 on a 5-star survey)"
                raise RuleError(rule, at=("tiers", str(i), "at"), value=t.at)
        if name is not None and MEASURES.get(name).bounds == SHARE:
            for i, t in enumerate(self.tiers):
                if not 0 <= t.at <= 1:
                    hint = (
                        percent_hint(t.at, f"{name} is a share")
                        if t.at > 1
                        else "must be within 0-1"
                    )
                    raise RuleError(hint, at=("tiers", str(i), "at"), value=t.at)
        up = higher_is_better(self.measure)
        ats = [t.at for t in self.tiers]
        steps = itertools.pairwise(ats)
        if not all((b > a) if up else (b < a) for a, b in steps):
            order = "rising" if up else f"falling ({name} counts down: lower is better)"
            raise RuleError(
                f"tiers go from the easiest to the hardest: at must be {order}",
                at=("tiers",),
                value=ats,
            )

    def _check_rate(self) -> None:
        m = self.measure
        if not isinstance(m, str) or not MEASURES.get(m).count:
            counts = ", ".join(n for n in MEASURES.names() if MEASURES.get(n).count)
            raise RuleError(
                f"a rate pays per unit of a count ({counts}); {m!r} is not a count: use tiers",
                at=("score",),
                value=m,
            )
