"""The contact log: flat, typed records appended by the hot path, turned into tables once.

Columns are plain Python lists (appending is the cheapest thing Python does); management
reads slices of them at each review, and :meth:`ContactLog.to_frame` makes the final table
(or, when no table is wanted, :meth:`ContactLog.take` hands each period's rows on and
forgets them). :func:`row_facts` derives what the tables and the summary read from a row
(status, review period, wait, handle time, a negative answer), in one place for both.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Outcome codes of a contact.
RESOLVED, DEFECT_ACK, UNRESOLVED, ABANDONED, OPEN = 0, 1, 2, 3, 4
OUTCOMES = ("resolved", "acknowledged_defect", "unresolved", "abandoned", "open")
#: Status codes of an arrival: answered and closed before the end, abandoned, or still in
#: the system (waiting, or being handled) when the run ended.
SERVED_STATUS, ABANDONED_STATUS, OPEN_STATUS = 0, 1, 2
STATUSES = ("served", "abandoned", "open")

COLUMNS = (
    "issue",
    "attempt",
    "seq",
    "agent",
    "arrive_min",
    "start_min",
    "talk_min",
    "acw_min",
    "outcome",
    "note_quality",
    "defect",
    "checklist",
    "satisfaction",
    "rating",
    "surveyed",
)


#: numpy dtype of each column (the rest are floats).
_DTYPES = {
    "issue": np.int64,
    "attempt": np.int64,
    "seq": np.int64,
    "agent": np.int64,
    "outcome": np.int64,
    "defect": bool,
    "surveyed": bool,
}


class ContactLog:
    """Column store of contacts, one row per arrival to the queue.

    ``seq`` is the handled-contact number on the issue (0 = first contact, >0 = repeat);
    abandoned and still-waiting rows have ``seq = -1`` and ``agent = -1``.
    """

    def __init__(self) -> None:
        for name in COLUMNS:
            setattr(self, name, [])
        self.issue: list[int]
        self.attempt: list[int]
        self.seq: list[int]
        self.agent: list[int]
        self.arrive_min: list[float]
        self.start_min: list[float]
        self.talk_min: list[float]
        self.acw_min: list[float]
        self.outcome: list[int]
        self.note_quality: list[float]
        self.defect: list[bool]
        self.checklist: list[float]
        self.satisfaction: list[float]
        self.rating: list[float]
        self.surveyed: list[bool]

    def __len__(self) -> int:
        return len(self.issue)

    def unserved(self, issue: int, attempt: int, arrive: float, end: float, outcome: int) -> None:
        """Record an arrival that was never answered (abandoned at ``end``, or still open)."""
        nan = math.nan
        self.issue.append(issue)
        self.attempt.append(attempt)
        self.seq.append(-1)
        self.agent.append(-1)
        self.arrive_min.append(arrive)
        self.start_min.append(end if outcome == ABANDONED else nan)
        self.talk_min.append(nan)
        self.acw_min.append(nan)
        self.outcome.append(outcome)
        self.note_quality.append(nan)
        self.defect.append(False)
        self.checklist.append(nan)
        self.satisfaction.append(nan)
        self.rating.append(nan)
        self.surveyed.append(False)

    def column(self, name: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        """One column (or a row slice of it) as a numpy array."""
        return np.asarray(getattr(self, name)[start:stop], dtype=_DTYPES.get(name, float))

    def take(self, stop: int) -> dict[str, np.ndarray]:
        """Rows ``[0, stop)`` as numpy columns, removed from the log (later rows move up)."""
        rows = {name: self.column(name, 0, stop) for name in COLUMNS}
        for name in COLUMNS:
            del getattr(self, name)[:stop]
        return rows

    def to_frame(self, kind_of_issue: np.ndarray, kind_names: list[str]) -> pd.DataFrame:
        """The contacts table. ``start_min`` of an abandoned row is when it abandoned."""
        df = pd.DataFrame({name: self.column(name) for name in COLUMNS})
        df.insert(0, "contact", np.arange(len(df)))
        df.insert(
            2, "kind", pd.Categorical.from_codes(kind_of_issue[df["issue"].to_numpy()], kind_names)
        )
        df["wait_min"] = df["start_min"] - df["arrive_min"]
        df["outcome"] = pd.Categorical.from_codes(df["outcome"].to_numpy(), OUTCOMES)
        df["responded"] = df["rating"].notna()
        return df


def row_facts(
    rows: dict[str, np.ndarray],
    horizon: float,
    period_min: float,
    n_periods: int,
    negative_max: float,
) -> dict[str, np.ndarray]:
    """What the tables and the summary read from log rows, beyond the raw columns.

    ``status`` (:data:`STATUSES` codes: a contact still being handled at ``horizon`` is
    open), ``period`` (the review period of its start, or of its arrival if never
    answered; the last period takes everything after it), ``wait_min``, ``handle_min``,
    ``responded`` and ``negative`` (an answer at or below ``negative_max``).
    """
    outcome, rating = rows["outcome"], rows["rating"]
    start, arrive = rows["start_min"], rows["arrive_min"]
    handle = rows["talk_min"] + rows["acw_min"]
    end = start + handle
    status = np.where(
        outcome == ABANDONED,
        ABANDONED_STATUS,
        np.where((outcome == OPEN) | (end > horizon), OPEN_STATUS, SERVED_STATUS),
    )
    when = np.where(np.isnan(start), arrive, start)
    responded = ~np.isnan(rating)
    return {
        "status": status,
        "period": np.minimum(when // period_min, max(n_periods, 1) - 1).astype(int),
        "wait_min": start - arrive,
        "handle_min": handle,
        "responded": responded,
        "negative": responded & (rating <= negative_max),
    }
