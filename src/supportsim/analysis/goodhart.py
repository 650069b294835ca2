"""The Goodhart gap: the measured score and true quality, period by period, on one axis.

When a measure becomes a target, agents learn to move the measure; whether the truth moves
with it is what this table shows. Both series are the team mean per period, expressed as
the change since a reference period in units of the standard deviation of that column
over all agent-periods given (mostly the spread between agents), so "the score rose by one agent-SD while
true quality fell by half an agent-SD" reads off one axis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.analysis.scores import rank_correlation, score_values
from supportsim.errors import ConfigError

TRUTH = "true_quality"


def goodhart_gap(
    agent_periods: pd.DataFrame, score: str = "rating_score", reference_period: int | None = None
) -> pd.DataFrame:
    """Per period: team mean of ``score`` and of true quality, standardised, and their gap.

    Parameters
    ----------
    agent_periods
        Agent-period table (measured periods).
    score
        A built-in score name (higher is better).
    reference_period
        Period both series are measured from; default the first period given.

    Returns
    -------
    pandas.DataFrame
        ``period``; ``measured`` and ``truth`` (raw team means); ``measured_z`` and
        ``truth_z`` (change since the reference period in units of the column's standard
        deviation over all agent-periods; 0 when that SD is 0); ``gap`` =
        ``measured_z - truth_z``; ``rho``: Spearman correlation of score and truth across
        agents in the period (the measure's validity; NaN when either is constant).
    """
    df = agent_periods.assign(_score=score_values(agent_periods, score))
    periods = sorted(df["period"].unique())
    if not periods:
        raise ConfigError("goodhart_gap: agent_periods is empty")
    ref = periods[0] if reference_period is None else reference_period
    if ref not in periods:
        raise ConfigError(
            f"reference_period = {ref!r}: not a period of the table ({periods[0]}..{periods[-1]})"
        )
    means = df.groupby("period")[["_score", TRUTH]].mean()
    out = pd.DataFrame(
        {
            "period": means.index,
            "measured": means["_score"].to_numpy(),
            "truth": means[TRUTH].to_numpy(),
        }
    )
    for col, src in (("measured_z", "_score"), ("truth_z", TRUTH)):
        sd = float(df[src].std(ddof=1))
        delta = means[src] - means.loc[ref, src]
        out[col] = (delta / sd).to_numpy() if np.isfinite(sd) and sd > 0 else 0.0
    out["gap"] = out["measured_z"] - out["truth_z"]
    out["rho"] = [rank_correlation(g["_score"], g[TRUTH]) for _, g in df.groupby("period")]
    return out
