"""What a composed policy's actions decide in one period: who is singled out, and what follows.

An action's group is the ``bottom`` share by a ranking, or the agents ``when`` its
conditions all hold, or ``unless`` they all hold (an agent not rated fails a condition, so
``unless`` catches it). The group is threatened (``threaten``), coached (``coaching``
sessions a week) and, with a ``ladder``, climbs the warning ladder as practised
(:class:`~supportsim.schemes.ladder.Ladder`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from supportsim.schemes.base import Observation
from supportsim.schemes.compose.action_rule import Action
from supportsim.schemes.compose.grammar import higher_is_better
from supportsim.schemes.compose.rules import Floors, gates, rank_cut, score_values
from supportsim.schemes.ladder import Ladder, Rung


def group_of(
    action: Action, obs: Observation, floors: Floors, rng: np.random.Generator
) -> np.ndarray:
    """The agents the action singles out this period."""
    if action.trigger == "bottom":
        assert action.measure is not None and action.bottom is not None
        value, rated = score_values(obs, action.measure, floors, action.min_n)
        higher = higher_is_better(action.measure)
        return rank_cut(value, rated, action.bottom, False, higher, rng)
    if action.trigger == "when":
        return gates(obs, action.when, floors) & obs.active
    return ~gates(obs, action.unless, floors) & obs.active


def ladder_of(action: Action) -> Ladder | None:
    """The action's warning ladder, if it has one."""
    if action.ladder is None:
        return None
    return Ladder(
        steps=action.ladder,  # type: ignore[arg-type]
        plan_weeks=action.plan_weeks,
        coaching_per_week=action.coaching_per_week,
        final_weeks=action.final_weeks,
    )


@dataclass
class Consequences:
    """The actions' decisions, per agent, gathered over every action of a policy."""

    threatened: np.ndarray
    coaching: np.ndarray
    groups: dict[str, np.ndarray]
    rung: Rung | None = None

    @classmethod
    def none(cls, n: int) -> Consequences:
        """Nobody singled out yet."""
        return cls(np.zeros(n, dtype=bool), np.zeros(n), {})


def act(
    actions: tuple[Action, ...], obs: Observation, floors: Floors, rng: np.random.Generator,
    prefix: str = "",
) -> Consequences:  # fmt: skip
    """Every action in order (one tie-break draw per ranking action)."""
    out = Consequences.none(obs.n_agents)
    for i, action in enumerate(actions):
        group = group_of(action, obs, floors, rng)
        out.groups[f"{prefix}action.{i}"] = group
        if action.threaten:
            out.threatened = out.threatened | group
        if action.coaching > 0:
            out.coaching = out.coaching + np.where(group, action.coaching * obs.period_weeks, 0.0)
        ladder = ladder_of(action)
        if ladder is not None:
            out.rung = ladder.climb(group, obs)
            out.coaching = out.coaching + out.rung.coaching
    return out
