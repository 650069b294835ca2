"""The manager's report: one self-contained HTML page from a :class:`PolicyEvaluation`.

All text from the policy file goes through Jinja2's autoescaping; figures are embedded as
base64 PNG. Rendering computes nothing new: it formats the evaluation's tables.
"""

from __future__ import annotations

import base64
import io
import math
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import jinja2
import pandas as pd
from matplotlib.figure import Figure

from supportsim.analysis.scores import measured_agent_periods
from supportsim.experiments.derived import DERIVED
from supportsim.metrics import BY_KEY, definition, fmt, fmt_ci, label
from supportsim.plots.agents import plot_pay_vs_quality
from supportsim.plots.comparison import plot_paired_differences, plot_scheme_comparison
from supportsim.policy.evaluate import BASELINE, PROPOSED, PolicyEvaluation
from supportsim.policy.headlines import HEADLINES
from supportsim.policy.template import TEMPLATE
from supportsim.policy.verdict import direction

#: Center parameters shown in the report, in this order (others are in the definitions).
CENTER = (
    "agents",
    "arrivals_per_hour",
    "mean_handle_min",
    "defect_share",
    "survey_response",
    "reviewer_hours",
    "days",
    "warmup_days",
    "period_days",
    "salary_per_week",
)


def png_base64(fig: Figure, dpi: int = 100) -> str:
    """A figure as base64-encoded PNG (for a ``data:`` URL)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _cell(stats: pd.DataFrame, scheme: str, key: str) -> tuple[str, str]:
    row = stats[(stats["scheme"] == scheme) & (stats["metric"] == key)]
    if not len(row):
        return "n/a", ""
    r = row.iloc[0]
    return fmt(key, r["mean"]), fmt_ci(key, r["lo"], r["hi"])


def _diff(diffs: pd.DataFrame, key: str) -> tuple[str, str, str]:
    row = diffs[(diffs["scheme"] == PROPOSED) & (diffs["metric"] == key)]
    if not len(row):
        return "n/a", "", ""
    r = row.iloc[0]
    return (
        fmt(key, r["diff"], signed=True),
        fmt_ci(key, r["lo"], r["hi"], signed=True),
        direction(r, key) or "",
    )


def _effects(ev: PolicyEvaluation) -> list[dict[str, str]]:
    rows = []
    present = set(ev.stats["metric"])
    for key in HEADLINES:
        if key not in present:
            continue
        m = BY_KEY[key]
        flat, flat_ci = _cell(ev.stats, BASELINE, key)
        prop, prop_ci = _cell(ev.stats, PROPOSED, key)
        d, d_ci, d_dir = _diff(ev.vs_flat, key)
        row = {
            "label": m.label,
            "why": m.why or m.definition.rstrip("."),
            "flat": flat,
            "flat_ci": flat_ci,
            "proposed": prop,
            "proposed_ci": prop_ci,
            "vs_flat": d,
            "vs_flat_ci": d_ci,
            "vs_flat_dir": d_dir,
        }
        if ev.best is not None and _show_best(ev):
            best, best_ci = _cell(ev.stats, ev.best, key)
            b, b_ci, b_dir = _diff(ev.vs_best, key)
            row.update(best=best, best_ci=best_ci, vs_best=b, vs_best_ci=b_ci, vs_best_dir=b_dir)
        rows.append(row)
    return rows


def _show_best(ev: PolicyEvaluation) -> bool:
    """Whether the report needs columns for the best alternative (not if it is the flat salary)."""
    return ev.best is not None and ev.best != BASELINE


def _bonus_text(ev: PolicyEvaluation) -> str:
    share = ev.mean(PROPOSED, "bonus_to_below_median")
    wrong = ev.mean(PROPOSED, "bonus_misclassified")
    corr = ev.mean(PROPOSED, "pay_quality_corr")
    if not math.isfinite(share):
        return (
            "Under the proposed policy nobody was paid above the lowest pay in the measured"
            " weeks (or pay did not vary), so there is no bonus to compare with merit."
        )
    parts = [
        f"Under the proposed policy, {fmt('bonus_to_below_median', share)} of the bonus money"
        " (pay above the week's lowest) went to agents below the median true quality; about"
        " half would be a lottery, none would be a perfectly fair bonus."
    ]
    if math.isfinite(wrong):
        parts.append(
            f"{100 * wrong:.0f}% of the agents who earned a bonus were not among the truly best"
            " agents of their week (as many best agents as there were bonuses)."
        )
    if math.isfinite(corr):
        parts.append(
            f"The correlation of pay with true quality is {corr:.2f} (1 would be pay for merit,"
            " 0 pay unrelated to it)."
        )
    return " ".join(parts)


def _figures(ev: PolicyEvaluation) -> tuple[dict[str, str], list[dict[str, str]]]:
    ap = measured_agent_periods(ev.policy.scenario, ev.example.agent_periods)
    if "active" in ap:
        ap = ap[ap["active"]]
    varies = ap["pay"].nunique() > 1
    pay = (
        png_base64(plot_pay_vs_quality(ap, subtitle=f"proposed ({ev.policy.scheme})"))
        if varies
        else ""
    )
    keys = [k for k in HEADLINES if k in set(ev.stats["metric"])][:6]
    order = list(dict.fromkeys([PROPOSED, BASELINE, *([ev.best] if ev.best else [])]))
    order += [s for s in dict.fromkeys(ev.stats["scheme"]) if s not in order]
    stats = ev.stats.assign(_o=ev.stats["scheme"].map(order.index)).sort_values("_o", kind="stable")
    gallery = [
        {
            "data": png_base64(plot_scheme_comparison(stats.drop(columns="_o"), keys)),
            "alt": "Every scheme's mean and 95% confidence interval",
            "caption": "Every scheme simulated: mean and 95% confidence interval per figure.",
        },
        {
            "data": png_base64(plot_paired_differences(ev.vs_flat, keys)),
            "alt": "Differences from a flat salary",
            "caption": "Each scheme minus a flat salary, paired by replication, with 95%"
            " confidence intervals: an interval away from zero is a real difference.",
        },
    ]
    return {"pay_vs_quality": pay}, gallery


def _version() -> str:
    try:
        return version("supportsim")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "(development)"


def render_report(ev: PolicyEvaluation) -> str:
    """The evaluation as one self-contained HTML page (a string; the caller writes it).

    Parameters
    ----------
    ev
        :func:`~supportsim.policy.evaluate.evaluate_policy` output.

    Returns
    -------
    str
        HTML5 with inline CSS and embedded PNG figures; no scripts, no external assets.
    """
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    figures, gallery = _figures(ev)
    quality = ev.quality
    shown = [quality, *ev.limits]
    candidates = [
        {"scheme": r["scheme"], "cells": [fmt(k, r[k]) for k in shown], "eligible": r["eligible"]}
        for r in ev.candidates.to_dict("records")
    ]
    sc = ev.policy.scenario
    present = [k for k in HEADLINES if k in set(ev.stats["metric"])]
    extra = [k for k in DERIVED if k in set(ev.runs.columns)]
    context: dict[str, Any] = {
        "policy": ev.policy,
        "params": sorted(ev.policy.params.items()),
        "verdict": ev.verdict,
        "reps": ev.policy.replications,
        "effects": _effects(ev),
        "best": ev.best,
        "show_best": _show_best(ev),
        "best_unconstrained": ev.best_unconstrained,
        "candidate_columns": [label(k) for k in shown],
        "rule": ev.rule,
        "same": list(ev.same_as_proposed),
        "candidates": candidates,
        "bonus_text": _bonus_text(ev),
        "figures": figures,
        "gallery": gallery,
        "center": [(k, getattr(sc, k)) for k in CENTER if hasattr(sc, k)],
        "warmup": sc.warmup_days,
        "definitions": [(k, definition(k)) for k in [*present, *extra]],
        "version": _version(),
    }
    return env.from_string(TEMPLATE).render(**context)
