"""Forced ranking on the share of "no" answers to "did we solve your problem?"."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money, Share
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme

GOOD, PLAN, FINAL = 0, 1, 2


@register_scheme("negative_share_ranking")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class NegativeShareRanking:
    """Each period the bottom ``cut`` of agents by share of "no" answers is flagged.

    * flagged in good standing: a written warning and an improvement plan of
      ``plan_periods`` periods with ``coaching_per_period`` coaching sessions each;
    * flagged while on the plan: a final warning for ``final_periods`` periods;
    * flagged on a final warning: dismissal;
    * a plan or final warning that runs out without a flag returns the agent to good standing.

    Agents with fewer than ``min_ratings`` answers are not ranked. Flagged agents are
    threatened. Pay is a flat ``salary``. Sees: yes/no answers and its own record.
    Defaults: bottom 15%, 4-week plan, 2 coachings a week.
    """

    survey: ClassVar[str] = "yesno"
    review_sample: ClassVar[int] = 0

    salary: Money = 1.0
    cut: Share = 0.15
    min_ratings: int = Field(default=5, ge=1)
    plan_periods: int = Field(default=4, ge=1)
    final_periods: int = Field(default=4, ge=1)
    coaching_per_period: float = Field(default=2.0, ge=0.0)

    def flag(self, obs: Observation, rng: np.random.Generator) -> np.ndarray:
        """The bottom ``cut`` of ranked agents by negative share (ties broken at random)."""
        share = obs.negative_share
        ranked = obs.active & (obs.ratings_n >= self.min_ratings) & np.isfinite(share)
        k = math.ceil(self.cut * ranked.sum())
        flagged = np.zeros(obs.n_agents, dtype=bool)
        if k == 0:
            return flagged
        tiebreak = rng.random(obs.n_agents)
        order = np.lexsort((tiebreak, -np.where(ranked, share, -np.inf)))
        flagged[order[:k]] = True
        return flagged & ranked

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Flag the bottom group and move everyone along warning, plan, final, dismissal."""
        flagged = self.flag(obs, rng)
        standing, left = obs.standing.copy(), obs.stage_left.copy()
        dismiss = flagged & (standing == FINAL)
        to_final = flagged & (standing == PLAN)
        to_plan = flagged & (standing == GOOD)
        running = ~flagged & (standing != GOOD)
        left[running] -= 1
        standing[running & (left <= 0)] = GOOD
        standing[to_plan], left[to_plan] = PLAN, self.plan_periods
        standing[to_final], left[to_final] = FINAL, self.final_periods
        standing[dismiss], left[dismiss] = GOOD, 0
        coaching = np.where(standing == PLAN, self.coaching_per_period, 0.0)
        return Decision(
            pay=np.full(obs.n_agents, self.salary),
            threatened=flagged,
            flagged=flagged,
            standing=standing,
            stage_left=np.maximum(left, 0),
            coaching=coaching,
            dismiss=dismiss,
        )
