"""The team: agents' latent traits, effort, morale, and what those imply per contact.

Management never sees anything in this module; schemes get an
:class:`~supportsim.schemes.base.Observation` instead. The simulator reads the two truths
about an agent from here: :meth:`Team.true_quality` (its chance of resolving a standard
issue on first contact) and :meth:`Team.true_service` (its expected contribution to the
customer's satisfaction on such a contact).

Agent *slots* are fixed; when an agent quits or is dismissed its slot is vacant until a new
hire fills it (with fresh traits, zero tenure and the ideal effort profile).
"""

from __future__ import annotations

import math

import numpy as np

from supportsim.behaviour import EFFORTS, LEARNING
from supportsim.scenario import (
    AgentParams,
    BehaviourParams,
    HandlingParams,
    PeopleParams,
    SurveyParams,
)

__all__ = ["EFFORTS", "Team"]

#: Effort dimensions whose initial spread is drawn for every agent, whether or not they may
#: move (thoroughness, notes, checklist, steering). Dimensions added later (dumping) draw
#: theirs only when they may move and effort is spread, so adding one leaves every existing
#: world's draws where they were.
_ALWAYS_DRAWN = 4
#: The column of call dumping in an effort array.
_DUMPING = EFFORTS.index("dumping")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Team:
    """Agents' traits, effort and morale, plus per-agent constants the hot path reads.

    The per-contact handler reads plain Python lists (``res_logit``, ``talk_mult``, ...);
    :meth:`refresh` recomputes them whenever effort, morale or tenure changes (once per
    review period, and for one agent when a live bad rating hits its morale). It changes
    them in place, never replaces them, so the handler may hold on to them.
    """

    res_logit: list[float]
    talk_mult: list[float]
    check_talk: list[float]
    acw: list[float]
    note_q: list[float]
    checklist: list[float]
    steering: list[float]
    dumping: list[float]
    sat_agent: list[float]

    def __init__(
        self,
        team: AgentParams,
        handling: HandlingParams,
        surveys: SurveyParams,
        behaviour: BehaviourParams,
        people: PeopleParams,
        rng: np.random.Generator,
    ) -> None:
        self.params, self.handling, self.people, self.surveys = team, handling, people, surveys
        self.sat_checklist = surveys.sat_checklist
        self.effort_sd = behaviour.effort_sd
        #: Whether effort starts spread around the ideal (it stays at it under fixed effort).
        self.spread = bool(LEARNING.get(behaviour.learning).moves)
        #: Whether agents may dump contacts at all (the handler skips the check otherwise).
        self.may_dump = behaviour.call_dumping
        a = team.agents
        self.ideal = np.array(
            [
                behaviour.ideal_thoroughness,
                behaviour.ideal_notes,
                behaviour.ideal_checklist,
                0.0,
                behaviour.ideal_dumping if behaviour.call_dumping else 0.0,
            ]
        )
        #: Which effort dimensions may move (steering only when the scenario allows gaming,
        #: dumping only when it allows call dumping).
        self.free_dims = np.array(
            [True, True, True, behaviour.survey_gaming, behaviour.call_dumping]
        )
        self.skill = np.zeros(a)
        self.speed = np.ones(a)
        self.courtesy = np.zeros(a)
        self.hired_day = np.zeros(a)
        self.effort = np.tile(self.ideal, (a, 1))
        self.morale = np.full(a, people.morale_baseline)
        self.morale_day = np.zeros(a)  # when each agent's morale last changed
        # morale recovers toward baseline continuously: ``morale_recovery`` of the gap a week
        self.recovery_per_day = -math.log1p(-min(people.morale_recovery, 1.0 - 1e-12)) / 7.0
        self.active = np.ones(a, dtype=bool)
        self._draw_people(np.arange(a), rng, hired_day=None)
        self.refresh(day=0.0)

    def _draw_people(
        self, idx: np.ndarray, rng: np.random.Generator, hired_day: float | None
    ) -> None:
        """Draw traits for slots ``idx``; ``hired_day=None`` means the initial team."""
        p, n = self.params, idx.size
        self.skill[idx] = p.skill_sd * rng.standard_normal(n)
        s = p.speed_sd
        self.speed[idx] = np.exp(s * rng.standard_normal(n) - 0.5 * s * s)
        self.courtesy[idx] = p.courtesy_sd * rng.standard_normal(n)
        if hired_day is None:
            self.hired_day[idx] = -365.0 * p.max_tenure_years * rng.random(n)
        else:
            self.hired_day[idx] = hired_day
        noise = np.zeros((n, len(EFFORTS)))
        noise[:, :_ALWAYS_DRAWN] = rng.standard_normal((n, _ALWAYS_DRAWN))
        if self.spread and self.free_dims[_ALWAYS_DRAWN:].any():
            noise[:, _ALWAYS_DRAWN:] = rng.standard_normal((n, len(EFFORTS) - _ALWAYS_DRAWN))
        noise *= self.effort_sd
        if not self.spread:
            noise[:] = 0.0  # fixed effort: everyone at the ideal profile
        self.effort[idx] = np.clip(self.ideal + noise * self.free_dims, 0.0, 1.0)
        self.morale[idx] = self.people.morale_baseline
        self.morale_day[idx] = 0.0 if hired_day is None else hired_day

    def resolve_logit(self, day: float) -> np.ndarray:
        """Log-odds of resolving a standard solvable issue on first contact."""
        h, p = self.handling, self.params
        t, k = self.effort[:, 0], self.effort[:, 2]
        tenure = day - self.hired_day
        return (
            h.resolve_logit
            + self.skill
            - p.ramp_penalty * np.exp(-tenure / p.ramp_days)
            + h.thoroughness_effect * (t - h.reference_thoroughness)
            + h.checklist_resolve_effect * (k - self.ideal[2])
            + self.people.morale_resolve_effect * (self.morale - self.people.morale_baseline)
        )

    def true_quality(self, day: float) -> np.ndarray:
        """True quality: chance of resolving a standard solvable issue on first contact,
        ``(1 - d) * sigmoid(L)`` with ``L`` the log-odds of a worked contact
        (:meth:`resolve_logit`) and ``d`` the share of contacts the agent dumps.

        NaN for vacant slots.
        """
        worked = 1.0 - self.effort[:, _DUMPING]
        return np.where(self.active, worked * _sigmoid(self.resolve_logit(day)), np.nan)

    def true_service(self, day: float) -> np.ndarray:
        """Service truth: the agent's expected contribution to the customer's satisfaction
        (latent units) on a standard solvable issue's first contact.

        Everything the handler adds to satisfaction that the agent controls, averaged over
        whether it dumps the contact (share ``d``) and whether it resolves it::

            p * sat_resolved + (1 - p) * sat_unresolved
              + (1 - d) * (courtesy + morale_courtesy_effect * (morale - baseline)
                           + sat_checklist * k)
              - d * sat_dump_penalty

        with ``p`` the true quality (:meth:`true_quality`, dumped contacts never resolved)
        and ``k`` the checklist effort. Nothing the agent does not control enters: the
        product (defects), the customer's leniency and mood, waiting, earlier contacts.
        NaN for vacant slots.
        """
        sv, people = self.surveys, self.people
        d, k = self.effort[:, _DUMPING], self.effort[:, 2]
        p = (1.0 - d) * _sigmoid(self.resolve_logit(day))
        manner = (
            self.courtesy
            + people.morale_courtesy_effect * (self.morale - people.morale_baseline)
            + sv.sat_checklist * k
        )
        service = (
            p * sv.sat_resolved
            + (1.0 - p) * sv.sat_unresolved
            + (1.0 - d) * manner
            - d * sv.sat_dump_penalty
        )
        return np.where(self.active, service, np.nan)

    def refresh(self, day: float) -> None:
        """Recompute the per-agent constants the contact handler uses."""
        h, people = self.handling, self.people
        t, n, k, g, d = self.effort.T
        floor = h.rush_floor
        rush = (floor + (1 - floor) * t) / (floor + (1 - floor) * h.reference_thoroughness)
        self.day = day
        morale = self.morale - people.morale_baseline
        courtesy = self.courtesy + people.morale_courtesy_effect * morale
        constants = {
            "res_logit": self.resolve_logit(day),
            "talk_mult": self.speed * rush,
            "check_talk": h.checklist_min * k,
            "acw": h.notes_min * n,
            "note_q": n,
            "checklist": k,
            "steering": g,
            "dumping": d,
            "sat_agent": courtesy + self.sat_checklist * k,
        }
        for name, values in constants.items():
            held = self.__dict__.get(name)
            if held is None:
                setattr(self, name, values.tolist())
            else:  # in place: the handler holds the list
                held[:] = values.tolist()

    def hit_morale(self, agent: int, amount: float, day: float) -> None:
        """Lower one agent's morale at time ``day`` (a live bad rating) and update its
        constants; the morale recovered since its last change is counted first."""
        people = self.people
        old = self.morale[agent]
        new = max(0.0, self._recovered(agent, day) - amount)
        self.morale[agent] = new
        self.morale_day[agent] = day
        change = new - old
        self.res_logit[agent] += people.morale_resolve_effect * change
        self.sat_agent[agent] += people.morale_courtesy_effect * change

    def _recovered(self, agent: int, day: float) -> float:
        """Agent ``agent``'s morale at ``day``: recovery toward baseline since its last change."""
        b = self.people.morale_baseline
        elapsed = max(day - self.morale_day[agent], 0.0)
        return b + (self.morale[agent] - b) * math.exp(-self.recovery_per_day * elapsed)

    def settle_morale(self, day: float) -> None:
        """Bring every agent's morale to ``day`` (recovery since its last change)."""
        b = self.people.morale_baseline
        elapsed = np.maximum(day - self.morale_day, 0.0)
        self.morale = b + (self.morale - b) * np.exp(-self.recovery_per_day * elapsed)
        self.morale_day[:] = day

    def vacate(self, idx: np.ndarray) -> None:
        """Agents in ``idx`` leave (quit or dismissed): their slots are vacant."""
        self.active[idx] = False

    def hire(self, idx: np.ndarray, day: float, rng: np.random.Generator) -> None:
        """Fill vacant slots ``idx`` with new hires (fresh traits, zero tenure)."""
        self._draw_people(idx, rng, hired_day=day)
        self.active[idx] = True
        self.refresh(self.day)

    @property
    def size(self) -> int:
        """Number of agent slots."""
        return int(self.skill.size)
