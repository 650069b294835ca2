"""The figures a manager's report leads with, and those its verdict weighs.

What each figure means, its label, which way is better, how it prints and why a manager
should care all come from the catalogue (:mod:`supportsim.metrics`); this module only
chooses. Only figures present in the runs are shown, so a summary key added later (or
missing) is handled without code changes here.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The report's headline figures, in the order it shows them (each has a ``better``
#: direction and a ``why`` sentence in the catalogue).
HEADLINES: tuple[str, ...] = (
    "rating_noise",
    "note_quality",
    "callback_rate",
    "fcr",
    "true_quality",
    "cost_per_resolved",
    "attrition_rate",
    "pay_quality_corr",
    "bonus_to_below_median",
)
#: Figures that describe the service customers get (a clear worsening is a reason to stop).
SERVICE = ("callback_rate", "note_quality", "true_quality", "fcr", "attrition_rate")
COST = "cost_per_resolved"
#: Bonus payments (agent-periods paid above a flat salary, over all replications) needed
#: before the report says whom the bonus rewards: with fewer, the share of the money going
#: to below-median agents is too uncertain to state (its interval spans most of 0-100%).
MIN_EVENTS = 40
#: A bonus earned in fewer agent-periods than this share is one "almost nobody" earns.
ALMOST_NOBODY = 0.05


def quality_key(available: Sequence[str]) -> str:
    """The figure that ranks alternatives: ``true_quality`` if present, else ``fcr``."""
    for key in ("true_quality", "fcr", "callback_rate"):
        if key in available:
            return key
    raise ValueError("runs have none of true_quality, fcr, callback_rate")
