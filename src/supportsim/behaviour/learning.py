"""How agents learn which effort pays: trial and error on their own pay, and imitation.

Agents do not know the scheme's formula. Each review period:

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

import numpy as np

from supportsim.scenario import Scenario
from supportsim.schemes.base import Decision
from supportsim.world.agents import Team


def update_efforts(team: Team, decision: Decision, sc: Scenario, rng: np.random.Generator) -> None:
    """Update ``team.effort`` in place after a period's pay (``team.refresh`` is the caller's)."""
    a = team.size
    if a < 2:
        return
    # Draw everything every period, whatever is used, so streams stay aligned across schemes.
    revise = rng.random(a) < sc.revision_rate
    peer = (np.arange(a) + rng.integers(1, a, size=a)) % a
    copy_u = rng.random(a)
    # Only the dimensions the scenario allows move (survey steering only with gaming on).
    explore = sc.effort_sd * rng.standard_normal(team.effort.shape) * team.free_dims

    pay = np.asarray(decision.pay, dtype=float)
    threatened = np.asarray(decision.threatened, dtype=bool)
    relative = pay - pay.mean()
    effort = team.effort.copy()
    # 1. keep a trial that paid off, else go back to the profile before it
    worse = team.on_trial & ~(relative > team.last_relative_pay + 1e-12)
    effort[worse] = team.before_trial[worse]

    # 2. copy a better-paid peer
    gap = pay[peer] - pay
    eagerness = sc.imitation_strength * (1.0 + sc.threat_weight * threatened)
    copies = revise & (gap > 0) & (copy_u < np.clip(eagerness * gap, 0.0, 1.0))
    effort[copies] = team.effort[peer[copies]]

    # 3. explore: the next trial starts from here
    team.before_trial = effort.copy()
    team.on_trial = revise.copy()
    effort[revise] += explore[revise]

    # 4. intrinsic pull toward the ideal profile
    effort += sc.intrinsic_pull * (team.ideal - effort)
    team.effort = np.clip(effort, 0.0, 1.0)
    team.last_relative_pay = relative
