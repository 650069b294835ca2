"""The contact log: flat, typed records appended by the hot path, turned into tables once.

A row is :data:`WIDTH` plain numbers in :data:`COLUMNS` order, added to one flat list by
one ``extend`` per contact (the cheapest record Python can keep: numbers are not tracked
by the garbage collector, and the row's tuple is freed at once); management reads a
period's rows as numpy columns at each review, and :meth:`ContactLog.to_frame` makes the final table (or,
when no table is wanted, :meth:`ContactLog.take` hands each period's rows on and forgets
them). :func:`row_facts` derives what the tables and the summary read from a row
(status, review period, wait, handle time, a negative answer), in one place for both.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Outcome codes of a contact. ``dumped``: the agent ended the contact at once without
#: working it (a hang-up or a blind transfer; see :mod:`supportsim.world.handling`).
RESOLVED, DEFECT_ACK, UNRESOLVED, ABANDONED, OPEN, DUMPED = 0, 1, 2, 3, 4, 5
OUTCOMES = ("resolved", "acknowledged_defect", "unresolved", "abandoned", "open", "dumped")
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


#: Numbers per row.
WIDTH = len(COLUMNS)


class ContactLog:
    """Contacts, one row per arrival to the queue (see the module docstring).

    ``seq`` is the handled-contact number on the issue (0 = first contact, >0 = repeat);
    abandoned and still-waiting rows have ``seq = -1`` and ``agent = -1``. The hot path
    records a row with ``log.flat.extend(row)``, ``row`` a tuple in :data:`COLUMNS` order.
    """

    def __init__(self) -> None:
        self.flat: list[float] = []

    def __len__(self) -> int:
        return len(self.flat) // WIDTH

    def unserved(self, issue: int, attempt: int, arrive: float, end: float, outcome: int) -> None:
        """Record an arrival that was never answered (abandoned at ``end``, or still open)."""
        nan = math.nan
        start = end if outcome == ABANDONED else nan
        row = (issue, attempt, -1, -1, arrive, start, nan, nan, outcome, nan, 0, nan, nan, nan, 0)
        self.flat.extend(row)

    def columns(self, start: int = 0, stop: int | None = None) -> dict[str, np.ndarray]:
        """Rows ``[start, stop)`` as numpy columns."""
        stop = len(self) if stop is None else stop
        table = np.asarray(self.flat[start * WIDTH : stop * WIDTH], dtype=float)
        table = table.reshape(-1, WIDTH)
        return {
            name: table[:, k].astype(_DTYPES.get(name, float)) for k, name in enumerate(COLUMNS)
        }

    def column(self, name: str, start: int = 0, stop: int | None = None) -> np.ndarray:
        """One column (or a row slice of it) as a numpy array."""
        stop = len(self) if stop is None else stop
        k = COLUMNS.index(name)
        values = self.flat[start * WIDTH + k : stop * WIDTH : WIDTH]
        return np.asarray(values, dtype=_DTYPES.get(name, float))

    def take(self, stop: int) -> dict[str, np.ndarray]:
        """Rows ``[0, stop)`` as numpy columns, removed from the log (later rows move up)."""
        out = self.columns(0, stop)
        del self.flat[: stop * WIDTH]
        return out

    def to_frame(self, kind_of_issue: np.ndarray, kind_names: list[str]) -> pd.DataFrame:
        """The contacts table. ``start_min`` of an abandoned row is when it abandoned."""
        df = pd.DataFrame(self.columns())
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
