"""The scheme contract: what management observes, and what a scheme returns.

A scheme is a small object with one job: turn one period's :class:`Observation` of every
agent into a :class:`Decision` (pay, and who is under threat). It never sees the truth or
the simulation clock. Writing one takes a few lines::

    from supportsim.schemes import Decision, Observation, register_scheme

    @register_scheme("volume_bonus")           # also sets VolumeBonus.name
    class VolumeBonus:
        survey = "stars10"
        review_sample = 0

        def decide(self, obs: Observation, rng) -> Decision:
            return Decision(pay=1.0 + 0.1 * (obs.contacts > obs.contacts.mean()))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

from supportsim.errors import ConfigError


@dataclass(frozen=True)
class Observation:
    """Everything management can see of each agent in one review period.

    Arrays are indexed by agent slot. Counts are floats (so means divide cleanly); a mean
    with no data behind it is NaN.
    """

    period: int
    period_days: int
    staffed_hours: np.ndarray
    """Hours each agent was on duty this period (its shifts, less breaks and vacancy)."""
    scale: str
    contacts: np.ndarray
    talk_min: np.ndarray
    acw_min: np.ndarray
    ratings_n: np.ndarray
    rating_mean: np.ndarray
    negative_n: np.ndarray
    top_box_n: np.ndarray
    """Top-box answers: 9-10 of 10 stars, 5 of 5 (``yes`` on a yes/no question)."""
    reviewed_n: np.ndarray
    review_checklist: np.ndarray
    review_resolved: np.ndarray
    review_notes: np.ndarray
    rating_var: np.ndarray
    """Within-agent variance of its ratings this period (NaN with fewer than two)."""
    surveys_sent: np.ndarray
    expected_handle_min: np.ndarray
    """Handle time the agent's mix of issue kinds would take at the team's average per kind."""
    closures_checked: np.ndarray
    """Contacts whose repeat window ended this period (only if the scheme tracks repeats)."""
    clean_closures: np.ndarray
    """Resolution credit: issues resolved and not back within the window, shared among the
    agents who handled them."""
    active: np.ndarray
    """Slot filled by an agent during the review (vacant slots have no data)."""
    tenure_days: np.ndarray
    standing: np.ndarray
    """Management's record: 0 in good standing, 1 on an improvement plan, 2 on a final warning."""
    stage_left: np.ndarray
    """Days left in the current plan or final warning (see :mod:`supportsim.schemes.ladder`)."""

    @property
    def n_agents(self) -> int:
        """Number of agent slots observed."""
        return int(self.contacts.size)

    @property
    def period_weeks(self) -> float:
        """Length of the review period in weeks (rates per week times this are per period)."""
        return self.period_days / 7.0

    @property
    def negative_share(self) -> np.ndarray:
        """Share of an agent's answered surveys that were negative (NaN with none)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.negative_n / self.ratings_n

    @property
    def top_box_share(self) -> np.ndarray:
        """Share of an agent's answered surveys in the top box (NaN with none)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.top_box_n / self.ratings_n

    @property
    def contacts_per_hour(self) -> np.ndarray:
        """Contacts handled per hour on duty (NaN for an agent never on duty)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.staffed_hours > 0, self.contacts / self.staffed_hours, np.nan)

    @property
    def difficulty_adjusted_handle(self) -> np.ndarray:
        """Handle time relative to what the agent's mix of issue kinds would take (1 = average)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.handle_min / self.expected_handle_min

    @property
    def handle_min(self) -> np.ndarray:
        """Average handle time (talk + after-contact work), minutes."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return (self.talk_min + self.acw_min) / self.contacts


@dataclass(frozen=True)
class Decision:
    """A scheme's verdict for one period.

    * ``pay``: in salaries (1.0 = one period's flat salary), per agent (or one number);
    * ``threatened``: told they are at risk (missed quota...): they copy better-paid peers
      more eagerly;
    * ``flagged``: singled out for an action this period (a warning, a final warning, a
      dismissal): reported as "warned";
    * ``warned``: a written warning this period (it costs morale); by default, a move to
      standing 1;
    * ``standing`` / ``stage_left``: management's new record (see :class:`Observation`);
      a move to 1 is an improvement plan, to 2 a final warning;
    * ``coaching``: coaching sessions given this period (each has a modest real effect);
    * ``dismiss``: agents let go (their slots are refilled after the hiring delay);
    * ``detail``: what each rule decided, per agent, by name (a composed policy's tiers,
      rule pay and groups; the run adds them to its agent-period table). Nothing acts on it.

    Everything but ``pay`` is optional; defaults leave the record unchanged.
    """

    pay: np.ndarray | float
    threatened: np.ndarray | None = None
    flagged: np.ndarray | None = None
    warned: np.ndarray | None = None
    standing: np.ndarray | None = None
    stage_left: np.ndarray | None = None
    coaching: np.ndarray | None = None
    dismiss: np.ndarray | None = None
    detail: Mapping[str, np.ndarray] | None = None

    def checked(self, obs: Observation, scheme: str) -> Decision:
        """Validate shapes and values and fill in the defaults, for the ``n`` agents of ``obs``."""
        n = obs.n_agents

        def arr(value: Any, default: np.ndarray, dtype: type, name: str) -> np.ndarray:
            if value is None:
                return default.astype(dtype, copy=True)
            out: np.ndarray = np.asarray(value, dtype=dtype)
            out = np.broadcast_to(out, (n,)).copy() if out.ndim == 0 else out.copy()
            if out.shape != (n,):
                raise ValueError(
                    f"scheme {scheme!r} returned {name} of shape {out.shape}; expected ({n},)"
                )
            return out

        pay = arr(self.pay, np.zeros(n), float, "pay")
        if not np.all(np.isfinite(pay)):
            raise ValueError(f"scheme {scheme!r} returned non-finite pay: {pay}")
        no = np.zeros(n, dtype=bool)
        standing = arr(self.standing, obs.standing, int, "standing")
        new_plan = (standing == 1) & (obs.standing != 1)
        return Decision(
            pay=pay,
            threatened=arr(self.threatened, no, bool, "threatened"),
            flagged=arr(self.flagged, no, bool, "flagged"),
            warned=arr(self.warned, new_plan, bool, "warned"),
            standing=standing,
            stage_left=arr(self.stage_left, obs.stage_left, int, "stage_left"),
            coaching=arr(self.coaching, np.zeros(n), float, "coaching"),
            dismiss=arr(self.dismiss, no, bool, "dismiss"),
            detail=None
            if self.detail is None
            else {
                k: arr(v, np.zeros(n), np.asarray(v).dtype.type, f"detail[{k!r}]")
                for k, v in self.detail.items()
            },
        )


@runtime_checkable
class Scheme(Protocol):
    """An incentive scheme: reads an :class:`Observation`, returns a :class:`Decision`.

    ``survey`` names the survey scale the center sends, or is a
    :class:`~supportsim.schemes.surveys.Survey` (split questions, display);
    ``review_sample`` is how many contacts per agent per period the scheme wants the
    quality reviewer to score (0 for none). Optional: ``repeat_window_days`` (> 0 to track
    repeat contacts on agents' issues), ``display = "hidden"``, and ``active(period)``
    for a scheme that delegates to others (a schedule), with ``announced(period)`` when a
    switch into ``period`` may be announced to the agents.
    """

    name: ClassVar[str]
    survey: Any

    @property
    def review_sample(self) -> int:
        """Contacts per agent per period the reviewer should score."""
        ...

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Pay and threats for the period."""
        ...


def active_scheme(scheme: Scheme, period: int) -> Scheme:
    """The scheme actually in force in ``period`` (a schedule delegates; others are themselves)."""
    active = getattr(scheme, "active", None)
    return active(period) if callable(active) else scheme


def announced(scheme: Scheme, period: int) -> bool:
    """Whether a switch to another scheme took effect in ``period`` and was announced to
    the agents (a schedule's ``announced(period)``; never for other schemes)."""
    told = getattr(scheme, "announced", None)
    return bool(told(period)) if callable(told) else False


def repeat_window_days(scheme: Scheme) -> float:
    """Days within which a repeat contact counts against a closure (0: not tracked)."""
    return float(getattr(scheme, "repeat_window_days", 0.0) or 0.0)


def check_review_period(scheme: Scheme, period_days: int) -> None:
    """Fail, in one line, if ``scheme`` is written for another review period than the run's
    (a composed policy's ``review``: its ``review_days``)."""
    days = getattr(scheme, "review_days", None)
    if days is None or days == period_days:
        return
    words = {7: "week", 28: "month"}
    raise ConfigError(
        f"scheme {scheme.name!r} reviews every {words.get(days, f'{days} days')} ({days} days)"
        f" but the scenario's review period is {period_days} days: set period_days = {days}"
        f" (--set period_days={days}), or review = {words.get(period_days, 'week')!r} in the policy"
    )
