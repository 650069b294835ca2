"""Flat salary: everyone gets the same pay whatever the numbers say (the control)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme


@register_scheme("flat_salary")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class FlatSalary:
    """Pays ``salary`` to every agent every period. Sees nothing; threatens no one."""

    survey: ClassVar[str] = "stars10"
    review_sample: ClassVar[int] = 0

    salary: Money = 1.0

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Same pay for all."""
        return Decision(pay=np.full(obs.n_agents, self.salary))
