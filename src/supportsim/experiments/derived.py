"""Figures a sweep adds to a run's summary: are the bonus recipients the truly best agents?

These are the catalogue's figures that are not in every run's summary (``summary=False``
in :mod:`supportsim.metrics`); a key the summary already has keeps the summary's value.

They come from the run's agent-period table (truth beside pay), measured periods only, via
:func:`supportsim.analysis.ranking.bonus_misclassification`. A run without agent-periods
(or without any bonus) gives NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.analysis.ranking import bonus_misclassification
from supportsim.analysis.scores import measured_agent_periods
from supportsim.metrics import CATALOGUE
from supportsim.runner import RunResult

#: Every derived key, with its one-sentence definition (from the catalogue).
DERIVED: dict[str, str] = {m.key: m.definition for m in CATALOGUE if not m.summary}


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
    return {"bonus_misclassified": float(np.mean(table["misclassified"]))}
