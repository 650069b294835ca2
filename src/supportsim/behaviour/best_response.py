"""Myopic best response: agents who know the scheme's formula (the upper bound of gaming).

At each review, an active agent revises with probability ``revision_rate`` (inertia, so a
team does not all jump at once) and then picks the profile ``e`` that maximises

    U_i(e) = E[pay_i(e)] - V sum_{d free} (e_d - ideal_d)^2,     V = ideal_weight

the pay it expects under the scheme's formula had it worked ``e`` last period, everyone
else as observed (``Outcome.expected_pay``, which the world computes from what management
saw and the model's physics: :mod:`supportsim.world.foresight`), minus the disutility of
departing from its ideal profile. Under flat pay ``U`` is largest at the ideal, so
a best responder works exactly there; any departure is bought by the scheme. Myopic: the
agent optimises next period's pay only, and takes the others' behaviour as last observed.

**Search.** Coordinate ascent over the free dimensions, starting from the agent's current
profile. A first pass takes each free dimension in turn and tries the current value, the
ideal and every level of the effort grid (``effort_levels``: 0, 0.1, ..., 1), moving to the
best (a strict improvement; ties keep the current value); later passes (at most
``SWEEPS`` in all) try one grid step either side of each value, stopping when a pass
changes nothing. Each candidate costs one evaluation of the scheme (about 40 per revising
agent).

Draws one uniform per slot per period (who revises), whatever the pay.

**Announced switches.** At the first review after an announced change of the pay rules
(:meth:`BestResponse.announce`) every active agent revises at once: it already knows the
new formula, so inertia does not hold it back.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from supportsim.behaviour.base import ExpectedPay, Outcome
from supportsim.behaviour.registry import register_learning
from supportsim.scenario import BehaviourParams

#: Passes of coordinate ascent over the free dimensions (the first over the whole grid).
SWEEPS = 3


@register_learning("best_response")
class BestResponse:
    """Myopic best response by agents who know the scheme's formula: each period a revising
    agent picks the profile maximising the pay it expects minus a quadratic cost of
    departing from its ideal (the upper bound of gaming)."""

    name: ClassVar[str] = "best_response"
    moves: ClassVar[bool] = True

    def __init__(
        self, params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
    ) -> None:
        self.params = params
        self.ideal = np.asarray(ideal, dtype=float)
        self.free = np.asarray(free, dtype=bool)
        self.levels = np.linspace(0.0, 1.0, params.effort_levels)
        self.told = False  # an announced switch: everyone revises at the next review

    def update(self, effort: np.ndarray, outcome: Outcome, rng: np.random.Generator) -> np.ndarray:
        """Revising active agents move to their best response (see the module docstring)."""
        revise_u = rng.random(effort.shape[0])  # drawn every period, used or not
        active = np.asarray(outcome.active, dtype=bool)
        revise = active & ((revise_u < self.params.revision_rate) | self.told)
        self.told = False
        new = effort.copy()
        if not revise.any() or not self.free.any():
            return new
        if outcome.expected_pay is None:
            raise ValueError("best_response needs the world's foresight (Outcome.expected_pay)")
        for i in np.flatnonzero(revise):
            new[i] = self.best(int(i), effort[i], outcome.expected_pay)
        return new

    def utility(self, i: int, profiles: np.ndarray, expected_pay: ExpectedPay) -> np.ndarray:
        """``U_i`` of each row of ``profiles``: expected pay minus the cost of departing
        from the ideal on the free dimensions."""
        gap = (profiles - self.ideal)[:, self.free]
        return np.asarray(expected_pay(i, profiles), dtype=float) - self.params.ideal_weight * (
            gap * gap
        ).sum(axis=1)

    def best(self, i: int, start: np.ndarray, expected_pay: ExpectedPay) -> np.ndarray:
        """Agent ``i``'s best response by coordinate ascent from ``start``."""
        x = start.copy()
        step = self.levels[1]
        for sweep in range(SWEEPS):
            moved = False
            for d in np.flatnonzero(self.free):
                if sweep == 0:
                    values = np.concatenate(([x[d], self.ideal[d]], self.levels))
                else:
                    values = np.clip([x[d], x[d] - step, x[d] + step], 0.0, 1.0)
                cand = np.repeat(x[None, :], values.size, axis=0)
                cand[:, d] = values
                u = self.utility(i, cand, expected_pay)
                k = int(np.argmax(u))  # first maximum: the current value wins ties
                if u[k] > u[0] + 1e-12:
                    x[d] = values[k]
                    moved = True
            if not moved:
                break
        return x

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        """Nothing to forget: a best responder keeps no memory."""

    def announce(self, effort: np.ndarray) -> None:
        """The rules changed and agents were told: every active agent revises at the next
        review (it knows the new formula)."""
        self.told = True
