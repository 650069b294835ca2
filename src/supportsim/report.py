"""Text and JSON renderings of a run's summary and of a scheme comparison (no computation here)."""

from __future__ import annotations

import json
import math
from typing import Any

from supportsim.metrics import METRICS
from supportsim.runner import Comparison, RunResult

#: Short labels for the text report.
LABELS: dict[str, str] = {
    "rating_noise": "rating noise (1 - R^2 vs true quality)",
    "negative_from_defects": "negative ratings from defects",
    "note_quality": "note quality (0-1)",
    "callback_rate": "callback rate (repeats / contacts)",
    "contacts_per_issue": "contacts per issue",
    "fcr": "first-contact resolution",
    "p_wait": "P(wait > 0)",
    "service_level": "service level",
    "asa_min": "average speed of answer (min)",
    "mean_wait_min": "mean wait, all arrivals (min)",
    "abandon_rate": "abandonment",
    "aht_min": "average handle time (min)",
    "cost_per_resolved": "cost per resolved contact",
    "pay_quality_corr": "corr(pay, true quality)",
    "true_quality": "true quality (P resolve, 1st contact)",
    "ratings_per_agent_period": "ratings per agent per period",
    "contacts": "contacts answered",
    "rating_icc": "agent share of rating variance (ICC)",
    "funnel_outside_95": "agents outside 95% funnel limits",
    "mean_morale": "mean morale (0-1)",
    "attrition_rate": "attrition per year",
    "dismissals": "dismissals",
    "warned_share": "agent-periods warned",
    "rewarned_share": "warned again next period",
    "wrongful_warning_share": "warnings to agents not truly bottom",
    "bonus_to_below_median": "bonus money to below-median agents",
    "survey_response_rate": "survey response rate",
    "client_cost_per_resolved": "client's cost per resolved contact",
    "outsourcer_margin": "outsourcer's margin",
}


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _fmt(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3f}" if abs(x) < 10 else f"{x:.2f}"


def run_json(result: RunResult) -> str:
    """The run's summary as JSON (NaN becomes null)."""
    doc: dict[str, Any] = {
        "scenario": result.scenario.name,
        "scheme": result.scheme,
        "seed": result.seed,
        "replication": result.replication,
        "summary": {k: _num(v) for k, v in result.summary.items()},
    }
    return json.dumps(doc, indent=2)


def run_text(result: RunResult) -> str:
    """A readable summary of one run."""
    sc = result.scenario
    lines = [
        f"supportsim run: scheme {result.scheme} on scenario {sc.name} "
        f"(seed {result.seed}, replication {result.replication})",
        f"{sc.agents} agents, {sc.days} days, warm-up {sc.warmup_days} days, "
        f"reviews every {sc.period_days} days",
        "",
    ]
    width = max(len(v) for v in LABELS.values())
    for key, value in result.summary.items():
        lines.append(f"  {LABELS.get(key, key):<{width}}  {_fmt(value)}")
    return "\n".join(lines)


def compare_json(cmp: Comparison) -> str:
    """Means and CI bounds per scheme and metric, as JSON."""
    schemes: dict[str, dict[str, dict[str, float | None]]] = {}
    for row in cmp.table.itertuples(index=False):
        schemes.setdefault(str(row.scheme), {})[str(row.metric)] = {
            "mean": _num(float(row.mean)),
            "lo": _num(float(row.lo)),
            "hi": _num(float(row.hi)),
        }
    doc = {
        "scenario": cmp.scenario.name,
        "seed": cmp.seed,
        "reps": cmp.reps,
        "confidence": 0.95,
        "schemes": schemes,
    }
    return json.dumps(doc, indent=2)


def compare_text(cmp: Comparison) -> str:
    """A metric x scheme table of means with 95% confidence intervals."""
    order = list(dict.fromkeys(cmp.runs["scheme"]))
    cells: dict[tuple[str, str], str] = {}
    for row in cmp.table.itertuples(index=False):
        m, lo, hi = float(row.mean), float(row.lo), float(row.hi)
        ci = "" if math.isnan(lo) else f" [{_fmt(lo)}, {_fmt(hi)}]"
        cells[(str(row.metric), str(row.scheme))] = f"{_fmt(m)}{ci}"
    label_w = max(len(LABELS.get(k, k)) for k in METRICS)
    col_w = {s: max(len(s), *(len(cells.get((k, s), "")) for k in METRICS)) for s in order}
    header = " " * label_w + "  " + "  ".join(f"{s:>{col_w[s]}}" for s in order)
    lines = [
        f"supportsim compare: scenario {cmp.scenario.name}, {cmp.reps} replications per scheme, "
        f"seed {cmp.seed}, common random numbers; mean [95% CI]",
        "",
        header,
    ]
    for key in METRICS:
        row_cells = "  ".join(f"{cells.get((key, s), 'n/a'):>{col_w[s]}}" for s in order)
        lines.append(f"{LABELS.get(key, key):<{label_w}}  {row_cells}")
    return "\n".join(lines)
