"""Workforce, fairness and money figures of a run: warnings, attrition, who gets the bonus,
and the contract between client and outsourcer. Pure functions of the run's tables.

Their definitions are in the catalogue (:mod:`supportsim.metrics`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.analysis.bonus import bonus_figures
from supportsim.scenario import Scenario

#: Days in an average month (365.25 / 12).
MONTH_DAYS = 365.25 / 12.0
#: True quality this far below the median counts as "materially" worse (half a point of FCR).
MATERIAL = 0.005


def material_service(sc: Scenario) -> float:
    """The service-truth gap that counts as "materially" worse: what half a point of
    resolution is worth in satisfaction, ``MATERIAL * (sat_resolved - sat_unresolved)``."""
    return MATERIAL * (sc.surveys.sat_resolved - sc.surveys.sat_unresolved)


def _rewarned(ap: pd.DataFrame) -> float:
    """P(flagged in p+1 | flagged in p) for the same agent (no departure in between)."""
    nxt = ap[["agent", "period", "flagged", "active", "hired_day"]].copy()
    nxt["period"] -= 1
    both = ap.merge(nxt, on=["agent", "period"], suffixes=("", "_next"))
    same = both["active_next"] & (both["hired_day"] == both["hired_day_next"]) & ~both["left"]
    warned = both[both["flagged"] & same]
    return float(warned["flagged_next"].mean()) if len(warned) else float("nan")


def wrongful_warnings(ap: pd.DataFrame, truth: str, material: float) -> float:
    """Share of flagged agent-periods whose truth (column ``truth``) did not put them in the
    bottom group: at or below the team's quantile at the flagged share and more than
    ``material`` below the period's median."""
    wrong, total = 0, 0
    for _, g in ap.groupby("period"):
        flagged = g["flagged"].to_numpy()
        if not flagged.any():
            continue
        tq = g[truth].to_numpy()
        cut = np.quantile(tq, flagged.mean())
        truly_bottom = (tq <= cut + 1e-12) & (tq < np.median(tq) - material)
        wrong += int((flagged & ~truly_bottom).sum())
        total += int(flagged.sum())
    return wrong / total if total else float("nan")


def _bonus_below_median(ap: pd.DataFrame) -> float:
    below, total = 0.0, 0.0
    for _, g in ap.groupby("period"):
        bonus = g["pay"].to_numpy() - g["pay"].min()
        tq = g["true_quality"].to_numpy()
        below += float(bonus[tq < np.median(tq)].sum())
        total += float(bonus.sum())
    return below / total if total > 1e-12 else float("nan")


def workforce_summary(
    sc: Scenario,
    agent_periods: pd.DataFrame,
    *,
    contacts: float,
    surveys_sent: float,
    responses: float,
    resolved: int,
    wage_bill: float,
) -> dict[str, float]:
    """The workforce, fairness and money figures of :data:`supportsim.METRICS`.

    ``agent_periods`` are the measured ones; ``contacts`` the answered contacts in the same
    window, ``surveys_sent`` and ``responses`` their surveys and answers; ``resolved`` and
    ``wage_bill`` as in the main summary.
    """
    ap = agent_periods[agent_periods["active"]]
    days = sc.run.period_days * agent_periods["period"].nunique()
    headcount = len(ap) / max(agent_periods["period"].nunique(), 1)
    # Quits are counted by their chances, not by the coin flips that drew them: the sum of
    # each agent-period's quit chance is an unbiased estimate of the expected quits (their
    # compensator; conditional Monte Carlo) and carries none of the flips' noise, which is
    # most of a year's (about 10 quits among 25 agents). ``observed_attrition_rate`` keeps
    # the count. Dismissals follow the scheme's rules, so they are counted.
    quits = float(agent_periods["quit_chance"].sum())
    dismissed = float(agent_periods["dismissed"].sum())
    observed = float(agent_periods["quit"].sum()) + dismissed

    def per_year(count: float) -> float:
        return count / headcount * 365.0 / days if headcount and days else float("nan")

    month = sc.money.salary_per_week * MONTH_DAYS / 7.0  # currency of one salary a month
    sent = int(surveys_sent)
    if sc.money.contract == "per_contact":
        bill = sc.money.price_per_contact * contacts
    else:
        bill = sc.money.price_per_resolution * resolved
    duty = float(ap["hours_on_duty"].sum())
    return {
        "agent_hours_per_week": float(ap["hours_on_duty"].mean()) * 7.0 / sc.run.period_days
        if len(ap)
        else float("nan"),
        "occupancy": float(ap["busy_min"].sum()) / (60.0 * duty) if duty > 0 else float("nan"),
        "mean_morale": float(ap["morale"].mean()),
        "attrition_rate": per_year(quits + dismissed),
        "quit_rate": per_year(quits),
        "dismissal_rate": per_year(dismissed),
        "dismissals": dismissed,
        "observed_attrition_rate": per_year(observed),
        "wages_per_agent_month": float(ap["pay"].mean()) * month if len(ap) else float("nan"),
        "bonus_per_agent_month": float((ap["pay"] - 1.0).clip(lower=0.0).mean()) * month
        if len(ap)
        else float("nan"),
        "warned_share": float(ap["flagged"].mean()),
        "rewarned_share": _rewarned(agent_periods),
        "wrongful_warning_share": wrongful_warnings(ap, "true_service", material_service(sc)),
        "bonus_to_below_median": _bonus_below_median(ap),
        **bonus_figures(agent_periods),
        "survey_response_rate": float(responses / sent) if sent else float("nan"),
        "client_cost_per_resolved": bill / resolved if resolved else float("nan"),
        "outsourcer_margin": (bill - wage_bill) / bill if bill > 0 else float("nan"),
    }
