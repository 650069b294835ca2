"""The contact log: flat, typed records appended by the hot path, turned into tables once.

A row is :data:`WIDTH` plain numbers in :data:`COLUMNS` order, added to one flat list by
one ``extend`` per contact (the cheapest record Python can keep: numbers are not tracked
by the garbage collector, and the row's tuple is freed at once). Python numbers cost about
four times their value in memory, so the list is only the log's tail: :meth:`ContactLog.seal`
(called as each new day is drawn) moves it into a numpy block of rows, 8 bytes a number.
Management reads a period's rows as numpy columns at each review, and
:meth:`ContactLog.to_frame` makes the final table (or, when no table is wanted,
:meth:`ContactLog.take` hands each period's rows on and forgets them). :func:`row_facts` derives what the tables and the summary read from a row
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
    records a row with ``log.flat.extend(row)``, ``row`` a tuple in :data:`COLUMNS` order;
    rows before the tail ``flat`` are in sealed numpy blocks.
    """

    def __init__(self) -> None:
        self.flat: list[float] = []  # the tail, changed in place only (the hot path holds it)
        self._blocks: list[np.ndarray] = []  # sealed rows, (rows, WIDTH) float blocks
        self._sealed = 0  # rows in the blocks

    def __len__(self) -> int:
        return self._sealed + len(self.flat) // WIDTH

    def seal(self) -> None:
        """Move the tail's rows into a numpy block (the values are the same floats)."""
        if self.flat:
            block = np.asarray(self.flat, dtype=float).reshape(-1, WIDTH)
            self._blocks.append(block)
            self._sealed += len(block)
            self.flat.clear()

    def unserved(self, issue: int, attempt: int, arrive: float, end: float, outcome: int) -> None:
        """Record an arrival that was never answered (abandoned at ``end``, or still open)."""
        nan = math.nan
        start = end if outcome == ABANDONED else nan
        row = (issue, attempt, -1, -1, arrive, start, nan, nan, outcome, nan, 0, nan, nan, nan, 0)
        self.flat.extend(row)

    def _parts(self, start: int, stop: int) -> list[np.ndarray]:
        """Rows ``[start, stop)`` as (rows, WIDTH) float arrays: views of the blocks, then
        the tail's."""
        parts, first = [], 0
        for block in self._blocks:
            lo, hi = max(start - first, 0), min(stop - first, len(block))
            if lo < hi:
                parts.append(block[lo:hi])
            first += len(block)
        lo, hi = max(start - first, 0), stop - first
        if lo < hi:
            tail = np.asarray(self.flat[lo * WIDTH : hi * WIDTH], dtype=float)
            parts.append(tail.reshape(-1, WIDTH))
        return parts

    def columns(self, start: int = 0, stop: int | None = None) -> dict[str, np.ndarray]:
        """Rows ``[start, stop)`` as numpy columns (gathered column by column, so a period's
        rows are never held twice over)."""
        parts = self._parts(start, len(self) if stop is None else stop)
        out = {}
        for k, name in enumerate(COLUMNS):
            dtype = _DTYPES.get(name, float)
            if not parts:
                out[name] = np.zeros(0, dtype=dtype)
            else:
                out[name] = np.concatenate([p[:, k] for p in parts]).astype(dtype, copy=False)
        return out

    def take(self, stop: int) -> dict[str, np.ndarray]:
        """Rows ``[0, stop)`` as numpy columns, removed from the log (later rows move up)."""
        out = self.columns(0, stop)
        self.seal()
        rest = self._parts(stop, len(self))
        self._blocks = [np.concatenate(rest)] if rest else []
        self._sealed = len(self._blocks[0]) if rest else 0
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
