"""Global sensitivity (SALib) finds the parameters that matter and ignores those that cannot."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from small_specs import SMALL_TOML

import supportsim as ss
from supportsim.experiments import SerialExecutor
from supportsim.plots.sensitivity import plot_sensitivity


@pytest.fixture(scope="module")
def small() -> ss.Scenario:
    return ss.get_scenario("default").replace(
        agents=6, arrivals_per_hour=20.0, days=14, warmup_days=7
    )


def test_morris_ranks_a_real_driver_above_a_pure_bookkeeping_parameter(small: ss.Scenario) -> None:
    # salary_per_week only converts pay into currency: it cannot change callbacks at all,
    # while more product defects must bring more callbacks.
    res = ss.sensitivity(
        small,
        ss.make_scheme("flat_salary"),
        {"defect_share": (0.05, 0.4), "salary_per_week": (500.0, 1500.0)},
        ["callback_rate", "cost_per_resolved"],
        method="morris",
        samples=4,
        seed=2,
        executor=SerialExecutor(),
        progress=False,
    )
    assert len(res.samples) == 4 * (2 + 1)
    idx = res.indices.set_index(["metric", "param"])
    assert idx.loc[("callback_rate", "salary_per_week"), "mu_star"] == 0.0
    assert idx.loc[("callback_rate", "defect_share"), "mu_star"] > 0.02
    assert idx.loc[("cost_per_resolved", "salary_per_week"), "mu_star"] > 0.0
    assert list(res.indices.columns) == [
        "metric",
        "param",
        "mu",
        "mu_star",
        "mu_star_conf",
        "sigma",
    ]
    fig = plot_sensitivity(res.indices)
    assert isinstance(fig, Figure) and len([a for a in fig.axes if a.get_visible()]) == 2


def test_sobol_with_scheme_parameters_and_integer_rounding(small: ss.Scenario) -> None:
    kwargs = dict(method="sobol", samples=4, seed=1, executor=SerialExecutor(), progress=False)
    bounds = {"agents": (5, 7), "star_bonus.threshold": (6.0, 9.0)}
    res = ss.sensitivity(small, ss.make_scheme("star_bonus"), bounds, ["note_quality"], **kwargs)
    assert len(res.samples) == 4 * (2 + 2)
    assert set(res.samples["agents"]) <= {5.0, 6.0, 7.0}
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(res.indices.columns)
    again = ss.sensitivity(small, ss.make_scheme("star_bonus"), bounds, ["note_quality"], **kwargs)
    pd.testing.assert_frame_equal(again.indices, res.indices)  # deterministic
    assert isinstance(plot_sensitivity(res.indices), Figure)


@pytest.mark.parametrize(
    ("bounds", "kwargs", "match"),
    [
        (
            {"defect_shar": (0.1, 0.2)},
            {},
            r"unknown scenario parameter 'defect_shar'\. Did you mean 'defect_share'\?",
        ),
        (
            {"defect_share": (0.2, 0.1)},
            {},
            r"bounds\['defect_share'\] = \[0\.2, 0\.1\]: must be \[low, high\]",
        ),
        (
            {"defect_share": (0.1, 1.5)},
            {},
            r"defect_share = 1\.\d+: input should be less than or equal to 1",
        ),
        (
            {"rubric_review.threshold": (0.1, 0.2)},
            {},
            r"scheme parameters are written 'star_bonus\.<parameter>'",
        ),
        (
            {"star_bonus.treshold": (7, 9)},
            {},
            r"unknown parameter of scheme star_bonus 'treshold'\. Did you mean 'threshold'\?",
        ),
        (
            {"learning": (0, 1)},
            {},
            r"parameter 'learning' = 'imitation': only numeric parameters can vary",
        ),
        (
            {"defect_share": (0.1, 0.2)},
            {"method": "sobol", "samples": 6},
            r"samples = 6: Sobol sampling needs a power of 2",
        ),
        (
            {"defect_share": (0.1, 0.2)},
            {"metrics": ["callbak_rate"]},
            r"unknown metric 'callbak_rate'\. Did you mean 'callback_rate'\?",
        ),
    ],
)
def test_bad_sensitivity_input(
    small: ss.Scenario,
    bounds: dict[str, tuple[float, float]],
    kwargs: dict[str, object],
    match: str,
) -> None:
    metrics = kwargs.pop("metrics", ["callback_rate"])
    with pytest.raises(ss.ConfigError, match=match):
        ss.sensitivity(
            small, ss.make_scheme("star_bonus"), bounds, metrics, progress=False, **kwargs
        )  # type: ignore[arg-type]


def test_spec_section_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from supportsim.cli import main

    spec = tmp_path / "sens.toml"
    spec.write_text(
        "seed = 4\n"
        + SMALL_TOML
        + '[schemes.stars]\nscheme = "star_bonus"\n'
        + '[sensitivity]\nscheme = "stars"\nmetrics = ["callback_rate"]\nsamples = 2\n'
        + '[sensitivity.params]\ndefect_share = [0.05, 0.4]\n"stars.bonus" = [0.0, 0.5]\n'
    )
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--jobs", "1", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["computed"] == 5 and doc["sensitivity"]["method"] == "morris"
    assert {r["param"] for r in doc["sensitivity"]["indices"]} == {
        "defect_share",
        "star_bonus.bonus",
    }
    for name in ("indices.parquet", "samples.parquet", "sensitivity.png"):
        assert (out / "sensitivity" / name).stat().st_size > 0
    # rerunning reuses every sensitivity run too
    assert main(["sweep", str(spec), "--out", str(out), "--jobs", "1"]) == 0
    assert "5 runs (0 computed, 5 reused)" in capsys.readouterr().out
    assert len(list((out / "sensitivity" / "parts").glob("*.parquet"))) == 2 * 3
