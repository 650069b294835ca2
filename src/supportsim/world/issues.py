"""The issues in play: what the world knows about each issue that may still be contacted.

New issues are drawn one day at a time (:meth:`~supportsim.world.demand.IssueSource.draw`) as the
run reaches that day, and forgotten once nothing can touch them again, so memory stays flat
however long the run. Issue ids count from 0 over the whole run.

Everything about an issue sits at its *slot* in plain Python lists (the hot path reads them
by index, the cheapest thing Python does): per-issue lists at ``slot``, per-contact lists
at ``slot * PREDRAWN + n``. Issues of the days still arriving have consecutive slots,
``slot = i + shift`` for ``i >= base``; older issues still in play (a callback due in three
weeks) were moved to the front of the lists at a review and are found in ``moved``::

    slot = i + store.shift if i >= store.base else store.moved[i]

The lists are changed in place, never replaced, so the handler may hold on to them.

An issue is *in play* while an arrival of it is pending (its first, a retry or a callback)
or waiting in the queue; ``refs`` counts those. A contact being handled does not count: the
handler reads everything it needs as it starts. At each review, and as each new day is
drawn once the lists hold many issues (:data:`~supportsim.world.routing.RELEASE_AT`),
:meth:`IssueStore.release` forgets the days whose issues have all arrived, but for their
issues still in play, so a busy center's lists hold about a day of issues, not a period's. What a review looks up about the issues contacted in its period (kind, creation)
stays in the days' numpy arrays until the review (:meth:`IssueStore.end_period`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np

from supportsim.rng import Streams
from supportsim.world.demand import PER_CONTACT, PREDRAWN, DayIssues, IssueSource

#: Per-issue attributes the hot path reads (lists in :class:`IssueStore`).
PER_ISSUE = (
    "arrival",
    "line",
    "work",
    "log_work",
    "fix_at",
    "leniency",
    "always_negative",
    "propensity",
)
#: State between contacts (lists in :class:`IssueStore`, one value per issue).
STATE = ("handled", "last_note", "attempts", "refs")


@dataclass(frozen=True)
class IssueTable:
    """The issues table's columns for every issue of a run (kept only when asked for)."""

    kind: np.ndarray
    arrival: np.ndarray
    defect: np.ndarray
    incident: np.ndarray
    fix_at: np.ndarray

    @classmethod
    def of(cls, day: DayIssues) -> IssueTable:
        """The table columns of one day's issues."""
        return cls(day.kind, day.arrival, day.defect, day.incident, day.fix_at)

    @classmethod
    def concat(cls, parts: list[IssueTable]) -> IssueTable:
        """``parts`` one after the other."""
        if not parts:
            empty = np.zeros(0)
            return cls(np.zeros(0, dtype=np.int64), empty, empty > 0, empty > 0, empty)
        return cls(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in cls.__dataclass_fields__)
        )


@dataclass(frozen=True)
class _Day:
    """A loaded day's issue ids ``[first, end)`` and what reviews look up about them."""

    first: int
    end: int
    kind: np.ndarray
    arrival: np.ndarray


class IssueStore:
    """Attributes, pre-drawn luck and state of the issues in play, by slot (see module doc).

    New issues come from ``source``, day by day over ``days`` days, each day from its own
    generator (``streams.day``). ``keep`` also keeps the issues table's columns of every
    issue (:meth:`table`). Without ``dumping`` (agents may not dump) the dumping uniforms
    are drawn with each day (so the world is the same either way) but not held: the
    handler never reads them.
    """

    def __init__(
        self,
        source: IssueSource,
        days: int,
        streams: Streams,
        *,
        keep: bool = True,
        dumping: bool = True,
    ) -> None:
        self.source = source
        #: The per-contact draws held (all of :data:`PER_CONTACT`, less ``dump_u`` when
        #: agents may not dump).
        self.per_contact = (
            PER_CONTACT if dumping else tuple(n for n in PER_CONTACT if n != "dump_u")
        )
        self.days = days
        self.streams = streams
        self.base = 0  # the first id of the days still held
        self.shift = 0  # slot - id for ids >= base
        self.moved: dict[int, int] = {}  # slot of each older issue still in play
        self.end = 0  # one past the last issue id drawn so far
        self.next_day = 0
        self.arrival: list[float] = []
        self.line: list[int] = []  # product line (queue)
        self.work: list[float] = []
        self.log_work: list[float] = []
        self.fix_at: list[float] = []
        self.leniency: list[float] = []
        self.always_negative: list[bool] = []
        self.propensity: list[float] = []
        self.patience: list[float] = []
        self.retry_u: list[float] = []
        self.retry_delay: list[float] = []
        self.resolve_u: list[float] = []
        self.callback_u: list[float] = []
        self.callback_z: list[float] = []
        self.sat_z: list[float] = []
        self.respond_u: list[float] = []
        self.steer_u: list[float] = []
        self.dump_u: list[float] = []  # empty unless ``dumping``
        self.handled: list[int] = []  # contacts handled so far
        self.last_note: list[float] = []  # quality of the notes the last agent left
        self.attempts: list[int] = []  # arrivals to the queue so far
        self.refs: list[int] = []  # pending or queued arrivals (0: out of play)
        self._days: deque[_Day] = deque()  # days whose issues are in the lists
        self._recent: deque[_Day] = deque()  # days a review may still look up
        self._old_kind: dict[int, int] = {}  # kind and creation of older issues in play
        self._old_created: dict[int, float] = {}
        self._kept: list[IssueTable] | None = [] if keep else None

    def __len__(self) -> int:
        """Issues held now."""
        return len(self.refs)

    def slot(self, i: int) -> int:
        """Where issue ``i`` (in play, or contacted since the last review) is in the lists."""
        return i + self.shift if i >= self.base else self.moved[i]

    def load_next(self) -> bool:
        """Draw days until one brings new issues (all pending their first arrival); False
        when the run has no more days."""
        while self.next_day < self.days:
            day = self.next_day
            self.next_day += 1
            d = self.source.draw(day, self.streams.day(day))
            if d.n == 0:
                continue
            for name in (*PER_ISSUE, *self.per_contact):
                getattr(self, name).extend(getattr(d, name).tolist())
            n = d.n
            self.handled.extend([0] * n)
            self.last_note.extend([0.0] * n)
            self.attempts.extend([0] * n)
            self.refs.extend([1] * n)
            first, self.end = self.end, self.end + n
            self._days.append(_Day(first, self.end, d.kind, d.arrival))
            self._recent.append(self._days[-1])
            if self._kept is not None:
                self._kept.append(IssueTable.of(d))
            return True
        return False

    def release(self) -> None:
        """Forget the days whose issues have all arrived, but for their issues still in play,
        which move to the front of the lists; forget moved issues now out of play."""
        refs, attempts, days = self.refs, self.attempts, self._days
        j = len(refs) - 1
        while j >= 0 and not attempts[j]:  # issues still to arrive come last, in id order
            j -= 1
        arrived = j + 1 - self.shift if j >= len(self.moved) else self.base  # first to come
        cut = self.base
        while days and days[0].end <= arrived:
            cut = days.popleft().end
        front = len(self.moved) + cut - self.base  # slots before the days still held
        keep = {i: s for i, s in self.moved.items() if refs[s]}
        keep.update((i, i + self.shift) for i in range(self.base, cut) if refs[i + self.shift])
        if cut == self.base and len(keep) == len(self.moved):
            return  # nothing to forget
        slots = list(keep.values())
        for name in (*PER_ISSUE, *STATE):
            values = getattr(self, name)
            values[:front] = [values[s] for s in slots]
        per_contact = [s * PREDRAWN + n for s in slots for n in range(PREDRAWN)]
        for name in self.per_contact:
            values = getattr(self, name)
            values[: front * PREDRAWN] = [values[k] for k in per_contact]
        self.moved.clear()
        self.moved.update((i, s) for s, i in enumerate(keep))
        self.base = cut
        self.shift = len(keep) - cut

    def end_period(self) -> None:
        """After a review: :meth:`release`, then forget what reviews looked up about the
        days no longer in the lists, keeping the kind and creation of their issues still in
        play (and forgetting those of older issues now out of play)."""
        self.release()
        moved, old_kind, old_created = self.moved, self._old_kind, self._old_created
        for i in old_kind.keys() - moved.keys():
            del old_kind[i], old_created[i]
        gone = []
        while self._recent and self._recent[0].end <= self.base:
            gone.append(self._recent.popleft())
        if not gone or not moved:
            return
        ids = np.fromiter(moved, dtype=np.int64, count=len(moved))
        for day in gone:
            at = ids[(ids >= day.first) & (ids < day.end)] - day.first
            ids_of = (at + day.first).tolist()
            old_kind.update(zip(ids_of, day.kind[at].tolist(), strict=True))
            old_created.update(zip(ids_of, day.arrival[at].tolist(), strict=True))

    def _column(self, name: str, old: dict[int, Any], ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        out = np.zeros(ids.size)
        first = self._recent[0].first if self._recent else self.end
        recent = ids >= first
        if self._recent:
            whole = np.concatenate([getattr(d, name) for d in self._recent])
            out[recent] = whole[ids[recent] - first]
        out[~recent] = [old[i] for i in ids[~recent].tolist()]
        return out

    def kind_of(self, ids: np.ndarray) -> np.ndarray:
        """Kind codes of issues ``ids`` (all contacted since the last review)."""
        return self._column("kind", self._old_kind, ids).astype(np.int64)

    def created_of(self, ids: np.ndarray) -> np.ndarray:
        """Creation times (minutes) of issues ``ids`` (all contacted since the last review)."""
        return self._column("arrival", self._old_created, ids)

    def in_play(self, ids: np.ndarray) -> np.ndarray:
        """Whether each of issues ``ids`` may still be contacted."""
        refs, moved, base, shift = self.refs, self.moved, self.base, self.shift
        return np.fromiter(
            (
                bool(refs[i + shift]) if i >= base else i in moved and bool(refs[moved[i]])
                for i in np.asarray(ids).tolist()
            ),
            dtype=bool,
            count=len(ids),
        )

    def table(self) -> IssueTable:
        """Every issue's table columns (empty unless the store was made with ``keep``)."""
        return IssueTable.concat(self._kept or [])
