"""Reliability curve: how many ratings per agent make a score worth ranking on (Spearman-Brown)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from supportsim.plots._style import OKABE_ITO, new_figure


def plot_reliability(
    curve: pd.DataFrame,
    *,
    ratings_per_agent: float | None = None,
    icc: float | None = None,
    targets: tuple[float, ...] = (0.7, 0.8),
    title: str | None = None,
) -> Figure:
    """Draw :func:`~supportsim.analysis.reliability.reliability_curve` output.

    Parameters
    ----------
    curve
        Columns ``n, reliability, lo, hi``.
    ratings_per_agent
        Mean ratings per agent-period observed; marked with a vertical line.
    icc
        The ICC behind the curve, for the title.
    targets
        Reliability targets drawn as horizontal reference lines.
    title
        Figure title.

    Returns
    -------
    Figure
        One axes: the curve, its ICC-interval band, target lines and the observed volume.
    """
    fig = new_figure(width=6.5, height=4.5)
    ax = fig.axes[0]
    n = curve["n"].to_numpy(dtype=float)
    ax.plot(
        n,
        curve["reliability"],
        color=OKABE_ITO["blue"],
        lw=2,
        label="R(n) = n·ICC / (1 + (n-1)·ICC)",
    )
    lo, hi = curve["lo"].to_numpy(dtype=float), curve["hi"].to_numpy(dtype=float)
    if np.all(np.isfinite(lo)) and np.all(np.isfinite(hi)):
        ax.fill_between(
            n, lo, hi, color=OKABE_ITO["sky_blue"], alpha=0.3, label="95% CI of the ICC"
        )
    styles = ("--", ":", "-.")
    for i, t in enumerate(targets):
        ax.axhline(
            t,
            color=OKABE_ITO["black"],
            ls=styles[i % len(styles)],
            lw=0.9,
            label=f"reliability {t:g}",
        )
    if ratings_per_agent is not None and np.isfinite(ratings_per_agent):
        ax.axvline(
            ratings_per_agent,
            color=OKABE_ITO["vermillion"],
            lw=1.5,
            label=f"ratings per agent-period ({ratings_per_agent:.0f})",
        )
    ax.set_xlim(0, float(n.max()))
    ax.set_ylim(0, 1)
    ax.set_xlabel("ratings per agent (n)")
    ax.set_ylabel("reliability of the agent's mean rating")
    ax.legend(loc="lower right", fontsize="small")
    what = f" (ICC = {icc:.3f})" if icc is not None and np.isfinite(icc) else ""
    ax.set_title(title or f"Spearman-Brown reliability{what}")
    return fig
