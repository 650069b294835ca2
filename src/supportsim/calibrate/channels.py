"""Chat in a contact log: how many chats an agent holds at once, how much each other chat
held slows a chat, and the talk a chat would have taken alone.

A chat holds its agent's place from the answer to the end of its talk and after-chat
work. :func:`chats_held` counts, at each chat's answer, the chats its agent then held
(itself included); a chat agent's places are the most held at once. :func:`fit_slowdown`
estimates the model's slowdown ``s`` (a chat's talk is x ``1 + s (n - 1)`` at that count;
docs/model.md, Chat) from the talks against the counts, and :func:`alone_talk` divides
each chat's talk by it, so the calibrated kinds carry the talk of a chat held alone and
the slowdown is not counted twice when the calibrated center runs. Times in a log are
whole seconds, so a chat that ends within ``slack_s`` of another's start is not counted
as overlapping it (in the model a place is taken again the moment it is freed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from supportsim.calibrate.values import Est

#: Fewer chats answered while their agent held another than this: the log says too little
#: about the slowdown, and the base's is kept.
MIN_SHARED = 30
#: The slowdowns searched (a chat held with two others more than 7x slower is not a chat).
MAX_SLOWDOWN = 3.0
#: An agent counts as blended when each channel is at least this share of its answered
#: contacts (a stray transfer does not make a phone agent blended).
MIN_BLEND_SHARE = 0.05
#: Bootstrap draws for the interval.
DRAWS = 200
#: The bootstrap's own stream of the seed (the pilot runs take the same seed).
SLOWDOWN_STREAM = 7


def chats_held(answered: pd.DataFrame, slack_s: float = 2.0) -> pd.Series:
    """Chats the agent held when each chat of ``answered`` was answered, itself included
    (``channel``, ``agent``, ``arrive``, ``wait_s``, ``talk_s``, ``acw_s``); 1 for calls
    and for chats without a known agent."""
    out = pd.Series(1, index=answered.index, dtype=np.int64)
    chats = answered[(answered["channel"] == "chat") & answered["agent"].notna()]
    if chats.empty:
        return out
    start = (chats["arrive"] - chats["arrive"].min()).dt.total_seconds().to_numpy()
    start = start + chats["wait_s"].fillna(0.0).to_numpy()
    end = start + chats["talk_s"].fillna(0.0).to_numpy() + chats["acw_s"].fillna(0.0).to_numpy()
    held = np.ones(len(chats), dtype=np.int64)
    for idx in chats.groupby("agent", sort=False).indices.values():
        n = len(idx)
        times = np.concatenate([start[idx], end[idx] - slack_s])
        steps = np.concatenate([np.ones(n, dtype=np.int64), -np.ones(n, dtype=np.int64)])
        order = np.lexsort((steps, times))  # at one time, ends before starts
        count = np.cumsum(steps[order])
        is_start = order < n
        held[idx[order[is_start]]] = count[is_start]
    out[chats.index] = held
    return out


def alone_talk(answered: pd.DataFrame, slowdown: float, held: pd.Series) -> pd.DataFrame:
    """``answered`` with each chat's talk divided by ``1 + slowdown (held - 1)``."""
    if slowdown == 0.0 or not (held > 1).any():
        return answered
    return answered.assign(talk_s=answered["talk_s"] / (1.0 + slowdown * (held - 1)))


@dataclass(frozen=True)
class Slowdown:
    """``chat_slowdown`` for the calibrated scenario: the log's estimate with its bootstrap
    interval (``estimated``), or the base's value (no interval) when too few chats were
    answered while their agent held another."""

    s: Est
    chats: int
    """Chats fitted (answered by a known agent, talk at least the short-contact cut)."""
    shared: int
    """Of which answered while the agent held another chat."""
    estimated: bool

    def note(self) -> str:
        """The assumption line for the summary and the scenario file's header."""
        if self.estimated:
            return (
                f"chat_slowdown {self.s.text('.3f')} is estimated from the log (log talk = agent"
                " x type effect + log(1 + s (chats held - 1)); interval by resampling"
                " agent-days), and each chat's talk is divided by 1 + s (chats held - 1) to"
                " give the talk of a chat held alone"
            )
        return (
            f"chat_slowdown {self.s.value:g} is the base's: only {self.shared} chats were"
            f" answered while their agent held another ({MIN_SHARED} are needed to estimate"
            " it); each chat's talk is divided by 1 + s (chats held - 1) with it"
        )


@dataclass(frozen=True)
class _Design:
    """The chats the slowdown is fitted to: log talk ``y`` (centred), chats held ``h``,
    agent x type group and agent-day block codes."""

    y: np.ndarray
    h: np.ndarray
    group: np.ndarray
    block: np.ndarray


def _design(answered: pd.DataFrame, held: pd.Series, short_s: float) -> _Design:
    """Answered chats with a known agent and a talk of at least ``short_s`` (and above 0:
    short contacts are often dropped chats, and the log of 0 is not a talk)."""
    talk = answered["talk_s"].to_numpy(dtype=float, na_value=np.nan)
    use = (
        (answered["channel"] == "chat").to_numpy()
        & answered["agent"].notna().to_numpy()
        & (talk >= short_s)
        & (talk > 0)
    )
    rows = answered[use]
    y = np.log(talk[use]) if use.any() else np.zeros(0)
    group = rows.groupby(["agent", "type"], sort=False).ngroup().to_numpy()
    block = rows.groupby(["agent", rows["arrive"].dt.normalize()], sort=False).ngroup().to_numpy()
    # centred: the sums of squares below subtract large, nearly equal numbers otherwise
    h = held.reindex(answered.index).to_numpy(dtype=float)[use]
    return _Design(y - y.mean() if len(y) else y, h, group, block)


def _rss(s: float, d: _Design, w: np.ndarray) -> float:
    """The weighted residual sum of squares of ``y - log(1 + s (h - 1))`` about its agent x
    type means: the profile of the Gaussian likelihood in ``s`` (the groups' effects and
    the common variance profiled out)."""
    z = d.y - np.log1p(s * (d.h - 1.0))
    wz = w * z
    n_g = np.bincount(d.group, weights=w)
    sum_g = np.bincount(d.group, weights=wz)
    seen = n_g > 0
    return float(wz @ z - np.sum(sum_g[seen] ** 2 / n_g[seen]))


def _argmin(d: _Design, w: np.ndarray) -> float:
    """The ``s`` in [0, :data:`MAX_SLOWDOWN`] that minimises :func:`_rss`: the best of a
    grid, refined by bounded Brent between its neighbours (so a second dip elsewhere in
    the range is not missed)."""
    grid = np.linspace(0.0, MAX_SLOWDOWN, 31)
    i = int(np.argmin([_rss(s, d, w) for s in grid]))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    res = optimize.minimize_scalar(
        _rss, bounds=(lo, hi), args=(d, w), method="bounded", options={"xatol": 1e-4}
    )
    return float(res.x) if res.fun <= _rss(grid[i], d, w) else float(grid[i])


def fit_slowdown(
    answered: pd.DataFrame,
    held: pd.Series,
    base_s: float,
    level: float = 0.95,
    short_s: float = 0.0,
    seed: int = 0,
    draws: int = DRAWS,
) -> Slowdown:
    """Estimate ``chat_slowdown`` from answered chats (``channel``, ``agent``, ``type``,
    ``arrive``, ``talk_s``) and the chats their agent held at the answer (``held``, from
    :func:`chats_held`).

    In the model a chat's talk is its kind's lognormal work, times its agent's speed, times
    ``1 + s (held - 1)``, so ``log talk = a[agent, type] + log(1 + s (held - 1)) + e`` with
    ``e`` normal of one variance. For each ``s`` the agent x type means are removed (a
    slow agent finishes later and so holds more chats at once, which would otherwise be
    read as slowdown; so would long types that come more at busy hours, or to agents who
    hold more) and the residual sum of squares is the profile likelihood; the estimate
    minimises it over [0, :data:`MAX_SLOWDOWN`].

    The interval is a percentile bootstrap over agent-days (``draws`` resamples of the
    agents' days with replacement, the groups' effects re-fitted on each). Why agent-days:
    with the agents' effects fitted, inference is conditional on the agents, and what
    repeats independently is an agent's day; the chats of one day share their held counts
    (a long chat raises the count of the next ones) and whatever moves an agent that day,
    which an interval treating chats as independent (the Gaussian profile-likelihood
    interval) would ignore, and a chat team is often too few agents (8 in ``chat_team``)
    for a bootstrap over agents. Nor does it lean on talk being exactly lognormal.

    With fewer than :data:`MIN_SHARED` chats answered while their agent held another the
    log says little about ``s``: the base's ``base_s`` is returned, ``estimated`` False.
    """
    d = _design(answered, held, short_s)
    shared = int((d.h > 1).sum())
    if shared < MIN_SHARED:
        return Slowdown(Est(base_s), len(d.y), shared, estimated=False)
    point = _argmin(d, np.ones(len(d.y)))
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(SLOWDOWN_STREAM,)))
    blocks = int(d.block.max()) + 1
    boot = np.array(
        [
            _argmin(d, np.bincount(rng.integers(blocks, size=blocks), minlength=blocks)[d.block])
            for _ in range(draws)
        ]
    )
    alpha = 1.0 - level
    lo, hi = np.quantile(boot, [alpha / 2, 1.0 - alpha / 2])
    return Slowdown(Est(point, float(lo), float(hi)), len(d.y), shared, estimated=True)


def blended_agents(answered: pd.DataFrame, min_share: float = MIN_BLEND_SHARE) -> int:
    """Agents of ``answered`` (``agent``, ``channel``) who took both channels, each for at
    least ``min_share`` of their contacts: the log's ``blended_agents``."""
    known = answered[answered["agent"].notna()]
    if known.empty:
        return 0
    chat = (known["channel"] == "chat").groupby(known["agent"]).mean()
    return int(((chat >= min_share) & (chat <= 1.0 - min_share)).sum())
