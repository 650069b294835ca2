"""What management sees: each period's observation of every agent, and the scheme's verdict.

This is the only bridge between the world and an incentive scheme. It aggregates the
period's contacts per agent (volume, handle time, the ratings that came back, negative
answers), has the quality reviewer sample contacts when the scheme asks for it, and hands
the result to the scheme. The truth (true quality, effort) is stored beside the
observation for the reports, never shown to the scheme.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.schemes.base import Decision, Observation, Scheme
from supportsim.world.agents import Team
from supportsim.world.records import RESOLVED, ContactLog
from supportsim.world.surveys import SCALES

#: Checklist items a reviewer ticks (greeting, links, screenshots, "anything else?").
CHECKLIST_ITEMS = 4


@dataclass(frozen=True)
class PeriodRecord:
    """One review period: what management saw, what the scheme decided, and the truth."""

    period: int
    observation: Observation
    decision: Decision
    true_quality: np.ndarray
    effort: np.ndarray  # agents x (thoroughness, notes, checklist)
    skill: np.ndarray


def review_period(
    period: int,
    sc: Scenario,
    team: Team,
    scheme: Scheme,
    log: ContactLog,
    start: int,
    stop: int,
    streams: Streams,
) -> PeriodRecord:
    """Build the period's observation from log rows ``[start, stop)`` and let ``scheme`` decide."""
    obs = observe(period, sc, scheme, log, start, stop, streams.review)
    decision = scheme.decide(obs, streams.review)
    day = (period + 1) * sc.period_days
    return PeriodRecord(
        period=period,
        observation=obs,
        decision=decision.checked(obs.n_agents, scheme.name),
        true_quality=team.true_quality(day),
        effort=team.effort.copy(),
        skill=team.skill.copy(),
    )


def observe(
    period: int,
    sc: Scenario,
    scheme: Scheme,
    log: ContactLog,
    start: int,
    stop: int,
    rng: np.random.Generator,
) -> Observation:
    """Aggregate per agent what management can see of log rows ``[start, stop)``."""
    a = sc.agents
    agent = log.column("agent", start, stop)
    served = agent >= 0
    agent = agent[served]

    def col(name: str) -> np.ndarray:
        return log.column(name, start, stop)[served]

    def per_agent(weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(agent, weights=weights, minlength=a).astype(float)

    rating = col("rating")
    responded = ~np.isnan(rating)
    scale = SCALES.get(scheme.survey)
    ratings_n = per_agent(responded.astype(float))
    rating_sum = per_agent(np.where(responded, rating, 0.0))
    negative = responded & (rating <= scale.negative_max)
    with np.errstate(invalid="ignore", divide="ignore"):
        rating_mean = rating_sum / ratings_n

    review = _review(sc, scheme.review_sample, agent, col, rng)
    return Observation(
        period=period,
        period_days=sc.period_days,
        staffed_hours=_staffed_hours(sc),
        scale=scheme.survey,
        contacts=per_agent(),
        talk_min=per_agent(col("talk_min")),
        acw_min=per_agent(col("acw_min")),
        ratings_n=ratings_n,
        rating_mean=rating_mean,
        negative_n=per_agent(negative.astype(float)),
        **review,
    )


def _staffed_hours(sc: Scenario) -> float:
    open_days = sum(1 for d in range(sc.period_days) if d % 7 < sc.open_weekdays)
    return open_days * sc.open_minutes_per_day / 60.0


def _review(
    sc: Scenario,
    wanted: int,
    agent: np.ndarray,
    col: Callable[[str], np.ndarray],
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """The quality reviewer samples up to ``wanted`` contacts per agent, as hours allow.

    The reviewer scores what a ticket shows: the checklist items performed, whether the
    problem was resolved, and the notes; each with reading noise.
    """
    a = sc.agents
    empty = {
        "reviewed_n": np.zeros(a),
        "review_checklist": np.full(a, np.nan),
        "review_resolved": np.full(a, np.nan),
        "review_notes": np.full(a, np.nan),
    }
    capacity = int(sc.reviewer_hours * 60.0 // sc.review_min)
    k = min(wanted, capacity // a) if a else 0
    if k <= 0 or agent.size == 0:
        return empty
    # A random key per contact; the k smallest keys per agent are its sample.
    order = np.lexsort((rng.random(agent.size), agent))
    rank = np.arange(agent.size) - np.searchsorted(agent[order], agent[order], side="left")
    chosen = order[rank < k]
    who = agent[chosen]
    items = rng.binomial(CHECKLIST_ITEMS, col("checklist")[chosen]) / CHECKLIST_ITEMS
    noise = sc.reviewer_noise_sd
    checklist = np.clip(items + noise * rng.standard_normal(chosen.size), 0, 1)
    resolved = (col("outcome")[chosen] == RESOLVED).astype(float)
    notes = np.clip(col("note_quality")[chosen] + noise * rng.standard_normal(chosen.size), 0, 1)
    n = np.bincount(who, minlength=a).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "reviewed_n": n,
            "review_checklist": np.bincount(who, checklist, minlength=a) / n,
            "review_resolved": np.bincount(who, resolved, minlength=a) / n,
            "review_notes": np.bincount(who, notes, minlength=a) / n,
        }
