"""Forced ranking on the share of "no" answers to "did we solve your problem?"."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money, Share
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.ladder import Ladder, Steps
from supportsim.schemes.registry import register_scheme


@register_scheme("negative_share_ranking")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class NegativeShareRanking:
    """Each period the bottom ``cut`` of agents by share of "no" answers climbs the warning
    ladder: a written warning and a ``plan_weeks``-week improvement plan with
    ``coaching_per_week`` coaching sessions; at the plan's end, if in the bottom group
    again, a final warning of ``final_weeks`` weeks; at its end, if still there, dismissal
    (``ladder = "full"``; ``"warn_and_plan"`` stops before the final warning, ``"warn_only"``
    only warns; see :mod:`supportsim.schemes.ladder`).

    Agents with fewer than ``min_ratings`` answers are not ranked. Agents in the bottom
    group are threatened. Pay is a flat ``salary``. Sees: yes/no answers and its own record.
    Defaults: bottom 15%, 4-week plan, 2 coachings a week, 4-week final warning.
    """

    survey: ClassVar[str] = "yesno"
    review_sample: ClassVar[int] = 0

    salary: Money = 1.0
    cut: Share = 0.15
    min_ratings: int = Field(default=5, ge=1)
    ladder: Steps = "full"
    plan_weeks: float = Field(default=4.0, gt=0.0)
    final_weeks: float = Field(default=4.0, gt=0.0)
    coaching_per_week: float = Field(default=2.0, ge=0.0)

    def bottom(self, obs: Observation, rng: np.random.Generator) -> np.ndarray:
        """The bottom ``cut`` of ranked agents by negative share (ties broken at random)."""
        share = obs.negative_share
        ranked = obs.active & (obs.ratings_n >= self.min_ratings) & np.isfinite(share)
        k = math.ceil(self.cut * ranked.sum())
        out = np.zeros(obs.n_agents, dtype=bool)
        tiebreak = rng.random(obs.n_agents)  # drawn every period, so streams stay aligned
        if k == 0:
            return out
        order = np.lexsort((tiebreak, -np.where(ranked, share, -np.inf)))
        out[order[:k]] = True
        return out & ranked

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Rank, then move everyone in the bottom group along the ladder."""
        bottom = self.bottom(obs, rng)
        ladder = Ladder(
            steps=self.ladder,
            plan_weeks=self.plan_weeks,
            coaching_per_week=self.coaching_per_week,
            final_weeks=self.final_weeks,
        )
        rung = ladder.climb(bottom, obs)
        return Decision(
            pay=np.full(obs.n_agents, self.salary),
            threatened=bottom,
            flagged=rung.acted,
            warned=rung.warned,
            standing=rung.standing,
            stage_left=rung.stage_left,
            coaching=rung.coaching,
            dismiss=rung.dismiss,
        )
