"""Learning rules by name (``learning = "<rule>"`` in a scenario; ``supportsim list learning``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np

from supportsim.behaviour.base import LearningRule
from supportsim.registry import Registry
from supportsim.scenario import BehaviourParams

LEARNING: Registry[type[LearningRule]] = Registry("learning rule")
R = TypeVar("R", bound=type[LearningRule])


def register_learning(name: str) -> Callable[[R], R]:
    """Class decorator: make a learning rule available by ``name``."""

    def deco(cls: R) -> R:
        LEARNING.add(name, cls)
        return cls

    return deco


def make_learning(
    params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
) -> LearningRule:
    """The rule ``params.learning`` names, made for one team: ``ideal`` and ``free`` are
    ``EFFORTS`` arrays (the ideal profile, the dimensions that may move), ``effort`` the
    team's starting ``agents x EFFORTS`` profiles."""
    rule: LearningRule = LEARNING.get(params.learning)(params, ideal, free, effort)
    return rule
