"""The headline figures of a run, each defined in one sentence (:data:`METRICS`).

All figures exclude the warm-up. Contact-level figures use contacts that arrived (queue
figures) or were answered (handling figures) after the warm-up; issue-level figures use
issues created after the warm-up and at least a week (or half the measured window, if
shorter) before the end, so their callbacks had time to happen; agent-period figures use
review periods that start after the warm-up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.analysis.funnel import funnel_data
from supportsim.analysis.rating_noise import rating_icc
from supportsim.analysis.workforce import WORKFORCE_METRICS, workforce_summary
from supportsim.scenario import Scenario
from supportsim.world.calendar import DAY

#: Every summary key, with its one-sentence definition. Order is the report order.
METRICS: dict[str, str] = {
    "rating_noise": "Share of the variance of agents' period rating scores that their true quality does not explain (1 - R^2 over agent-periods).",
    "rating_icc": "Agent share of the variance of single survey answers within a review period (ICC(1), one-way ANOVA over measured agent-periods).",
    "funnel_outside_95": "Share of measured agent-periods whose negative-answer share lies outside the 95% binomial funnel limits around their period's pooled share (about 5% if agents are alike).",
    "negative_from_defects": "Share of negative survey answers that came from contacts about an unfixed product defect.",
    "note_quality": "Mean quality (0-1) of the notes left on answered contacts.",
    "callback_rate": "Repeat contacts (a second or later contact on the same issue) as a share of answered contacts.",
    "contacts_per_issue": "Answered contacts per issue, for issues with at least one answered contact.",
    "fcr": "First-contact resolution: share of issues resolved on their first answered contact.",
    "p_wait": "Share of arrivals that had to wait at all (P(W > 0)).",
    "service_level": "Share of arrivals (answered or abandoned) answered within the service-level target (20 s unless set).",
    "asa_min": "Average speed of answer: mean wait of answered contacts, minutes.",
    "mean_wait_min": "Mean time in queue over all arrivals, abandoned ones included (up to abandonment), minutes.",
    "abandon_rate": "Share of arrivals that abandoned the queue.",
    "aht_min": "Average handle time: talk plus after-contact work per answered contact, minutes.",
    "cost_per_resolved": "Total pay (salaries plus bonuses, in currency) per resolved contact.",
    "pay_quality_corr": "Correlation across agent-periods of pay with true quality (NaN when pay does not vary).",
    "true_quality": "Mean true quality: chance of resolving a standard solvable issue on first contact.",
    "ratings_per_agent_period": "Mean number of survey answers per agent per review period.",
    "contacts": "Answered contacts after the warm-up.",
    **WORKFORCE_METRICS,
}

ABANDONED, SERVED = "abandoned", "served"


def _r2_noise(score: pd.Series, truth: pd.Series) -> float:
    ok = score.notna() & truth.notna()
    x, y = truth[ok].to_numpy(), score[ok].to_numpy()
    if x.size < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    r = float(np.corrcoef(x, y)[0, 1])
    return 1.0 - r * r


def _corr(a: pd.Series, b: pd.Series) -> float:
    x, y = a.to_numpy(dtype=float), b.to_numpy(dtype=float)
    if x.size < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def summarise(
    sc: Scenario,
    contacts: pd.DataFrame,
    issues: pd.DataFrame,
    agent_periods: pd.DataFrame,
) -> dict[str, float]:
    """Compute every figure in :data:`METRICS` from a run's tables."""
    warm = sc.warmup_days * DAY
    horizon = sc.days * DAY

    arrived = contacts[(contacts["arrive_min"] >= warm) & (contacts["status"] != "open")]
    answered = arrived[arrived["status"] == SERVED]
    waited = arrived["wait_min"].to_numpy()
    abandoned = (arrived["status"] == ABANDONED).to_numpy()
    n_arr = max(len(arrived), 1)

    handled = contacts[
        (contacts["seq"] >= 0) & (contacts["start_min"] >= warm) & (contacts["status"] == SERVED)
    ]
    n_handled = max(len(handled), 1)
    negative = handled[handled["negative"]]

    censor = min(7 * DAY, (horizon - warm) / 2)
    window = issues[(issues["created_min"] >= warm) & (issues["created_min"] < horizon - censor)]
    window = window[window["contacts"] > 0]

    first_period = int(np.ceil(sc.warmup_days / sc.period_days))
    ap_all = agent_periods[agent_periods["period"] >= first_period]
    if ap_all.empty:  # a run shorter than warm-up + one period: use what there is
        ap_all, first_period = agent_periods, 0
    ap = ap_all[ap_all["active"]]  # vacant slots have no truth and no pay
    rated = ap[ap["ratings_n"] > 0]
    period_start = first_period * sc.period_days * DAY
    resolved = int(
        ((handled["outcome"] == "resolved") & (handled["start_min"] >= period_start)).sum()
    )
    wage_bill = float(ap["pay"].sum()) * sc.salary_per_period
    measured = (
        contacts[(contacts["seq"] >= 0) & (contacts["period"] >= ap["period"].min())]
        if not ap.empty
        else contacts[:0]
    )

    return {
        "rating_noise": _r2_noise(rated["rating_score"], rated["true_quality"]),
        "rating_icc": rating_icc(measured).icc,
        "funnel_outside_95": funnel_data(ap, group="period").outside.get(
            "outside_95", float("nan")
        ),
        "negative_from_defects": float(negative["defect"].mean())
        if len(negative)
        else float("nan"),
        "note_quality": float(handled["note_quality"].mean()),
        "callback_rate": float((handled["seq"] > 0).sum() / n_handled),
        "contacts_per_issue": float(window["contacts"].mean()) if len(window) else float("nan"),
        "fcr": float(window["resolved_first_contact"].mean()) if len(window) else float("nan"),
        "p_wait": float(np.mean(waited > 1e-9)) if len(arrived) else float("nan"),
        "service_level": float(
            np.sum(~abandoned & (waited <= sc.service_level_sec / 60.0)) / n_arr
        ),
        "asa_min": float(answered["wait_min"].mean()),
        "mean_wait_min": float(np.mean(waited)) if len(arrived) else float("nan"),
        "abandon_rate": float(abandoned.sum() / n_arr),
        "aht_min": float(handled["handle_min"].mean()),
        "cost_per_resolved": wage_bill / resolved if resolved else float("nan"),
        "pay_quality_corr": _corr(ap["pay"], ap["true_quality"]),
        "true_quality": float(ap["true_quality"].mean()),
        "ratings_per_agent_period": float(ap["ratings_n"].mean()),
        "contacts": float(len(handled)),
        **workforce_summary(
            sc, handled[handled["start_min"] >= period_start], ap_all, resolved, wage_bill
        ),
    }
