"""Rubric review: a reviewer scores a random sample of each agent's contacts against a checklist."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money, Share
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme


@register_scheme("rubric_review")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class RubricReview:
    """Pays ``salary`` plus ``bonus`` to agents whose rubric score reaches ``threshold``.

    A quality reviewer samples ``sample`` random contacts per agent per period (default 2 a
    week, about 8 a month: "a lead samples 5-10 tickets per agent per month"), limited by
    the scenario's ``reviewer_hours`` and ``review_min``, and scores each on the checklist
    (politeness, links, screenshots, "anything else?"), resolution and the notes, with
    reading noise. The score is the weighted mean of the three.
    """

    survey: ClassVar[str] = "stars10"

    sample: int = Field(default=2, ge=1)
    salary: Money = 1.0
    bonus: Money = 0.2
    threshold: Share = 0.7
    weight_checklist: Share = 0.4
    weight_resolved: Share = 0.4
    weight_notes: Share = 0.2

    @property
    def review_sample(self) -> int:
        """Contacts per agent per period the reviewer scores."""
        return self.sample

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Bonus to agents whose reviewed contacts score at least ``threshold``."""
        total = self.weight_checklist + self.weight_resolved + self.weight_notes
        score = (
            self.weight_checklist * obs.review_checklist
            + self.weight_resolved * obs.review_resolved
            + self.weight_notes * obs.review_notes
        ) / max(total, 1e-12)
        earned = np.nan_to_num(score, nan=-np.inf) >= self.threshold
        return Decision(pay=self.salary + self.bonus * earned)
