"""The headline figures of a run: every key of :data:`supportsim.METRICS`.

What each figure means, its label, unit and range are in the catalogue
(:mod:`supportsim.metrics`); this module only computes them.

Contact-level figures come from a :class:`~supportsim.analysis.tally.ContactTally` (sums
and counts), fed either a whole contacts table (:func:`summarise`) or each period's rows as
the run goes (a run without tables); agent-period figures from the agent-period table,
which both keep. One code path, so both give the same figures.

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
from supportsim.analysis.reliability import icc_from_moments
from supportsim.analysis.scores import first_measured_period
from supportsim.analysis.tally import ContactTally, table_rows
from supportsim.analysis.workforce import workforce_summary
from supportsim.metrics import METRICS
from supportsim.scenario import Scenario


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
    """Compute every figure in :data:`supportsim.METRICS` from a run's tables."""
    tally = ContactTally(sc)
    tally.add(table_rows(contacts, issues))
    return summary_of(sc, tally, agent_periods)


def summary_of(sc: Scenario, tally: ContactTally, agent_periods: pd.DataFrame) -> dict[str, float]:
    """Every figure in :data:`supportsim.METRICS` from a run's contact tally and agent-period table."""
    t = tally.totals
    nan = float("nan")
    n_arr = max(t["arrived"], 1.0)
    n_handled = max(t["handled"], 1.0)

    def ratio(num: float, den: float) -> float:
        return num / den if den else nan

    # a run shorter than warm-up + one period uses what there is
    first_period = first_measured_period(sc)
    if not (agent_periods["period"] >= first_period).any():
        first_period = 0
    ap_all = agent_periods[agent_periods["period"] >= first_period]
    ap = ap_all[ap_all["active"]]  # vacant slots have no truth and no pay
    rated = ap[ap["ratings_n"] > 0]
    since = {k: float(v[first_period:].sum()) for k, v in tally.by_period.items()}
    resolved = int(since["resolved"])
    # pay is in salaries of the period: one salary is salary_per_week for each week of it
    wage_bill = float(ap["pay"].sum()) * sc.money.salary_per_week * sc.run.period_days / 7.0

    if ap.empty:
        icc = nan
    else:  # ratings of the measured agent-periods, blocked by period
        p0 = int(ap["period"].min())
        n = tally.rating_n[p0:]
        block = np.broadcast_to(np.arange(n.shape[0])[:, None], n.shape)
        icc = icc_from_moments(n, tally.rating_mean[p0:], tally.rating_m2[p0:], block).icc

    figures = {
        "rating_noise": _r2_noise(rated["rating_score"], rated["true_service"]),
        "rating_noise_vs_resolution": _r2_noise(rated["rating_score"], rated["true_quality"]),
        "rating_icc": icc,
        "funnel_outside_95": funnel_data(ap, group="period").outside.get("outside_95", nan),
        "negative_from_defects": ratio(t["negative_defect"], t["negative"]),
        "note_quality": ratio(t["note_sum"], t["note_n"]),
        "callback_rate": t["repeats"] / n_handled,
        "short_contact_share": t["short"] / n_handled,
        "contacts_per_issue": ratio(t["issue_contacts"], t["issues"]),
        "fcr": ratio(t["first_resolved"], t["issues"]),
        "p_wait": ratio(t["waited"], t["arrived"]),
        "service_level": t["in_target"] / n_arr,
        "asa_min": ratio(t["answered_wait_sum"], t["answer_waits"]),
        "mean_wait_min": ratio(t["wait_sum"], t["arrived"]),
        "abandon_rate": t["abandoned"] / n_arr,
        "aht_min": ratio(t["handle_sum"], t["handle_n"]),
        "cost_per_resolved": wage_bill / resolved if resolved else nan,
        "pay_quality_corr": _corr(ap["pay"], ap["true_quality"]),
        "true_quality": float(ap["true_quality"].mean()),
        "true_service": float(ap["true_service"].mean()),
        "ratings_per_agent_period": float(ap["ratings_n"].mean()),
        "contacts": float(t["handled"]),
        **workforce_summary(
            sc,
            ap_all,
            contacts=since["handled"],
            surveys_sent=since["surveyed"],
            responses=since["responded"],
            resolved=resolved,
            wage_bill=wage_bill,
        ),
    }
    return {key: figures[key] for key in METRICS}  # in the catalogue's report order
