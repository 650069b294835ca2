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

An agent who dumps a contact (call dumping, the share ``dumping`` of its contacts, decided
by a pre-drawn uniform) skips all of that: a few seconds of talk, no notes, no checklist, an
outcome of ``dumped`` (never resolved), a customer less satisfied than by an unresolved
contact by ``sat_dump_penalty``, who comes back within minutes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from supportsim.rng import Streams
from supportsim.scenario import CustomerParams, HandlingParams, PeopleParams, SurveyParams
from supportsim.schemes.surveys import SCALES, Survey
from supportsim.world.agents import Team
from supportsim.world.calendar import Calendar
from supportsim.world.demand import PREDRAWN
from supportsim.world.issues import IssueStore
from supportsim.world.records import DEFECT_ACK, DUMPED, RESOLVED, UNRESOLVED, ContactLog

Handler = Callable[[int, int, int, float, float], float]


@dataclass(frozen=True)
class ContactRules:
    """The parameters a contact's causal story reads: how effort works, how satisfied the
    customer is and whether they answer, whether they come back, and what a live bad rating
    costs the agent."""

    handling: HandlingParams
    surveys: SurveyParams
    customers: CustomerParams
    people: PeopleParams


class SurveyState:
    """The survey in force, as the handler reads it (a scheme schedule may change it)."""

    __slots__ = (
        "answer",
        "live",
        "lowest",
        "negative_max",
        "people_dynamics",
        "product_cut",
        "response",
        "surveys",
    )

    def __init__(self, survey: Survey, surveys: SurveyParams, people_dynamics: bool) -> None:
        self.surveys, self.people_dynamics = surveys, people_dynamics
        self.set(survey)

    def set(self, survey: Survey) -> None:
        """Switch to ``survey``."""
        scale = SCALES.get(survey.scale)
        p = self.surveys
        self.answer = scale.answer
        self.lowest = float(scale.low)
        self.negative_max = scale.negative_max
        self.response = p.survey_response * survey.response_factor
        # On a split survey the support question sheds (1 - halo) of the product's part of a
        # defect contact's dissatisfaction.
        product = p.sat_defect - p.sat_defect_support
        self.product_cut = (1.0 - survey.halo) * product if survey.split else 0.0
        self.live = survey.display == "live" and self.people_dynamics


def make_handler(
    rules: ContactRules,
    team: Team,
    issues: IssueStore,
    log: ContactLog,
    survey: SurveyState,
    streams: Streams,
    calendar: Calendar,
    come_back: Callable[[int, float], None],
) -> Handler:
    """Build ``handle(agent, issue, attempt, arrived, now) -> busy minutes``.

    ``team``'s per-agent lists are changed in place by :meth:`Team.refresh`, so a refresh
    between periods takes effect without rebuilding the handler. ``issue`` is the run-wide issue
    id; the store's lists are read at its slot (see :mod:`supportsim.world.issues`).
    Answering the arrival takes it out of ``issues.refs`` (a callback, via ``come_back``,
    puts one back).
    """
    work, log_work, fix_at = issues.work, issues.log_work, issues.fix_at
    leniency, always_neg, propensity = issues.leniency, issues.always_negative, issues.propensity
    resolve_u, callback_u, callback_z = issues.resolve_u, issues.callback_u, issues.callback_z
    sat_z, respond_u, steer_u = issues.sat_z, issues.respond_u, issues.steer_u
    dump_u, exp, M = issues.dump_u, math.exp, PREDRAWN
    handled, last_note, refs, moved = issues.handled, issues.last_note, issues.refs, issues.moved

    talk_mult, res_logit, check_talk, note_q = team.talk_mult, team.res_logit, team.check_talk, team.note_q  # fmt: skip
    acw_of, sat_agent, steering, checklist = team.acw, team.sat_agent, team.steering, team.checklist
    dumping, hit_morale = team.dumping, team.hit_morale

    h, sv, cu = rules.handling, rules.surveys, rules.customers
    rediscovery = h.rediscovery
    diff_eff, notes_eff = h.difficulty_effect, h.notes_resolve_effect
    sat_res, sat_def, sat_unres = sv.sat_resolved, sv.sat_defect, sv.sat_unresolved
    wait_coef, repeat_coef, noise_sd = sv.sat_wait_per_min, sv.sat_per_repeat, sv.sat_noise_sd
    u_shape, live_hit = sv.response_u_shape, rules.people.morale_live_hit
    def_return, unres_return = cu.defect_return_prob, cu.callback_prob
    cb_median, cb_sd = 60.0 * cu.callback_median_hours, cu.callback_log_sd
    defer, nan = calendar.defer, math.nan
    may_dump = team.may_dump  # call dumping allowed at all (see _dumper)
    dump = _dumper(rules, team, issues, log, survey, calendar, come_back)
    record = log.flat.extend

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
            u_res, u_cb, z_cb, z_sat, u_resp, u_steer = _late_luck(streams)
        if may_dump:  # dumping has its own uniform, read only here: nothing else changes
            u_dump = dump_u[k] if j < M else streams.dumping.random()
            share = dumping[agent]
            if u_dump < share:
                luck = (u_cb, z_cb, z_sat, u_resp, u_steer)
                return dump(agent, issue, attempt, arrived, now, i, j, u_dump / share, luck)

        if j:
            prev_q = last_note[i]
            talk = work[i] * talk_mult[agent] * (1.0 + rediscovery * (1.0 - prev_q))
            logit = res_logit[agent] - diff_eff * log_work[i] + notes_eff * prev_q
        else:
            talk = work[i] * talk_mult[agent]
            logit = res_logit[agent] - diff_eff * log_work[i]
        talk += check_talk[agent]

        defect = now < fix_at[i]
        if defect:
            outcome, sat_outcome, p_return = DEFECT_ACK, sat_def, def_return
        elif u_res * (1.0 + exp(-logit)) < 1.0:  # u < sigmoid(logit), without a division
            outcome, sat_outcome, p_return = RESOLVED, sat_res, 0.0
        else:
            outcome, sat_outcome, p_return = UNRESOLVED, sat_unres, unres_return
        note = note_q[agent]
        last_note[i] = note
        acw = acw_of[agent]

        sat = sat_outcome + sat_agent[agent] + leniency[i] + noise_sd * z_sat
        sat -= wait_coef * (now - arrived) + repeat_coef * j
        surveyed = outcome == RESOLVED or u_steer >= steering[agent]
        rating = nan
        if surveyed and u_resp < survey.response * propensity[i] * (1.0 + u_shape * sat * sat):
            cut = survey.product_cut if defect else 0.0
            rating = survey.lowest if always_neg[i] else survey.answer(sat - cut)
            if survey.live and rating <= survey.negative_max:
                hit_morale(agent, live_hit, now / 1440.0)

        record((issue, attempt, j, agent, arrived, now, talk, acw, outcome, note, defect, checklist[agent], sat, rating, surveyed))  # fmt: skip

        if outcome != RESOLVED and u_cb < p_return:
            come_back(issue, defer(now + talk + cb_median * exp(cb_sd * z_cb)))
        return talk + acw

    return handle


def _late_luck(streams: Streams) -> tuple[float, float, float, float, float, float]:
    """The luck of a contact beyond the pre-drawn ones, drawn as it happens: the resolution
    uniform, the callback uniform and normal, the satisfaction normal, the response and
    steering uniforms. (Such a contact's dumping uniform comes from a stream of its own,
    ``streams.dumping``, so dumping changes no draw here.)"""
    g_cb, g_sv = streams.callbacks, streams.surveys
    u_res = streams.handling.random()
    u_cb, z_cb = g_cb.random(), g_cb.standard_normal()
    return u_res, u_cb, z_cb, g_sv.standard_normal(), g_sv.random(), g_sv.random()


def _dumper(
    rules: ContactRules,
    team: Team,
    issues: IssueStore,
    log: ContactLog,
    survey: SurveyState,
    calendar: Calendar,
    come_back: Callable[[int, float], None],
) -> Callable[..., float]:
    """Build ``dump(agent, issue, attempt, arrived, now, slot, seq, u_talk, luck)``: a
    dumped contact, ended at once (``u_talk`` uniform on [0, 1) sets its length), nothing
    worked or noted; the customer comes back soon, angrier. Returns the busy minutes."""
    exp, nan = math.exp, math.nan
    h, sv, cu = rules.handling, rules.surveys, rules.customers
    last_note, fix_at = issues.last_note, issues.fix_at
    leniency, always_neg, propensity = issues.leniency, issues.always_negative, issues.propensity
    wait_coef, repeat_coef, noise_sd = sv.sat_wait_per_min, sv.sat_per_repeat, sv.sat_noise_sd
    u_shape, live_hit = sv.response_u_shape, rules.people.morale_live_hit
    dump_talk = h.dump_talk_sec / 60.0
    sat_dumped = sv.sat_unresolved - sv.sat_dump_penalty
    dump_return, dump_cb_median = cu.dump_return_prob, cu.dump_callback_median_min
    cb_sd, defer, record = cu.callback_log_sd, calendar.defer, log.flat.extend

    def dump(
        agent: int,
        issue: int,
        attempt: int,
        arrived: float,
        now: float,
        i: int,
        j: int,
        u_talk: float,
        luck: tuple[float, float, float, float, float],
    ) -> float:
        u_cb, z_cb, z_sat, u_resp, u_steer = luck
        talk = dump_talk * (0.5 + u_talk)
        last_note[i] = 0.0
        wait = now - arrived
        sat = sat_dumped - wait_coef * wait - repeat_coef * j + leniency[i] + noise_sd * z_sat
        surveyed = u_steer >= team.steering[agent]
        rating = nan
        if surveyed and u_resp < survey.response * propensity[i] * (1.0 + u_shape * sat * sat):
            rating = survey.lowest if always_neg[i] else survey.answer(sat)
            if survey.live and rating <= survey.negative_max:
                team.hit_morale(agent, live_hit, now / 1440.0)
        defect = now < fix_at[i]
        record((issue, attempt, j, agent, arrived, now, talk, 0.0, DUMPED, 0.0, defect, 0.0, sat, rating, surveyed))  # fmt: skip
        if u_cb < dump_return:
            come_back(issue, defer(now + talk + dump_cb_median * exp(cb_sd * z_cb)))
        return talk

    return dump
