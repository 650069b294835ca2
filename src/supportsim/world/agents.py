"""The team: agents' latent traits, their effort profiles, and what those imply per contact.

Management never sees anything in this module; schemes get an
:class:`~supportsim.schemes.base.Observation` instead. The simulator reads the truth from
here (:meth:`Team.true_quality`).
"""

from __future__ import annotations

import numpy as np

from supportsim.scenario import Scenario

#: Effort dimensions, columns of :attr:`Team.effort`.
EFFORTS = ("thoroughness", "notes", "checklist")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Team:
    """Agents' traits and effort, plus per-agent constants the hot path reads.

    The per-contact handler reads plain Python lists (``res_logit``, ``talk_mult``, ...);
    they are recomputed by :meth:`refresh` whenever effort or tenure changes (once per
    review period), so no contact pays for the arithmetic.
    """

    def __init__(self, sc: Scenario, rng: np.random.Generator) -> None:
        self.sc = sc
        a = sc.agents
        self.skill = sc.skill_sd * rng.standard_normal(a)
        s = sc.speed_sd
        self.speed = np.exp(s * rng.standard_normal(a) - 0.5 * s * s)
        self.courtesy = sc.courtesy_sd * rng.standard_normal(a)
        self.hired_day = -365.0 * sc.max_tenure_years * rng.random(a)
        ideal = np.array([sc.ideal_thoroughness, sc.ideal_notes, sc.ideal_checklist])
        self.ideal = ideal
        if sc.learning == "fixed":
            # Fixed effort: everyone at the ideal profile, so behaviour never differs.
            self.effort = np.tile(ideal, (a, 1))
        else:
            noise = sc.effort_sd * rng.standard_normal((a, len(EFFORTS)))
            self.effort = np.clip(ideal + noise, 0.0, 1.0)
        # Learning state (see supportsim.behaviour.learning)
        self.on_trial = np.zeros(a, dtype=bool)
        self.before_trial = self.effort.copy()
        self.last_relative_pay = np.zeros(a)
        self.refresh(day=0.0)

    @property
    def size(self) -> int:
        """Number of agent slots."""
        return int(self.skill.size)

    def resolve_logit(self, day: float) -> np.ndarray:
        """Log-odds of resolving a standard solvable issue on first contact."""
        sc = self.sc
        t, _, k = self.effort.T
        tenure = day - self.hired_day
        return (
            sc.resolve_logit
            + self.skill
            - sc.ramp_penalty * np.exp(-tenure / sc.ramp_days)
            + sc.thoroughness_effect * (t - sc.reference_thoroughness)
            + sc.checklist_resolve_effect * (k - sc.ideal_checklist)
        )

    def true_quality(self, day: float) -> np.ndarray:
        """True quality: chance of resolving a standard solvable issue on first contact."""
        return _sigmoid(self.resolve_logit(day))

    def refresh(self, day: float) -> None:
        """Recompute the per-agent constants the contact handler uses."""
        sc = self.sc
        t, n, k = self.effort.T
        floor = sc.rush_floor
        rush = (floor + (1 - floor) * t) / (floor + (1 - floor) * sc.reference_thoroughness)
        self.res_logit: list[float] = self.resolve_logit(day).tolist()
        self.talk_mult: list[float] = (self.speed * rush).tolist()
        self.check_talk: list[float] = (sc.checklist_min * k).tolist()
        self.acw: list[float] = (sc.notes_min * n).tolist()
        self.note_q: list[float] = n.tolist()
        self.checklist: list[float] = k.tolist()
        self.sat_agent: list[float] = (self.courtesy + sc.sat_checklist * k).tolist()
