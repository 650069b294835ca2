"""Repeat tracking: which issues closed cleanly, and who gets the credit.

A scheme that tracks repeat contacts (``repeat_window_days > 0``, e.g. pay for
resolution) sees per agent and period the contacts whose repeat window ended in the period
and a share of every clean closure. :class:`RepeatBook` keeps only the contacts a future
review can still need, so the work per review and the memory stay flat over a long run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from supportsim.world.calendar import DAY
from supportsim.world.records import RESOLVED

#: The columns of a logged contact that repeat tracking reads.
_FIELDS = ("issue", "arrive", "agent", "start", "end", "resolved")


class RepeatBook:
    """Management's record of contacts for repeat tracking.

    ``windows[p]`` is the repeat window (days; 0: not tracked) in force at review ``p``;
    ``in_play(issues)`` tells which issues may still be contacted.

    After each review it forgets a contact unless a later review may judge it (its window
    can still end after this review) or its issue may still close within a later review
    (the issue is in play, or one of its resolved contacts can still be judged): those
    need every contact of the issue, for the credit and for spotting a repeat.
    """

    def __init__(
        self,
        windows: Sequence[float],
        period_days: int,
        agents: int,
        in_play: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        self.windows = [float(w) for w in windows]
        # the longest window of any later review (0 after the last)
        self.later = [max(self.windows[p + 1 :], default=0.0) for p in range(len(self.windows))]
        self.period_min = period_days * DAY
        self.agents = agents
        self.in_play = in_play
        self.rows: dict[str, np.ndarray] = {
            "issue": np.zeros(0, dtype=np.int64),
            "arrive": np.zeros(0),
            "agent": np.zeros(0, dtype=np.int64),
            "start": np.zeros(0),
            "end": np.zeros(0),
            "resolved": np.zeros(0, dtype=bool),
        }

    def __len__(self) -> int:
        """Contacts held."""
        return int(self.rows["issue"].size)

    def review(self, period: int, rows: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Add the period's log rows (numpy columns) and judge review ``period``.

        Returns, per agent, the contacts whose repeat window ended this period and the
        resolution credit (see :func:`closures`).
        """
        window = self.windows[period]
        if max(window, self.later[period]) > 0 and rows["issue"].size:
            begin = rows["start_min"]
            new = {
                "issue": rows["issue"],
                "arrive": rows["arrive_min"],
                "agent": rows["agent"],
                "start": begin,
                "end": begin + rows["talk_min"],
                "resolved": rows["outcome"] == RESOLVED,
            }
            self.rows = {k: np.concatenate((self.rows[k], new[k])) for k in _FIELDS}
        review_at = (period + 1) * self.period_min
        result = closures(self.rows, window * DAY, review_at, self.period_min, self.agents)
        self._forget(review_at, self.later[period] * DAY)
        return result

    def _forget(self, review_at: float, later: float) -> None:
        rows = self.rows
        if rows["issue"].size == 0:
            return
        if later <= 0:
            self.rows = {k: v[:0] for k, v in rows.items()}
            return
        # NaN ends (unanswered arrivals) compare False: they matter only with their issue.
        judged_later = rows["end"] + later > review_at
        may_close = np.unique(rows["issue"][judged_later & rows["resolved"]])
        issues = np.unique(rows["issue"])
        keep_issue = np.union1d(may_close, issues[self.in_play(issues)])
        keep = judged_later | np.isin(rows["issue"], keep_issue)
        self.rows = {k: v[keep] for k, v in rows.items()}


def closures(
    rows: dict[str, np.ndarray],
    window: float,
    review_at: float,
    period_min: float,
    agents: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per agent: contacts whose repeat window ended this period, and resolution credit.

    An issue is *closed* by a resolved contact after which no further contact on the issue
    arrived within ``window`` (minutes). The closure is credited to every agent who handled
    the issue up to it, in equal shares: resolution is the team's work, and the notes one
    agent leaves help the next one close it. Only closures whose window has fully elapsed
    by the review (at ``review_at``) are judged, so the credit lags by the window.
    """
    a = agents
    if window <= 0:
        return np.zeros(a), np.zeros(a)
    issue, arrive, agent = rows["issue"], rows["arrive"], rows["agent"]
    start, end = rows["start"], rows["end"]
    handled = agent >= 0
    judged = handled & (end + window <= review_at) & (end + window > review_at - period_min)
    order = np.lexsort((arrive, issue))
    nxt = np.full(issue.size, np.inf)
    same = issue[order][1:] == issue[order][:-1]
    nxt[order[:-1][same]] = arrive[order][1:][same]
    closing = np.flatnonzero(judged & rows["resolved"] & (nxt > end + window))
    credit = np.zeros(a)
    if closing.size:
        kept = np.flatnonzero(handled)
        by_issue = pd.DataFrame({"issue": issue[kept], "start": start[kept], "agent": agent[kept]})
        closes = pd.DataFrame(
            {"issue": issue[closing], "closed_at": start[closing], "closing": closing}
        )
        team = closes.merge(by_issue, on="issue")
        team = team[team["start"] <= team["closed_at"]]
        share = 1.0 / team.groupby("closing")["agent"].transform("size").to_numpy()
        credit = np.bincount(team["agent"].to_numpy(), weights=share, minlength=a).astype(float)
    return np.bincount(agent[judged], minlength=a).astype(float), credit
