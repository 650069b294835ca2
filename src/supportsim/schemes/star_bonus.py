"""Star-based bonus: a bonus when the mean customer rating clears a threshold (10-star CSAT)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme


@register_scheme("star_bonus")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class StarBonus:
    """Pays ``salary`` plus ``bonus`` to agents whose mean 1-10 star rating in the period is
    at least ``threshold``, given at least ``min_ratings`` ratings came back.

    Sees: the ratings that came back. Most low ratings are about product failures the
    agent could only apologise for, which is what makes this bonus close to a lottery.
    """

    survey: ClassVar[str] = "stars10"
    review_sample: ClassVar[int] = 0

    salary: Money = 1.0
    bonus: Money = 0.2
    threshold: float = Field(default=8.0, ge=1.0, le=10.0)
    min_ratings: int = Field(default=5, ge=0)

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Bonus to agents whose mean rating clears the threshold."""
        eligible = obs.ratings_n >= self.min_ratings
        earned = eligible & (np.nan_to_num(obs.rating_mean, nan=-np.inf) >= self.threshold)
        return Decision(pay=self.salary + self.bonus * earned)
