"""Pictures: each function takes analysis tables (DataFrames) and returns a matplotlib Figure.

Nothing here shows a window or writes a file, except :func:`write_figures`.
"""

from supportsim.plots.agents import plot_pay_vs_quality, plot_score_validity
from supportsim.plots.comparison import plot_paired_differences, plot_scheme_comparison
from supportsim.plots.control import plot_control_chart
from supportsim.plots.figures import comparison_figures, run_figures, write_figures
from supportsim.plots.funnel import plot_funnel
from supportsim.plots.goodhart import plot_goodhart_gap
from supportsim.plots.reliability import plot_reliability
from supportsim.plots.trajectory import plot_trajectories

__all__ = [
    "comparison_figures",
    "plot_control_chart",
    "plot_funnel",
    "plot_goodhart_gap",
    "plot_paired_differences",
    "plot_pay_vs_quality",
    "plot_reliability",
    "plot_scheme_comparison",
    "plot_score_validity",
    "plot_trajectories",
    "run_figures",
    "write_figures",
]
