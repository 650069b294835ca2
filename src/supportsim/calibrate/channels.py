"""Chat in a contact log: how many chats an agent holds at once, and the talk a chat
would have taken alone.

A chat holds its agent's place from the answer to the end of its talk and after-chat
work. :func:`chats_held` counts, at each chat's answer, the chats its agent then held
(itself included); a chat agent's places are the most held at once, and a chat's talk is
divided by the model's slowdown ``1 + s (n - 1)`` at that count (docs/model.md, Chat), so
the calibrated kinds carry the talk of a chat held alone and the slowdown is not counted
twice when the calibrated center runs. Times in a log are whole seconds, so a chat that
ends within ``slack_s`` of another's start is not counted as overlapping it (in the model
a place is taken again the moment it is freed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


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
