"""Foresight: the pay an agent who knows the scheme's formula expects for an effort profile.

A best-responding agent (:mod:`supportsim.behaviour.best_response`) asks, after a review:
*had I worked profile e last period, what would management have seen of me, and what
would the scheme have paid me?* :class:`Foresight` answers from the period just observed
and the model's own physics. It builds agent ``i``'s predicted
:class:`~supportsim.schemes.base.Observation` row for a candidate profile and evaluates
``scheme.decide`` on the observation with that row replaced, everyone else as observed.

What it reads: management's observation of the period; of agent ``i`` itself, its own
profile ``e0`` that period, its own contacts (their outcomes, waits and repeat numbers, as
the agent saw them) and its own courtesy (its satisfaction offset); the scenario's
physics; the scheme's formula. Never the truth about anyone else.

The prediction scales what was observed by what the physics say changes. Write ``t, n, k,
g, d`` for thoroughness, notes, checklist, steering and dumping of the candidate (``t0,
n0, k0`` the profile worked), ``f = rush_floor``:

* **handle time.** Talk per worked contact ``T(e) = b rush(t) + checklist_min k`` with
  ``rush(t) = (f + (1 - f) t) / (f + (1 - f) reference_thoroughness)`` and ``b`` solved
  from the observed talk per worked (not dumped) contact at ``e0``; after-contact work
  ``notes_min n``; a dumped contact takes ``dump_talk_sec`` on average and no
  after-contact work, so handle ``H(e) = (1 - d)(T(e) + notes_min n) + d dump_talk_sec/60``.
* **contacts** scale inversely with handle time at the agent's observed busy minutes
  ``B = talk_min + acw_min``: ``C(e) = B / H(e)``; ``talk_min`` and ``acw_min`` follow.
  Each is corrected by the ratio of observed to modelled at ``e0`` (the dumped contacts'
  lengths and share are draws), so the profile worked predicts what was observed.
* **resolution.** Of the agent's worked contacts a share ``s_D`` was about unfixed
  defects (no effort changes that) and of the rest a share ``q0`` was resolved
  (``(resolved + 1/2) / (solvable + 1)``). The resolution log-odds move by
  ``thoroughness_effect (t - t0) + checklist_resolve_effect (k - k0)``: ``q(e) =
  sigmoid(logit q0 + that)``; of all contacts a share ``d`` is dumped (never resolved),
  ``(1 - d) s_D`` about defects, resolved ``s_R = (1 - d)(1 - s_D) q`` and unresolved
  ``s_U = (1 - d)(1 - s_D)(1 - q)``.
* **surveys.** ``surveys_sent = C (s_R + (s_U + s_D + d)(1 - g))`` (steering keeps
  unresolved customers from getting one). A dumped customer's satisfaction has mean
  ``sat_unresolved - sat_dump_penalty`` plus the wait and repeat penalties (no courtesy). Satisfaction after an outcome ``o`` is normal with mean
  ``m_o = sat_o + a + sat_checklist (k - k0)`` (``a``: the agent's courtesy, morale,
  checklist and its contacts' mean wait and repeat penalties) and variance ``leniency_sd^2
  + sat_noise_sd^2``; answers come back with weight ``1 + response_u_shape sat^2`` and are
  the scale's answer (the split survey's support question sheds its share of a defect's
  product part). From these the mean answer and the negative and top-box shares of each
  outcome, mixed by the outcome shares, surveyed shares and response weights, with
  ``always_negative_share`` answering the lowest value. The predicted ``ratings_n`` is the
  observed one times the change in expected answers; ``rating_mean`` and the negative and
  top-box shares are the observed ones moved by the predicted change.
* **the quality reviewer** would see, on the contacts it samples, checklist ``(1 - d) k``,
  notes ``(1 - d) n`` and resolution ``s_R`` on average (a dumped contact shows neither;
  agents who were not reviewed stay unreviewed).
* **clean closures** (repeat tracking) scale with ``C (s_R + s_U callback_prob q_n / 2 +
  d dump_return_prob q_x / 2)``: the agent's resolved contacts, plus half the credit of an
  unresolved issue that comes back and is resolved by the next agent, whose chance ``q_n =
  sigmoid(logit q0 + notes_resolve_effect (n - n0))`` the notes raise (shared credit: notes
  pay a little), and of a dumped one (``q_x``: the same with no note).

Pay is that of the expected observation (for a threshold, a step, not a probability of
clearing it). An agent with no contacts last period (just hired) predicts from the team's
pooled figures.
The scheme's generator is a private one, reset for each evaluation: foresight never draws
from the world's streams.
"""

from __future__ import annotations

from dataclasses import fields, replace
from functools import lru_cache
from typing import Any, cast

import numpy as np

from supportsim.behaviour import EFFORTS
from supportsim.scenario import CustomerParams, HandlingParams, SurveyParams
from supportsim.schemes.base import Observation, Scheme
from supportsim.schemes.surveys import SCALES, Scale, Survey
from supportsim.world.observe import Served
from supportsim.world.records import DEFECT_ACK, DUMPED, RESOLVED, UNRESOLVED

T, N, K, G, D = (
    EFFORTS.index(d) for d in ("thoroughness", "notes", "checklist", "steering", "dumping")
)

#: The observation fields a profile changes (the rest stay as observed).
PREDICTED = (
    "contacts",
    "talk_min",
    "acw_min",
    "surveys_sent",
    "ratings_n",
    "rating_mean",
    "negative_n",
    "top_box_n",
    "review_checklist",
    "review_resolved",
    "review_notes",
    "closures_checked",
    "clean_closures",
)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1.0 - p))


@lru_cache(maxsize=16)
def answer_table(
    scale: Scale, sd: float, u_shape: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For mean satisfaction ``m`` on a grid: the mean answer and the negative and top-box
    shares of the answers that come back, when satisfaction is ``N(m, sd^2)`` and answers
    come back with weight ``1 + u_shape sat^2``. Returns ``(m grid, mean answer, negative
    share, top-box share)``."""
    m = np.linspace(-8.0, 8.0, 801)
    z = np.linspace(-6.0, 6.0, 1201)
    sat = m[:, None] + sd * z[None, :]
    weight = np.exp(-0.5 * z * z)[None, :] * (1.0 + u_shape * sat * sat)
    answer = np.clip(np.round(scale.mid + scale.slope * sat), scale.low, scale.high)
    total = weight.sum(axis=1)
    mean = (weight * answer).sum(axis=1) / total
    negative = (weight * (answer <= scale.negative_max)).sum(axis=1) / total
    top = (weight * (answer >= scale.top_box_min)).sum(axis=1) / total
    return m, mean, negative, top


class Foresight:
    """Expected pay of candidate profiles for one review (see the module docstring).

    ``effort`` is each agent's profile during the period, ``own_sat`` its own satisfaction
    offset (courtesy, morale and checklist), ``survey`` the survey in force.
    """

    def __init__(
        self,
        handling: HandlingParams,
        surveys: SurveyParams,
        customers: CustomerParams,
        scheme: Scheme,
        obs: Observation,
        served: Served,
        effort: np.ndarray,
        own_sat: np.ndarray,
        survey: Survey,
    ) -> None:
        self.h, self.sv, self.cu = handling, surveys, customers
        self.scheme, self.obs, self.survey = scheme, obs, survey
        self.served, self.effort, self.own_sat = served, effort, own_sat
        self._ready = False

    # --- the agent's predicted row ----------------------------------------------------------
    def _prepare(self) -> None:
        """Per-agent figures of the period just observed (once, at the first question)."""
        obs, served, h, sv = self.obs, self.served, self.h, self.sv
        e0 = self.effort
        c0 = obs.contacts
        has = c0 > 0
        pooled = has & obs.active
        busy = obs.talk_min + obs.acw_min
        outcome = served.col("outcome")

        def per(mask: np.ndarray) -> np.ndarray:
            return served.per_agent(mask.astype(float))

        n_res, n_unres, n_def, n_dump = (
            per(outcome == RESOLVED),
            per(outcome == UNRESOLVED),
            per(outcome == DEFECT_ACK),
            per(outcome == DUMPED),
        )
        worked = c0 - n_dump  # contacts worked, not dumped
        worked_talk = obs.talk_min - served.per_agent(served.col("talk_min") * (outcome == DUMPED))
        wait = served.col("start_min") - served.col("arrive_min")
        context = served.per_agent(
            -sv.sat_wait_per_min * wait - sv.sat_per_repeat * served.col("seq")
        )

        def own_or_team(own: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
            team = num[pooled].sum() / den[pooled].sum() if den[pooled].sum() > 0 else 0.0
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.where(den > 0, own, team)

        with np.errstate(invalid="ignore", divide="ignore"):
            talk_pc = own_or_team(worked_talk / worked, worked_talk, worked)
            self.defect = own_or_team(n_def / worked, n_def, worked)
            solvable = n_res + n_unres
            q_team = (n_res[pooled].sum() + 0.5) / (solvable[pooled].sum() + 1.0)
            q0 = np.where(solvable > 0, (n_res + 0.5) / (solvable + 1.0), q_team)
            self.context = own_or_team(context / c0, context, c0)
        team_busy = float(busy[pooled].mean()) if pooled.any() else 0.0
        self.busy = np.where(has, busy, team_busy)
        self.logit_q0 = _logit(np.clip(q0, 1e-6, 1 - 1e-6))
        self.base_talk = np.maximum(talk_pc - h.checklist_min * e0[:, K], 1e-6) / self._rush(
            e0[:, T]
        )
        scale = SCALES.get(self.obs.scale)
        self.scale = scale
        sd = float(np.hypot(self.cu.leniency_sd, sv.sat_noise_sd))
        self.table = answer_table(scale, sd, sv.response_u_shape)
        self.sd2 = sd * sd
        product = sv.sat_defect - sv.sat_defect_support
        self.product_cut = (1.0 - self.survey.halo) * product if self.survey.split else 0.0
        # the model at the profile worked: the anchor every prediction moves from
        self.at_e0 = [self._model(i, e0[i : i + 1]) for i in range(obs.n_agents)]
        self._work = {
            f.name: np.array(getattr(obs, f.name), copy=True)
            for f in fields(obs)
            if f.name in PREDICTED
        }
        self._obs = replace(obs, **cast(dict[str, Any], self._work))
        self._rng = np.random.Generator(np.random.PCG64(0))
        self._rng_state = self._rng.bit_generator.state
        self._ready = True

    def _rush(self, t: np.ndarray) -> np.ndarray:
        f, ref = self.h.rush_floor, self.h.reference_thoroughness
        return (f + (1 - f) * t) / (f + (1 - f) * ref)

    def _model(self, i: int, e: np.ndarray) -> dict[str, np.ndarray]:
        """The model's figures for agent ``i`` at each profile (row) of ``e``."""
        h, sv, e0 = self.h, self.sv, self.effort[i]
        t, n, k = e[:, T], e[:, N], e[:, K]
        g = e[:, G] if e.shape[1] > G else np.zeros(len(e))
        d = e[:, D] if e.shape[1] > D else np.zeros(len(e))
        worked_talk = self.base_talk[i] * self._rush(t) + h.checklist_min * k
        dump_min = h.dump_talk_sec / 60.0  # a dumped contact: this long on average, no notes
        talk = (1.0 - d) * worked_talk + d * dump_min
        acw = (1.0 - d) * h.notes_min * n
        contacts = self.busy[i] / (talk + acw)
        shift = h.thoroughness_effect * (t - e0[T]) + h.checklist_resolve_effect * (k - e0[K])
        q = _sigmoid(self.logit_q0[i] + shift)
        s_d = (1.0 - d) * self.defect[i]
        s_r, s_u = (1.0 - d - s_d) * q, (1.0 - d - s_d) * (1.0 - q)
        q_next = _sigmoid(self.logit_q0[i] + h.notes_resolve_effect * (n - e0[N]))
        q_after_dump = _sigmoid(self.logit_q0[i] - h.notes_resolve_effect * e0[N])  # no note
        credit = (
            s_r
            + s_u * self.cu.callback_prob * q_next / 2.0
            + d * self.cu.dump_return_prob * q_after_dump / 2.0
        )

        # mean satisfaction after each outcome; a dumped customer meets no courtesy or checklist
        worked_offset = self.own_sat[i] + self.context[i] + sv.sat_checklist * (k - e0[K])
        dumped = sv.sat_unresolved - sv.sat_dump_penalty + self.context[i]
        grid, mean_ans, neg_share, top_share = self.table
        weight_sum, mean_sum, neg_sum, top_sum = 0.0, 0.0, 0.0, 0.0
        for share, surveyed, m, cut in (
            (s_r, 1.0, sv.sat_resolved + worked_offset, 0.0),
            (s_u, 1.0 - g, sv.sat_unresolved + worked_offset, 0.0),
            (s_d, 1.0 - g, sv.sat_defect + worked_offset, self.product_cut),
            (d, 1.0 - g, dumped, 0.0),
        ):
            w = share * surveyed * (1.0 + sv.response_u_shape * (m * m + self.sd2))
            weight_sum = weight_sum + w
            mean_sum = mean_sum + w * np.interp(m - cut, grid, mean_ans)
            neg_sum = neg_sum + w * np.interp(m - cut, grid, neg_share)
            top_sum = top_sum + w * np.interp(m - cut, grid, top_share)
        always = self.cu.always_negative_share
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (1 - always) * mean_sum / weight_sum + always * self.scale.low
            negative = (1 - always) * neg_sum / weight_sum + always
            top = (1 - always) * top_sum / weight_sum  # always-negative raters never top
        return {
            "contacts": contacts,
            "talk_total": contacts * talk,
            "acw_total": contacts * acw,
            "worked": 1.0 - d,
            "resolved": s_r,
            "sent": contacts * (s_r + (s_u + s_d + d) * (1.0 - g)),
            "answers": contacts * weight_sum,
            "mean": mean,
            "negative": negative,
            "top": top,
            "credit": contacts * credit,
        }

    def row(self, i: int, profiles: np.ndarray) -> dict[str, np.ndarray]:
        """Agent ``i``'s predicted observation fields (:data:`PREDICTED`) for each profile."""
        if not self._ready:
            self._prepare()
        obs = self.obs
        e = np.atleast_2d(np.asarray(profiles, dtype=float))
        now, base = self._model(i, e), self.at_e0[i]

        def scaled(observed: float, key: str) -> np.ndarray:
            ratio = now[key] / base[key] if base[key][0] > 0 else np.zeros(len(e))
            return observed * ratio

        def anchored(observed: float, key: str) -> np.ndarray:
            """The model's figure, corrected by what it missed at the profile worked
            (dumped contacts' lengths and the share dumped are draws); as modelled if
            nothing was observed (a new hire: the team's pooled figures)."""
            return scaled(observed, key) if observed > 0 and base[key][0] > 0 else now[key]

        c = anchored(obs.contacts[i], "contacts")

        rated = scaled(obs.ratings_n[i], "answers")
        if obs.ratings_n[i] > 0:
            share0 = obs.negative_n[i] / obs.ratings_n[i]
            mean = np.clip(
                obs.rating_mean[i] + (now["mean"] - base["mean"]), self.scale.low, self.scale.high
            )
            negative = rated * np.clip(share0 + (now["negative"] - base["negative"]), 0.0, 1.0)
            top0 = obs.top_box_n[i] / obs.ratings_n[i]
            top = rated * np.clip(top0 + (now["top"] - base["top"]), 0.0, 1.0)
        else:
            mean, negative, top = np.full(len(e), np.nan), np.zeros(len(e)), np.zeros(len(e))
        reviewed = obs.reviewed_n[i] > 0
        nan = np.full(len(e), np.nan)
        return {
            "contacts": c,
            "talk_min": anchored(obs.talk_min[i], "talk_total"),
            "acw_min": anchored(obs.acw_min[i], "acw_total"),
            "surveys_sent": scaled(obs.surveys_sent[i], "sent"),
            "ratings_n": rated,
            "rating_mean": mean,
            "negative_n": negative,
            "top_box_n": top,
            # a dumped contact the reviewer samples shows no checklist and no notes
            "review_checklist": now["worked"] * e[:, K] if reviewed else nan,
            "review_resolved": now["resolved"] if reviewed else nan,
            "review_notes": now["worked"] * e[:, N] if reviewed else nan,
            "closures_checked": scaled(obs.closures_checked[i], "contacts"),
            "clean_closures": scaled(obs.clean_closures[i], "credit"),
        }

    # --- what the scheme would pay -----------------------------------------------------------
    def expected_pay(self, i: int, profiles: np.ndarray) -> np.ndarray:
        """Agent ``i``'s pay (salaries) under the scheme for each row of ``profiles``
        (``k x EFFORTS``), everyone else as observed (:data:`~supportsim.behaviour.base.ExpectedPay`)."""
        e = np.atleast_2d(np.asarray(profiles, dtype=float))
        if not self.obs.active[i]:
            return np.zeros(len(e))
        predicted = self.row(i, e)
        columns = [(self._work[name], values) for name, values in predicted.items()]
        saved = [(arr, arr[i]) for arr, _ in columns]
        out = np.empty(len(e))
        rng, state, decide = self._rng, self._rng_state, self.scheme.decide
        try:
            for c in range(len(e)):
                for arr, values in columns:
                    arr[i] = values[c]
                rng.bit_generator.state = state
                pay = np.asarray(decide(self._obs, rng).pay, dtype=float)
                out[c] = pay if pay.ndim == 0 else pay[i]
        finally:
            for arr, value in saved:
                arr[i] = value
        return out
