"""Shared look: the Okabe-Ito palette and figure construction (axis labels with units are
the metric catalogue's: :func:`supportsim.metrics.axis_label`).

Figures are built with :class:`matplotlib.figure.Figure` directly, not ``pyplot``: no
global figure registry (nothing to close, no memory kept between calls) and no backend
needed until a file is written.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: Colour cycle for categorical series (schemes, scores), most distinct first: seven
#: Okabe-Ito colours (black is kept for reference lines), then five of Paul Tol's and a
#: brown, so up to twelve series (a report's proposed policy, flat salary and ten
#: alternatives) never share one.
CYCLE = [
    *(
        OKABE_ITO[c]
        for c in ("blue", "orange", "green", "vermillion", "purple", "sky_blue", "yellow")
    ),
    "#882255",
    "#44AA99",
    "#999933",
    "#332288",
    "#8C564B",
]
GREY = "#999999"


def series_colours(names: list[str]) -> dict[str, str]:
    """A distinct colour per name, in order (cycling only beyond :data:`CYCLE`'s twelve)."""
    return {n: CYCLE[i % len(CYCLE)] for i, n in enumerate(dict.fromkeys(names))}


def new_figure(
    nrows: int = 1,
    ncols: int = 1,
    width: float = 7.0,
    height: float = 4.5,
    *,
    sharex: bool = False,
    sharey: bool = False,
    height_ratios: list[float] | None = None,
) -> Figure:
    """A constrained-layout figure with an ``nrows x ncols`` grid of axes (``fig.axes``, row-major)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.subplots(
        nrows, ncols, squeeze=False, sharex=sharex, sharey=sharey, height_ratios=height_ratios
    )
    return fig


def no_data_figure(title: str, message: str) -> Figure:
    """A figure that says why it is empty (so a report never silently lacks a picture)."""
    fig = new_figure(width=6.0, height=3.0)
    ax = fig.axes[0]
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="0.3")
    return fig


def wrapped(label: str, width: int = 32) -> str:
    """A long axis label on several lines, so it is never cut at a panel's edge."""
    return textwrap.fill(label, width=width, break_long_words=False, break_on_hyphens=False)
