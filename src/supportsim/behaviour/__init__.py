"""How agents choose effort: learning rules by name (see :mod:`supportsim.behaviour.base`).

Every rule is registered in :data:`LEARNING`; a scenario picks one with ``learning``.
"""

from supportsim.behaviour import best_response, fixed, imitation, reinforcement
from supportsim.behaviour.base import EFFORTS, ExpectedPay, LearningRule, Outcome, announce
from supportsim.behaviour.registry import LEARNING, make_learning, register_learning

del best_response, fixed, imitation, reinforcement

__all__ = [
    "EFFORTS",
    "LEARNING",
    "ExpectedPay",
    "LearningRule",
    "Outcome",
    "announce",
    "make_learning",
    "register_learning",
]
