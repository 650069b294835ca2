"""Figures a sweep adds to a run's summary: who got the bonus against who deserved it.

A key the run's summary already has (see :data:`supportsim.METRICS`) keeps the summary's
value; these fill the gap otherwise.

They come from the run's agent-period table (truth beside pay), measured periods only, via
:func:`supportsim.analysis.ranking.bonus_misclassification`. A run without agent-periods
(or without any bonus) gives NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.analysis.ranking import bonus_misclassification
from supportsim.analysis.scores import measured_agent_periods
from supportsim.analysis.summary import METRICS
from supportsim.runner import RunResult

#: Every derived key, with its one-sentence definition.
DERIVED: dict[str, str] = {
    "bonus_to_below_median": "Share of bonus money (pay above the period's minimum) that went to agents below the period's median true quality, mean over measured periods with a bonus (about 0.5 if the bonus were a lottery; NaN without a bonus).",
    "bonus_misclassified": "Share of bonus recipients who are not among the truly best agents of their period (the top k by true quality, k = number of recipients), mean over measured periods with a bonus.",
}


def derived_metrics(result: RunResult) -> dict[str, float]:
    """The :data:`DERIVED` figures of one run (NaN where they are undefined)."""
    nan = {k: float("nan") for k in DERIVED}
    ap = getattr(result, "agent_periods", None)
    if not isinstance(ap, pd.DataFrame) or ap.empty or "pay" not in ap:
        return nan
    ap = measured_agent_periods(result.scenario, ap)
    if "active" in ap:  # vacant slots have neither pay nor truth
        ap = ap[ap["active"].astype(bool)]
    table = bonus_misclassification(ap)
    if table.empty:
        return nan
    return {
        "bonus_to_below_median": float(np.mean(table["money_below_median"])),
        "bonus_misclassified": float(np.mean(table["misclassified"])),
    }


def definition(key: str) -> str:
    """The one-sentence definition of a figure: :data:`supportsim.METRICS`, else :data:`DERIVED`."""
    return METRICS.get(key) or DERIVED.get(key, "")
