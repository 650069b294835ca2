"""Tidy tables from one run: contacts, issues, agent-periods (truth beside measurement), queue."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from supportsim.behaviour import EFFORTS
from supportsim.scenario import Scenario
from supportsim.schemes.surveys import SCALES, Scale
from supportsim.world.calendar import DAY
from supportsim.world.center import RawRun
from supportsim.world.records import RESOLVED, STATUSES, row_facts
from supportsim.world.review import PeriodRecord

__all__ = ["STATUSES", "agent_periods_table", "contacts_table", "issues_table", "queue_table"]


def facts_of(sc: Scenario, scale: str, rows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """:func:`~supportsim.world.records.row_facts` of log rows of a run of ``sc`` whose
    survey starts on ``scale``."""
    return row_facts(
        rows,
        horizon=sc.run.days * DAY,
        period_min=sc.run.period_days * DAY,
        n_periods=math.ceil(sc.run.days / sc.run.period_days),
        negative_max=SCALES.get(scale).negative_max,
    )


def contacts_table(raw: RawRun) -> pd.DataFrame:
    """One row per arrival to the queue (first contacts, repeats and retries alike).

    ``status`` is ``served`` (answered and closed before the end), ``abandoned``, or
    ``open`` (still waiting, or still being handled, when the run ended): every arrival
    appears exactly once.
    """
    sc = raw.scenario
    df = raw.log.to_frame(raw.issue_kind, [k.name for k in sc.issues.kinds])
    facts = facts_of(sc, raw.scale, raw.log.columns())
    df["status"] = pd.Categorical.from_codes(facts["status"], STATUSES)
    df["handle_min"] = facts["handle_min"]
    df["negative"] = facts["negative"]
    df["period"] = facts["period"]
    return df


def issues_table(raw: RawRun, contacts: pd.DataFrame) -> pd.DataFrame:
    """One row per issue: its kind, root cause, and how its contacts went."""
    sc = raw.scenario
    n = raw.issue_kind.size
    served = contacts[contacts["seq"] >= 0]
    issue = served["issue"].to_numpy()
    resolved = (served["outcome"].cat.codes == RESOLVED).to_numpy()
    first = served["seq"].to_numpy() == 0
    handled = np.bincount(issue, minlength=n)
    return pd.DataFrame(
        {
            "issue": np.arange(n),
            "kind": pd.Categorical.from_codes(raw.issue_kind, [k.name for k in sc.issues.kinds]),
            "created_min": raw.issue_arrival,
            "defect": raw.issue_defect,
            "incident": raw.issue_incident,
            "fix_min": np.where(raw.issue_defect, raw.issue_fix_at, np.nan),
            "attempts": np.bincount(contacts["issue"].to_numpy(), minlength=n),
            "contacts": handled,
            "resolved": np.bincount(issue, weights=resolved, minlength=n) > 0,
            "resolved_first_contact": np.bincount(issue, weights=resolved & first, minlength=n) > 0,
        }
    )


def agent_periods_table(raw: RawRun, note_quality: np.ndarray) -> pd.DataFrame:
    """One row per agent and review period: what management saw, pay, and the truth.

    ``note_quality[p, a]`` is the mean note quality of agent ``a``'s answered contacts in
    period ``p`` (see :meth:`~supportsim.analysis.tally.ContactTally.note_quality`).
    """
    scale = SCALES.get(raw.scale)
    parts = [_period_columns(rec, raw.scenario.run.period_days, scale) for rec in raw.periods]
    df = pd.DataFrame({k: np.concatenate([part[k] for part in parts]) for k in parts[0]})
    p, a = df["period"].to_numpy(), df["agent"].to_numpy()
    inside = (p < note_quality.shape[0]) & (a < note_quality.shape[1])
    notes = np.full(len(df), np.nan)
    notes[inside] = note_quality[p[inside], a[inside]]
    df["note_quality"] = notes
    df["line"] = pd.Categorical.from_codes(df["line"].to_numpy(), list(raw.scenario.lines))
    return df


def _period_columns(rec: PeriodRecord, period_days: int, scale: Scale) -> dict[str, np.ndarray]:
    """One review period's agent-period columns."""
    obs, dec = rec.observation, rec.decision
    a = obs.n_agents
    return {
        "period": np.full(a, rec.period),
        "agent": np.arange(a),
        "true_quality": rec.true_quality,
        "true_service": rec.true_service,
        "skill": rec.skill,
        "thoroughness": rec.effort[:, 0],
        "notes_effort": rec.effort[:, 1],
        "checklist_effort": rec.effort[:, 2],
        "steering_effort": rec.effort[:, 3],
        "dumping_effort": rec.effort[:, EFFORTS.index("dumping")],
        "morale": rec.morale,
        "active": obs.active,
        "line": rec.line,
        "defect_share": rec.defect_share,
        "tenure_days": obs.tenure_days,
        "hired_day": (rec.period + 1) * period_days - obs.tenure_days,
        "pay": dec.pay,
        "threatened": dec.threatened,
        "flagged": dec.flagged,
        "standing": dec.standing,
        "coaching": dec.coaching,
        "quit": rec.departures.quit,
        "dismissed": rec.departures.dismissed,
        "quit_chance": rec.departures.quit_chance,
        "left": rec.departures.quit | rec.departures.dismissed,
        "contacts": obs.contacts.astype(int),
        "contacts_per_hour": obs.contacts_per_hour,
        "hours_on_duty": obs.staffed_hours,
        "busy_min": obs.talk_min + obs.acw_min,
        "handle_min": obs.handle_min,
        "short_contact_share": rec.short_share,
        "ratings_n": obs.ratings_n.astype(int),
        "rating_mean": obs.rating_mean,
        "rating_score": scale.score(obs.rating_mean),
        "negative_share": obs.negative_share,
        "reviewed_n": obs.reviewed_n.astype(int),
        "review_checklist": obs.review_checklist,
        "review_resolved": obs.review_resolved,
        "review_notes": obs.review_notes,
        "surveys_sent": obs.surveys_sent.astype(int),
        "closures_checked": obs.closures_checked.astype(int),
        "clean_closures": obs.clean_closures,
    }


def queue_table(raw: RawRun) -> pd.DataFrame:
    """Queue length and busy agents sampled every ``monitor_interval_min`` (empty if off)."""
    return pd.DataFrame(raw.queue_samples, columns=["time_min", "waiting", "busy_agents"])
