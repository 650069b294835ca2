"""A scheme schedule: switch to another scheme on a given day, announced or not."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.dataclasses import dataclass

from supportsim.errors import check_keys
from supportsim.schemes._params import SCHEME_CONFIG
from supportsim.schemes.phases import Phased, Phases
from supportsim.schemes.registry import make_scheme, register_scheme


class Phase(BaseModel):
    """From ``start_day`` on, scheme ``scheme`` with ``params`` is in force; ``announced``:
    agents are told of the switch (all reconsider at its first review)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    start_day: int = Field(ge=0)
    scheme: str
    params: dict[str, Any] = Field(default_factory=dict)
    announced: bool = False


@register_scheme("scheme_schedule")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class SchemeSchedule(Phased):
    """Runs each phase's scheme from its ``start_day`` (rounded to the review period that
    contains it). Agents are not told: they notice only through their pay and relearn;
    unless a phase is ``announced``, when every agent reconsiders at the first review
    under it (see :meth:`~supportsim.behaviour.base.LearningRule.announce`).

    In TOML::

        [scheme_schedule]
        phases = [{start_day = 0, scheme = "per_contact_pay"},
                  {start_day = 28, scheme = "resolution_pay"}]
    """

    phases: tuple[Phase, ...] = (
        Phase(start_day=0, scheme="per_contact_pay"),
        Phase(start_day=28, scheme="resolution_pay"),
    )
    period_days: int = Field(default=7, ge=1)

    @field_validator("phases", mode="before")
    @classmethod
    def _known_keys(cls, phases: Any) -> Any:
        for k, phase in enumerate(phases if isinstance(phases, list | tuple) else []):
            if isinstance(phase, dict):
                check_keys(f"scheme_schedule.phases[{k}]", phase, list(Phase.model_fields))
        return phases

    @model_validator(mode="after")
    def _ordered(self) -> SchemeSchedule:
        days = [p.start_day for p in self.phases]
        if not days or days[0] != 0:
            raise ValueError("phases must start with a phase at start_day = 0")
        if days != sorted(set(days)):
            raise ValueError(f"phases' start_day must increase, got {days}")
        return self

    def __post_init__(self) -> None:
        if any(p.scheme == "scheme_schedule" for p in self.phases):
            raise ValueError("a scheme schedule cannot contain another schedule")
        table = Phases(
            schemes=tuple(make_scheme(p.scheme, **p.params) for p in self.phases),
            starts=tuple(p.start_day for p in self.phases),
            told=tuple(p.announced for p in self.phases),
            period_days=self.period_days,
        )
        object.__setattr__(self, "_phase_table", table)
