"""Control charts: the series, its centre line and 3-sigma limits, and the special causes flagged."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from supportsim.plots._style import GREY, OKABE_ITO, new_figure

#: Marker per rule for flagged points.
_RULE_STYLE = {
    "beyond_3sigma": ("D", OKABE_ITO["vermillion"], "beyond 3σ"),
    "run_of_8": ("s", OKABE_ITO["orange"], "run of 8 on one side"),
    "two_of_three": ("^", OKABE_ITO["purple"], "2 of 3 beyond 2σ"),
}


def _limits(ax: Axes, x: np.ndarray, chart: pd.DataFrame, lo: str, centre: str, hi: str) -> None:
    """Centre line and control limits as steps (p-chart limits change with n)."""
    blue = OKABE_ITO["blue"]
    ax.step(
        x,
        chart[centre].to_numpy(dtype=float),
        where="mid",
        lw=1.1,
        color=OKABE_ITO["black"],
        label="centre line",
    )
    ax.step(
        x,
        chart[hi].to_numpy(dtype=float),
        where="mid",
        lw=1.1,
        color=blue,
        ls="--",
        label="3σ control limits",
    )
    if lo in chart:
        ax.step(x, chart[lo].to_numpy(dtype=float), where="mid", lw=1.1, color=blue, ls="--")


def plot_control_chart(
    chart: pd.DataFrame,
    *,
    ylabel: str,
    xlabel: str | None = None,
    title: str | None = None,
) -> Figure:
    """Draw a chart from :func:`~supportsim.analysis.control.p_chart` or ``xmr_chart``.

    Parameters
    ----------
    chart
        One row per point: ``value, centre, lcl, ucl`` and rule columns; an ``mr`` column
        (XmR charts) adds a moving-range panel below.
    ylabel
        Label of the charted value, with units.
    xlabel
        Label of the time axis; defaults to the chart's index name.
    title
        Figure title.

    Returns
    -------
    Figure
        One axes (p-chart) or two (individuals and moving range); flagged points are
        marked per rule and listed in the legend.
    """
    has_mr = "mr" in chart.columns
    fig = new_figure(2 if has_mr else 1, 1, height=5.5 if has_mr else 4.0, sharex=True)
    ax = fig.axes[0]
    x = np.asarray(chart.index, dtype=float)
    ax.plot(
        x,
        chart["value"].to_numpy(dtype=float),
        color=GREY,
        marker="o",
        ms=3.5,
        lw=1.0,
        label="value",
    )
    _limits(ax, x, chart, "lcl", "centre", "ucl")
    for rule, (marker, colour, label) in _RULE_STYLE.items():
        if rule in chart and chart[rule].any():
            hit = chart[rule].to_numpy(bool)
            ax.scatter(
                x[hit],
                chart["value"].to_numpy(dtype=float)[hit],
                marker=marker,
                s=42,
                color=colour,
                zorder=3,
                label=f"{label} ({int(hit.sum())})",
            )
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    n_special = int(chart["special"].sum()) if "special" in chart else 0
    ax.set_title(title or f"Control chart: {n_special} special-cause signal(s)")
    bottom = ax
    if has_mr:
        bottom = fig.axes[1]
        bottom.plot(
            x,
            chart["mr"].to_numpy(dtype=float),
            color=GREY,
            marker="o",
            ms=3.0,
            lw=1.0,
            label="moving range",
        )
        _limits(bottom, x, chart, "mr_lcl", "mr_centre", "mr_ucl")
        bottom.set_ylabel("moving range (same units)")
        bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    bottom.set_xlabel(xlabel or str(chart.index.name or "time"))
    return fig
