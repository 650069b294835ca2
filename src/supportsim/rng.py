"""The seed tree: one ``SeedSequence`` per run, one child per replication, one stream per input.

Every random input of the world has its own named stream, so two runs that share a
replication seed see the same customers, issues, product failures and agents whatever the
incentive scheme does (common random numbers). Nothing uses global random state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The random inputs of one replication, each with its own stream. Order is part of the
#: reproducibility contract: append new names at the end, never reorder.
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

    @classmethod
    def from_seed(cls, seed: np.random.SeedSequence) -> Streams:
        """Spawn one child generator per named input from ``seed``."""
        children = seed.spawn(len(STREAMS))
        return cls(*(np.random.default_rng(c) for c in children))


def replication_seeds(
    seed: int | np.random.SeedSequence, reps: int
) -> list[np.random.SeedSequence]:
    """One child ``SeedSequence`` per replication, from a root seed.

    Replication ``r`` gets the same child whatever ``reps`` is, so adding replications
    never changes earlier ones.
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return [
        np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, r)) for r in range(reps)
    ]
