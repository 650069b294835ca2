"""Schemes made of phases: a scheme schedule, a composed policy's schedule.

Each phase is a scheme in force from its first day on; the review cycle asks the scheme
for the phase in force (``active``), whether the agents were told of a switch
(``announced``), and the phase's survey and reviewer sample. One bookkeeping for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from supportsim.schemes.base import Decision, Observation, Scheme


@dataclass(frozen=True)
class Phases:
    """The phases' schemes, their first days (the first is 0), whether each switch is
    announced, and the review period that turns a review's number into a day."""

    schemes: Sequence[Scheme]
    starts: Sequence[int]
    told: Sequence[bool]
    period_days: int

    def at(self, period: int) -> int:
        """Index of the phase in force in review ``period`` (the last started by its day)."""
        day = period * self.period_days
        return max(k for k, start in enumerate(self.starts) if start <= day)

    def announced(self, period: int) -> bool:
        """Whether an announced phase took over in review ``period``."""
        k = self.at(period)
        return k > 0 and k != self.at(period - 1) and bool(self.told[k])


class Phased:
    """Delegation to the phase in force; a subclass sets ``_phase_table`` (a
    :class:`Phases`) when built."""

    _phase_table: Phases

    def active(self, period: int) -> Scheme:
        """The scheme in force in review ``period``."""
        table = self._phase_table
        return table.schemes[table.at(period)]

    def announced(self, period: int) -> bool:
        """Whether a phase with ``announced = true`` took over in review ``period``."""
        return self._phase_table.announced(period)

    @property
    def survey(self) -> Any:
        """The first phase's survey (the center asks per period via ``active``)."""
        return self.active(0).survey

    @property
    def review_sample(self) -> int:
        """The first phase's reviewer sample (management asks per period via ``active``)."""
        return self.active(0).review_sample

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """The phase in force decides."""
        return self.active(obs.period).decide(obs, rng)
