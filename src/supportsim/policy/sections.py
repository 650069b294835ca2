"""The report's sections as data: the effects table, who gets the bonus, the figures.

Each function formats an evaluation's tables; nothing here simulates or estimates anything
new, and every number goes through the catalogue's formatter (one number, one value).
"""

from __future__ import annotations

import base64
import io
import math

import pandas as pd
from matplotlib.figure import Figure

from supportsim.analysis.scores import measured_agent_periods
from supportsim.metrics import BY_KEY, fmt, fmt_ci
from supportsim.plots._style import series_colours
from supportsim.plots.agents import plot_pay_vs_quality
from supportsim.plots.comparison import plot_paired_differences, plot_scheme_comparison
from supportsim.plots.vary import plot_vary
from supportsim.policy.evaluate import BASELINE, PROPOSED, PolicyEvaluation
from supportsim.policy.headlines import HEADLINES, MIN_EVENTS
from supportsim.policy.vary import current
from supportsim.policy.verdict import direction

#: Figures that say whom the bonus money reaches: shown only with enough bonus payments.
WHO_GETS = ("bonus_to_below_median",)


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


def show_best(ev: PolicyEvaluation) -> bool:
    """Whether the report needs columns for the best alternative (not if it is the flat salary)."""
    return ev.best is not None and ev.best != BASELINE


def _too_few(ev: PolicyEvaluation) -> bool:
    return ev.earning is not None and not ev.earning.enough


def effects(ev: PolicyEvaluation) -> list[dict[str, str]]:
    """The headline effects table: flat salary, proposed, the difference, the best alternative."""
    rows = []
    present = set(ev.stats["metric"])
    for key in (k for k in HEADLINES if k in present):
        m = BY_KEY[key]
        row = {"label": m.label, "why": m.why or m.definition.rstrip("."), "note": ""}
        if key in WHO_GETS and _too_few(ev):
            assert ev.earning is not None
            row["note"] = (
                f"Not shown: {ev.earning.payments} bonus payments over"
                f" {ev.policy.replications} replications are too few (fewer than {MIN_EVENTS})"
                " to say whom the bonus money reaches."
            )
            rows.append(row)
            continue
        flat, flat_ci = _cell(ev.stats, BASELINE, key)
        prop, prop_ci = _cell(ev.stats, PROPOSED, key)
        d, d_ci, d_dir = _diff(ev.vs_flat, key)
        row.update(flat=flat, flat_ci=flat_ci, proposed=prop, proposed_ci=prop_ci)
        row.update(vs_flat=d, vs_flat_ci=d_ci, vs_flat_dir=d_dir)
        if ev.best is not None and show_best(ev):
            best, best_ci = _cell(ev.stats, ev.best, key)
            b, b_ci, b_dir = _diff(ev.vs_best, key)
            row.update(best=best, best_ci=best_ci, vs_best=b, vs_best_ci=b_ci, vs_best_dir=b_dir)
        rows.append(row)
    return rows


def bonus_text(ev: PolicyEvaluation) -> str:
    """Who gets the bonus against who deserves it, said only as far as the payments allow."""
    share = ev.mean(PROPOSED, "bonus_to_below_median")
    wrong = ev.mean(PROPOSED, "bonus_misclassified")
    corr = ev.mean(PROPOSED, "pay_quality_corr")
    payments = ev.earning.payments if ev.earning is not None else None
    reps = ev.policy.replications
    if not math.isfinite(share):
        return (
            "Under the proposed policy nobody was paid above the lowest pay in the measured"
            " periods (or pay did not vary), so there is no bonus to compare with merit."
        )
    if payments is not None and payments < MIN_EVENTS:
        return (
            f"Only {payments} bonus payments were made over {reps} replications (fewer than"
            f" {MIN_EVENTS}): too few to say whether the bonus goes to the better agents or"
            " rewards luck."
        )
    count = f"Over {payments} bonus payments ({reps} replications), " if payments else ""
    parts = [
        f"{count}{fmt('bonus_to_below_median', share)} of the bonus money"
        " (pay above the period's lowest) went to agents below the median true quality; about"
        " half would be a lottery, none would be a perfectly fair bonus."
    ]
    if math.isfinite(wrong):
        parts.append(
            f"{fmt('bonus_misclassified', wrong)} of the agents who earned a bonus were not"
            " among the truly best agents of their period (as many best agents as there were"
            " bonuses)."
        )
    if math.isfinite(corr):
        parts.append(
            f"The correlation of pay with true quality is {fmt('pay_quality_corr', corr)}"
            " (1 would be pay for merit, 0 pay unrelated to it)."
        )
    return " ".join(parts)


def pay_picture(ev: PolicyEvaluation) -> str:
    """Pay against true quality in replication 0 (base64 PNG; empty when pay never varies)."""
    ap = measured_agent_periods(ev.policy.scenario, ev.example.agent_periods)
    if ap["pay"].nunique() <= 1:
        return ""
    title = f"Pay against true quality, replication 0 of {ev.policy.replications}"
    return png_base64(
        plot_pay_vs_quality(ap, title=title, subtitle=f"proposed ({ev.policy.scheme})")
    )


def gallery(ev: PolicyEvaluation) -> list[dict[str, str]]:
    """Every scheme's means, and the paired differences from a flat salary (same colours)."""
    keys = [k for k in HEADLINES if k in set(ev.stats["metric"])][:6]
    order = list(dict.fromkeys([PROPOSED, BASELINE, *([ev.best] if ev.best else [])]))
    order += [s for s in dict.fromkeys(ev.stats["scheme"]) if s not in order]
    colours = series_colours(order)
    stats = ev.stats.assign(_o=ev.stats["scheme"].map(order.index)).sort_values("_o", kind="stable")
    return [
        {
            "data": png_base64(
                plot_scheme_comparison(stats.drop(columns="_o"), keys, colours=colours)
            ),
            "alt": "Every scheme's mean and 95% confidence interval",
            "caption": "Every scheme simulated: mean and 95% confidence interval per figure.",
        },
        {
            "data": png_base64(plot_paired_differences(ev.vs_flat, keys, colours=colours)),
            "alt": "Differences from a flat salary",
            "caption": "Each scheme minus a flat salary, paired by replication, with 95%"
            " confidence intervals: an interval away from zero is a real difference.",
        },
    ]


def vary_section(ev: PolicyEvaluation) -> dict[str, object] | None:
    """The "what threshold?" figure and table (``None`` without ``--vary``)."""
    if ev.vary is None or ev.vary_table.empty:
        return None
    t = ev.vary_table
    mine = current(ev.policy.scheme, ev.policy.params, ev.vary)
    metrics = list(dict.fromkeys(t["metric"]))
    rows = []
    for value in ev.vary.values:
        sub = t[t["value"] == value].set_index("metric")
        cells = [
            (fmt(m, sub.at[m, "mean"]), fmt_ci(m, sub.at[m, "lo"], sub.at[m, "hi"]))
            if m in sub.index
            else ("n/a", "")
            for m in metrics
        ]
        rows.append({"value": str(value), "mine": value == mine, "cells": cells})
    fig = plot_vary(t, ev.vary.path, current=mine)
    return {
        "path": ev.vary.path,
        "current": "" if mine is None else str(mine),
        "columns": [BY_KEY[m].label for m in metrics],
        "rows": rows,
        "figure": png_base64(fig),
    }
