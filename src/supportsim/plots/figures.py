"""Every figure for one scheme run (and a comparison), built and written to files.

This is the only place in the package that writes files. Figures are plain
:class:`matplotlib.figure.Figure` objects saved with ``savefig``, which picks the canvas
for the file format itself, so no backend is selected and ``pyplot`` is never imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from supportsim.analysis.control import team_p_chart, team_xmr_chart
from supportsim.analysis.funnel import funnel_data
from supportsim.analysis.goodhart import goodhart_gap
from supportsim.analysis.paired import paired_differences
from supportsim.analysis.ranking import score_validity
from supportsim.analysis.rating_noise import rating_noise
from supportsim.analysis.reliability import reliability_curve
from supportsim.analysis.scores import (
    SCORES,
    add_day,
    measured_agent_periods,
    measured_contacts,
    pay_driver,
)
from supportsim.errors import ConfigError
from supportsim.plots._style import no_data_figure
from supportsim.plots.agents import plot_pay_vs_quality, plot_score_validity
from supportsim.plots.comparison import plot_paired_differences, plot_scheme_comparison
from supportsim.plots.control import plot_control_chart
from supportsim.plots.funnel import plot_funnel
from supportsim.plots.goodhart import plot_goodhart_gap
from supportsim.plots.reliability import plot_reliability
from supportsim.plots.trajectory import plot_trajectories
from supportsim.runner import Comparison, RunResult

FORMATS = ("png", "svg", "pdf")


def _no_answers(title: str, tag: str) -> Figure:
    """The placeholder of a figure that needs survey answers when there are none."""
    return no_data_figure(title, f"no survey answers in the measured periods\n{tag}")


def _funnel(ap: pd.DataFrame, tag: str) -> Figure:
    """``funnel``: each agent-period's share of negative answers against its answers."""
    f = funnel_data(ap)
    if f.points.empty:
        return _no_answers("Funnel plot of negative answers", tag)
    return plot_funnel(
        f.points, f.limits(), title=f"Funnel plot of negative answers, φ = {f.phi:.2f}\n{tag}"
    )


def _control_negative(ap: pd.DataFrame, contacts: pd.DataFrame, tag: str) -> Figure:
    """``control_negative``: the team's p-chart of negative answers by day."""
    if not bool((ap["ratings_n"] > 0).any()):
        return _no_answers("p-chart: team's negative answers per day", tag)
    chart = team_p_chart(contacts, by="day")
    return plot_control_chart(
        chart,
        ylabel="share of negative answers",
        xlabel="day",
        title=f"p-chart: team's negative answers per day\n{tag}",
    )


def _control_handle_time(contacts: pd.DataFrame, tag: str) -> Figure:
    """``control_handle_time``: the team's XmR chart of handle time by day."""
    chart = team_xmr_chart(contacts, "handle_min", by="day")
    return plot_control_chart(
        chart,
        ylabel="mean handle time (min)",
        xlabel="day",
        title=f"XmR chart: team's handle time per day\n{tag}",
    )


def _goodhart(ap: pd.DataFrame, tag: str) -> Figure:
    """``goodhart_gap``: the score that best explains pay against true quality."""
    score = pay_driver(ap)
    return plot_goodhart_gap(
        goodhart_gap(ap, score),
        score_label=SCORES[score].label,
        title=f"Goodhart gap: does the measure move with the truth?\n{tag}",
    )


def _reliability(contacts: pd.DataFrame, tag: str) -> Figure:
    """``reliability``: the Spearman-Brown curve of the survey score's ICC."""
    noise = rating_noise(contacts)
    if not np.isfinite(noise.icc.icc):
        return no_data_figure(
            "Spearman-Brown reliability", f"too few survey answers for an ICC\n{tag}"
        )
    need = noise.ratings_for_08
    n_max = int(min(1000.0, max(100.0, 1.2 * need))) if np.isfinite(need) else 1000
    curve = reliability_curve(noise.icc, n_max)
    return plot_reliability(
        curve,
        ratings_per_agent=noise.ratings_per_agent,
        icc=noise.icc.icc,
        title=f"Spearman-Brown reliability, ICC = {noise.icc.icc:.3f}\n{tag}",
    )


def run_figures(result: RunResult) -> dict[str, Figure]:
    """Build the figures of one run, by file stem (measured periods only, warm-up excluded).

    ``funnel``, ``control_negative`` (team p-chart of negative answers by day),
    ``control_handle_time`` (team XmR of handle time by day), ``goodhart_gap`` (the score
    that best explains pay, see :func:`~supportsim.analysis.scores.pay_driver`),
    ``pay_vs_quality``, ``reliability`` and ``score_validity``.
    """
    sc = result.scenario
    ap = measured_agent_periods(sc, result.agent_periods)
    contacts = add_day(measured_contacts(sc, result.contacts))
    tag = f"{result.scheme}, {sc.name}, seed {result.seed}"
    return {
        "funnel": _funnel(ap, tag),
        "control_negative": _control_negative(ap, contacts, tag),
        "control_handle_time": _control_handle_time(contacts, tag),
        "goodhart_gap": _goodhart(ap, tag),
        "pay_vs_quality": plot_pay_vs_quality(ap, subtitle=tag),
        "reliability": _reliability(contacts, tag),
        "score_validity": plot_score_validity(
            score_validity(ap), title=f"Which measure tracks true quality?\n{tag}"
        ),
    }


def comparison_figures(comparison: Comparison, baseline: str | None = None) -> dict[str, Figure]:
    """``scheme_comparison`` (means and CIs), ``trajectories`` (effects over time) and, with
    two or more schemes, ``paired_differences``.

    ``baseline`` defaults to ``flat_salary`` when compared, else the first scheme.
    """
    figs = {"scheme_comparison": plot_scheme_comparison(comparison.table)}
    if not comparison.trajectories.empty:
        figs["trajectories"] = plot_trajectories(comparison.trajectories)
    schemes = list(dict.fromkeys(comparison.runs["scheme"]))
    if len(schemes) >= 2:
        base = baseline or ("flat_salary" if "flat_salary" in schemes else schemes[0])
        diffs = paired_differences(comparison.runs, base)
        figs["paired_differences"] = plot_paired_differences(diffs)
    return figs


def write_figures(
    result: RunResult,
    out_dir: str | Path,
    comparison: Comparison | None = None,
    formats: Sequence[str] = ("png", "svg"),
) -> list[Path]:
    """Render every figure of ``result`` (and of ``comparison``, if given) into ``out_dir``.

    Parameters
    ----------
    result
        One scheme run (:func:`supportsim.run`).
    out_dir
        Directory to write into; created if missing. Files are ``<figure>.<format>``.
    comparison
        Optional :func:`supportsim.compare` result; adds the scheme-comparison figures.
    formats
        File formats, any of ``png``, ``svg``, ``pdf``.

    Returns
    -------
    list[Path]
        The files written, figure by figure.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ConfigError(f"formats = {list(formats)!r}: each must be one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figs = run_figures(result)
    if comparison is not None:
        figs.update(comparison_figures(comparison))
    written = []
    for stem, fig in figs.items():
        for fmt in formats:
            path = out / f"{stem}.{fmt}"
            fig.savefig(path, dpi=150, format=fmt)
            written.append(path)
    return written
