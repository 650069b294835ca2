"""The warning ladder as practised: a written warning, an improvement plan with coaching,
a review at the plan's end against the cut, a final warning, dismissal.

A scheme that ranks or thresholds agents decides who is *in the bottom group* each period;
the ladder decides what that means for each agent given its record (``Observation.standing``
and ``stage_left``, kept by management between periods):

* **good standing**, in the bottom group: a written warning; with a plan (``warn_and_plan``
  or ``full``), an improvement plan of ``plan_weeks`` weeks with ``coaching_per_week``
  coaching sessions;
* **on a plan**: not escalated by being in the bottom group while the plan runs; at the
  review where the plan ends the agent is judged against the cut again: still in the
  bottom group, a final warning of ``final_weeks`` weeks (``full``) or a new warning and
  plan (``warn_and_plan``); otherwise back to good standing;
* **on a final warning**: at the review where it ends, still in the bottom group means
  dismissal; otherwise back to good standing.

``warn_only`` issues a written warning every time an agent is in the bottom group, and
nothing more. Times are in weeks, so weekly and monthly reviews run the same ladder (a
stage ends at the first review on or after its end).

Defaults: the practice the model starts from (bottom 15% -> written warning -> a 4-week
plan with 2 coachings a week -> at its end, if in the bottom group again, a final warning
-> then dismissal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass as pydantic_dataclass

from supportsim.schemes._params import SCHEME_CONFIG
from supportsim.schemes.base import Observation

#: Management's record of an agent (``Observation.standing``).
GOOD, PLAN, FINAL = 0, 1, 2
Steps = Literal["warn_only", "warn_and_plan", "full"]


@dataclass(frozen=True)
class Rung:
    """What the ladder decided this period, per agent.

    ``warned``: a written warning now; ``standing`` / ``stage_left`` (days): the new record;
    ``coaching``: sessions in the coming period; ``dismiss``: let go now; ``acted``: any of
    a written warning, a final warning or a dismissal now.
    """

    warned: np.ndarray
    standing: np.ndarray
    stage_left: np.ndarray
    coaching: np.ndarray
    dismiss: np.ndarray
    acted: np.ndarray


@pydantic_dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class Ladder:
    """The steps that follow being in the bottom group (see the module docstring)."""

    steps: Steps = "full"
    plan_weeks: float = Field(default=4.0, gt=0.0)
    coaching_per_week: float = Field(default=2.0, ge=0.0)
    final_weeks: float = Field(default=4.0, gt=0.0)

    def climb(self, bottom: np.ndarray, obs: Observation) -> Rung:
        """The ladder's decisions for agents ``bottom`` (in the bottom group this period)."""
        days, weeks = obs.period_days, obs.period_days / 7.0
        standing = obs.standing.copy()
        left = np.where(standing == GOOD, 0.0, obs.stage_left - days)
        due = (standing != GOOD) & (left <= 1e-9)  # the stage ends at this review
        good = standing == GOOD
        warned = bottom & good if self.steps != "warn_only" else bottom.copy()
        plan_end = due & (standing == PLAN)
        final_end = due & (standing == FINAL)
        dismiss = final_end & bottom
        to_final = plan_end & bottom & (self.steps == "full")
        replan = plan_end & bottom & (self.steps == "warn_and_plan")
        warned |= replan
        standing[(plan_end & ~to_final) | final_end] = GOOD
        left[(plan_end & ~to_final) | final_end] = 0.0
        if self.steps != "warn_only":
            standing[warned] = PLAN
            left[warned] = 7.0 * self.plan_weeks
        standing[to_final] = FINAL
        left[to_final] = 7.0 * self.final_weeks
        coaching = np.where(standing == PLAN, self.coaching_per_week * weeks, 0.0)
        return Rung(
            warned=warned,
            standing=standing,
            stage_left=np.maximum(np.ceil(left - 1e-9), 0).astype(int),
            coaching=coaching,
            dismiss=dismiss,
            acted=warned | to_final | dismiss,
        )
