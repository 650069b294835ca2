"""Up to twelve schemes (a report's proposed policy, flat salary and ten alternatives) get
twelve distinct colours, the same in the comparison and the paired differences."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd

from supportsim.plots import plot_paired_differences, plot_scheme_comparison
from supportsim.plots._style import CYCLE, series_colours, wrapped


def _colours(fig: object) -> list[str]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    return [mcolors.to_hex(line.get_color()) for line in ax.get_lines()]


def test_twelve_schemes_twelve_colours_the_same_in_both_figures() -> None:
    schemes = [f"scheme_{i}" for i in range(12)]
    assert len({c.lower() for c in CYCLE}) == 12
    colours = series_colours(schemes)
    assert len(set(colours.values())) == 12
    table = pd.DataFrame(
        [{"scheme": s, "metric": "callback_rate", "mean": 0.2 + i / 100, "lo": 0.19, "hi": 0.4, "n": 3}
         for i, s in enumerate(schemes)]
    )  # fmt: skip
    d = table["mean"] - 0.2
    diffs = table.assign(diff=d, lo=d - 0.01, hi=d + 0.01, baseline="scheme_0")
    a = _colours(plot_scheme_comparison(table, ["callback_rate"], colours=colours))
    b = _colours(plot_paired_differences(diffs, ["callback_rate"], colours=colours))
    a, b = [c for c in a if c != "#000000"], [c for c in b if c != "#000000"]  # zero line
    assert set(a) == {c.lower() for c in colours.values()}
    assert set(a) == set(b)


def test_long_axis_labels_wrap() -> None:
    label = "callback rate (share of answered contacts: customers who had to come back)"
    assert all(len(line) <= 32 for line in wrapped(label).splitlines())
