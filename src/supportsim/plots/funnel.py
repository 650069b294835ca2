"""Funnel plot: each agent's rate against its volume, with 95% and 99.8% limits around the target."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from supportsim.plots._style import GREY, OKABE_ITO, new_figure


def _draw_binomial_limits(ax: Axes, n: np.ndarray, limits: pd.DataFrame, target: float) -> None:
    """The pooled target and its 95% and 99.8% binomial limits."""
    ax.axhline(target, color=OKABE_ITO["black"], lw=1.2, label=f"target {target:.3f} (pooled)")
    ax.plot(
        n, limits["lo_95"], color=OKABE_ITO["blue"], ls="--", lw=1.2, label="95% binomial limits"
    )
    ax.plot(n, limits["hi_95"], color=OKABE_ITO["blue"], ls="--", lw=1.2)
    ax.plot(
        n, limits["lo_998"], color=OKABE_ITO["blue"], ls=":", lw=1.4, label="99.8% binomial limits"
    )
    ax.plot(n, limits["hi_998"], color=OKABE_ITO["blue"], ls=":", lw=1.4)


def _draw_corrected_limits(ax: Axes, n: np.ndarray, limits: pd.DataFrame, correction: str) -> None:
    """The over-dispersion-corrected 95% limits, if they are wider than the binomial ones."""
    lo, hi = limits[f"lo_95_{correction}"], limits[f"hi_95_{correction}"]
    widened = bool(
        np.any(
            hi.to_numpy() - lo.to_numpy()
            > limits["hi_95"].to_numpy() - limits["lo_95"].to_numpy() + 1e-9
        )
    )
    if widened:
        name = {"phi": "multiplicative", "tau": "additive"}.get(correction, correction)
        ax.plot(
            n,
            lo,
            color=OKABE_ITO["green"],
            ls="-.",
            lw=1.2,
            label=f"95% limits, {name} over-dispersion",
        )
        ax.plot(n, hi, color=OKABE_ITO["green"], ls="-.", lw=1.2)


def _draw_points(ax: Axes, points: pd.DataFrame) -> None:
    """The points, coloured and shaped by the limit they cross (share of points in the legend)."""
    out95 = points["outside_95"].to_numpy(bool) & ~points["outside_998"].to_numpy(bool)
    out998 = points["outside_998"].to_numpy(bool)
    inside = ~(out95 | out998)
    groups = (
        (inside, GREY, "o", "inside 95%"),
        (out95, OKABE_ITO["orange"], "s", "outside 95%"),
        (out998, OKABE_ITO["vermillion"], "D", "outside 99.8%"),
    )
    for mask, colour, marker, label in groups:
        ax.scatter(
            points["n"].to_numpy()[mask],
            points["rate"].to_numpy()[mask],
            s=18,
            color=colour,
            marker=marker,
            alpha=0.8,
            label=f"{label} ({mask.mean():.1%})" if len(points) else label,
        )


def _y_top(points: pd.DataFrame, limits: pd.DataFrame, target: float) -> float:
    """Top of the y axis: limits explode at tiny n, so show the range the points occupy."""
    n_min = float(points["n"].min()) if len(points) else 1.0
    at_n_min = limits.loc[limits["n"] >= n_min, "hi_998"]
    top = max(
        float(points["rate"].max()) if len(points) else 0.0,
        float(at_n_min.iloc[0]) if len(at_n_min) else target,
    )
    return min(1.0, 1.15 * top) if np.isfinite(top) and top > 0 else 1.0


def plot_funnel(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    *,
    rate_label: str = "share of negative answers",
    n_label: str = "survey answers per agent-period (n)",
    correction: str | None = "phi",
    title: str | None = None,
) -> Figure:
    """Draw :class:`~supportsim.analysis.funnel.Funnel` data.

    Parameters
    ----------
    points
        ``Funnel.points``: ``n``, ``rate``, ``target``, ``outside_95``, ``outside_998``.
    limits
        ``Funnel.limits()``: ``n`` and the limit columns.
    rate_label, n_label
        Axis labels (with units).
    correction
        ``"phi"`` or ``"tau"`` to add the over-dispersion-corrected 95% limits, when they
        differ from the binomial ones; ``None`` for none.
    title
        Figure title; a default names the share of points outside each limit.

    Returns
    -------
    Figure
        One axes: points (coloured by the limit they cross), target, limit curves, legend.
    """
    fig = new_figure()
    ax = fig.axes[0]
    n = limits["n"].to_numpy()
    target = (
        float((points["rate"] * points["n"]).sum() / points["n"].sum()) if len(points) else np.nan
    )
    _draw_binomial_limits(ax, n, limits, target)
    if correction is not None:
        _draw_corrected_limits(ax, n, limits, correction)
    _draw_points(ax, points)
    ax.set_xlabel(n_label)
    ax.set_ylabel(rate_label)
    ax.set_xlim(0, float(n.max()))
    ax.set_ylim(0, _y_top(points, limits, target))
    ax.legend(loc="upper right", fontsize="small")
    ax.set_title(title or "Funnel plot: agents against binomial chance")
    return fig
