"""A run's contacts as a call-by-call log, in the layout real contact-center exports use.

:func:`contact_log` writes one row per contact (an arrival to the queue that was answered
or abandoned before the run ended) with the columns of :data:`LOG_COLUMNS`; ``supportsim
run --save DIR`` writes it as ``contact_log.csv``, and ``supportsim calibrate`` reads it
back without a column mapping (the round trip the tests check).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.scenario import Scenario
from supportsim.world.calendar import DAY

#: Outcome codes of the export (those of the classic bank call-center log).
ANSWERED_CODE, ABANDONED_CODE = "AGENT", "HANG"
#: The agent of an abandoned contact.
NO_AGENT = "NO_SERVER"
#: The first simulated day (a Monday) is this date.
START_DATE = "2024-01-01"

#: Column -> what it holds (the README documents the same list).
LOG_COLUMNS: dict[str, str] = {
    "date": "date the contact entered the queue (YYYY-MM-DD)",
    "arrival_time": "time of day it entered the queue (HH:MM:SS)",
    "answer_time": "time of day an agent answered (blank if abandoned)",
    "end_time": "time of day the talk ended, or the customer hung up (abandoned)",
    "wait_sec": "seconds in queue (to the answer, or to the hang-up)",
    "talk_sec": "seconds of talk (0 if abandoned)",
    "acw_sec": "seconds of after-contact work (0 if abandoned)",
    "outcome": f"{ANSWERED_CODE} (answered) or {ABANDONED_CODE} (abandoned)",
    "agent": f"the agent (agent slot) who answered, or {NO_AGENT}",
    "customer": "customer id, one per issue (1, 2, ...)",
    "queue": "the product line (queue) the contact was routed to",
    "type": "the kind of issue",
    "channel": "phone or chat (written only when the scenario has chat kinds)",
    "rating": "the survey answer, if the customer answered one (else blank)",
    "resolved": "1 if the contact resolved the issue, 0 if not (blank if abandoned)",
}


def _clock(minutes: np.ndarray) -> pd.Series:
    """Times of day ``HH:MM:SS`` of absolute simulated minutes (blank where NaN)."""
    secs = np.round(np.mod(minutes, DAY) * 60.0)
    ok = np.isfinite(secs)
    s = np.where(ok, secs, 0).astype(np.int64) % 86400
    text = pd.Series(
        [
            f"{h:02d}:{m:02d}:{x:02d}"
            for h, m, x in zip(s // 3600, s // 60 % 60, s % 60, strict=True)
        ]
    )
    return text.where(ok, "")


def contact_log(
    contacts: pd.DataFrame,
    scenario: Scenario,
    *,
    start_date: str = START_DATE,
    from_day: int = 0,
) -> pd.DataFrame:
    """The contacts table of a run (:attr:`supportsim.RunResult.contacts`) as a contact log.

    Contacts still waiting or in service when the run ended are left out (a real export
    only has finished calls). The ``channel`` column is written only when some kind comes
    by chat (a phone-only log is as before); ``from_day`` leaves out contacts that arrived before that
    simulated day (e.g. the warm-up, to make the log a window of a running center).
    """
    c = contacts[(contacts["status"] != "open") & (contacts["arrive_min"] >= from_day * DAY)]
    c = c.sort_values("arrive_min", kind="stable")
    answered = (c["status"] == "served").to_numpy()
    arrive = c["arrive_min"].to_numpy()
    start = c["start_min"].to_numpy()
    talk = np.where(answered, c["talk_min"].to_numpy(), 0.0)
    acw = np.where(answered, c["acw_min"].to_numpy(), 0.0)
    end = np.where(answered, start + talk, start)
    line_of = {k.name: k.line for k in scenario.issues.kinds}
    channel_of = {k.name: k.channel for k in scenario.issues.kinds}
    day0 = pd.Timestamp(start_date)
    dates = day0 + pd.to_timedelta(np.floor(arrive / DAY), unit="D")
    resolved = (c["outcome"] == "resolved").astype(int).astype(str)
    rating = c["rating"].to_numpy()
    out = pd.DataFrame(
        {
            "date": dates.strftime("%Y-%m-%d"),
            "arrival_time": _clock(arrive),
            "answer_time": _clock(np.where(answered, start, np.nan)),
            "end_time": _clock(end),
            "wait_sec": np.round((start - arrive) * 60.0).astype(np.int64),
            "talk_sec": np.round(talk * 60.0).astype(np.int64),
            "acw_sec": np.round(acw * 60.0).astype(np.int64),
            "outcome": np.where(answered, ANSWERED_CODE, ABANDONED_CODE),
            "agent": np.where(
                answered, [f"agent_{a:02d}" for a in c["agent"].to_numpy()], NO_AGENT
            ),
            "customer": c["issue"].to_numpy() + 1,
            "queue": [line_of[str(k)] for k in c["kind"]],
            "type": c["kind"].astype(str).to_numpy(),
            "channel": [channel_of[str(k)] for k in c["kind"]],
            "rating": pd.array(np.where(np.isnan(rating), pd.NA, rating), dtype="Int64"),
            "resolved": np.where(answered, resolved.to_numpy(), ""),
        }
    )
    return out if scenario.issues.has_chat else out.drop(columns="channel")
