"""A composed policy as one validated model: :func:`parse_policy` reads the ``[scheme]`` table.

::

    salary = 1.0              # fixed pay, in salaries of the period (default 1.0)
    review = "week"           # or "month": the review period (7 or 28 days)
    survey = "stars10"        # "stars5", "yesno", or { scale, split, halo, response_penalty }
    display = "live"          # or "hidden": agents see ratings only at the review
    reviews_per_week = 2      # the quality reviewer's sample, when a measure needs it
    repeat_window_days = 7.0  # repeat tracking, when a measure needs it
    min_n = { aht_min = 20 }  # minimum samples, per measure (defaults: list measures)
    cap = 0.5                 # most variable pay a period, in salaries (default: none)
    [[bonus]] ...             # pay rules (supportsim.schemes.compose.grammar)
    [[action]] ...            # actions
    [[schedule]]              # from start_day on, another policy (parts as above, or
    start_day = 28            #   name = a registered scheme, with params);
    announced = false         #   true: agents are told, and all reconsider at once
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from supportsim.errors import ConfigError
from supportsim.schemes.compose.action_rule import Action
from supportsim.schemes.compose.bonus_rule import BonusRule
from supportsim.schemes.compose.grammar import Pct, Table, measures_of
from supportsim.schemes.compose.problems import HIDE, RuleError, known, one_line, percent_hint
from supportsim.schemes.measures import MEASURES
from supportsim.schemes.surveys import SCALES

REVIEWS = {"week": 7, "month": 28}
DISPLAYS = ("live", "hidden")
STAR_SCALES = ("stars10", "stars5")


class SurveyTable(Table):
    """A survey design: the scale, and optionally a split support/product question."""

    scale: str = "stars10"
    split: bool = False
    halo: Pct = Field(default=1.0, ge=0, le=1)
    response_penalty: Pct = Field(default=0.0, ge=0, lt=1)

    @field_validator("scale", mode="before")
    @classmethod
    def _scale(cls, value: Any) -> Any:
        return known("survey scale", value, SCALES.names())


def _listed(value: Any) -> Any:
    """A single ``[scheme.bonus]`` table reads as a list of one."""
    return [value] if isinstance(value, Mapping) else value


class Parts(Table):
    """The parts of one policy (see the module docstring); a schedule's phases have them too."""

    salary: float = Field(default=1.0, ge=0)
    survey: str | SurveyTable = "stars10"
    display: str = "live"
    reviews_per_week: float = Field(default=2.0, ge=0)
    repeat_window_days: float = Field(default=7.0, gt=0)
    min_n: dict[str, float] = Field(default_factory=dict)
    cap: float = Field(default=math.inf, ge=0)
    bonus: tuple[BonusRule, ...] = ()
    action: tuple[Action, ...] = ()

    @field_validator("survey", mode="before")
    @classmethod
    def _survey(cls, value: Any) -> Any:
        return (
            known("survey scale", value, SCALES.names())
            if not isinstance(value, Mapping)
            else value
        )

    @field_validator("display", mode="before")
    @classmethod
    def _display(cls, value: Any) -> Any:
        return known("display", value, DISPLAYS)

    @field_validator("bonus", "action", mode="before")
    @classmethod
    def _tables(cls, value: Any) -> Any:
        return _listed(value)

    @field_validator("salary")
    @classmethod
    def _salary(cls, value: float) -> float:
        if value > 5:
            raise RuleError(
                "salary is in salaries of the period (1.0 = the flat salary; the center's"
                " salary_per_week sets the currency)"
            )
        return value

    @field_validator("min_n", mode="before")
    @classmethod
    def _min_n(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            for name, n in value.items():
                known("measure", name, MEASURES.names(), "supportsim list measures")
                if isinstance(n, bool) or not isinstance(n, int | float) or n < 0:
                    raise RuleError("must be a number >= 0", at=(str(name),), value=n)
        return value

    @property
    def scale(self) -> str:
        """The survey's scale name."""
        return self.survey if isinstance(self.survey, str) else self.survey.scale

    def uses(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every measure the policy reads, with where (``bonus.0.score``...)."""
        out: list[tuple[str, tuple[str, ...]]] = []
        for i, b in enumerate(self.bonus):
            key = "score" if b.score is not None else "rank"
            out += [(m, ("bonus", str(i), key)) for m in measures_of(b.measure)]
            out += [(c.measure, ("bonus", str(i), "only_if")) for c in b.only_if]
        for i, a in enumerate(self.action):
            out += [(m, ("action", str(i))) for m in a.measures()]
        return out

    def needs(self, what: str) -> bool:
        """Whether a measure of the policy needs ``reviewer`` or ``repeats``."""
        return any(MEASURES.get(m).needs == what for m, _ in self.uses())

    @model_validator(mode="after")
    def _observable(self) -> Parts:
        for name, where in self.uses():
            if MEASURES.get(name).needs == "stars" and self.scale not in STAR_SCALES:
                raise RuleError(
                    f"{name} needs a star survey (stars10 or stars5); this policy's survey"
                    f" is {self.scale!r}",
                    at=where,
                    value=HIDE,
                )
        high = SCALES.get(self.scale).high
        for i, b in enumerate(self.bonus):
            for j, t in enumerate(b.tiers or ()):
                if b.measure == "mean_stars" and not 1 <= t.at <= high:
                    raise RuleError(
                        f"mean_stars runs from 1 to {high} on this survey",
                        at=("bonus", str(i), "tiers", str(j), "at"),
                        value=t.at,
                    )
        if sum(a.ladder is not None for a in self.action) > 1:
            raise RuleError(
                "one action at most may climb the warning ladder", at=("action",), value=HIDE
            )
        if self.reviews_per_week == 0 and self.needs("reviewer"):
            raise RuleError(
                "a measure of this policy needs the quality reviewer",
                at=("reviews_per_week",),
                value=0,
            )
        if self.cap != math.inf and self.cap > 5:
            raise RuleError(
                percent_hint(self.cap, "cap is in salaries of the period"),
                at=("cap",),
                value=self.cap,
            )
        return self


class Phase(Parts):
    """One step of a schedule: from ``start_day`` on, these parts, or a registered scheme."""

    start_day: int = Field(ge=1, strict=True)
    announced: bool = False
    name: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_kind(self) -> Phase:
        parts = set(self.model_fields_set) - {"start_day", "announced", "name", "params"}
        if self.name is not None and parts:
            raise RuleError(
                f"give name = a scheme, or the policy's parts ({', '.join(sorted(parts))}), not both",
                value=HIDE,
            )
        if self.name is None and self.params:
            raise RuleError("params go with name = a registered scheme", at=("params",), value=HIDE)
        return self


class PolicyModel(Parts):
    """A whole composed policy: its parts, its review period and its schedule."""

    review: str = "week"
    schedule: tuple[Phase, ...] = ()

    @field_validator("review", mode="before")
    @classmethod
    def _review(cls, value: Any) -> Any:
        return known("review period", value, list(REVIEWS))

    @field_validator("schedule", mode="before")
    @classmethod
    def _phases(cls, value: Any) -> Any:
        return _listed(value)

    @model_validator(mode="after")
    def _ordered(self) -> PolicyModel:
        days = [p.start_day for p in self.schedule]
        if days != sorted(set(days)):
            raise RuleError("start_day must rise from phase to phase", at=("schedule",), value=days)
        return self

    @property
    def review_days(self) -> int:
        """Days in a review period."""
        return REVIEWS[self.review]


def parse_policy(table: Mapping[str, Any], where: str = "scheme policy") -> PolicyModel:
    """Validate a composed policy table; a problem is a one-line :class:`ConfigError`
    naming ``where``, the key path, the value and the rule."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} = {table!r}: must be a table")
    try:
        return PolicyModel.model_validate(dict(table))
    except ValidationError as err:
        raise one_line(where, err) from None
