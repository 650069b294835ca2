"""The fit report's figures: observed against fitted arrivals, talk and abandonment."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from scipy import stats

from supportsim.calibrate.fit import Calibration
from supportsim.plots._style import CYCLE, GREY, new_figure


def plot_intraday(cal: Calibration) -> Figure:
    """Mean new issues per open hour of the day against the fitted profile (with its CI)."""
    a = cal.arrivals
    used = a.counts[a.counts.sum(axis=1) > 0]
    hours = np.arange(a.open_hour, a.close_hour)
    fig = new_figure(width=7.0, height=4.0)
    ax = fig.axes[0]
    ax.plot(hours + 0.5, used.mean(axis=0).to_numpy(), "o", color=CYCLE[0], label="observed mean")
    fitted = np.array([w.value for w in a.intraday]) * a.rate.value
    lo = np.array([w.lo for w in a.intraday]) * a.rate.value
    hi = np.array([w.hi for w in a.intraday]) * a.rate.value
    ax.step(
        np.append(hours, a.close_hour),
        np.append(fitted, fitted[-1]),
        where="post",
        color=CYCLE[1],
        label="fitted (rate x intraday)",
    )
    ax.fill_between(hours + 0.5, lo, hi, color=CYCLE[1], alpha=0.2, label="95% CI")
    ax.set_xlabel("hour of day")
    ax.set_ylabel("new issues per hour")
    ax.set_title("Arrivals: observed against the fitted intraday profile")
    ax.legend(frameon=False)
    return fig


def plot_handle(cal: Calibration) -> Figure:
    """Histogram of log talk against the fitted lognormal and the mixture of the types."""
    h = cal.handle
    fig = new_figure(width=7.0, height=4.0)
    ax = fig.axes[0]
    if h is None:
        ax.set_title("no talk times in the log")
        return fig
    x = np.log(h.fitted_s / 60.0)
    ax.hist(x, bins=60, density=True, color=GREY, alpha=0.6, label="observed")
    grid = np.linspace(x.min(), x.max(), 300)
    o = h.overall
    ax.plot(
        grid,
        stats.norm.pdf(grid + np.log(60.0), o.log_mean.value, o.log_sd.value),
        color=CYCLE[0],
        label=f"lognormal (KS {o.ks:.3f})",
    )
    mix = sum(
        k.share.value * stats.norm.pdf(grid + np.log(60.0), k.fit.log_mean.value, h.log_sd.value)
        for k in h.kinds
    )
    ax.plot(grid, mix, color=CYCLE[1], label=f"mixture of types (KS {h.mixture_ks:.3f})")
    ax.set_xlabel("ln(talk, minutes)")
    ax.set_ylabel("density")
    short = round(h.short.value * h.answered)
    ax.set_title(f"Talk of the {h.basis} ({short} under {h.cut_s:g} s not shown)")
    ax.legend(frameon=False)
    return fig


def plot_abandonment(cal: Calibration) -> Figure:
    """Abandonment hazard per wait band against the fitted constant 1 / mean patience."""
    p = cal.patience
    fig = new_figure(width=7.0, height=4.0)
    ax = fig.axes[0]
    if p is None:
        ax.set_title("no abandonment data in the log")
        return fig
    hz = p.hazard[p.hazard["exposure_min"] > 0]
    mid = [
        f"{lo:g}-{hi:g}" if np.isfinite(hi) else f"{lo:g}+"
        for lo, hi in zip(hz["from_s"], hz["to_s"], strict=True)
    ]
    err = np.sqrt(hz["abandoned"]) / hz["exposure_min"]
    ax.errorbar(
        range(len(hz)),
        hz["hazard_per_min"],
        yerr=1.96 * err,
        fmt="o",
        color=CYCLE[0],
        label="observed hazard",
    )
    ax.axhline(
        1 / p.mean_min.value,
        color=CYCLE[1],
        label=f"1 / mean patience ({p.mean_min.value:.2f} min)",
    )
    ax.set_xticks(range(len(hz)), mid)
    ax.set_xlabel("wait band (s)")
    ax.set_ylabel("abandonments per minute waited")
    ax.set_title(f"Abandonment against wait (constant-hazard chi2 p = {p.p_value:.3f})")
    ax.legend(frameon=False)
    return fig
