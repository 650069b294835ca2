"""Split survey: the bonus reads only the "how did support treat you?" question."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money, Share
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme
from supportsim.schemes.surveys import Survey


@register_scheme("split_survey")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class SplitSurvey:
    """Star bonus on the support question of a two-question survey.

    The survey asks "how did support treat you?" and "how do you feel about the product?"
    (1-10 stars each). The support answer keeps ``halo`` of the product experience (a
    defect's dissatisfaction leaks into it); the second question costs ``response_penalty``
    of the answers (short forms got ~28% more answers, Roszkowski & Bean 1990, so
    1 - 1/1.28 = 0.22). Pays ``salary`` + ``bonus`` when the mean support answer is at
    least ``threshold`` over at least ``min_ratings`` answers.
    """

    name: ClassVar[str] = "split_survey"
    review_sample: ClassVar[int] = 0

    salary: Money = 1.0
    bonus: Money = 0.2
    threshold: float = Field(default=8.0, ge=1.0, le=10.0)
    min_ratings: int = Field(default=5, ge=0)
    halo: Share = 0.3
    response_penalty: Share = 0.22

    @property
    def survey(self) -> Survey:
        """Two questions; the scheme reads the support one."""
        return Survey(
            scale="stars10", split=True, halo=self.halo, response_factor=1.0 - self.response_penalty
        )

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Bonus to agents whose mean support answer clears the threshold."""
        eligible = obs.ratings_n >= self.min_ratings
        earned = eligible & (np.nan_to_num(obs.rating_mean, nan=-np.inf) >= self.threshold)
        return Decision(pay=self.salary + self.bonus * earned)
