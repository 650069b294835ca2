"""An action of a composed policy (``[[scheme.action]]``), validated.

An **action** singles agents out: the ``bottom`` share by a ``rank`` (or ``score``), or
agents ``when`` all conditions hold, or ``unless`` they all hold; it threatens them
(``threaten``, default true), coaches them (``coaching`` sessions a week) and/or moves
them along the warning ladder (``ladder``: see :mod:`supportsim.schemes.ladder`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_serializer, field_validator, model_validator

from supportsim.schemes.compose.conditions import Condition
from supportsim.schemes.compose.grammar import Pct, Rule, measures_of, read_conditions
from supportsim.schemes.compose.problems import HIDE, RuleError, known

STEPS = ("warn_only", "warn_and_plan", "full")


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
