"""Sensitivity indices: which parameters move each figure (Morris mu* or Sobol S1/ST)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from supportsim.errors import ConfigError
from supportsim.metrics import axis_label
from supportsim.plots._style import GREY, OKABE_ITO, new_figure


def _method(indices: pd.DataFrame) -> str:
    if {"mu_star", "sigma"} <= set(indices.columns):
        return "morris"
    if {"S1", "ST"} <= set(indices.columns):
        return "sobol"
    raise ConfigError(
        "indices need columns mu_star and sigma (Morris) or S1 and ST (Sobol);"
        f" got {', '.join(map(str, indices.columns))}"
    )


def _errors(centre: np.ndarray, half: np.ndarray) -> np.ndarray:
    return np.nan_to_num(np.abs(half)) * np.isfinite(centre)


def _morris_panel(ax: Axes, sub: pd.DataFrame, metric: str) -> None:
    """Bars of ``mu*`` with their interval and ``sigma`` as open circles, one row per parameter."""
    y = np.arange(len(sub))
    mu = sub["mu_star"].to_numpy(dtype=float)
    ax.barh(
        y,
        np.nan_to_num(mu),
        xerr=_errors(mu, sub["mu_star_conf"].to_numpy(dtype=float)),
        color=OKABE_ITO["sky_blue"],
        edgecolor=OKABE_ITO["blue"],
        capsize=3,
        label="μ* (95% CI)",
    )
    ax.scatter(
        sub["sigma"].to_numpy(dtype=float),
        y,
        marker="o",
        facecolor="none",
        edgecolor=OKABE_ITO["vermillion"],
        zorder=3,
        label="σ",
    )
    ax.set_xlabel(f"elementary effect on {axis_label(metric)}")


def _sobol_panel(ax: Axes, sub: pd.DataFrame, metric: str) -> None:
    """``S1`` and ``ST`` bars side by side with their intervals, one row per parameter."""
    y = np.arange(len(sub))
    h = 0.38
    for shift, key, colour in ((-h / 2, "S1", "sky_blue"), (h / 2, "ST", "orange")):
        v = sub[key].to_numpy(dtype=float)
        ax.barh(
            y + shift,
            np.nan_to_num(v),
            height=h,
            xerr=_errors(v, sub[f"{key}_conf"].to_numpy(dtype=float)),
            color=OKABE_ITO[colour],
            capsize=2,
            label=f"{key} (95% CI)",
        )
    ax.set_xlim(left=min(0.0, ax.get_xlim()[0]))
    ax.set_xlabel(f"share of variance of {axis_label(metric)}")


def _finish_panel(ax: Axes, sub: pd.DataFrame, main: str) -> None:
    """Zero line, parameter names, grid and legend; a note if the ``main`` index is undefined."""
    ax.axvline(0.0, color=OKABE_ITO["black"], lw=0.8)
    ax.set_yticks(np.arange(len(sub)), list(sub["param"]))
    ax.grid(axis="x", alpha=0.3)
    if not np.isfinite(sub[main].to_numpy(dtype=float)).any():
        ax.text(
            0.5,
            0.5,
            "undefined: the metric is NaN\nat some sample point",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=GREY,
        )
    ax.legend(loc="best", fontsize="small")


def plot_sensitivity(
    indices: pd.DataFrame, metrics: Sequence[str] | None = None, *, title: str | None = None
) -> Figure:
    """One panel per metric: each parameter's sensitivity index with its 95% interval.

    Parameters
    ----------
    indices
        :attr:`~supportsim.experiments.sensitivity.SensitivityResult.indices`: ``metric,
        param`` and either Morris columns (``mu_star, mu_star_conf, sigma``) or Sobol
        columns (``S1, S1_conf, ST, ST_conf``).
    metrics
        Metrics to show (default: all in the table, in order).
    title
        Figure title.

    Returns
    -------
    Figure
        Morris: bars of ``mu*`` (mean absolute elementary effect, in the metric's units)
        with their bootstrap interval, and ``sigma`` (spread of the effects: interactions
        or non-linearity) as open circles. Sobol: first-order (``S1``) and total (``ST``)
        variance shares side by side. Parameters are sorted by the main index, largest on
        top; a metric undefined at some sample point says so in its panel.
    """
    method = _method(indices)
    names = list(dict.fromkeys(indices["metric"])) if metrics is None else list(metrics)
    missing = [m for m in names if m not in set(indices["metric"])]
    if missing or not names:
        raise ConfigError(f"metrics {missing or names} are not in the indices table")
    cols = min(2, len(names))
    rows = math.ceil(len(names) / cols)
    n_params = indices["param"].nunique()
    fig = new_figure(rows, cols, width=5.8 * cols, height=0.6 + (0.45 * n_params + 1.3) * rows)
    main = "mu_star" if method == "morris" else "ST"
    for ax, metric in zip(fig.axes, names, strict=False):
        sub = indices[indices["metric"] == metric].sort_values(
            main, ascending=True, na_position="first"
        )
        if method == "morris":
            _morris_panel(ax, sub, metric)
        else:
            _sobol_panel(ax, sub, metric)
        _finish_panel(ax, sub, main)
    for ax in fig.axes[len(names) :]:
        ax.set_visible(False)
    label = "Morris elementary effects" if method == "morris" else "Sobol indices"
    fig.suptitle(title or f"Global sensitivity: {label}")
    return fig
