"""Trial and error on one's own pay, plus payoff-biased imitation of better-paid peers.

Only the agents active in the period learn, and only from active peers (a vacant slot earns
nothing, learns nothing and is copied by no one). Write ``pi_i`` for agent ``i``'s pay in
salaries, ``A`` for the set of active agents, ``s = imitation_strength``, ``w =
threat_weight`` and ``thr_i`` = 1 if the scheme threatened ``i`` (else 0). Each review
period:

1. **Own pay (trial and error).** Relative pay ``r_i = pi_i - mean_{j in A} pi_j`` removes
   shocks everyone shared (a bad month for the product). An agent that tried a new profile
   last period judges it by the gain ``Delta_i = r_i - r_i(last period)`` and keeps it with
   probability

       P(keep) = min(1, s (1 + w thr_i) max(Delta_i, 0))

   going back to the profile before the trial otherwise. The response grows with the size
   of the gain (a trial worth 0.01 salary is kept 6% of the time at the default ``s = 6``,
   one worth a sixth of a salary always), on the same scale as copying below.
2. **Better-paid peers (payoff-biased imitation).** With probability ``revision_rate`` an
   active agent revises: it looks at one other active agent ``j`` drawn at random and, if
   ``j`` was paid more, copies ``j``'s profile (its free dimensions) with probability

       P(copy) = min(1, s (1 + w thr_i) (pi_j - pi_i))

   (a threatened agent, one who missed a quota or was warned, copies more eagerly).
3. **Exploration.** A revising agent then adds ``N(0, effort_sd^2)`` to each free dimension:
   the new trial, judged at the next review.
4. **Intrinsic motivation** pulls every active agent's free dimensions part of the way back
   to its ideal: ``e <- e + intrinsic_pull (ideal - e)``; effort is then cut to [0, 1].

Under flat pay relative pay never changes (``Delta = 0``, so every trial is undone) and
nobody is better paid, so effort stays near the ideal: any drift under a scheme is the
scheme's doing (Goodhart). Every period draws the same numbers (four uniforms per slot and
one normal per slot and dimension) whatever the pay, threats and vacancies.

**Announced switches.** At the first review after an announced change of the pay rules
(:meth:`Imitation.announce`) every active agent revises (step 2 with probability 1 instead
of ``revision_rate``, for that one review), from the same draws.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from supportsim.behaviour.base import Outcome
from supportsim.behaviour.registry import register_learning
from supportsim.scenario import BehaviourParams


@register_learning("imitation")
class Imitation:
    """Trial and error on relative pay (a trial kept with a chance that grows with what it
    gained) and payoff-biased imitation of better-paid peers, with exploration and a pull
    back toward the ideal profile; agents never see the formula, only pay."""

    name: ClassVar[str] = "imitation"
    moves: ClassVar[bool] = True

    def __init__(
        self, params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
    ) -> None:
        self.params = params
        self.ideal = np.asarray(ideal, dtype=float)
        self.free = np.asarray(free, dtype=bool)
        a = effort.shape[0]
        self.on_trial = np.zeros(a, dtype=bool)  # tried a new profile last period
        self.before_trial = effort.copy()  # the profile to go back to
        self.last_relative_pay = np.zeros(a)
        self.told = False  # an announced switch: everyone revises at the next review

    def update(self, effort: np.ndarray, outcome: Outcome, rng: np.random.Generator) -> np.ndarray:
        """One period of learning (see the module docstring)."""
        p, a = self.params, effort.shape[0]
        # Draw everything every period, whatever is used, so streams stay aligned across schemes.
        revise_u = rng.random(a)
        peer_u = np.asarray(rng.random(a))
        copy_u = rng.random(a)
        keep_u = rng.random(a)
        explore = p.effort_sd * rng.standard_normal(effort.shape) * self.free

        active = np.asarray(outcome.active, dtype=bool)
        new = effort.copy()
        if not active.any():
            return new
        pay = np.where(active, np.asarray(outcome.pay, dtype=float), 0.0)
        threatened = np.asarray(outcome.threatened, dtype=bool) & active
        relative = np.where(active, pay - pay[active].mean(), 0.0)
        eagerness = p.imitation_strength * (1.0 + p.threat_weight * threatened)
        free = self.free

        # 1. keep a trial with a chance that grows with its gain, else go back
        gain = relative - self.last_relative_pay
        keep = keep_u < np.clip(eagerness * gain, 0.0, 1.0)
        undo = self.on_trial & active & ~keep
        new[np.ix_(undo, free)] = self.before_trial[np.ix_(undo, free)]

        # 2. copy a better-paid active peer
        revise = active & ((revise_u < p.revision_rate) | self.told)
        self.told = False
        peer = _active_peer(peer_u, active)
        looks = revise & (peer >= 0)
        gap = np.where(looks, pay[peer] - pay, 0.0)
        copies = looks & (gap > 0) & (copy_u < np.clip(eagerness * gap, 0.0, 1.0))
        new[np.ix_(copies, free)] = effort[np.ix_(peer[copies], free)]

        # 3. explore: the next trial starts from here
        self.before_trial[active] = new[active]
        self.on_trial = revise
        new[revise] += explore[revise]

        # 4. intrinsic pull toward the ideal profile
        pull = np.ix_(active, free)
        new[pull] += p.intrinsic_pull * (self.ideal[free] - new[pull])
        self.last_relative_pay = np.where(active, relative, self.last_relative_pay)
        return np.clip(new, 0.0, 1.0)

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        """New hires are on no trial and start from a neutral relative pay."""
        self.on_trial[idx] = False
        self.before_trial[idx] = effort[idx]
        self.last_relative_pay[idx] = 0.0

    def announce(self, effort: np.ndarray) -> None:
        """The rules changed and agents were told: every active agent revises at the next
        review (revision probability 1, once)."""
        self.told = True


def _active_peer(u: np.ndarray, active: np.ndarray) -> np.ndarray:
    """For each slot, one *other* active slot drawn uniformly with the uniform ``u`` (-1
    when there is none): the same draw whoever is active, so streams stay aligned."""
    pool = np.flatnonzero(active)
    m = pool.size
    if m < 2:
        return np.full(u.size, -1)
    pick = np.minimum((u * (m - 1)).astype(int), m - 2)  # index among the m - 1 others
    own = np.searchsorted(pool, np.arange(u.size))  # where each slot sits in the pool
    # skip over oneself: an active slot at pool position ``own`` moves picks at or after it
    pick = pick + ((pick >= own) & active)
    return np.where(active, pool[np.minimum(pick, m - 1)], -1)
