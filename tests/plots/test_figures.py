"""Every figure renders without warnings and has the structure it promises.

Structure, not pixels: number of axes, labelled axes, the series drawn (lines, scatter
collections, error bars) and the legend entries, checked against the data behind them.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure

import supportsim as ss
from supportsim.analysis.control import team_p_chart, team_xmr_chart
from supportsim.analysis.funnel import funnel_data
from supportsim.analysis.goodhart import goodhart_gap
from supportsim.analysis.paired import paired_differences
from supportsim.analysis.ranking import score_validity
from supportsim.analysis.rating_noise import rating_noise
from supportsim.analysis.reliability import reliability_curve
from supportsim.analysis.scores import add_day, measured_agent_periods, measured_contacts, person
from supportsim.errors import ConfigError
from supportsim.plots import (
    plot_control_chart,
    plot_funnel,
    plot_goodhart_gap,
    plot_paired_differences,
    plot_pay_vs_quality,
    plot_reliability,
    plot_scheme_comparison,
    plot_score_validity,
    run_figures,
    write_figures,
)

pytestmark = pytest.mark.filterwarnings("error")


def _render(fig: Figure) -> None:
    """Draw the figure (layout and text warnings only surface at draw time)."""
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def _labelled(ax: Axes) -> None:
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def test_funnel_plot(star_run: ss.RunResult) -> None:
    ap = measured_agent_periods(star_run.scenario, star_run.agent_periods)
    f = funnel_data(ap)
    fig = plot_funnel(f.points, f.limits())
    _render(fig)
    (ax,) = fig.axes
    _labelled(ax)
    widened = f.phi > 1  # the star bonus world is over-dispersed: corrected limits drawn
    assert widened
    assert len(ax.lines) == 1 + 4 + 2 * widened  # target, 95% and 99.8% pairs, corrected pair
    assert len(ax.collections) == 3  # inside, outside 95%, outside 99.8%
    assert sum(_n_points(c) for c in ax.collections) == len(f.points)
    entries = _legend(ax)
    assert len(entries) == 3 + widened + 3
    assert any("99.8%" in e for e in entries) and any("target" in e for e in entries)


def test_control_charts(star_run: ss.RunResult) -> None:
    contacts = add_day(measured_contacts(star_run.scenario, star_run.contacts))
    chart = team_p_chart(contacts, by="day")
    fig = plot_control_chart(chart, ylabel="share of negative answers")
    _render(fig)
    (ax,) = fig.axes
    _labelled(ax)
    fired = [r for r in ("beyond_3sigma", "run_of_8", "two_of_three") if chart[r].any()]
    assert len(ax.lines) == 4  # value, centre, upper and lower limit
    assert len(ax.collections) == len(fired)
    assert len(_legend(ax)) == 3 + len(fired)
    xmr = team_xmr_chart(contacts, "handle_min", by="day")
    fig = plot_control_chart(xmr, ylabel="mean handle time (min)", xlabel="day")
    _render(fig)
    top, bottom = fig.axes
    assert top.get_ylabel() and bottom.get_ylabel() and bottom.get_xlabel() == "day"
    assert len(bottom.lines) == 3  # moving range, its centre, its upper limit
    assert np.size(top.lines[0].get_xdata()) == len(xmr)


def test_goodhart_gap_plot(star_run: ss.RunResult) -> None:
    gap = goodhart_gap(measured_agent_periods(star_run.scenario, star_run.agent_periods))
    fig = plot_goodhart_gap(gap)
    _render(fig)
    top, bottom = fig.axes
    assert top.get_ylabel() and bottom.get_xlabel() and bottom.get_ylabel()
    assert len(top.lines) == 3 and len(top.collections) == 1  # zero line, two series; gap band
    assert len(_legend(top)) == 3 and len(_legend(bottom)) == 1
    assert np.size(top.lines[1].get_xdata()) == len(gap)


def test_reliability_plot(star_run: ss.RunResult) -> None:
    noise = rating_noise(measured_contacts(star_run.scenario, star_run.contacts))
    fig = plot_reliability(
        reliability_curve(noise.icc, 150),
        ratings_per_agent=noise.ratings_per_agent,
        icc=noise.icc.icc,
    )
    _render(fig)
    (ax,) = fig.axes
    _labelled(ax)
    assert len(ax.lines) == 4 and len(ax.collections) == 1  # curve, 0.7, 0.8, observed n; CI band
    assert len(_legend(ax)) == 5
    assert np.asarray(ax.lines[0].get_xdata())[-1] == 150


def test_pay_and_validity_plots(star_run: ss.RunResult) -> None:
    ap = measured_agent_periods(star_run.scenario, star_run.agent_periods)
    fig = plot_pay_vs_quality(ap)
    _render(fig)
    (ax,) = fig.axes
    _labelled(ax)
    assert [_n_points(c) for c in ax.collections] == [len(ap), person(ap).nunique()]
    assert len(_legend(ax)) == 2
    validity = score_validity(ap)
    fig = plot_score_validity(validity)
    _render(fig)
    (ax,) = fig.axes
    _labelled(ax)
    assert len(ax.patches) == len(validity) and len(ax.get_yticklabels()) == len(validity)
    assert len(_legend(ax)) == 1


def _n_points(collection: Collection) -> int:
    return len(np.asarray(collection.get_offsets()))


def _errorbars(ax: Axes) -> int:
    return sum(isinstance(c, ErrorbarContainer) for c in ax.containers)


def test_comparison_plots(small_comparison: ss.Comparison) -> None:
    metrics = ["callback_rate", "note_quality", "rating_icc", "funnel_outside_95"]
    fig = plot_scheme_comparison(small_comparison.table, metrics)
    _render(fig)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == len(metrics)
    assert all(ax.get_xlabel() and _errorbars(ax) == 3 for ax in shown)
    assert [t.get_text() for t in shown[0].get_yticklabels()] == [
        "flat_salary",
        "star_bonus",
        "rubric_review",
    ]
    diffs = paired_differences(small_comparison.runs, "flat_salary")
    fig = plot_paired_differences(diffs, metrics)
    _render(fig)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == len(metrics) and all(_errorbars(ax) == 2 for ax in shown)
    with pytest.raises(ConfigError, match="not in the table"):
        plot_scheme_comparison(small_comparison.table, ["callbak_rate"])


@pytest.mark.parametrize("scheme", ss.SCHEMES.names())
def test_every_run_figure_renders_for_every_scheme(scheme: str) -> None:
    """Every registered scheme, on the default scenario cut to four weeks (three measured)."""
    short = ss.get_scenario("default").replace(days=28)
    figs = run_figures(ss.run(short, scheme, seed=3))
    assert set(figs) == {
        "funnel",
        "control_negative",
        "control_handle_time",
        "goodhart_gap",
        "pay_vs_quality",
        "reliability",
        "score_validity",
    }
    for fig in figs.values():
        _render(fig)
        assert fig.axes[0].get_title() or fig.get_suptitle()


def test_write_figures_writes_png_and_svg(
    star_run: ss.RunResult, small_comparison: ss.Comparison, tmp_path: Path
) -> None:
    paths = write_figures(star_run, tmp_path / "figs", comparison=small_comparison)
    assert len(paths) == 2 * (7 + 3)  # 7 run figures; comparison, trajectories, differences
    assert {p.suffix for p in paths} == {".png", ".svg"}
    for p in paths:
        data = p.read_bytes()
        assert len(data) > 1000, p
        assert data.startswith(b"\x89PNG") if p.suffix == ".png" else b"<svg" in data[:2000]
    assert len({p.stem for p in paths}) == 10 and np.all(
        [p.parent == tmp_path / "figs" for p in paths]
    )
    with pytest.raises(ConfigError, match="formats = \\['jpg'\\]"):
        write_figures(star_run, tmp_path, formats=("jpg",))
