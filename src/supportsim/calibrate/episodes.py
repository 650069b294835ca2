"""Link each identified customer's calls: new issues, retrials and repeat contacts.

The assumption (stated in every report): a call that comes within :data:`WINDOW_H` hours
of the same customer's previous call ending (the end of the talk, or the hang-up) is about
the same issue, i.e. a retrial after an abandonment or a repeat contact after an answered
one; a customer's first call in the log, or one after a longer gap, is a new issue. Calls
of unknown customers are all new issues.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Hours within which a customer's next call counts as the same issue.
WINDOW_H = 72.0


def linked(frame: pd.DataFrame, window_h: float = WINDOW_H) -> pd.DataFrame:
    """``frame`` (the calls, in arrival order) with the link columns added.

    ``end`` (timestamp the call ended: answer plus talk, or the hang-up), ``gap_before_h``
    (hours from the same customer's previous call's end to this arrival), ``new`` (a new
    issue), ``gap_after_h`` (hours from this call's end to the customer's next arrival),
    ``followed_h`` (hours of log left after this call's end: how long a return could be
    seen) and ``known`` (the customer is identified).
    """
    df = frame.copy()
    wait = pd.to_timedelta(df["wait_s"].fillna(0.0), unit="s")
    talk = pd.to_timedelta(df["talk_s"].fillna(0.0).where(df["answered"], 0.0), unit="s")
    df["end"] = df["arrive"] + wait + talk
    known = df["customer"].notna().to_numpy()
    df["known"] = known
    order = df[known].sort_values(["customer", "arrive"], kind="stable")
    same = order["customer"].to_numpy()[1:] == order["customer"].to_numpy()[:-1]
    arrive = order["arrive"].to_numpy()
    end = order["end"].to_numpy()
    gap = (arrive[1:] - end[:-1]) / np.timedelta64(1, "h")
    before = np.full(len(order), np.nan)
    after = np.full(len(order), np.nan)
    before[1:] = np.where(same, gap, np.nan)
    after[:-1] = np.where(same, gap, np.nan)
    df["gap_before_h"] = pd.Series(before, index=order.index).reindex(df.index)
    df["gap_after_h"] = pd.Series(after, index=order.index).reindex(df.index)
    last = df["arrive"].max()
    df["followed_h"] = (last - df["end"]) / pd.Timedelta(hours=1)
    df["new"] = ~(df["gap_before_h"] <= window_h)
    return df
