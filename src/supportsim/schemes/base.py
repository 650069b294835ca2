"""The scheme contract: what management observes, and what a scheme returns.

A scheme is a small object with one job: turn one period's :class:`Observation` of every
agent into a :class:`Decision` (pay, and who is under threat). It never sees the truth or
the simulation clock. Writing one takes a few lines::

    from supportsim.schemes import Decision, Observation, register_scheme

    @register_scheme("volume_bonus")
    class VolumeBonus:
        name = "volume_bonus"
        survey = "stars10"
        review_sample = 0

        def decide(self, obs: Observation, rng) -> Decision:
            return Decision(pay=1.0 + 0.1 * (obs.contacts > obs.contacts.mean()))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class Observation:
    """Everything management can see of each agent in one review period.

    Arrays are indexed by agent slot. Counts are floats (so means divide cleanly); a mean
    with no data behind it is NaN.
    """

    period: int
    period_days: int
    staffed_hours: float
    scale: str
    contacts: np.ndarray
    talk_min: np.ndarray
    acw_min: np.ndarray
    ratings_n: np.ndarray
    rating_mean: np.ndarray
    negative_n: np.ndarray
    reviewed_n: np.ndarray
    review_checklist: np.ndarray
    review_resolved: np.ndarray
    review_notes: np.ndarray

    @property
    def n_agents(self) -> int:
        """Number of agent slots observed."""
        return int(self.contacts.size)

    @property
    def negative_share(self) -> np.ndarray:
        """Share of an agent's answered surveys that were negative (NaN with none)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.negative_n / self.ratings_n

    @property
    def contacts_per_hour(self) -> np.ndarray:
        """Contacts handled per staffed hour."""
        return self.contacts / self.staffed_hours

    @property
    def handle_min(self) -> np.ndarray:
        """Average handle time (talk + after-contact work), minutes."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return (self.talk_min + self.acw_min) / self.contacts


@dataclass(frozen=True)
class Decision:
    """A scheme's verdict for one period.

    ``pay`` is in salaries (1.0 = one period's flat salary) per agent; ``threatened`` marks
    agents told they are at risk (missed quota, warning), which makes them try harder to
    copy better-paid peers.
    """

    pay: np.ndarray
    threatened: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def checked(self, n_agents: int, scheme: str) -> Decision:
        """Validate shapes and values; broadcast a scalar pay; default ``threatened``."""
        pay = np.broadcast_to(np.asarray(self.pay, dtype=float), (n_agents,)).copy()
        if not np.all(np.isfinite(pay)):
            raise ValueError(f"scheme {scheme!r} returned non-finite pay: {pay}")
        threatened = np.asarray(self.threatened, dtype=bool)
        if threatened.size == 0:
            threatened = np.zeros(n_agents, dtype=bool)
        if threatened.shape != (n_agents,):
            raise ValueError(
                f"scheme {scheme!r} returned threatened of shape {threatened.shape};"
                f" expected ({n_agents},)"
            )
        return Decision(pay=pay, threatened=threatened)


@runtime_checkable
class Scheme(Protocol):
    """An incentive scheme: reads an :class:`Observation`, returns a :class:`Decision`.

    ``survey`` names the survey scale the center sends (see ``supportsim.world.surveys``);
    ``review_sample`` is how many contacts per agent per period the scheme wants the
    quality reviewer to score (0 for none).
    """

    name: ClassVar[str]
    survey: ClassVar[str]

    @property
    def review_sample(self) -> int:
        """Contacts per agent per period the reviewer should score."""
        ...

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Pay and threats for the period."""
        ...
