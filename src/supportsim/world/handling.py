"""Where a contact gets handled: talk time, outcome, notes, satisfaction, survey, callback.

:func:`make_handler` returns the per-contact function the queue calls when an agent picks
up a contact. It is the hot path of the whole package, so it is a closure over plain lists
and floats (no attribute lookups, no numpy scalars) and it allocates nothing but the
record it appends.

The causal story, in order:

* **talk** = the issue's work x the agent's speed x rushing (low thoroughness shortens the
  call) x rediscovery on a repeat contact when the last agent left poor notes, plus the
  time the visible checklist takes;
* **outcome**: an unfixed product defect can only be acknowledged; otherwise resolved with
  a chance set by skill, thoroughness, the issue's difficulty and, on a repeat contact,
  the notes left by the previous agent;
* **notes**: after-contact minutes proportional to notes effort; their quality helps the
  *next* contact on the issue (an externality);
* **satisfaction**: outcome, courtesy, the checklist, waiting, repeats, the customer's
  leniency and noise; the survey answer and whether it comes back follow from it (an agent
  who games the survey keeps some unhappy customers from getting one; a split survey's
  support question keeps only a halo of the product experience; a bad rating seen live
  costs the agent morale);
* **callback**: an unresolved issue, or an unfixed defect, comes back hours to days later.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.world.agents import Team
from supportsim.world.calendar import Calendar
from supportsim.world.demand import PREDRAWN
from supportsim.world.issues import IssueStore
from supportsim.world.records import DEFECT_ACK, RESOLVED, UNRESOLVED, ContactLog
from supportsim.world.surveys import SCALES, Survey

Handler = Callable[[int, int, int, float, float], float]


class SurveyState:
    """The survey in force, as the handler reads it (a scheme schedule may change it)."""

    __slots__ = ("answer", "live", "lowest", "negative_max", "product_cut", "response")

    def __init__(self, survey: Survey, sc: Scenario) -> None:
        self.set(survey, sc)

    def set(self, survey: Survey, sc: Scenario) -> None:
        """Switch to ``survey``."""
        scale = SCALES.get(survey.scale)
        self.answer = scale.answer
        self.lowest = float(scale.low)
        self.negative_max = scale.negative_max
        self.response = sc.survey_response * survey.response_factor
        # On a split survey the support question sheds (1 - halo) of the product's part of a
        # defect contact's dissatisfaction.
        product = sc.sat_defect - sc.sat_defect_support
        self.product_cut = (1.0 - survey.halo) * product if survey.split else 0.0
        self.live = survey.display == "live" and sc.people_dynamics


def make_handler(
    sc: Scenario,
    team: Team,
    issues: IssueStore,
    log: ContactLog,
    survey: SurveyState,
    streams: Streams,
    calendar: Calendar,
    come_back: Callable[[int, float], None],
) -> Handler:
    """Build ``handle(agent, issue, attempt, arrived, now) -> busy minutes``.

    ``team``'s per-agent lists are read at call time, so a :meth:`Team.refresh` between
    periods takes effect without rebuilding the handler. ``issue`` is the run-wide issue
    id; the store's lists are read at its slot (see :mod:`supportsim.world.issues`).
    Answering the arrival takes it out of ``issues.refs`` (a callback, via ``come_back``,
    puts one back).
    """
    exp = math.exp
    M = PREDRAWN
    work, log_work, fix_at = issues.work, issues.log_work, issues.fix_at
    leniency, always_neg, propensity = issues.leniency, issues.always_negative, issues.propensity
    resolve_u, callback_u, callback_z = issues.resolve_u, issues.callback_u, issues.callback_z
    sat_z, respond_u, steer_u = issues.sat_z, issues.respond_u, issues.steer_u
    handled, last_note, refs, moved = issues.handled, issues.last_note, issues.refs, issues.moved
    g_handling, g_callbacks, g_surveys = streams.handling, streams.callbacks, streams.surveys

    rediscovery = sc.rediscovery
    diff_eff, notes_eff = sc.difficulty_effect, sc.notes_resolve_effect
    sat_by_outcome = {
        RESOLVED: sc.sat_resolved,
        DEFECT_ACK: sc.sat_defect,
        UNRESOLVED: sc.sat_unresolved,
    }
    wait_coef, repeat_coef, noise_sd = sc.sat_wait_per_min, sc.sat_per_repeat, sc.sat_noise_sd
    u_shape, live_hit = sc.response_u_shape, sc.morale_live_hit
    p_return = {DEFECT_ACK: sc.defect_return_prob, UNRESOLVED: sc.callback_prob}
    cb_median, cb_sd = 60.0 * sc.callback_median_hours, sc.callback_log_sd
    defer = calendar.defer
    nan = math.nan

    rec_issue, rec_attempt, rec_seq = log.issue.append, log.attempt.append, log.seq.append
    rec_agent, rec_arrive, rec_start = log.agent.append, log.arrive_min.append, log.start_min.append
    rec_talk, rec_acw, rec_outcome = log.talk_min.append, log.acw_min.append, log.outcome.append
    rec_note, rec_defect, rec_check = (
        log.note_quality.append,
        log.defect.append,
        log.checklist.append,
    )
    rec_sat, rec_rating = log.satisfaction.append, log.rating.append
    rec_surveyed = log.surveyed.append

    def handle(agent: int, issue: int, attempt: int, arrived: float, now: float) -> float:
        i = issue + issues.shift if issue >= issues.base else moved[issue]  # its slot
        refs[i] -= 1
        j = handled[i]
        handled[i] = j + 1
        k = i * M + j
        if j < M:
            u_res, u_cb, z_cb = resolve_u[k], callback_u[k], callback_z[k]
            z_sat, u_resp, u_steer = sat_z[k], respond_u[k], steer_u[k]
        else:  # a long-running issue: draw as we go
            u_res, u_cb, z_cb = (
                g_handling.random(),
                g_callbacks.random(),
                g_callbacks.standard_normal(),
            )
            z_sat, u_resp, u_steer = (
                g_surveys.standard_normal(),
                g_surveys.random(),
                g_surveys.random(),
            )

        talk_mult = team.talk_mult[agent]
        if j:
            prev_q = last_note[i]
            talk = work[i] * talk_mult * (1.0 + rediscovery * (1.0 - prev_q))
            logit = team.res_logit[agent] - diff_eff * log_work[i] + notes_eff * prev_q
        else:
            talk = work[i] * talk_mult
            logit = team.res_logit[agent] - diff_eff * log_work[i]
        talk += team.check_talk[agent]

        defect = now < fix_at[i]
        if defect:
            outcome = DEFECT_ACK
        elif u_res * (1.0 + exp(-logit)) < 1.0:  # u < sigmoid(logit), without a division
            outcome = RESOLVED
        else:
            outcome = UNRESOLVED
        note = team.note_q[agent]
        last_note[i] = note
        acw = team.acw[agent]

        wait = now - arrived
        sat = (
            sat_by_outcome[outcome]
            + team.sat_agent[agent]
            - wait_coef * wait
            - repeat_coef * j
            + leniency[i]
            + noise_sd * z_sat
        )
        surveyed = outcome == RESOLVED or u_steer >= team.steering[agent]
        rating = nan
        if surveyed and u_resp < survey.response * propensity[i] * (1.0 + u_shape * sat * sat):
            if always_neg[i]:
                rating = survey.lowest
            else:
                rating = survey.answer(sat - survey.product_cut if defect else sat)
            if survey.live and rating <= survey.negative_max:
                team.hit_morale(agent, live_hit)

        rec_issue(issue)
        rec_attempt(attempt)
        rec_seq(j)
        rec_agent(agent)
        rec_arrive(arrived)
        rec_start(now)
        rec_talk(talk)
        rec_acw(acw)
        rec_outcome(outcome)
        rec_note(note)
        rec_defect(defect)
        rec_check(team.checklist[agent])
        rec_sat(sat)
        rec_rating(rating)
        rec_surveyed(surveyed)

        if outcome != RESOLVED and u_cb < p_return[outcome]:
            come_back(issue, defer(now + talk + cb_median * exp(cb_sd * z_cb)))
        return talk + acw

    return handle
