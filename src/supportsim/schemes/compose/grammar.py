"""The shared words of the policy language: tables, scores, conditions, shares.

The rules themselves are :class:`~supportsim.schemes.compose.bonus_rule.BonusRule` (a
``[[scheme.bonus]]`` table) and :class:`~supportsim.schemes.compose.action_rule.Action` (a
``[[scheme.action]]`` table); both read a ``score`` (or ``rank``): one measure by name, or
``{measure = weight, ...}``, a weighted mix of measures standardised within the team and
period. Every rule of the language is checked in these three modules, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from supportsim.schemes.compose.conditions import Condition, ConditionError, parse_condition
from supportsim.schemes.compose.problems import HIDE, RuleError, known, only_keys, percent_hint
from supportsim.schemes.measures import MEASURES, SHARE

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
