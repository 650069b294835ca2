"""Trial and error on one's own pay, plus payoff-biased imitation of better-paid peers.

Each review period:

1. **Own pay (trial and error).** An agent that tried a new effort profile last period
   keeps it if its pay *relative to the team mean* rose, and goes back otherwise.
   Relative pay removes shocks everyone shared (a bad month for the product).
2. **Better-paid peers (payoff-biased imitation).** With probability ``revision_rate`` an
   agent looks at one random peer; if the peer was paid more it copies the peer's whole
   profile with a chance proportional to the pay gap, higher under threat (missed quota,
   warning).
3. **Exploration.** Revising agents then try a small random variation (the next trial).
4. **Intrinsic motivation** pulls every profile part of the way back to the agent's ideal
   (serving customers well).

Under flat pay relative pay never changes and nobody is better paid, so effort stays near
the ideal: any drift under a scheme is the scheme's doing (Goodhart).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from supportsim.behaviour.base import Outcome
from supportsim.behaviour.registry import register_learning
from supportsim.scenario import BehaviourParams


@register_learning("imitation")
class Imitation:
    """Trial and error on relative pay, payoff-biased imitation, exploration, intrinsic pull."""

    name: ClassVar[str] = "imitation"
    moves: ClassVar[bool] = True

    def __init__(
        self, params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
    ) -> None:
        self.params = params
        self.ideal = ideal
        self.free = free
        a = effort.shape[0]
        self.on_trial = np.zeros(a, dtype=bool)  # tried a new profile last period
        self.before_trial = effort.copy()  # the profile to go back to
        self.last_relative_pay = np.zeros(a)

    def update(self, effort: np.ndarray, outcome: Outcome, rng: np.random.Generator) -> np.ndarray:
        """One period of learning (see the module docstring)."""
        p, a = self.params, effort.shape[0]
        if a < 2:
            return effort
        # Draw everything every period, whatever is used, so streams stay aligned across schemes.
        revise = np.less(rng.random(a), p.revision_rate)
        peer = (np.arange(a) + rng.integers(1, a, size=a)) % a
        copy_u = rng.random(a)
        # Only the dimensions the scenario allows move (survey steering only with gaming on).
        explore = p.effort_sd * rng.standard_normal(effort.shape) * self.free

        pay = np.asarray(outcome.pay, dtype=float)
        threatened = np.asarray(outcome.threatened, dtype=bool)
        relative = pay - pay.mean()
        new = effort.copy()
        # 1. keep a trial that paid off, else go back to the profile before it
        worse = self.on_trial & ~(relative > self.last_relative_pay + 1e-12)
        new[worse] = self.before_trial[worse]

        # 2. copy a better-paid peer
        gap = pay[peer] - pay
        eagerness = p.imitation_strength * (1.0 + p.threat_weight * threatened)
        copies = revise & (gap > 0) & (copy_u < np.clip(eagerness * gap, 0.0, 1.0))
        new[copies] = effort[peer[copies]]

        # 3. explore: the next trial starts from here
        self.before_trial = new.copy()
        self.on_trial = revise.copy()
        new[revise] += explore[revise]

        # 4. intrinsic pull toward the ideal profile
        new += p.intrinsic_pull * (self.ideal - new)
        self.last_relative_pay = relative
        return np.clip(new, 0.0, 1.0)

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        """New hires are on no trial and start from a neutral relative pay."""
        self.on_trial[idx] = False
        self.before_trial[idx] = effort[idx]
        self.last_relative_pay[idx] = 0.0
