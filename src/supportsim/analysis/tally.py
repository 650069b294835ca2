"""The running tally of a run's contacts: every sum and count the summary needs.

:class:`ContactTally` takes contact rows in batches (a whole contacts table at once, or
each review period's rows as a long run goes, see ``supportsim.run(..., tables=False)``)
and keeps only sums, counts and per agent-period moments, so the summary of a run without
tables is the same as with them, computed the same way, in flat memory.

A batch is a mapping of numpy columns: the contact log's (``seq``, ``agent``,
``arrive_min``, ``start_min``, ``talk_min``, ``outcome`` codes, ``note_quality``,
``defect``, ``rating``, ``surveyed``), the facts :func:`~supportsim.world.records.row_facts` derives (``status``
codes, ``period``, ``wait_min``, ``handle_min``, ``responded``, ``negative``) and
``created_min``, when the row's issue was created (NaN: unknown).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from supportsim.scenario import Scenario
from supportsim.world.calendar import DAY
from supportsim.world.records import (
    ABANDONED_STATUS,
    OPEN_STATUS,
    OUTCOMES,
    RESOLVED,
    SERVED_STATUS,
    STATUSES,
)

#: Plain counts and sums over the measured contacts (see :meth:`ContactTally.add`).
TOTALS = (
    "rows",  # every row tallied (arrivals to the queue)
    "arrived",  # arrivals after the warm-up that ended (answered or abandoned)
    "abandoned",
    "waited",  # ... that waited at all
    "in_target",  # ... answered within the service-level target
    "wait_sum",  # ... total wait (abandoned up to abandonment)
    "answered",
    "answered_wait_sum",
    "answer_waits",  # answered ones with a known wait
    "handled",  # answered after the warm-up and closed before the end
    "repeats",  # ... second or later contacts on their issue
    "handle_sum",
    "handle_n",
    "short",  # ... with talk shorter than short_contact_sec
    "note_sum",
    "note_n",
    "negative",  # ... with a negative answer
    "negative_defect",  # ... about an unfixed product defect
    "issues",  # issues in the issue window with an answered contact
    "issue_contacts",  # their answered contacts
    "first_resolved",  # of them, resolved on the first contact
)

#: Per review period sums over handled contacts (the cost and workforce figures start at
#: the first measured period).
PER_PERIOD = ("handled", "resolved", "surveyed", "responded")


class ContactTally:
    """Sums, counts and per agent-period moments of a run's contacts (see module doc)."""

    def __init__(self, sc: Scenario) -> None:
        self.sc = sc
        self.warm = sc.run.warmup_days * DAY
        self.short_cut = sc.run.short_contact_sec / 60.0
        horizon = sc.run.days * DAY
        censor = min(7 * DAY, (horizon - self.warm) / 2)
        self.issue_window = (self.warm, horizon - censor)
        self.totals = dict.fromkeys(TOTALS, 0.0)
        periods = max(1, -(-sc.run.days // sc.run.period_days))
        self.by_period = {k: np.zeros(periods) for k in PER_PERIOD}
        shape = (periods, sc.team.agents)
        # per agent-period: answered contacts' notes, and rating moments (count, mean, m2)
        self.note_sum, self.note_n = np.zeros(shape), np.zeros(shape)
        self.rating_n, self.rating_mean, self.rating_m2 = (np.zeros(shape) for _ in range(3))

    @property
    def periods(self) -> int:
        """Review periods tallied (rows of the per agent-period arrays)."""
        return int(self.note_sum.shape[0])

    def _fit(self, period: np.ndarray, agent: np.ndarray) -> None:
        """Grow the per-period arrays to hold ``period`` and ``agent`` (tables of any run)."""
        p = max(int(period.max(initial=-1)) + 1, self.periods)
        a = max(int(agent.max(initial=-1)) + 1, self.note_sum.shape[1])
        if (p, a) == self.note_sum.shape:
            return

        def grow(x: np.ndarray) -> np.ndarray:
            out = np.zeros((p, a))
            out[: x.shape[0], : x.shape[1]] = x
            return out

        self.note_sum, self.note_n = grow(self.note_sum), grow(self.note_n)
        self.rating_n, self.rating_mean = grow(self.rating_n), grow(self.rating_mean)
        self.rating_m2 = grow(self.rating_m2)
        self.by_period = {k: np.pad(v, (0, p - v.size)) for k, v in self.by_period.items()}

    def add(self, rows: Mapping[str, np.ndarray]) -> None:
        """Tally a batch of contact rows."""
        t, sc = self.totals, self.sc
        status, seq, agent = rows["status"], rows["seq"], rows["agent"]
        period, start, wait = rows["period"], rows["start_min"], rows["wait_min"]
        outcome = rows["outcome"]
        self._fit(period, agent)
        t["rows"] += status.size

        arrived = (rows["arrive_min"] >= self.warm) & (status != OPEN_STATUS)
        w = wait[arrived]
        abandoned = status[arrived] == ABANDONED_STATUS
        answered = ~abandoned & ~np.isnan(w)
        t["arrived"] += arrived.sum()
        t["abandoned"] += abandoned.sum()
        t["waited"] += (w > 1e-9).sum()
        t["in_target"] += (~abandoned & (w <= sc.run.service_level_sec / 60.0)).sum()
        t["wait_sum"] += w.sum()
        t["answered"] += (~abandoned).sum()
        t["answer_waits"] += answered.sum()
        t["answered_wait_sum"] += w[answered].sum()

        handled = (seq >= 0) & (start >= self.warm) & (status == SERVED_STATUS)
        h_handle, h_note = rows["handle_min"][handled], rows["note_quality"][handled]
        neg = rows["negative"][handled]
        t["handled"] += handled.sum()
        t["repeats"] += (seq[handled] > 0).sum()
        t["handle_sum"] += np.nansum(h_handle)
        t["handle_n"] += (~np.isnan(h_handle)).sum()
        t["short"] += (rows["talk_min"][handled] < self.short_cut).sum()
        t["note_sum"] += np.nansum(h_note)
        t["note_n"] += (~np.isnan(h_note)).sum()
        t["negative"] += neg.sum()
        t["negative_defect"] += (neg & rows["defect"][handled]).sum()
        hp = period[handled]
        for key, weight in (
            ("handled", None),
            ("resolved", outcome[handled] == RESOLVED),
            ("surveyed", rows["surveyed"][handled]),
            ("responded", rows["responded"][handled]),
        ):
            self.by_period[key] += np.bincount(hp, weights=weight, minlength=self.periods)

        served = seq >= 0
        lo, hi = self.issue_window
        created = rows["created_min"][served]
        in_window = (created >= lo) & (created < hi)
        first = seq[served][in_window] == 0
        t["issues"] += first.sum()
        t["issue_contacts"] += in_window.sum()
        t["first_resolved"] += (first & (outcome[served][in_window] == RESOLVED)).sum()

        self._agent_periods(rows, served)

    def _agent_periods(self, rows: Mapping[str, np.ndarray], served: np.ndarray) -> None:
        shape = self.note_sum.shape
        a, p = rows["agent"][served], rows["period"][served]
        code = p * shape[1] + a
        size = shape[0] * shape[1]
        note = rows["note_quality"][served]
        ok = ~np.isnan(note)
        self.note_sum += np.bincount(code[ok], weights=note[ok], minlength=size).reshape(shape)
        self.note_n += np.bincount(code[ok], minlength=size).reshape(shape)
        rating = rows["rating"][served]
        rated = ~np.isnan(rating)
        code, x = code[rated], rating[rated]
        n_b = np.bincount(code, minlength=size).astype(float)
        mean_b = np.bincount(code, weights=x, minlength=size) / np.maximum(n_b, 1)
        m2_b = np.bincount(code, weights=(x - mean_b[code]) ** 2, minlength=size)
        # merge the batch's moments into the totals (Chan et al.'s pairwise update)
        n_a, mean_a = self.rating_n.ravel(), self.rating_mean.ravel()
        n = n_a + n_b
        with np.errstate(invalid="ignore", divide="ignore"):
            delta = np.where(n > 0, mean_b - mean_a, 0.0)
            share = np.where(n > 0, n_b / n, 0.0)
        self.rating_m2 += (m2_b + delta**2 * n_a * share).reshape(shape)
        self.rating_mean += (delta * share).reshape(shape)
        self.rating_n += n_b.reshape(shape)

    def note_quality(self) -> np.ndarray:
        """Mean note quality of answered contacts per review period (rows) and agent (NaN
        without any)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.note_sum / self.note_n


def table_rows(contacts: pd.DataFrame, issues: pd.DataFrame) -> dict[str, np.ndarray]:
    """A contacts table (and its issues table, for creation times) as a tally batch."""
    created = issues.set_index("issue")["created_min"]
    rows = {
        name: contacts[name].to_numpy()
        for name in (
            "seq",
            "agent",
            "arrive_min",
            "start_min",
            "talk_min",
            "note_quality",
            "defect",
            "rating",
            "surveyed",
            "period",
            "wait_min",
            "handle_min",
            "responded",
            "negative",
        )
    }
    rows["outcome"] = _codes(contacts["outcome"], OUTCOMES)
    rows["status"] = _codes(contacts["status"], STATUSES)
    rows["created_min"] = created.reindex(contacts["issue"]).to_numpy(dtype=float)
    for name in ("defect", "surveyed", "responded", "negative"):
        rows[name] = rows[name].astype(bool)
    floats = ("arrive_min", "start_min", "talk_min", "note_quality", "rating", "wait_min")
    for name in (*floats, "handle_min"):
        rows[name] = rows[name].astype(float)
    return rows


def _codes(column: pd.Series, labels: tuple[str, ...]) -> np.ndarray:
    """Integer codes of a categorical (or string) column in the order of ``labels``."""
    return np.asarray(pd.Categorical(column, categories=labels).codes, dtype=np.int64)
