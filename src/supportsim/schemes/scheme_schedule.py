"""A scheme schedule: switch to another scheme on a given day, announced or not."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.dataclasses import dataclass

from supportsim.errors import check_keys
from supportsim.schemes._params import SCHEME_CONFIG
from supportsim.schemes.base import Decision, Observation, Scheme
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
class SchemeSchedule:
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
        object.__setattr__(
            self, "_built", tuple(make_scheme(p.scheme, **p.params) for p in self.phases)
        )

    def _phase_at(self, period: int) -> int:
        """Index of the phase in force during review ``period``."""
        day = period * self.period_days
        return max(k for k, phase in enumerate(self.phases) if phase.start_day <= day)

    def active(self, period: int) -> Scheme:
        """The scheme in force during review ``period``."""
        return self._built[self._phase_at(period)]  # type: ignore[attr-defined]

    def announced(self, period: int) -> bool:
        """Whether an ``announced`` phase took over in review ``period``."""
        k = self._phase_at(period)
        return k > 0 and k != self._phase_at(period - 1) and self.phases[k].announced

    @property
    def survey(self) -> Any:
        """The first phase's survey (the center asks per period via ``active``)."""
        return self.active(0).survey

    @property
    def review_sample(self) -> int:
        """The first phase's review sample (management asks per period via ``active``)."""
        return self.active(0).review_sample

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """The scheme in force decides."""
        return self.active(obs.period).decide(obs, rng)
