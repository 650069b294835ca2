"""Roth-Erev reinforcement learning over a grid of effort levels (Erev & Roth 1998).

Each free effort dimension ``d`` of each agent is its own learner over the ``L =
effort_levels`` levels ``l_0 = 0, l_1 = 1/(L - 1), ..., l_{L-1} = 1`` (0, 0.1, ..., 1 by
default), with a propensity ``q_d(m)`` for each level ``m``; the level played is drawn with
probability ``q_d(m) / sum_m' q_d(m')``. This is the three-parameter reinforcement model of
Erev & Roth (1998, "Predicting how people play games", AER 88(4) 848-881), whose fitted
values are the defaults: strength of initial propensities ``s(1) = 9``
(``initial_strength``), forgetting ``phi = 0.1`` (``forgetting``) and experimentation
``epsilon = 0.2`` (``experimentation``).

**Payoffs.** Roth-Erev needs positive reinforcements: the paper uses ``R(x) = x - x_min``,
the payoff above the lowest possible one. Here, after each review, the level ``k`` that
agent ``i`` played on dimension ``d`` is reinforced by

    R_id = (pi_i - min_{j active} pi_j) + V (D_d^2 - (l_k - ideal_d)^2),  D_d = max(ideal_d, 1 - ideal_d)

where ``pi`` is pay in salaries (its lowest value among the period's active agents is the
``x_min`` of pay) and the second term is the intrinsic utility of serving well: closeness
to the ideal profile, zero at the farthest level, weighted by ``V = ideal_weight`` (the same
disutility of departing from the ideal that best response pays as an effort cost). Under
flat pay only the intrinsic term varies, so agents stay around their ideal; a scheme moves
effort only through the pay term. Pay cannot be split by dimension, so every dimension's
level is reinforced by the whole pay (the credit-assignment noise people face too).

**Updating** (the paper's equations, with experimentation local, as for ordered strategies
in Roth & Erev 1995, GEB 8:164-212)::

    q_d(m) <- (1 - phi) q_d(m) + E(m),
    E(k) = (1 - epsilon) R,   E(k - 1) = E(k + 1) = epsilon R / 2

(at the ends of the grid the one neighbour gets ``epsilon R``; with ``L = 2`` this is the
paper's ``epsilon R / (M - 1)``).

**Initial propensities** are centred on the agent's starting profile ``e0``:
``q_d(m) ~ exp(-(l_m - e0_d)^2 / (2 effort_sd^2))``, scaled, as in the paper, to sum to
``s(1)`` times the average payoff ``A`` (here the mean reinforcement over the team's active
agents and free dimensions at the agent's first review). The profile worked in that first
period is the starting one; it reinforces its nearest level.

Vacant slots learn nothing and do not enter the lowest pay; a new hire's propensities
start afresh around its starting profile. Every period draws one uniform per slot and
dimension whatever the pay (the level played is its inverse CDF).

**Announced switches.** What was learnt under the old rules is set aside when a change of
the pay rules is announced (:meth:`Reinforcement.announce`): every slot's propensities
start afresh at their initial strength, centred on the level it plays now (as a new hire's
around its starting profile), and are scaled to the payoffs of the first review under the
new rules.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from supportsim.behaviour.base import Outcome
from supportsim.behaviour.registry import register_learning
from supportsim.scenario import BehaviourParams

#: Propensities never fall below this share of their scale (keeps choice probabilities
#: defined after very long runs of zero payoffs).
FLOOR = 1e-12


@register_learning("reinforcement")
class Reinforcement:
    """Roth-Erev reinforcement learning (Erev & Roth 1998; forgetting 0.1, experimentation
    0.2, initial strength 9): each effort dimension picks a level on a grid with probability
    proportional to its propensity, reinforced by pay above the team's lowest plus the
    intrinsic value of working close to the ideal."""

    name: ClassVar[str] = "reinforcement"
    moves: ClassVar[bool] = True

    def __init__(
        self, params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
    ) -> None:
        self.params = params
        self.ideal = np.asarray(ideal, dtype=float)
        self.free = np.asarray(free, dtype=bool)
        self.levels = np.linspace(0.0, 1.0, params.effort_levels)
        a, dims = effort.shape
        far = np.maximum(self.ideal, 1.0 - self.ideal) ** 2
        #: intrinsic utility of each level per dimension, 0 at the farthest level
        self.intrinsic = params.ideal_weight * (
            far[:, None] - (self.levels - self.ideal[:, None]) ** 2
        )
        self.q = np.zeros((a, dims, self.levels.size))
        self.played = np.zeros((a, dims), dtype=int)
        self.fresh = np.ones(a, dtype=bool)  # propensities not yet scaled to payoffs
        self.hired(np.arange(a), effort)

    def update(self, effort: np.ndarray, outcome: Outcome, rng: np.random.Generator) -> np.ndarray:
        """Reinforce the levels played last period, then draw the next ones."""
        p = self.params
        u = rng.random(effort.shape)  # drawn every period, used or not
        active = np.asarray(outcome.active, dtype=bool)
        new = effort.copy()
        learn = np.flatnonzero(active)
        if learn.size == 0:
            return new
        dims = np.flatnonzero(self.free)
        pay = np.asarray(outcome.pay, dtype=float)
        above = pay[learn] - pay[learn].min()
        played = self.played[np.ix_(learn, dims)]
        reward = above[:, None] + self.intrinsic[dims, played]  # learners x free dims

        q = self.q[np.ix_(learn, dims)]
        fresh = self.fresh[learn]
        if fresh.any():
            scale = max(float(reward.mean()), 1e-9)
            q[fresh] *= p.initial_strength * scale / q[fresh].sum(axis=-1, keepdims=True)
            self.fresh[learn] = False
        q = (1.0 - p.forgetting) * q + self._experience(played, reward)
        q = np.maximum(q, FLOOR * q.sum(axis=-1, keepdims=True))
        self.q[np.ix_(learn, dims)] = q

        cdf = np.cumsum(q, axis=-1)
        draw = u[np.ix_(learn, dims)][..., None] * cdf[..., -1:]
        chosen = np.minimum((cdf <= draw).sum(axis=-1), self.levels.size - 1)
        self.played[np.ix_(learn, dims)] = chosen
        new[np.ix_(learn, dims)] = self.levels[chosen]
        return new

    def _experience(self, played: np.ndarray, reward: np.ndarray) -> np.ndarray:
        """E(m): ``(1 - eps) R`` to the level played, ``eps R / 2`` to each neighbour (all
        of ``eps R`` to the single neighbour at an end of the grid)."""
        eps, size = self.params.experimentation, self.levels.size
        e = np.zeros((*played.shape, size))
        np.put_along_axis(e, played[..., None], ((1.0 - eps) * reward)[..., None], axis=-1)
        lower, upper = played - 1, played + 1
        n_neighbours = (lower >= 0).astype(float) + (upper < size)
        share = eps * reward / n_neighbours
        for side in (lower, upper):
            ok = (side >= 0) & (side < size)
            idx = np.clip(side, 0, size - 1)[..., None]
            add = np.take_along_axis(e, idx, axis=-1) + np.where(ok, share, 0.0)[..., None]
            np.put_along_axis(e, idx, add, axis=-1)
        return e

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        """Slots ``idx`` start afresh: propensities centred on their starting profile (scaled
        to payoffs at their first review), playing the level nearest to it."""
        idx = np.asarray(idx, dtype=int)
        start = effort[idx]
        self.played[idx] = np.abs(start[..., None] - self.levels).argmin(axis=-1)
        sd = self.params.effort_sd
        if sd > 0:
            shape = np.exp(-0.5 * ((self.levels - start[..., None]) / sd) ** 2)
            shape = np.maximum(shape, FLOOR)
        else:
            shape = np.zeros((*start.shape, self.levels.size))
            np.put_along_axis(shape, self.played[idx][..., None], 1.0, axis=-1)
        self.q[idx] = shape / shape.sum(axis=-1, keepdims=True)
        self.fresh[idx] = True

    def announce(self, effort: np.ndarray) -> None:
        """The rules changed and agents were told: propensities learnt under the old rules
        go back to their initial strength, centred on each slot's current profile."""
        self.hired(np.arange(effort.shape[0]), effort)
