"""The quality reviewer: samples contacts per agent, as the reviewer's hours allow, and
scores what a ticket shows (the checklist items performed, resolution, the notes)."""

from __future__ import annotations

import numpy as np

from supportsim.scenario import ReviewParams
from supportsim.world.observe import Served
from supportsim.world.records import RESOLVED

#: Checklist items a reviewer ticks (greeting, links, screenshots, "anything else?").
CHECKLIST_ITEMS = 4


def review_quota(wanted: int, capacity: int, agents: int, rng: np.random.Generator) -> np.ndarray:
    """Reviews per agent: ``wanted`` each if the reviewer's hours allow; otherwise the
    reviews that fit are spread evenly, the remainder going to agents drawn at random
    (one reviewer cannot watch everyone, but does review someone)."""
    base = min(wanted, capacity // agents)
    quota = np.full(agents, base)
    if base < wanted:
        extra = capacity - base * agents
        quota[rng.permutation(agents)[:extra]] += 1
    return quota


def review_sample(
    params: ReviewParams, weeks: float, wanted: int, served: Served, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Up to ``wanted`` sampled contacts per agent in a period of ``weeks`` weeks, scored
    with reading noise: per agent the number reviewed and the mean checklist, resolution
    and notes scores (NaN if none)."""
    a, agent = served.agents, served.agent
    empty = {
        "reviewed_n": np.zeros(a),
        "review_checklist": np.full(a, np.nan),
        "review_resolved": np.full(a, np.nan),
        "review_notes": np.full(a, np.nan),
    }
    capacity = int(params.reviewer_hours * weeks * 60.0 // params.review_min)
    if wanted <= 0 or capacity <= 0 or agent.size == 0:
        return empty
    quota = review_quota(wanted, capacity, a, rng)
    # A random key per contact; the quota smallest keys per agent are its sample.
    order = np.lexsort((rng.random(agent.size), agent))
    rank = np.arange(agent.size) - np.searchsorted(agent[order], agent[order], side="left")
    chosen = order[rank < quota[agent[order]]]
    who = agent[chosen]
    items = rng.binomial(CHECKLIST_ITEMS, served.col("checklist")[chosen]) / CHECKLIST_ITEMS
    noise = params.reviewer_noise_sd
    checklist = np.clip(items + noise * rng.standard_normal(chosen.size), 0, 1)
    resolved = (served.col("outcome")[chosen] == RESOLVED).astype(float)
    notes = served.col("note_quality")[chosen] + noise * rng.standard_normal(chosen.size)
    n = np.bincount(who, minlength=a).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "reviewed_n": n,
            "review_checklist": np.bincount(who, checklist, minlength=a) / n,
            "review_resolved": np.bincount(who, resolved, minlength=a) / n,
            "review_notes": np.bincount(who, np.clip(notes, 0, 1), minlength=a) / n,
        }
