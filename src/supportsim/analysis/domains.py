"""The range each reported figure can take, so confidence intervals stay inside it.

A Student-t interval over a handful of replications can reach past a figure's natural
bounds (an attrition rate below zero when few people quit). The true value lies inside
the range, so cutting the interval there loses no coverage; :func:`clip_ci` does that.
"""

from __future__ import annotations

import math

INF = math.inf

SHARE = (0.0, 1.0)
NON_NEGATIVE = (0.0, INF)

#: ``metric -> (lowest, highest)`` value it can take.
DOMAINS: dict[str, tuple[float, float]] = {
    "rating_noise": SHARE,
    "rating_icc": (-INF, 1.0),  # the ANOVA estimator can go below zero
    "funnel_outside_95": SHARE,
    "negative_from_defects": SHARE,
    "note_quality": SHARE,
    "callback_rate": SHARE,
    "contacts_per_issue": (1.0, INF),
    "fcr": SHARE,
    "p_wait": SHARE,
    "service_level": SHARE,
    "asa_min": NON_NEGATIVE,
    "mean_wait_min": NON_NEGATIVE,
    "abandon_rate": SHARE,
    "aht_min": NON_NEGATIVE,
    "cost_per_resolved": NON_NEGATIVE,
    "pay_quality_corr": (-1.0, 1.0),
    "true_quality": SHARE,
    "ratings_per_agent_period": NON_NEGATIVE,
    "contacts": NON_NEGATIVE,
    "mean_morale": SHARE,
    "attrition_rate": NON_NEGATIVE,
    "dismissals": NON_NEGATIVE,
    "warned_share": SHARE,
    "rewarned_share": SHARE,
    "wrongful_warning_share": SHARE,
    "bonus_to_below_median": SHARE,
    "survey_response_rate": SHARE,
    "client_cost_per_resolved": NON_NEGATIVE,
    "outsourcer_margin": (-INF, 1.0),
}


def clip_ci(metric: str, lo: float, hi: float) -> tuple[float, float]:
    """``(lo, hi)`` cut to ``metric``'s range (unchanged for figures with no known range)."""
    low, high = DOMAINS.get(metric, (-INF, INF))
    return max(lo, low), min(hi, high)
