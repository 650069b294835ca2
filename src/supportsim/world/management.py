"""What management sees: each period's observation of every agent, and the scheme's verdict.

This is the only bridge between the world and an incentive scheme. It aggregates the
period's contacts per agent (volume, handle time, the ratings that came back, negative
answers), has the quality reviewer sample contacts when the scheme asks for it, and hands
the result to the scheme. The truth (true quality, effort) is stored beside the
observation for the reports, never shown to the scheme.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.schemes.base import Decision, Observation, Scheme, active_scheme
from supportsim.world.agents import Team
from supportsim.world.people import Departures, Standing, review_people
from supportsim.world.records import RESOLVED, ContactLog
from supportsim.world.repeats import RepeatBook
from supportsim.world.surveys import SCALES, survey_of

#: Checklist items a reviewer ticks (greeting, links, screenshots, "anything else?").
CHECKLIST_ITEMS = 4


@dataclass(frozen=True)
class PeriodRecord:
    """One review period: what management saw, what the scheme decided, and the truth."""

    period: int
    observation: Observation
    decision: Decision
    true_quality: np.ndarray
    effort: np.ndarray  # agents x EFFORTS
    skill: np.ndarray
    morale: np.ndarray
    departures: Departures
    line: np.ndarray  # product line each agent works
    defect_share: np.ndarray  # share of its handled contacts about an unfixed defect (truth)


def review_period(
    period: int,
    sc: Scenario,
    team: Team,
    scheme: Scheme,
    standing: Standing,
    log: ContactLog,
    start: int,
    stop: int,
    kind_of: Callable[[np.ndarray], np.ndarray],
    repeats: RepeatBook,
    streams: Streams,
) -> PeriodRecord:
    """Build the period's observation from log rows ``[start, stop)``, let ``scheme`` decide,
    update management's record and the people (morale, coaching, departures).

    ``kind_of`` gives the kind codes of issue ids; ``repeats`` is the repeat-tracking
    record (it takes the period's rows too)."""
    active = active_scheme(scheme, period)
    day = (period + 1) * sc.period_days
    obs = observe(
        period, sc, active, team, standing, log, start, stop, kind_of, repeats, streams.review
    )
    decision = _only_active(
        scheme.decide(obs, streams.review).checked(obs, scheme.name), obs.active
    )
    truth = team.true_quality(day)
    effort, skill = team.effort.copy(), team.skill.copy()
    assert decision.standing is not None and decision.stage_left is not None
    standing.standing[:] = np.where(obs.active, decision.standing, 0)
    standing.stage_left[:] = np.where(obs.active, decision.stage_left, 0)
    departures = review_people(team, obs, decision, survey_of(scheme, period), sc, streams.people)
    return PeriodRecord(
        period=period,
        observation=obs,
        decision=decision,
        true_quality=truth,
        effort=effort,
        skill=skill,
        morale=team.morale.copy(),
        departures=departures,
        line=np.asarray(sc.agent_lines()),
        defect_share=_defect_share(log, start, stop, sc.agents),
    )


def _defect_share(log: ContactLog, start: int, stop: int, a: int) -> np.ndarray:
    """Per agent: share of its contacts in rows ``[start, stop)`` about an unfixed defect."""
    agent = log.column("agent", start, stop)
    served = agent >= 0
    n = np.bincount(agent[served], minlength=a)
    hits = np.bincount(
        agent[served], weights=log.column("defect", start, stop)[served], minlength=a
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, hits / np.maximum(n, 1), np.nan)


def _only_active(d: Decision, active: np.ndarray) -> Decision:
    """Vacant slots are paid nothing, threatened, flagged, coached or dismissed by no one."""
    assert d.threatened is not None and d.flagged is not None and d.coaching is not None
    assert d.dismiss is not None
    return replace(
        d,
        pay=np.where(active, d.pay, 0.0),
        threatened=d.threatened & active,
        flagged=d.flagged & active,
        coaching=np.where(active, d.coaching, 0.0),
        dismiss=d.dismiss & active,
    )


def observe(
    period: int,
    sc: Scenario,
    scheme: Scheme,
    team: Team,
    standing: Standing,
    log: ContactLog,
    start: int,
    stop: int,
    kind_of: Callable[[np.ndarray], np.ndarray],
    repeats: RepeatBook,
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
    scale = SCALES.get(survey_of(scheme, period).scale)
    ratings_n = per_agent(responded.astype(float))
    r = np.where(responded, rating, 0.0)
    rating_sum, rating_sq = per_agent(r), per_agent(r * r)
    negative = responded & (rating <= scale.negative_max)
    handle = col("talk_min") + col("acw_min")
    with np.errstate(invalid="ignore", divide="ignore"):
        rating_mean = rating_sum / ratings_n
        rating_var = (rating_sq - ratings_n * rating_mean**2) / (ratings_n - 1)
        rating_var[ratings_n < 2] = np.nan

    review = _review(sc, scheme.review_sample, agent, col, rng)
    closures = repeats.review(period, log, start, stop)
    day = (period + 1) * sc.period_days
    return Observation(
        period=period,
        period_days=sc.period_days,
        staffed_hours=_staffed_hours(sc),
        scale=scale.name,
        contacts=per_agent(),
        talk_min=per_agent(col("talk_min")),
        acw_min=per_agent(col("acw_min")),
        ratings_n=ratings_n,
        rating_mean=rating_mean,
        negative_n=per_agent(negative.astype(float)),
        rating_var=rating_var,
        surveys_sent=per_agent(col("surveyed").astype(float)),
        expected_handle_min=_expected_handle(agent, kind_of(col("issue")), handle, a),
        closures_checked=closures[0],
        clean_closures=closures[1],
        active=team.active.copy(),
        tenure_days=day - team.hired_day,
        standing=standing.standing.copy(),
        stage_left=standing.stage_left.copy(),
        **review,
    )


def _expected_handle(agent: np.ndarray, kind: np.ndarray, handle: np.ndarray, a: int) -> np.ndarray:
    """Per agent: mean handle time its kinds of issue take across the team this period."""
    if agent.size == 0:
        return np.full(a, np.nan)
    per_kind = np.bincount(kind, weights=handle) / np.maximum(np.bincount(kind), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(agent, weights=per_kind[kind], minlength=a) / np.bincount(
            agent, minlength=a
        )


def _staffed_hours(sc: Scenario) -> float:
    open_days = sum(1 for d in range(sc.period_days) if d % 7 < sc.open_weekdays)
    return open_days * sc.demand.open_minutes_per_day / 60.0


def _review_quota(wanted: int, capacity: int, agents: int, rng: np.random.Generator) -> np.ndarray:
    """Reviews per agent: ``wanted`` each if the reviewer's hours allow; otherwise the
    reviews that fit are spread evenly, the remainder going to agents drawn at random
    (one reviewer cannot watch everyone, but does review someone)."""
    base = min(wanted, capacity // agents)
    quota = np.full(agents, base)
    if base < wanted:
        extra = capacity - base * agents
        quota[rng.permutation(agents)[:extra]] += 1
    return quota


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
    if wanted <= 0 or capacity <= 0 or agent.size == 0:
        return empty
    quota = _review_quota(wanted, capacity, a, rng)
    # A random key per contact; the quota smallest keys per agent are its sample.
    order = np.lexsort((rng.random(agent.size), agent))
    rank = np.arange(agent.size) - np.searchsorted(agent[order], agent[order], side="left")
    chosen = order[rank < quota[agent[order]]]
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
