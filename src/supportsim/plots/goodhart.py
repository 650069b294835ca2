"""The Goodhart gap over time: measured score and true quality on one standardised axis."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from supportsim.plots._style import OKABE_ITO, new_figure


def plot_goodhart_gap(
    gap: pd.DataFrame, *, score_label: str = "mean rating", title: str | None = None
) -> Figure:
    """Draw :func:`~supportsim.analysis.goodhart.goodhart_gap` output.

    Parameters
    ----------
    gap
        Columns ``period, measured_z, truth_z, rho``.
    score_label
        Name of the measured score for the legend.
    title
        Figure title.

    Returns
    -------
    Figure
        Top axes: the team's measured score and true quality, change since the reference
        period in SDs, with the gap shaded. Bottom axes: the score's rank correlation with
        true quality across agents in each period (its validity).
    """
    fig = new_figure(2, 1, height=6.0, sharex=True, height_ratios=[2, 1])
    top, bottom = fig.axes
    x = gap["period"].to_numpy(dtype=float)
    m, t = gap["measured_z"].to_numpy(dtype=float), gap["truth_z"].to_numpy(dtype=float)
    top.axhline(0.0, color=OKABE_ITO["black"], lw=0.8)
    top.plot(x, m, color=OKABE_ITO["orange"], marker="o", label=f"measured: {score_label}")
    top.plot(x, t, color=OKABE_ITO["blue"], marker="s", label="truth: true quality")
    top.fill_between(x, m, t, color=OKABE_ITO["orange"], alpha=0.15, label="gap (measured - truth)")
    top.set_ylabel("change since first period (SDs)")
    top.legend(loc="best", fontsize="small")
    top.set_title(title or "Goodhart gap: does the measure move with the truth?")
    rho = gap["rho"].to_numpy(dtype=float)
    bottom.axhline(0.0, color=OKABE_ITO["black"], lw=0.8)
    bottom.plot(x, rho, color=OKABE_ITO["green"], marker="D", label="rank corr. with true quality")
    bottom.set_ylim(-1.0, 1.0)
    bottom.set_ylabel("Spearman ρ (validity)")
    bottom.set_xlabel("review period")
    bottom.legend(loc="lower left", fontsize="small")
    if np.all(np.isnan(rho)):
        bottom.text(0.5, 0.5, "true quality does not vary", transform=bottom.transAxes, ha="center")
    return fig
