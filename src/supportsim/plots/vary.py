"""One setting of a policy tried at several values: each figure against the value."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from supportsim.metrics import axis_label
from supportsim.plots._style import GREY, OKABE_ITO, new_figure, wrapped


def _numeric(values: Sequence[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def plot_vary(
    table: pd.DataFrame, setting: str, *, current: Any = None, title: str | None = None
) -> Figure:
    """One panel per figure: its mean and 95% CI at each value of ``setting``.

    Parameters
    ----------
    table
        ``value, metric, mean, lo, hi`` (:func:`supportsim.policy.vary.vary_table`).
    setting
        The varied setting's path, for the x axis.
    current
        The policy's own value, marked with a dashed line (if it is among the values).
    title
        Figure title.

    Returns
    -------
    Figure
        A grid of axes, the values on each x axis (in the order given).
    """
    metrics = list(dict.fromkeys(table["metric"]))
    values = list(dict.fromkeys(table["value"]))
    numeric = _numeric(values)
    cols = min(3, max(len(metrics), 1))
    rows = max(math.ceil(len(metrics) / cols), 1)
    fig = new_figure(rows, cols, width=3.6 * cols, height=0.6 + 2.7 * rows)
    x = np.asarray(values, dtype=float) if numeric else np.arange(len(values))
    for ax, metric in zip(fig.axes, metrics, strict=False):
        sub = table[table["metric"] == metric].set_index("value").reindex(values)
        mean = sub["mean"].to_numpy(dtype=float)
        err = np.nan_to_num(
            np.vstack(
                [mean - sub["lo"].to_numpy(dtype=float), sub["hi"].to_numpy(dtype=float) - mean]
            )
        )
        ax.errorbar(x, mean, yerr=err, fmt="o-", color=OKABE_ITO["blue"], capsize=3)
        if current in values:
            at = float(current) if numeric else values.index(current)
            ax.axvline(at, color=GREY, ls="--", lw=1.0)
        if not numeric:
            ax.set_xticks(x, [str(v) for v in values])
        ax.set_xlabel(setting)
        ax.set_ylabel(wrapped(axis_label(metric), 28), fontsize="small")
        ax.grid(alpha=0.3)
    for ax in fig.axes[len(metrics) :]:
        ax.set_visible(False)
    mark = " (dashed: the policy's own value)" if current in values else ""
    fig.suptitle(title or f"The policy at each value of {setting}: mean and 95% CI{mark}")
    return fig
