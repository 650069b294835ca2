"""Tidy tables from one run: contacts, issues, agent-periods (truth beside measurement), queue."""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.world.calendar import DAY
from supportsim.world.center import RawRun
from supportsim.world.records import ABANDONED, OPEN, RESOLVED
from supportsim.world.surveys import SCALES

STATUSES = ("served", "abandoned", "open")


def contacts_table(raw: RawRun) -> pd.DataFrame:
    """One row per arrival to the queue (first contacts, repeats and retries alike).

    ``status`` is ``served`` (answered and closed before the end), ``abandoned``, or
    ``open`` (still waiting, or still being handled, when the run ended): every arrival
    appears exactly once.
    """
    sc = raw.scenario
    df = raw.log.to_frame(raw.issue_kind, [k.name for k in sc.kinds])
    code = df["outcome"].cat.codes.to_numpy()
    end = (df["start_min"] + df["talk_min"] + df["acw_min"]).to_numpy()
    status = np.where(code == ABANDONED, 1, np.where((code == OPEN) | (end > raw.horizon), 2, 0))
    df["status"] = pd.Categorical.from_codes(status, STATUSES)
    df["handle_min"] = df["talk_min"] + df["acw_min"]
    scale = SCALES.get(raw.scale)
    df["negative"] = df["responded"] & (df["rating"] <= scale.negative_max)
    when = df["start_min"].fillna(df["arrive_min"]).to_numpy()
    n_periods = max(len(raw.periods), 1)
    df["period"] = np.minimum(when // (sc.period_days * DAY), n_periods - 1).astype(int)
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
            "kind": pd.Categorical.from_codes(raw.issue_kind, [k.name for k in sc.kinds]),
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


def agent_periods_table(raw: RawRun, contacts: pd.DataFrame) -> pd.DataFrame:
    """One row per agent and review period: what management saw, pay, and the truth."""
    scale = SCALES.get(raw.scale)
    served = contacts[contacts["seq"] >= 0]
    notes = served.groupby(["period", "agent"])["note_quality"].mean()
    frames = []
    for rec in raw.periods:
        obs, dec = rec.observation, rec.decision
        a = obs.n_agents
        frame = pd.DataFrame(
            {
                "period": rec.period,
                "agent": np.arange(a),
                "true_quality": rec.true_quality,
                "skill": rec.skill,
                "thoroughness": rec.effort[:, 0],
                "notes_effort": rec.effort[:, 1],
                "checklist_effort": rec.effort[:, 2],
                "steering_effort": rec.effort[:, 3],
                "morale": rec.morale,
                "active": obs.active,
                "line": pd.Categorical.from_codes(rec.line, list(raw.scenario.lines)),
                "defect_share": rec.defect_share,
                "tenure_days": obs.tenure_days,
                "hired_day": (rec.period + 1) * raw.scenario.period_days - obs.tenure_days,
                "pay": dec.pay,
                "threatened": dec.threatened,
                "flagged": dec.flagged,
                "standing": dec.standing,
                "coaching": dec.coaching,
                "quit": rec.departures.quit,
                "dismissed": rec.departures.dismissed,
                "left": rec.departures.quit | rec.departures.dismissed,
                "contacts": obs.contacts.astype(int),
                "contacts_per_hour": obs.contacts_per_hour,
                "handle_min": obs.handle_min,
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
        )
        frames.append(frame)
    df = pd.concat(frames, ignore_index=True)
    key = pd.MultiIndex.from_arrays([df["period"], df["agent"]])
    df["note_quality"] = notes.reindex(key).to_numpy()
    return df


def queue_table(raw: RawRun) -> pd.DataFrame:
    """Queue length and busy agents sampled every ``monitor_interval_min`` (empty if off)."""
    return pd.DataFrame(raw.queue_samples, columns=["time_min", "waiting", "busy_agents"])
