"""The learning contract: what a learning rule sees after each review, and what it returns.

Agents do not know a scheme's formula; a *learning rule* decides how their effort profiles
change from what each review brought them. A rule is a small object made for one team and
one run, and it sees plain arrays only, indexed by agent slot (never the team, the queue or
the truth)::

    rule = make_learning(params, ideal, free, effort)   # the rule params.learning names
    effort = rule.update(effort, Outcome(pay=..., threatened=..., active=...), rng)
    rule.hired(idx, effort)            # new hires in slots idx: forget what was known of them
    rule.announce(effort)              # the rules changed and agents were told (see below)

``effort`` is an ``agents x EFFORTS`` array of shares in [0, 1] (thoroughness, notes,
checklist, survey steering, call dumping); ``ideal`` (an ``EFFORTS`` array) is the profile
an agent would choose to serve customers well; ``free`` marks the dimensions that may move
at all (steering only when the scenario allows survey gaming, dumping only when it allows
call dumping). A rule's constructor takes
``(params, ideal, free, effort)``, ``effort`` being the team's starting profiles.

What every rule keeps to (``tests/behaviour/test_learning.py`` checks each one):

* it returns a new array and never changes ``effort`` in place; dimensions not ``free``
  stay as they are;
* it draws only from the generator it is given, and the same numbers whatever the
  outcome (pay, threats, vacancies), so schemes compare under common random numbers;
* a vacant slot (``outcome.active`` false) learns nothing, and nobody learns from it;
* :meth:`LearningRule.hired` forgets everything the rule knew about the slots refilled;
* :meth:`LearningRule.announce` changes no effort and draws nothing: it only tells the rule
  that the next :meth:`~LearningRule.update` is the first review under newly announced rules
  (a scheme schedule's ``announced`` switch), so every agent reconsiders then. A rule
  without the method is not told (:func:`announce`: a no-op for it).

The number of effort dimensions is ``effort.shape[1]`` (``len(EFFORTS)``); no rule assumes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

import numpy as np

from supportsim.scenario import BehaviourParams

#: Effort dimensions, the columns of an effort array. ``steering`` is survey gaming: the
#: share of unhappy customers an agent keeps from getting a survey; ``dumping`` is call
#: dumping: the share of contacts an agent ends at once without working them.
EFFORTS = ("thoroughness", "notes", "checklist", "steering", "dumping")


#: ``expected_pay(i, profiles)``: agent ``i``'s pay, in salaries, for each row of a
#: ``k x EFFORTS`` array of candidate profiles (an array of ``k`` pays).
ExpectedPay = Callable[[int, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Outcome:
    """What a review brought each agent slot.

    * ``pay``: in salaries (1.0 = one period's flat salary);
    * ``threatened``: told they are at risk (missed quota, warning);
    * ``active``: the slot was filled during the period (a vacant slot earns nothing and
      learns nothing);
    * ``expected_pay``: optional foresight for agents who know the scheme's formula
      (:data:`ExpectedPay`): what agent ``i`` would be paid had it worked each candidate
      profile last period, everyone else as observed (filled by the world, see
      :mod:`supportsim.world.foresight`; rules that learn from experience ignore it).
    """

    pay: np.ndarray
    threatened: np.ndarray
    active: np.ndarray
    expected_pay: ExpectedPay | None = None


@runtime_checkable
class LearningRule(Protocol):
    """How one team's effort profiles change from review to review."""

    name: ClassVar[str]
    #: Whether effort ever changes; a rule that never moves starts everyone at the ideal.
    moves: ClassVar[bool]

    def __init__(
        self, params: BehaviourParams, ideal: np.ndarray, free: np.ndarray, effort: np.ndarray
    ) -> None: ...

    def update(self, effort: np.ndarray, outcome: Outcome, rng: np.random.Generator) -> np.ndarray:
        """The new effort profiles (a new ``agents x EFFORTS`` array in [0, 1])."""
        ...

    def hired(self, idx: np.ndarray, effort: np.ndarray) -> None:
        """Slots ``idx`` were filled by new hires starting at ``effort[idx]``."""
        ...

    def announce(self, effort: np.ndarray) -> None:
        """The pay rules changed and agents were told; ``effort`` is the team's profiles.
        Called just before the :meth:`update` of the first review under the new rules."""
        ...


def announce(rule: object, effort: np.ndarray) -> None:
    """Tell ``rule`` of an announced switch (:meth:`LearningRule.announce`); a rule written
    without the method is not told (the default: a no-op)."""
    told = getattr(rule, "announce", None)
    if callable(told):
        told(effort)
