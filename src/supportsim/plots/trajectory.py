"""Effects over time: each scheme's team means period by period, with confidence bands."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from supportsim.analysis.trajectory import trajectory_ci
from supportsim.errors import ConfigError
from supportsim.metrics import axis_label
from supportsim.plots._style import CYCLE, new_figure

#: Figures drawn by default (those present): how effort and the truth move, and pay.
DEFAULT = ("notes_effort", "thoroughness", "true_quality", "note_quality", "morale", "pay")
LABELS = {
    "notes_effort": "notes effort (0-1)",
    "thoroughness": "thoroughness (0-1)",
    "checklist_effort": "checklist effort (0-1)",
    "steering_effort": "survey steering (0-1)",
    "dumping_effort": "call dumping (share of contacts)",
    "pay": "pay (salaries per period)",
    "morale": "morale (0-1)",
    "headcount": "agents in their slots",
    "rating_score": "mean rating (0-1 of the scale)",
}


def plot_trajectories(
    trajectories: pd.DataFrame, metrics: Sequence[str] | None = None, *, title: str | None = None
) -> Figure:
    """One panel per figure: each scheme's team mean by week, with its 95% CI band.

    Parameters
    ----------
    trajectories
        :attr:`supportsim.Comparison.trajectories`.
    metrics
        Figures to draw (default: :data:`DEFAULT`, those present).
    title
        Figure title.
    """
    present = [
        c for c in trajectories.columns if c not in ("scheme", "replication", "period", "week")
    ]
    names = list(metrics) if metrics is not None else [m for m in DEFAULT if m in present]
    missing = [m for m in names if m not in present]
    if missing or not names:
        raise ConfigError(
            f"metrics {missing or names}: not in the trajectories; available: {present}"
        )
    ci = trajectory_ci(trajectories[["scheme", "replication", "period", "week", *names]])
    cols = min(3, len(names))
    rows = math.ceil(len(names) / cols)
    fig = new_figure(rows, cols, width=3.6 * cols, height=2.8 * rows + 0.6, sharex=True)
    schemes = list(dict.fromkeys(trajectories["scheme"]))
    for ax, metric in zip(fig.axes, names, strict=False):
        for i, scheme in enumerate(schemes):
            sub = ci[(ci["scheme"] == scheme) & (ci["metric"] == metric)].sort_values("week")
            colour = CYCLE[i % len(CYCLE)]
            week = sub["week"].to_numpy(dtype=float)
            ax.plot(week, sub["mean"], color=colour, label=scheme)
            ax.fill_between(
                week,
                sub["lo"].to_numpy(float),
                sub["hi"].to_numpy(float),
                color=colour,
                alpha=0.15,
                lw=0,
            )
        ax.set_ylabel(LABELS.get(metric, axis_label(metric)))
        ax.grid(alpha=0.3)
    for ax in fig.axes[len(names) :]:
        ax.set_visible(False)
    for ax in fig.axes[max(0, len(names) - cols) : len(names)]:
        ax.set_xlabel("week")
    fig.axes[0].legend(fontsize="small", frameon=False)
    reps = int(trajectories["replication"].nunique()) if len(trajectories) else 0
    fig.suptitle(
        title or f"How fast each scheme bites: team means by week, 95% CI over {reps} replications"
    )
    return fig
