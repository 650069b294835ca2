"""Calibrate: every estimator run on one log's calls, gathered in a :class:`Calibration`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from supportsim.calibrate.arrivals import Arrivals, fit_arrivals
from supportsim.calibrate.calls import Calls
from supportsim.calibrate.channels import (
    MIN_BLEND_SHARE,
    Slowdown,
    alone_talk,
    blended_agents,
    chats_held,
    fit_slowdown,
)
from supportsim.calibrate.episodes import WINDOW_H, linked
from supportsim.calibrate.handle import SHORT_SEC, Handle, fit_handle
from supportsim.calibrate.patience import Patience, fit_patience
from supportsim.calibrate.ratings import Ratings, fit_ratings
from supportsim.calibrate.repeats import Repeats, fit_repeats
from supportsim.calibrate.staff import Staffing, fit_staffing
from supportsim.calibrate.values import Est, share
from supportsim.errors import ConfigError
from supportsim.scenario import SCENARIOS, DemandParams, Scenario

#: The least a log must hold to be calibrated.
MIN_CALLS, MIN_DAYS = 100, 5


@dataclass(frozen=True)
class Calibration:
    """What a contact log says about a center: each part's estimates with their intervals
    or fit statistics (``None`` where the log lacks the columns), and the assumptions."""

    calls: Calls
    linked: pd.DataFrame
    arrivals: Arrivals
    handle: Handle | None
    patience: Patience | None
    repeats: Repeats | None
    staffing: Staffing
    ratings: Ratings | None
    level: float
    notes: list[str] = field(default_factory=list)
    chat_patience: Patience | None = None
    """Chat customers' patience (``patience`` is then the phone's), when the log has chats."""
    chat_share: Est | None = None
    """The share of new issues that come by chat, when the log has a channel column."""
    chat_concurrency: int = 0
    """The most chats one agent held at once (0: no chats with a known agent)."""
    chat_slowdown: Slowdown | None = None
    """``chat_slowdown``, estimated from the log or the base's (``None``: no chats with a
    known agent)."""
    blended_agents: int = 0
    """Agents who took both phone and chat (:func:`.channels.blended_agents`)."""

    @property
    def chat_rate(self) -> float:
        """New chats per open hour (the arrival rate x the chat share; 0 without chats)."""
        return self.arrivals.rate.value * (self.chat_share.value if self.chat_share else 0.0)

    @property
    def identified(self) -> bool:
        """Whether customers are identified (retrials and repeats can be linked)."""
        return self.repeats is not None

    @property
    def days(self) -> int:
        """Open days of the log used for the arrival fit."""
        return self.arrivals.days


def _with_base_times(answered: pd.DataFrame, base: Scenario, notes: list[str]) -> pd.DataFrame:
    """Answered calls with missing talk or after-contact times set to ``base``'s means."""
    talk_s = 60 * (
        base.issues.mean_handle_min + base.handling.checklist_min * base.behaviour.ideal_checklist
    )
    acw_s = 60 * base.handling.notes_min * base.behaviour.ideal_notes
    out = answered.assign(
        talk_s=answered["talk_s"].fillna(talk_s), acw_s=answered["acw_s"].fillna(acw_s)
    )
    if answered["talk_s"].isna().all() or answered["acw_s"].isna().all():
        notes.append(
            f"staffing counts the base scenario's talk ({talk_s:.0f} s) or after-contact work"
            f" ({acw_s:.0f} s) where the log has none"
        )
    return out


def _episodes(df: pd.DataFrame) -> pd.Series:
    """An issue number per call: a known customer's calls are one issue until a new one."""
    order = df.sort_values(["known", "customer", "arrive"], kind="stable")
    return pd.Series(order["new"].cumsum().to_numpy(), index=order.index).reindex(df.index)


def calibrate(
    calls: Calls,
    short_sec: float = SHORT_SEC,
    level: float = 0.95,
    base: Scenario | None = None,
    seed: int = 0,
) -> Calibration:
    """Fit arrivals, handle time, patience, retrials and repeats, staffing and ratings to
    ``calls`` (see each estimator's module for the method), at confidence ``level``.
    Where the log has no talk or after-contact times, staffing counts the ``base``
    scenario's (default: ``default``). ``seed`` seeds the chat slowdown's bootstrap."""
    _check_enough(calls, short_sec)
    notes: list[str] = []
    df = linked(calls.frame)
    known = bool(df["known"].any())
    new = df[df["new"]] if known else df
    if known:
        notes.append(
            f"a call within {WINDOW_H:g} h of the same customer's previous call is the same"
            " issue (a retrial or a repeat contact); new issues are the rest"
        )
    else:
        notes.append(
            "no customer ids: every call counts as a new issue, and retrials and repeat"
            " contacts are off in the scenario (the log's offered load is kept)"
        )
    arrivals = fit_arrivals(new["arrive"], level)
    answered = df[df["answered"]]
    base = base or SCENARIOS.get("default")
    answered, places, slowdown = _chats(
        answered, base, notes, level=level, short_s=short_sec, seed=seed
    )
    handle = None
    if calls.has("talk"):
        df["issue"] = _episodes(df)
        talk = answered.assign(issue=df["issue"]).groupby("issue").head(1) if known else answered
        handle = fit_handle(
            talk[talk["talk_s"].notna()],
            new,
            short_sec,
            level,
            "first answered contact of each issue" if known else "every answered contact",
        )
    else:
        notes.append("no talk times: handle time is left at the base scenario's")
    patience, chat_patience = _patience(df, calls.has("wait"), level)
    if not calls.has("wait"):
        notes.append("no waits: patience is left at the base scenario's")
    hours = (arrivals.open_hour, arrivals.close_hour, arrivals.open_weekdays)
    repeats = fit_repeats(df, short_sec, level, hours) if known else None
    demand = DemandParams(
        open_hour=arrivals.open_hour,
        close_hour=arrivals.close_hour,
        open_weekdays=arrivals.open_weekdays,
        intraday_profile=(),
        weekly_profile=(),
    )
    used = arrivals.counts.index[arrivals.counts.sum(axis=1).to_numpy() > 0]
    lines = list(dict.fromkeys(k.line for k in handle.kinds)) if handle else ["main"]
    staffing = fit_staffing(
        _with_base_times(answered, base, notes),
        pd.DatetimeIndex(used),
        demand,
        lines,
    )
    ratings = fit_ratings(answered, level) if calls.has("rating") else None
    if np.isnan(arrivals.daily_cv.value):
        notes.append("too few days to estimate the day-to-day over-dispersion: set to 0")
    chat_share = None
    if "channel" in calls.columns:
        chat_share = share(int((new["channel"] == "chat").sum()), len(new), level)
    parts = (handle, patience, repeats, staffing, ratings)
    chat = (chat_patience, chat_share, places, slowdown, _blended(answered, base, notes))
    return Calibration(calls, df, arrivals, *parts, level, notes, *chat)


def _check_enough(calls: Calls, short_sec: float) -> None:
    """A calibration needs a sensible ``--short-sec`` and enough calls over enough days."""
    if not short_sec >= 0:
        raise ConfigError(f"--short-sec {short_sec!r}: must be a number of seconds >= 0")
    days = calls.frame["arrive"].dt.normalize().nunique()
    if len(calls.frame) < MIN_CALLS or days < MIN_DAYS:
        raise ConfigError(
            f"{calls.source}: {len(calls.frame)} usable calls on {days} day{'s' * (days != 1)};"
            f" a calibration needs at least {MIN_CALLS} calls over {MIN_DAYS} days"
        )


def _chats(
    answered: pd.DataFrame,
    base: Scenario,
    notes: list[str],
    *,
    level: float,
    short_s: float,
    seed: int,
) -> tuple[pd.DataFrame, int, Slowdown | None]:
    """Answered contacts with each chat's talk as if held alone, the most chats one agent
    held at once (0 without chats with a known agent) and the slowdown (the log's, or the
    base's when the log says too little): :mod:`.channels`."""
    if not ((answered["channel"] == "chat") & answered["agent"].notna()).any():
        return answered, 0, None
    held = chats_held(answered)
    slowdown = fit_slowdown(answered, held, base.team.chat_slowdown, level, short_s, seed)
    notes.append(slowdown.note())
    return alone_talk(answered, slowdown.s.value, held), int(held.max()), slowdown


def _blended(answered: pd.DataFrame, base: Scenario, notes: list[str]) -> int:
    """The log's blended agents (0 without a known agent on both channels), with a note."""
    n = blended_agents(answered)
    if n:
        notes.append(
            f"{n} agents took both phone and chat (each channel at least {MIN_BLEND_SHARE:.0%}"
            " of their contacts): blended_agents; blend_reserve is the base's"
            f" ({base.team.blend_reserve}): a log does not show which idle agents were kept"
            " for calls"
        )
    return n


def _patience(
    df: pd.DataFrame, has_wait: bool, level: float
) -> tuple[Patience | None, Patience | None]:
    """(phone, chat) patience fits: each channel's own calls, where some abandoned."""
    if not has_wait:
        return None, None
    chat = (df["channel"] == "chat").to_numpy()
    out: list[Patience | None] = []
    for rows in (~chat, chat):
        sub = df[rows]
        gave_up = ~sub["answered"].to_numpy()
        out.append(
            fit_patience(sub["wait_s"].to_numpy(), gave_up, level) if gave_up.any() else None
        )
    return out[0], out[1]
