"""The period clock: the review at the end of every period.

Once per review period, in this order: management **observes** the period's contacts (what
it may see, see :mod:`supportsim.world.observe`), the scheme **decides** pay and actions,
**people** respond (morale, coaching, quits and dismissals), agents **learn** (their
learning rule, :mod:`supportsim.behaviour`; told first, at the first review after a
schedule's announced switch), the team's per-contact constants are
**refreshed**, leavers' slots are vacated and refilled after the hiring delay, and the
**next survey** is set (a scheme schedule may change it). Slow: runs once a period, not per
contact.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from typing import Any, cast

import numpy as np
import simpy
from simpy.events import Event, Timeout

from supportsim.behaviour import LearningRule, Outcome, announce
from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.schemes.base import (
    Decision,
    Observation,
    Scheme,
    active_scheme,
    announced,
    repeat_window_days,
)
from supportsim.schemes.surveys import SCALES, survey_of
from supportsim.world.agents import Team
from supportsim.world.calendar import DAY
from supportsim.world.foresight import Foresight
from supportsim.world.handling import SurveyState
from supportsim.world.issues import IssueStore
from supportsim.world.observe import (
    Served,
    defect_exposure,
    expected_handle,
    ratings_seen,
    short_contacts,
    staffed_hours,
)
from supportsim.world.people import Departures, Standing, review_people
from supportsim.world.records import ContactLog
from supportsim.world.repeats import RepeatBook
from supportsim.world.reviewer import review_sample
from supportsim.world.roster import Roster
from supportsim.world.routing import Floor

#: Receives each period's contact rows when the log is not kept (see ``simulate``).
RowSink = Callable[[dict[str, np.ndarray]], None]


@dataclass(frozen=True)
class PeriodRecord:
    """One review period: what management saw, what the scheme decided, and the truth."""

    period: int
    observation: Observation
    decision: Decision
    true_quality: np.ndarray
    true_service: np.ndarray  # expected contribution to satisfaction on a standard contact
    effort: np.ndarray  # agents x EFFORTS
    skill: np.ndarray
    morale: np.ndarray
    departures: Departures
    line: np.ndarray  # product line each agent works
    defect_share: np.ndarray  # share of its handled contacts about an unfixed defect (truth)
    short_share: np.ndarray  # share of its handled contacts with talk under short_contact_sec


@dataclass
class Center:
    """What the review cycle works on: the team, its record, the issues and the contacts."""

    team: Team
    standing: Standing
    issues: IssueStore
    log: ContactLog
    survey: SurveyState
    floor: Floor
    rule: LearningRule
    streams: Streams


class ReviewCycle:
    """The weekly (or any period's) review, as a simpy process (see the module docstring).

    Without a kept log (``rows`` given) each review hands the period's log rows to
    ``rows`` and forgets them.
    """

    def __init__(
        self,
        env: simpy.Environment,
        sc: Scenario,
        scheme: Scheme,
        world: Center,
        roster: Roster,
        rows: RowSink | None,
    ) -> None:
        self.env, self.sc, self.scheme, self.world, self.rows = env, sc, scheme, world, rows
        self.roster = roster
        self.n_periods = math.ceil(sc.run.days / sc.run.period_days)
        # The last period may be partial (days not a multiple of period_days): still reviewed.
        windows = [repeat_window_days(active_scheme(scheme, p)) for p in range(self.n_periods)]
        self.repeats = RepeatBook(windows, sc.run.period_days, sc.team.agents, world.issues.in_play)
        self.lines = np.asarray(sc.agent_lines())
        self.periods: list[PeriodRecord] = []
        self.period_rows = [0]  # log position at each period boundary (kept log only)
        self.issues_held: list[int] = []  # issues in memory at each review
        self.repeats_held: list[int] = []  # contacts kept for repeat tracking
        self.foresight: Foresight | None = None  # what the period just reviewed would have paid

    def process(self) -> Generator[Event, Any, None]:
        """One review at the end of each period."""
        sc, w = self.sc, self.world
        for p in range(self.n_periods):
            # A review due exactly at the horizon is never reached by env.run(until=...);
            # ``finish`` holds it after the run instead.
            yield self.env.timeout(sc.run.period_days * DAY)
            record = self.close_period()
            assert self.foresight is not None
            outcome = Outcome(
                pay=np.asarray(record.decision.pay, dtype=float),
                threatened=np.asarray(record.decision.threatened, dtype=bool),
                active=record.observation.active,
                expected_pay=self.foresight.expected_pay,
            )
            if announced(self.scheme, p):  # the first review under announced new rules
                announce(w.rule, w.team.effort)
            w.team.effort = w.rule.update(w.team.effort, outcome, w.streams.behaviour)
            self.foresight = None  # it holds the period's rows: memory flat in volume
            w.team.refresh(day=(p + 1) * sc.run.period_days)
            gone = record.departures.quit | record.departures.dismissed
            self._depart(np.flatnonzero(gone))
            w.survey.set(survey_of(self.scheme, p + 1))

    def finish(self) -> None:
        """After the run: hold a review due at the horizon, hand on the last rows."""
        if len(self.periods) < self.n_periods:
            self.close_period()

    def hand_on(self, stop: int) -> None:
        """Without a kept log: pass rows ``[0, stop)`` on and forget them."""
        self._pass_on(self.world.log.take(stop))

    def _pass_on(self, taken: dict[str, np.ndarray]) -> None:
        assert self.rows is not None
        taken["created_min"] = self.world.issues.created_of(taken["issue"])
        self.rows(taken)

    def close_period(self) -> PeriodRecord:
        """Review the period just ended and remember it."""
        w, log = self.world, self.world.log
        if self.rows is None:
            stop = len(log)
            rows = log.columns(self.period_rows[-1], stop)
            self.period_rows.append(stop)
        else:  # the review reads the rows it then hands on (one copy of them, not two)
            rows = log.take(len(log))
        record = self._review(len(self.periods), rows)
        self.periods.append(record)
        if self.rows is not None:
            self._pass_on(rows)
        w.issues.end_period()
        self.issues_held.append(len(w.issues))
        self.repeats_held.append(len(self.repeats))
        return record

    def _review(self, period: int, rows: dict[str, np.ndarray]) -> PeriodRecord:
        """Observe the period's log ``rows``, let the scheme decide, update management's
        record and the people (morale, coaching, departures)."""
        sc, w, team = self.sc, self.world, self.world.team
        served = Served(rows, sc.team.agents)
        obs = self._observe(period, active_scheme(self.scheme, period), served)
        decision = self.scheme.decide(obs, w.streams.review).checked(obs, self.scheme.name)
        decision = _only_active(decision, obs.active)
        survey = survey_of(self.scheme, period)
        # what other profiles would have paid, for agents who know the formula (lazy)
        self.foresight = Foresight(
            sc.handling, sc.surveys, sc.customers, self.scheme, obs, served,
            team.effort.copy(), np.asarray(team.sat_agent), survey,
        )  # fmt: skip
        day = (period + 1) * sc.run.period_days
        truth, service = team.true_quality(day), team.true_service(day)
        effort, skill = team.effort.copy(), team.skill.copy()
        assert decision.standing is not None and decision.stage_left is not None
        w.standing.standing[:] = np.where(obs.active, decision.standing, 0)
        w.standing.stage_left[:] = np.where(obs.active, decision.stage_left, 0)
        departures = review_people(
            team, obs, decision, survey, sc.people, sc.run.period_days, w.streams.people
        )
        return PeriodRecord(
            period=period,
            observation=obs,
            decision=decision,
            true_quality=truth,
            true_service=service,
            effort=effort,
            skill=skill,
            morale=team.morale.copy(),
            departures=departures,
            line=self.lines,
            defect_share=defect_exposure(served),
            short_share=short_contacts(served, sc.run.short_contact_sec),
        )

    def _observe(self, period: int, scheme: Scheme, served: Served) -> Observation:
        """What management can see of each agent this period (``scheme``: the one in force)."""
        sc, w = self.sc, self.world
        scale = SCALES.get(survey_of(scheme, period).scale)
        weeks = sc.run.period_days / 7.0
        review = review_sample(sc.review, weeks, scheme.review_sample, served, w.streams.review)
        closures = self.repeats.review(period, served.rows)
        day = (period + 1) * sc.run.period_days
        return Observation(
            period=period,
            period_days=sc.run.period_days,
            staffed_hours=self._hours_on_duty(),
            scale=scale.name,
            contacts=served.per_agent(),
            talk_min=served.per_agent(served.col("talk_min")),
            acw_min=served.per_agent(served.col("acw_min")),
            surveys_sent=served.per_agent(served.col("surveyed").astype(float)),
            expected_handle_min=expected_handle(served, w.issues.kind_of(served.col("issue"))),
            closures_checked=closures[0],
            clean_closures=closures[1],
            active=w.team.active.copy(),
            tenure_days=day - w.team.hired_day,
            standing=w.standing.standing.copy(),
            stage_left=w.standing.stage_left.copy(),
            **ratings_seen(served, scale),
            **review,
        )

    def _hours_on_duty(self) -> np.ndarray:
        """Hours each slot was on duty and filled this period (the ``all_hours`` roster: the
        open hours, in proportion to the time the slot was filled)."""
        sc = self.sc
        minutes = self.world.floor.duty_minutes()
        if not self.roster.always:
            return minutes / 60.0
        period_min = sc.run.period_days * DAY
        return staffed_hours(sc.demand, sc.run.period_days) * np.minimum(minutes / period_min, 1.0)

    def _depart(self, idx: np.ndarray) -> None:
        """Agents leave now; their slots are refilled after the hiring delay."""
        if idx.size == 0:
            return
        w = self.world
        w.team.vacate(idx)
        for a in idx.tolist():
            w.floor.vacate(a)
        delay = self.sc.people.hiring_delay_days * DAY
        Timeout(self.env, delay, idx).callbacks.append(self._on_hire)

    def _on_hire(self, ev: Event) -> None:
        idx = cast(np.ndarray, ev.value)
        w = self.world
        w.team.hire(idx, self.env.now / DAY, w.streams.people)
        w.rule.hired(idx, w.team.effort)
        w.standing.reset(idx)
        for a in idx.tolist():
            w.floor.fill(a)


def _only_active(d: Decision, active: np.ndarray) -> Decision:
    """Vacant slots are paid nothing, threatened, flagged, coached or dismissed by no one."""
    assert d.threatened is not None and d.flagged is not None and d.coaching is not None
    assert d.dismiss is not None and d.warned is not None
    return replace(
        d,
        pay=np.where(active, d.pay, 0.0),
        threatened=d.threatened & active,
        flagged=d.flagged & active,
        warned=d.warned & active,
        coaching=np.where(active, d.coaching, 0.0),
        dismiss=d.dismiss & active,
    )
