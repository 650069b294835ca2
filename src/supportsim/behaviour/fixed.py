"""Fixed effort: nobody ever changes how they work (to separate behaviour from selection)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from supportsim.behaviour.base import Outcome
from supportsim.behaviour.registry import register_learning
from supportsim.scenario import BehaviourParams


@register_learning("fixed")
class Fixed:
    """Effort never changes: every scheme meets the same behaviour, so what differs between
    schemes is selection (who is warned, dismissed, hired) and measurement alone."""

    name: ClassVar[str] = "fixed"
    moves: ClassVar[bool] = False

    def __init__(
        self, params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
    ) -> None:
        self.params = params

    def update(self, effort: np.ndarray, outcome: Outcome, rng: np.random.Generator) -> np.ndarray:
        """The same profiles (draws nothing)."""
        return effort

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        """Nothing to forget."""

    def announce(self, effort: np.ndarray) -> None:
        """Effort is fixed: an announcement changes nothing."""
