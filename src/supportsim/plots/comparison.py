"""Schemes side by side: means with confidence intervals, and paired differences from a baseline."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from supportsim.errors import ConfigError
from supportsim.metrics import axis_label
from supportsim.plots._style import CYCLE, OKABE_ITO, new_figure, series_colours, wrapped

#: Metrics shown by default: the three the package exists for, then fairness and cost.
DEFAULT_METRICS = (
    "rating_noise",
    "note_quality",
    "callback_rate",
    "fcr",
    "pay_quality_corr",
    "cost_per_resolved",
)


def _grid(k: int) -> tuple[int, int]:
    cols = min(3, k)
    return math.ceil(k / cols), cols


def _metrics(available: Sequence[str], metrics: Sequence[str] | None) -> list[str]:
    if metrics is None:
        chosen = [m for m in DEFAULT_METRICS if m in available]
        return chosen or list(available)[:6]
    missing = [m for m in metrics if m not in available]
    if missing:
        raise ConfigError(
            f"metrics {missing} are not in the table; available: {', '.join(available)}"
        )
    return list(metrics)


def plot_scheme_comparison(
    table: pd.DataFrame,
    metrics: Sequence[str] | None = None,
    *,
    title: str | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """One panel per metric: each scheme's mean with its confidence interval.

    Parameters
    ----------
    table
        :attr:`supportsim.Comparison.table` (``scheme, metric, mean, lo, hi, n``).
    metrics
        Metrics to show (default: :data:`DEFAULT_METRICS` present in the table).
    title
        Figure title.
    colours
        Scheme -> colour (default: :func:`~supportsim.plots._style.series_colours`, up to
        twelve distinct).

    Returns
    -------
    Figure
        A grid of axes, one per metric, schemes on the y axis.
    """
    names = _metrics(list(dict.fromkeys(table["metric"])), metrics)
    schemes = list(dict.fromkeys(table["scheme"]))
    colour = dict(colours or series_colours(schemes))
    rows, cols = _grid(len(names))
    fig = new_figure(
        rows, cols, width=3.4 * cols, height=0.5 + (0.35 * len(schemes) + 1.2) * rows, sharey=True
    )
    y = np.arange(len(schemes))
    for ax, metric in zip(fig.axes, names, strict=False):
        sub = table[table["metric"] == metric].set_index("scheme").reindex(schemes)
        mean = sub["mean"].to_numpy(dtype=float)
        err = np.vstack(
            [mean - sub["lo"].to_numpy(dtype=float), sub["hi"].to_numpy(dtype=float) - mean]
        )
        for i, scheme in enumerate(schemes):
            ax.errorbar(
                mean[i],
                y[i],
                xerr=np.nan_to_num(err[:, i : i + 1]),
                fmt="o",
                color=colour.get(scheme, CYCLE[i % len(CYCLE)]),
                capsize=3,
                label=scheme,
            )
        ax.set_xlabel(wrapped(axis_label(metric)))
        ax.set_yticks(y, schemes)
        ax.grid(axis="x", alpha=0.3)
    fig.axes[0].invert_yaxis()  # y is shared: first scheme on top
    for ax in fig.axes[len(names) :]:
        ax.set_visible(False)
    fig.axes[0].set_ylabel("scheme")
    reps = int(table["n"].max()) if "n" in table and len(table) else 0
    fig.suptitle(title or f"Schemes compared: mean and 95% CI over {reps} replications")
    return fig


def plot_paired_differences(
    diffs: pd.DataFrame,
    metrics: Sequence[str] | None = None,
    *,
    title: str | None = None,
    colours: Mapping[str, str] | None = None,
) -> Figure:
    """One panel per metric: each scheme's difference from the baseline with its paired CI.

    Parameters
    ----------
    diffs
        :func:`supportsim.analysis.paired.paired_differences` output.
    metrics
        Metrics to show (default: :data:`DEFAULT_METRICS` present).
    title
        Figure title.
    colours
        Scheme -> colour (default: distinct colours, the baseline's skipped).

    Returns
    -------
    Figure
        A grid of axes with a zero line; an interval that misses zero is a difference the
        replications resolve.
    """
    names = _metrics(list(dict.fromkeys(diffs["metric"])), metrics)
    schemes = list(dict.fromkeys(diffs["scheme"]))
    colour = dict(colours or {s: CYCLE[(i + 1) % len(CYCLE)] for i, s in enumerate(schemes)})
    rows, cols = _grid(len(names))
    fig = new_figure(
        rows, cols, width=3.4 * cols, height=0.5 + (0.35 * len(schemes) + 1.2) * rows, sharey=True
    )
    y = np.arange(len(schemes))
    for ax, metric in zip(fig.axes, names, strict=False):
        sub = diffs[diffs["metric"] == metric].set_index("scheme").reindex(schemes)
        d = sub["diff"].to_numpy(dtype=float)
        err = np.vstack([d - sub["lo"].to_numpy(dtype=float), sub["hi"].to_numpy(dtype=float) - d])
        ax.axvline(0.0, color=OKABE_ITO["black"], lw=0.8)
        for i, scheme in enumerate(schemes):
            ax.errorbar(
                d[i],
                y[i],
                xerr=np.nan_to_num(err[:, i : i + 1]),
                fmt="o",
                color=colour.get(scheme, CYCLE[(i + 1) % len(CYCLE)]),
                capsize=3,
                label=scheme,
            )
        ax.set_xlabel(wrapped(f"Δ {axis_label(metric)}"))
        if not np.isfinite(d).any():
            ax.text(
                0.5,
                0.5,
                "no paired values\n(NaN for a scheme)",
                transform=ax.transAxes,
                ha="center",
                va="center",
                color="0.4",
            )
        ax.set_yticks(y, schemes)
        ax.grid(axis="x", alpha=0.3)
    fig.axes[0].invert_yaxis()
    for ax in fig.axes[len(names) :]:
        ax.set_visible(False)
    fig.axes[0].set_ylabel("scheme")
    base = str(diffs["baseline"].iloc[0]) if "baseline" in diffs and len(diffs) else "baseline"
    fig.suptitle(
        title or f"Difference from {base}, paired by replication (common random numbers), 95% CI"
    )
    return fig
