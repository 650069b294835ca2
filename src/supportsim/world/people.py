"""People over time: morale, coaching, quits and dismissals, once per review period.

Morale falls with bad ratings (live as they arrive, see the contact handler; or all at
once, more calmly, at the review when ratings are hidden), with warnings, final warnings
and time on an improvement plan, and recovers toward its baseline continuously
(``morale_recovery`` of the gap a week, whatever the review period). Low morale lowers
courtesy and the chance of resolving an issue (see :class:`~supportsim.world.agents.Team`)
and raises the chance of quitting. Coaching adds a little real skill. Every rate is per
unit of time, so weekly and monthly reviews of the same policy compare fairly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from supportsim.scenario import PeopleParams
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.surveys import Survey
from supportsim.world.agents import Team


@dataclass
class Standing:
    """Management's record of each agent slot (see ``Observation.standing``)."""

    standing: np.ndarray
    stage_left: np.ndarray

    @classmethod
    def new(cls, n: int) -> Standing:
        """Everyone in good standing."""
        return cls(np.zeros(n, dtype=int), np.zeros(n, dtype=int))

    def reset(self, idx: np.ndarray) -> None:
        """New hires start with a clean record."""
        self.standing[idx] = 0
        self.stage_left[idx] = 0


@dataclass(frozen=True)
class Departures:
    """Who left this period."""

    quit: np.ndarray
    dismissed: np.ndarray
    quit_chance: np.ndarray  # each slot's chance of quitting this period (0 if not at risk)


def review_people(
    team: Team,
    obs: Observation,
    decision: Decision,
    survey: Survey,
    people: PeopleParams,
    period_days: int,
    rng: np.random.Generator,
) -> Departures:
    """Apply a period's consequences to morale and skill; draw who quits; return departures.

    ``survey`` is the survey in force (ratings hidden until the review cost less morale);
    ``period_days`` the length of the period just reviewed."""
    p = people
    a = team.size
    u_quit = rng.random(a)  # drawn every period, used or not, so streams stay aligned
    none = np.zeros(a, dtype=bool)
    if not p.people_dynamics:
        return Departures(quit=none, dismissed=none, quit_chance=np.zeros(a))
    assert decision.standing is not None and decision.coaching is not None
    assert decision.dismiss is not None and decision.warned is not None
    active = team.active.copy()
    team.settle_morale(obs.period_days * (obs.period + 1))
    morale = team.morale.copy()
    weeks = period_days / 7.0
    if survey.display == "hidden":
        morale -= p.morale_review_hit * obs.negative_n
    new = decision.standing
    morale -= p.morale_warning_hit * decision.warned
    morale -= p.morale_final_hit * ((new == 2) & (obs.standing != 2))
    morale -= p.morale_plan_hit * weeks * (new == 1)
    # (recovery toward baseline runs continuously: see Team.settle_morale)
    team.morale = np.where(active, np.clip(morale, 0.0, 1.0), team.morale)
    team.skill = team.skill + p.coaching_effect * decision.coaching * active

    weekly = -np.log1p(-min(p.quit_rate_year, 0.999999)) / 52.0
    hazard = weekly * np.exp(
        p.quit_morale_effect * np.maximum(p.morale_baseline - team.morale, 0.0)
    )
    dismissed = decision.dismiss & active
    chance = np.where(active & ~dismissed, 1.0 - np.exp(-hazard * weeks), 0.0)
    quit = u_quit < chance
    return Departures(quit=quit, dismissed=dismissed, quit_chance=chance)
