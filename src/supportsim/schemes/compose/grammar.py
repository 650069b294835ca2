"""The rules of a composed policy as validated models: pay rules (``[[scheme.bonus]]``) and
actions (``[[scheme.action]]``). Every rule of the language is checked here, once.

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

An **action** singles agents out: the ``bottom`` share by a ``rank`` (or ``score``), or
agents ``when`` all conditions hold, or ``unless`` they all hold; it threatens them
(``threaten``, default true), coaches them (``coaching`` sessions a week) and/or moves
them along the warning ladder (``ladder``: see :mod:`supportsim.schemes.ladder`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

from supportsim.schemes.compose.conditions import Condition, ConditionError, parse_condition
from supportsim.schemes.compose.problems import HIDE, RuleError, known, only_keys, percent_hint
from supportsim.schemes.measures import MEASURES, SHARE

STEPS = ("warn_only", "warn_and_plan", "full")
SALARY_SHARE = "a bonus is a share of the period's salary"
TEAM_SHARE = "a share of the rated agents"


def _percent(value: Any) -> Any:
    """``"10%"`` reads as ``0.10``."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100.0
        except ValueError:
            return value
    return value


Pct = Annotated[float, BeforeValidator(_percent)]
Score = str | dict[str, float]


class Table(BaseModel):
    """A table of a policy file: frozen, and an unknown key is an error with a suggestion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        only_keys(data, cls.model_fields)
        return data


def read_score(value: Any) -> Score | None:
    """A measure name, or ``{measure = weight, ...}`` (weights > 0)."""
    if value is None or isinstance(value, str):
        return (
            known("measure", value, MEASURES.names(), "supportsim list measures") if value else None
        )
    if isinstance(value, Mapping) and value:
        for name, weight in value.items():
            known("measure", name, MEASURES.names(), "supportsim list measures")
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
                raise RuleError("a weight must be a number > 0", at=(str(name),), value=weight)
        return {str(k): float(v) for k, v in value.items()}
    raise RuleError(
        'must be a measure name in quotes (score = "mean_stars") or a table of weights'
        " (score = { mean_stars = 0.5, qa_score = 0.5 })"
    )


def read_conditions(value: Any) -> tuple[Condition, ...]:
    """One condition or a list of them, each checked (a share written as a percentage too)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise RuleError('must be a list of quoted conditions, e.g. ["aht_min <= 9"]')
    out = []
    for i, text in enumerate(items):
        try:
            cond = parse_condition(text)
        except ConditionError as err:
            raise RuleError(str(err), at=(str(i),), value=text) from None
        m = MEASURES.get(cond.measure)
        if m.bounds == SHARE and abs(cond.value) > 1:
            hint = percent_hint(cond.value, f"{cond.measure} is a share")
            raise RuleError(f"{hint} (or write {cond.value:g}%)", at=(str(i),), value=text)
        out.append(cond)
    return tuple(out)


def measures_of(score: Score | None) -> list[str]:
    """The measures a score reads."""
    if score is None:
        return []
    return [score] if isinstance(score, str) else list(score)


def higher_is_better(score: Score) -> bool:
    """A single measure's direction; a mix of standardised measures is always higher-better."""
    return isinstance(score, dict) or MEASURES.get(score).better == "higher"


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


class Rule(Table):
    """What pay rules and actions share: a name, the measure(s) read and their minimum sample."""

    name: str | None = None
    score: Score | None = None
    rank: Score | None = None
    min_n: float | None = Field(default=None, ge=0)

    @field_validator("score", "rank", mode="before")
    @classmethod
    def _read_score(cls, value: Any) -> Score | None:
        return read_score(value)

    @property
    def measure(self) -> Score | None:
        """The score or rank the rule reads."""
        return self.score if self.score is not None else self.rank

    def _one_measure_key(self) -> None:
        if self.score is not None and self.rank is not None:
            raise RuleError("give score or rank, not both (they mean the same)", value=HIDE)

    @staticmethod
    def _share(value: float | None, key: str) -> None:
        if value is None:
            return
        if value > 1:
            raise RuleError(percent_hint(value, TEAM_SHARE), at=(key,), value=value)
        if value <= 0:
            raise RuleError("must be > 0", at=(key,), value=value)


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


class Action(Rule):
    """One ``[[scheme.action]]`` table (see the module docstring)."""

    bottom: Pct | None = None
    top: Pct | None = None
    when: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()
    ladder: str | None = None
    plan_weeks: float = Field(default=4.0, gt=0)
    final_weeks: float = Field(default=4.0, gt=0)
    coaching_per_week: float = Field(default=2.0, ge=0)
    coaching: float = Field(default=0.0, ge=0)
    threaten: bool = True

    @field_validator("when", "unless", mode="before")
    @classmethod
    def _read_conditions(cls, value: Any) -> tuple[Condition, ...]:
        return read_conditions(value)

    @field_serializer("when", "unless")
    def _texts(self, value: tuple[Condition, ...]) -> list[str]:
        return [c.text for c in value]

    @field_validator("ladder", mode="before")
    @classmethod
    def _steps(cls, value: Any) -> Any:
        return None if value is None else known("ladder", value, STEPS)

    @property
    def trigger(self) -> str:
        """``bottom``, ``when`` or ``unless``."""
        return "bottom" if self.bottom is not None else "when" if self.when else "unless"

    @model_validator(mode="after")
    def _consistent(self) -> Action:
        self._one_measure_key()
        if self.top is not None:
            raise RuleError(
                "an action singles out the bottom of a ranking: write bottom = <share>",
                at=("top",),
                value=self.top,
            )
        self._share(self.bottom, "bottom")
        given = [
            k
            for k, v in (("bottom", self.bottom), ("when", self.when), ("unless", self.unless))
            if v
        ]
        if len(given) != 1:
            raise RuleError(
                "give one trigger: rank with bottom, when, or unless"
                + (f" (not {' and '.join(given)})" if given else ""),
                value=HIDE,
            )
        if self.bottom is not None and self.measure is None:
            raise RuleError('bottom needs a measure to rank by: add rank = "<measure>"', value=HIDE)
        if self.bottom is None and self.measure is not None:
            raise RuleError("rank needs bottom = <share of the rated agents>", value=HIDE)
        stray = [
            k
            for k in ("plan_weeks", "final_weeks", "coaching_per_week")
            if k in self.model_fields_set
        ]
        if stray and self.ladder is None:
            raise RuleError(
                f'{stray[0]} is a ladder\'s: add ladder = "warn_and_plan" or "full"',
                at=(stray[0],),
                value=getattr(self, stray[0]),
            )
        if self.ladder is None and not self.threaten and self.coaching == 0:
            raise RuleError(
                "the action does nothing: give ladder, coaching, or threaten = true", value=HIDE
            )
        return self

    def measures(self) -> list[str]:
        """The measures the action reads."""
        return measures_of(self.measure) + [c.measure for c in (*self.when, *self.unless)]
