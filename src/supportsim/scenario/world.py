"""Parameter sections of the world outside the team: the run, demand, issues, customers."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic.dataclasses import dataclass

from supportsim.scenario.fields import (
    SECTION_CONFIG,
    NonNeg,
    NonNegInt,
    PosFloat,
    PosInt,
    Prob,
    param,
)

BROWN_2005 = "Brown et al. 2005 (JASA), a bank call center"


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class RunParams:
    """How long a run lasts, how often management reviews, what is measured."""

    days: PosInt = param(
        364,
        "days",
        "Simulated days; the run ends at days x 1440 minutes. One year by default: the"
        " shortest run whose scheme effects mostly settle (experiments/convergence.py).",
    )
    warmup_days: NonNegInt = param(
        7, "days", "Days excluded from every reported figure (queue and callbacks fill up)."
    )
    period_days: PosInt = param(
        7, "days", "Length of a review period: schemes pay and agents learn once per period."
    )
    monitor_interval_min: NonNeg = param(
        0.0, "min", "If > 0, sample the queue length this often (for Little's-law checks)."
    )
    service_level_sec: PosFloat = param(
        20.0, "s", "Answer-time target of the service level (80/20 is the classic target)."
    )
    short_contact_sec: NonNeg = param(
        20.0,
        "s",
        "Talk below this counts as a very short contact (short_contact_share): above the"
        " longest dumped contact, below almost every worked one.",
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.warmup_days >= self.days:
            raise ValueError(f"warmup_days={self.warmup_days} must be < days={self.days}")
        return self


#: Two-humped intraday shape (08:00-18:00), relative weights per open hour.
DEFAULT_INTRADAY = (0.7, 1.1, 1.3, 1.2, 0.9, 0.9, 1.1, 1.1, 0.9, 0.8)
#: Monday-heavy week (Mon-Fri), relative weights per open weekday.
DEFAULT_WEEKLY = (1.15, 1.05, 1.0, 0.95, 0.85)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class DemandParams:
    """When new issues arrive: the rate, open hours, and intraday, weekly and daily variation."""

    arrivals_per_hour: PosFloat = param(
        70.0, "per hour", "Mean rate of new issues per open hour (the profiles average to 1)."
    )
    open_hour: Annotated[int, Field(ge=0, le=23)] = param(
        8, "hour", "Hour of day the center opens (0-23)."
    )
    close_hour: Annotated[int, Field(ge=1, le=24)] = param(
        18, "hour", "Hour of day the center closes (1-24)."
    )
    open_weekdays: Annotated[int, Field(ge=1, le=7)] = param(
        5, "days", "Open days a week, from Monday (1-7)."
    )
    intraday_profile: tuple[PosFloat, ...] = param(
        DEFAULT_INTRADAY, "relative", "Relative arrival rate per open hour; empty means flat."
    )
    weekly_profile: tuple[PosFloat, ...] = param(
        DEFAULT_WEEKLY, "relative", "Relative arrival rate per open weekday; empty means flat."
    )
    daily_rate_cv: NonNeg = param(
        0.16,
        "CV",
        "Day-to-day over-dispersion: CV of a gamma multiplier on each day's rate"
        " (0.16 gives hourly counts with variance about 2.6x the mean at 70/hour).",
        source=BROWN_2005,
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.close_hour <= self.open_hour:
            raise ValueError(f"close_hour={self.close_hour} must be > open_hour={self.open_hour}")
        hours = self.close_hour - self.open_hour
        if self.intraday_profile and len(self.intraday_profile) != hours:
            raise ValueError(
                f"intraday_profile has {len(self.intraday_profile)} entries;"
                f" it needs one per open hour ({hours}) or none"
            )
        if self.weekly_profile and len(self.weekly_profile) != self.open_weekdays:
            raise ValueError(
                f"weekly_profile has {len(self.weekly_profile)} entries;"
                f" it needs one per open weekday ({self.open_weekdays}) or none"
            )
        return self

    @property
    def open_minutes_per_day(self) -> float:
        """Open minutes per open day."""
        return 60.0 * (self.close_hour - self.open_hour)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class IssueKind:
    """A kind of issue: its share of new issues, its relative difficulty and its queue.

    ``difficulty`` multiplies the minutes of work an issue needs (a password reset is a
    fraction of the mean, an investigation several times it); ``defect_weight`` scales
    how likely an issue of this kind is caused by a product defect; ``line`` names the
    product line (queue) it is routed to, whose agents meet that line's product failures;
    ``channel`` is ``"phone"`` (one contact at a time) or ``"chat"`` (an agent holds up to
    ``chat_concurrency`` chats). A line is one queue, so all its kinds share one channel.
    """

    name: str
    share: PosFloat
    difficulty: PosFloat = 1.0
    defect_weight: NonNeg = 1.0
    line: str = "main"
    channel: Literal["phone", "chat"] = "phone"


DEFAULT_KINDS = (
    IssueKind(name="password_reset", share=0.30, difficulty=0.35, defect_weight=0.3),
    IssueKind(name="how_to", share=0.35, difficulty=0.8, defect_weight=0.8),
    IssueKind(name="billing", share=0.20, difficulty=1.2, defect_weight=1.0),
    IssueKind(name="investigation", share=0.15, difficulty=2.6, defect_weight=2.5),
)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class IssueParams:
    """What new issues are: kinds, work, product defects and outages."""

    kinds: tuple[IssueKind, ...] = param(
        DEFAULT_KINDS,
        "-",
        "Kinds of issue (name, share, difficulty, defect_weight, line, channel): password"
        " resets to investigations, all by phone.",
    )
    mean_handle_min: PosFloat = param(
        8.0,
        "min",
        "Mean minutes of talk a new issue needs from an average agent at reference effort.",
        source="assumption (tech-support desks report 6-10 min)",
    )
    handle_dist: Literal["lognormal", "exponential"] = param(
        "lognormal", "-", "Distribution of work within a kind.", source=BROWN_2005
    )
    handle_log_sd: PosFloat = param(
        0.88, "log-sd", "Log-sd of work within a kind (lognormal).", source=BROWN_2005
    )
    defect_share: Prob = param(
        0.15, "share", "Share of new issues caused by a product defect the agent cannot fix."
    )
    mean_fix_days: PosFloat = param(
        10.0, "days", "Mean days until engineering ships a defect's fix (exponential)."
    )
    incidents_per_30_days: NonNeg = param(
        1.0, "per 30 days", "Product outages per 30 days (Poisson); 0 turns incidents off."
    )
    incident_hours: PosFloat = param(
        24.0, "hours", "How long an outage lasts; its defects are fixed when it ends."
    )
    incident_defect_share: Prob = param(
        0.5, "share", "Share of new issues an outage causes while it lasts (common cause)."
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.kinds:
            raise ValueError("kinds must list at least one issue kind")
        channel: dict[str, str] = {}
        for k in self.kinds:
            if channel.setdefault(k.line, k.channel) != k.channel:
                raise ValueError(
                    f"kind {k.name!r}: channel={k.channel!r} on line {k.line!r}, which has"
                    f" {channel[k.line]!r} kinds; a line is one queue of one channel"
                    f' (give the chat kinds their own line, e.g. line = "chat")'
                )
        return self

    @property
    def lines(self) -> tuple[str, ...]:
        """Product lines (queues), in the order they first appear in ``kinds``."""
        return tuple(dict.fromkeys(k.line for k in self.kinds))

    @property
    def line_chat(self) -> tuple[bool, ...]:
        """For each line (in :attr:`lines` order), whether it is a chat queue."""
        chat = {k.line: k.channel == "chat" for k in self.kinds}
        return tuple(chat[line] for line in self.lines)

    @property
    def has_chat(self) -> bool:
        """Whether any kind of issue comes by chat."""
        return any(k.channel == "chat" for k in self.kinds)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class CustomerParams:
    """Customers: patience, retrials, moods, survey habits, and coming back."""

    mean_patience_min: PosFloat | None = param(
        6.0,
        "min",
        "Mean patience in queue (exponential, as in Erlang A); none means infinite.",
        source="Erlang-A form (Palm); the mean is an assumption",
    )
    chat_patience_min: PosFloat | None = param(
        6.0,
        "min",
        "Mean patience of a chat customer waiting for an agent (exponential); none means"
        " infinite. Read only for chat kinds.",
        source="assumption (as the phone's mean_patience_min)",
    )
    retry_prob: Prob = param(0.5, "share", "Chance an abandoning customer tries again.")
    mean_retry_min: PosFloat = param(30.0, "min", "Mean delay before a retry (exponential).")
    leniency_sd: NonNeg = param(
        0.8, "sat units", "Customer-to-customer spread of satisfaction (rating leniency)."
    )
    always_negative_share: Prob = param(
        0.03, "share", "Customers who rate the minimum whatever happened."
    )
    response_propensity_sd: NonNeg = param(
        0.5, "log-sd", "Spread of customers' propensity to answer surveys."
    )
    callback_prob: Prob = param(0.8, "share", "Chance an unresolved issue comes back.")
    defect_return_prob: Prob = param(
        0.6, "share", "Chance a customer with an unfixed defect comes back (else gives up)."
    )
    callback_median_hours: PosFloat = param(
        6.0, "hours", "Median delay until a repeat contact (lognormal: hours to days)."
    )
    callback_log_sd: NonNeg = param(1.0, "log-sd", "Log-sd of the delay until a repeat contact.")
    dump_return_prob: Prob = param(
        0.9, "share", "Chance a customer whose contact was dumped comes back (else gives up)."
    )
    dump_callback_median_min: PosFloat = param(
        15.0,
        "min",
        "Median delay until a dumped customer calls again (lognormal, log-sd callback_log_sd).",
    )
