"""The manager's report: one self-contained HTML page from a :class:`PolicyEvaluation`.

All text from the policy file goes through Jinja2's autoescaping; figures are embedded as
base64 PNG. Rendering computes nothing new: it formats the evaluation's tables.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import jinja2

from supportsim.experiments.derived import DERIVED
from supportsim.metrics import BY_KEY, definition, fmt, label
from supportsim.policy.evaluate import PolicyEvaluation
from supportsim.policy.headlines import HEADLINES
from supportsim.policy.sections import (
    bonus_text,
    effects,
    gallery,
    pay_picture,
    png_base64,
    show_best,
    vary_section,
)
from supportsim.policy.template import TEMPLATE

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
        "lines": list(ev.lines),
        "verdict": ev.verdict,
        "reps": ev.policy.replications,
        "effects": effects(ev),
        "earning": ev.earning,
        "spend_label": label("bonus_per_agent_month"),
        "best": ev.best,
        "show_best": show_best(ev),
        "best_unconstrained": ev.best_unconstrained,
        "candidate_columns": [label(k) for k in shown],
        "rule": ev.rule,
        "same": list(ev.same_as_proposed),
        "candidates": candidates,
        "bonus_text": bonus_text(ev),
        "pay_vs_quality": pay_picture(ev),
        "gallery": gallery(ev),
        "vary": vary_section(ev),
        "center": [(k, getattr(sc, k)) for k in CENTER if hasattr(sc, k)],
        "warmup": sc.warmup_days,
        "definitions": [(k, definition(k)) for k in [*present, *_earning_keys(ev), *extra]],
        "version": _version(),
        "material": [  # changes too small to weigh, as the verdict reads them
            f"for {BY_KEY[k].label}, also at least {fmt(k, BY_KEY[k].material)}"
            for k in HEADLINES
            if BY_KEY[k].material > 0
        ],
    }
    return env.from_string(TEMPLATE).render(**context)


def _earning_keys(ev: PolicyEvaluation) -> list[str]:
    keys = ("bonus_earned_share", "bonus_events", "bonus_flip_share", "bonus_per_agent_month")
    return [k for k in keys if k in set(ev.stats["metric"]) and k not in HEADLINES]


__all__ = ["png_base64", "render_report"]
