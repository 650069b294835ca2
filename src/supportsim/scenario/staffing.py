"""Parameter section of staffing: who works when (shift patterns, contract hours)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic.dataclasses import dataclass

from supportsim.scenario.fields import SECTION_CONFIG, NonNeg, PosFloat, param

#: A standard full-time week (the EU Working Time Directive caps the average at 48 hours;
#: 40 hours is the usual full-time contract in contact centers).
CONTRACT_SOURCE = (
    "the usual full-time contract (EU Working Time Directive caps the average at 48 h)"
)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class Break:
    """A break ``minutes`` long that starts ``after_hours`` into the shift."""

    after_hours: NonNeg
    minutes: PosFloat


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class ShiftPattern:
    """``agents`` agents work from ``start`` (hour of day, e.g. 8.5 = 08:30) for ``hours``
    hours on each of ``days`` (0 = Monday ... 6 = Sunday), with ``breaks``."""

    start: Annotated[float, Field(ge=0.0, lt=24.0)]
    hours: Annotated[float, Field(gt=0.0, le=24.0)]
    days: tuple[Annotated[int, Field(ge=0, le=6)], ...] = (0, 1, 2, 3, 4)
    agents: Annotated[int, Field(ge=1)] = 1
    breaks: tuple[Break, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.days or len(set(self.days)) != len(self.days):
            raise ValueError(f"days={list(self.days)} must list distinct weekdays (0-6)")
        for b in self.breaks:
            if b.after_hours * 60.0 + b.minutes > self.hours * 60.0:
                raise ValueError(
                    f"a break after {b.after_hours} h of {b.minutes} min ends after the"
                    f" {self.hours}-hour shift"
                )
        return self

    @property
    def paid_hours_per_week(self) -> float:
        """Hours on shift per week, breaks excluded."""
        return len(self.days) * (self.hours - sum(b.minutes for b in self.breaks) / 60.0)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class StaffingParams:
    """Who is on the floor when: shift patterns, or a roster built from contract hours."""

    roster: Literal["contract", "all_hours"] = param(
        "contract",
        "-",
        "How the built-in roster is made when no shift patterns are given: 'contract' (shifts"
        " of contract hours that cover the open hours, following the arrival profile) or"
        " 'all_hours' (every agent works every open hour, as in queueing theory).",
    )
    contract_hours: PosFloat = param(
        40.0, "hours/week", "Contract hours per agent per week.", source=CONTRACT_SOURCE
    )
    shifts: tuple[ShiftPattern, ...] = param(
        (),
        "-",
        "Shift patterns (start, hours, days, agents, breaks); their agents must add up to the"
        " team. Empty means the built-in roster.",
    )
