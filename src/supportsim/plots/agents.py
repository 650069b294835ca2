"""Agent-level pictures: pay against true quality, and how well each score tracks the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from supportsim.analysis.scores import SCORES, person
from supportsim.plots._style import GREY, OKABE_ITO, new_figure


def plot_pay_vs_quality(
    agent_periods: pd.DataFrame, *, title: str | None = None, subtitle: str | None = None
) -> Figure:
    """Pay against true quality: every agent-period faintly, each agent's mean boldly.

    Parameters
    ----------
    agent_periods
        Columns ``agent, pay, true_quality`` (pass the measured periods only); a slot
        re-filled by a new hire counts as a new agent when ``hired_day`` is given.
    title
        Figure title; the default gives the correlation over agent-periods.
    subtitle
        A second title line (e.g. scheme and seed).

    Returns
    -------
    Figure
        One axes with two scatter series and a legend. A fair scheme puts the means on a
        rising line; a lottery scatters them.
    """
    fig = new_figure(width=6.5, height=4.5)
    ax = fig.axes[0]
    q, pay = (
        agent_periods["true_quality"].to_numpy(dtype=float),
        agent_periods["pay"].to_numpy(dtype=float),
    )
    ax.scatter(q, pay, s=12, color=GREY, alpha=0.5, label="agent-period")
    means = agent_periods.groupby(person(agent_periods))[["true_quality", "pay"]].mean()
    ax.scatter(
        means["true_quality"],
        means["pay"],
        s=40,
        color=OKABE_ITO["vermillion"],
        edgecolor="black",
        linewidth=0.5,
        label="agent (mean over its periods)",
    )
    ax.set_xlabel("true quality (P(resolve standard issue on 1st contact))")
    ax.set_ylabel("pay (salaries per period)")
    ax.legend(loc="best", fontsize="small")
    ok = np.isfinite(q) & np.isfinite(pay)
    if ok.sum() >= 3 and np.ptp(q[ok]) > 0 and np.ptp(pay[ok]) > 0:
        r = f"r = {np.corrcoef(q[ok], pay[ok])[0, 1]:.2f}"
    else:
        r = "r undefined (pay or quality constant)"
    head = title or f"Pay against true quality ({r} over agent-periods)"
    ax.set_title(f"{head}\n{subtitle}" if subtitle else head)
    return fig


def plot_score_validity(validity: pd.DataFrame, *, title: str | None = None) -> Figure:
    """Each measured score's rank correlation with true quality, with its interval.

    Parameters
    ----------
    validity
        :func:`~supportsim.analysis.ranking.score_validity` output (``score, rho, lo, hi``).
    title
        Figure title.

    Returns
    -------
    Figure
        One axes, one horizontal bar per score, a zero line.
    """
    fig = new_figure(width=7.0, height=2.0 + 0.4 * max(len(validity), 1))
    ax = fig.axes[0]
    y = np.arange(len(validity))
    rho = validity["rho"].to_numpy(dtype=float)
    err = np.nan_to_num(
        np.vstack(
            [rho - validity["lo"].to_numpy(dtype=float), validity["hi"].to_numpy(dtype=float) - rho]
        )
    )
    ax.barh(
        y,
        np.nan_to_num(rho),
        xerr=err,
        color=OKABE_ITO["sky_blue"],
        edgecolor=OKABE_ITO["blue"],
        capsize=3,
        label="mean ρ over\nperiods (95% CI)",
    )
    ax.axvline(0.0, color=OKABE_ITO["black"], lw=0.8)
    labels = [SCORES[s].label if s in SCORES else str(s) for s in validity["score"]]
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(-1.0, 1.0)
    ax.set_xlabel("Spearman ρ with true quality, within a period")
    ax.set_ylabel("measured score")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    ax.set_title(title or "Which measure tracks true quality?")
    return fig
