"""Open hours: when the center takes contacts, and where a closed-hours call lands."""

from __future__ import annotations

from supportsim.scenario import DemandParams

DAY = 1440.0
WEEK = 7 * DAY


class Calendar:
    """Open hours of a scenario (all times in minutes from the start, a Monday 00:00)."""

    def __init__(self, demand: DemandParams) -> None:
        self.open_min = demand.open_hour * 60.0
        self.close_min = demand.close_hour * 60.0
        self.open_weekdays = demand.open_weekdays
        self.always_open = (
            demand.open_hour == 0 and demand.close_hour == 24 and demand.open_weekdays == 7
        )

    def is_open(self, t: float) -> bool:
        """Whether the center takes contacts at time ``t``."""
        if self.always_open:
            return True
        day, tod = divmod(t, DAY)
        return int(day) % 7 < self.open_weekdays and self.open_min <= tod < self.close_min

    def next_open(self, t: float) -> float:
        """The next opening at or after ``t`` (``t`` itself when open)."""
        if self.is_open(t):
            return t
        day = int(t // DAY)
        if t - day * DAY >= self.open_min:
            day += 1
        while day % 7 >= self.open_weekdays:
            day += 1
        return day * DAY + self.open_min

    def defer(self, t: float) -> float:
        """Move a customer's intended contact time into open hours.

        A customer who would call while closed calls after the next opening, spread over
        the first two open hours in the same order as their intended times (no randomness
        needed, so common random numbers are kept).
        """
        if self.is_open(t):
            return t
        opening = self.next_open(t)
        closed_since = self._last_close(t)
        share = (t - closed_since) / max(opening - closed_since, 1e-9)
        return opening + 120.0 * share

    def _last_close(self, t: float) -> float:
        day = int(t // DAY)
        while True:
            close = day * DAY + self.close_min
            if day % 7 < self.open_weekdays and close <= t:
                return close
            day -= 1
