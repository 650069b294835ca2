"""Call dumping pays under pay per call, and the two truths measure what they say.

Differences are paired by replication (common random numbers) and a claim holds when the
95% paired-t interval excludes zero in the stated direction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import supportsim as ss
from supportsim.analysis.paired import paired_differences
from supportsim.analysis.scores import first_measured_period
from supportsim.analysis.workforce import MATERIAL, material_service, wrongful_warnings


def _ci(d: np.ndarray) -> tuple[float, float]:
    half = stats.t.ppf(0.975, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
    return float(d.mean() - half), float(d.mean() + half)


#: The shortest run that shows it: three measured weekly reviews (checked on seeds 0-3).
DUMPING_DAYS, DUMPING_REPS, DUMPING_SEED = 28, 8, 3


@pytest.fixture(scope="module")
def dumping_runs() -> pd.DataFrame:
    sc = ss.get_scenario("default").replace(call_dumping=True, days=DUMPING_DAYS)
    schemes = ["flat_salary", "per_contact_pay"]
    return ss.compare(sc, schemes, reps=DUMPING_REPS, seed=DUMPING_SEED, jobs=1).runs


@pytest.mark.parametrize("metric", ["short_contact_share", "callback_rate"])
def test_pay_per_call_teaches_call_dumping(dumping_runs: pd.DataFrame, metric: str) -> None:
    """Agents who may dump learn to under pay per call (volume pays), not under a flat
    salary: more very short contacts, and more customers coming back."""
    d = paired_differences(dumping_runs, baseline="flat_salary", metrics=[metric])
    row = d[d["scheme"] == "per_contact_pay"].iloc[0]
    assert row["lo"] > 0, (metric, row["diff"], row["lo"], row["hi"])


def test_agents_who_know_the_formula_dump_where_it_pays() -> None:
    """Best responders (who know the formula and the physics of dumping) dump under pay
    per call, and under pay for resolution too: repeat tracking credits everyone who
    handled an issue, so a dumped customer whom a colleague then helps still earns the
    dumper a share (checked against the world: four agents forced to dump 60% of their
    contacts earn 11% more under resolution pay while the rest earn 3% less). Nobody dumps
    under a flat salary or a star bonus, where it only costs ratings."""
    sc = ss.get_scenario("default").replace(
        call_dumping=True, learning="best_response", days=35, people_dynamics=False
    )
    dumping = {}
    for scheme in ("flat_salary", "star_bonus", "per_contact_pay", "resolution_pay"):
        ap = ss.run(sc, scheme, seed=DUMPING_SEED, tables=False).agent_periods
        dumping[scheme] = float(ap.loc[ap["period"] == ap["period"].max(), "dumping_effort"].mean())
    assert dumping["flat_salary"] == 0.0 and dumping["star_bonus"] == 0.0, dumping
    assert dumping["per_contact_pay"] > 0.5, dumping
    assert dumping["resolution_pay"] > 0.1, dumping


def test_ratings_measure_service_better_than_resolution() -> None:
    """Under flat pay, courtesy and the checklist vary between agents and a rating fairly
    measures them: rating noise against the service truth is lower than against resolution."""
    sc = ss.get_scenario("default").replace(days=28)
    runs = [ss.run(sc, "flat_salary", seed=11, replication=r, tables=False) for r in range(6)]
    service = np.array([r.summary["rating_noise"] for r in runs])
    resolution = np.array([r.summary["rating_noise_vs_resolution"] for r in runs])
    lo, hi = _ci(service - resolution)
    assert hi < 0, (service, resolution, lo, hi)


def test_wrongful_warnings_are_judged_on_the_service_truth() -> None:
    """A forced-ranking warning is wrongful unless the agent's service truth is in the
    bottom group (at or below the flagged share's quantile, and materially below the
    median: half a point of resolution's worth of satisfaction)."""
    sc = ss.get_scenario("default").replace(days=35)
    res = ss.run(sc, "negative_share_ranking", seed=5)
    ap = res.agent_periods
    ap = ap[(ap["period"] >= first_measured_period(sc)) & ap["active"]]
    assert ap["flagged"].any()
    on_service = wrongful_warnings(ap, "true_service", material_service(sc))
    assert res.summary["wrongful_warning_share"] == pytest.approx(on_service)
    assert material_service(sc) == pytest.approx(MATERIAL * (1.2 - -0.5))
