"""The seed tree: one ``SeedSequence`` per run, one child per replication, one stream per input.

Every random input of the world has its own named stream, so two runs that share a
replication seed see the same customers, issues, product failures and agents whatever the
incentive scheme does (common random numbers). Nothing uses global random state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The random inputs of one replication, each with its own stream. Order is part of the
#: reproducibility contract: append new names at the end, never reorder. New issues (their
#: arrival times, customers, root causes and pre-drawn luck) come from ``days``, one child
#: per simulated day; ``arrivals`` and ``issues`` are no longer drawn from but keep their
#: places. ``customers``, ``handling``, ``surveys``, ``callbacks`` and ``dumping`` serve the
#: contacts of an issue beyond the pre-drawn ones, as they happen (``dumping`` came last, so
#: adding it changed no other stream).
STREAMS = (
    "arrivals",
    "issues",
    "customers",
    "agents",
    "handling",
    "surveys",
    "review",
    "behaviour",
    "callbacks",
    "people",
    "incidents",
    "days",
    "dumping",
)


@dataclass(frozen=True)
class Streams:
    """Independent generators for one replication, by input name."""

    arrivals: np.random.Generator
    issues: np.random.Generator
    customers: np.random.Generator
    agents: np.random.Generator
    handling: np.random.Generator
    surveys: np.random.Generator
    review: np.random.Generator
    behaviour: np.random.Generator
    callbacks: np.random.Generator
    people: np.random.Generator
    incidents: np.random.Generator
    days: np.random.SeedSequence
    """Root of the per-day streams of new issues (see :meth:`day`)."""
    dumping: np.random.Generator

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence) -> Streams:
        """Spawn one child per named input from ``seed``: a generator each, except ``days``."""
        children = dict(zip(STREAMS, seed.spawn(len(STREAMS)), strict=True))
        days = children.pop("days")
        gens = {name: np.random.default_rng(c) for name, c in children.items()}
        return cls(**gens, days=days)

    def day(self, day: int) -> np.random.Generator:
        """The generator of day ``day``'s new issues: their arrival times, customers, root
        causes and pre-drawn luck.

        Each day has its own child of ``days`` (by spawn key), so a day's issues are the same
        whatever happened on earlier days, whatever the scheme, and however long the run:
        the world can be drawn one day at a time, never holding the whole run's issues.
        """
        d = self.days
        return np.random.default_rng(
            np.random.SeedSequence(d.entropy, spawn_key=(*d.spawn_key, day), pool_size=d.pool_size)
        )


def replication_seed(
    seed: int | np.random.SeedSequence, replication: int
) -> np.random.SeedSequence:
    """Child ``replication`` of the root seed, computed directly from its spawn key.

    The same ``SeedSequence`` as ``SeedSequence(seed).spawn(replication + 1)[replication]``
    (and as :func:`replication_seeds`), without making the children before it, so any
    replication index is reached at once.
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, replication))


def replication_seeds(
    seed: int | np.random.SeedSequence, reps: int
) -> list[np.random.SeedSequence]:
    """One child ``SeedSequence`` per replication, from a root seed.

    Replication ``r`` gets the same child whatever ``reps`` is, so adding replications
    never changes earlier ones (see :func:`replication_seed` for one of them).
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return [replication_seed(root, r) for r in range(reps)]
