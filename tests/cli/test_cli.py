"""The command line: readable output, JSON with the same figures, one-line errors with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import supportsim as ss
from supportsim.cli import main

SMALL = ["--set", "agents=6", "--set", "arrivals_per_hour=20", "--set", "days=14"]


def test_run_text_and_json_agree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--scheme", "star_bonus", "--seed", "1", *SMALL]) == 0
    text = capsys.readouterr().out
    assert "scheme star_bonus" in text and "rating noise" in text and "callback rate" in text
    assert main(["run", "--scheme", "star_bonus", "--seed", "1", "--format", "json", *SMALL]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scheme"] == "star_bonus" and doc["seed"] == 1
    assert set(ss.METRICS) <= set(doc["summary"])
    # the JSON carries the same numbers as a Python run
    sc = ss.get_scenario("default").replace(agents=6, arrivals_per_hour=20.0, days=14)
    expected = ss.run(sc, "star_bonus", seed=1).summary
    assert doc["summary"]["note_quality"] == pytest.approx(expected["note_quality"])
    assert f"{expected['callback_rate']:.3f}" in text


def test_run_summary_only_prints_the_same_figures(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["run", "--scheme", "resolution_pay", "--seed", "2", "--format", "json", *SMALL]
    assert main(args) == 0
    full = json.loads(capsys.readouterr().out)["summary"]
    assert main([*args, "--summary-only"]) == 0
    lean = json.loads(capsys.readouterr().out)["summary"]
    assert lean.keys() == full.keys()
    for key, value in full.items():  # NaN is null in JSON
        assert lean[key] == (None if value is None else pytest.approx(value, rel=1e-9)), key


def test_compare_json_has_mean_and_ci(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "--schemes", "flat_salary,per_contact_pay", "--reps", "2", "--jobs", "1"]
    assert main([*args, "--format", "json", "--no-progress", *SMALL]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["schemes"]) == {"flat_salary", "per_contact_pay"}
    cell = doc["schemes"]["per_contact_pay"]["note_quality"]
    assert set(cell) == {"mean", "lo", "hi"} and cell["lo"] <= cell["mean"] <= cell["hi"]
    assert doc["schemes"]["flat_salary"]["pay_quality_corr"]["mean"] is None  # NaN -> null
    assert main([*args, "--no-progress", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "flat_salary" in out and "95% CI" in out


def test_compare_json_carries_the_truths_and_short_contacts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["compare", "--schemes", "flat_salary,per_contact_pay", "--reps", "3", "--jobs", "1"]
    dumping = ["--set", "call_dumping=true"]
    assert main([*args, "--format", "json", "--no-progress", *SMALL, *dumping]) == 0
    doc = json.loads(capsys.readouterr().out)
    for scheme in ("flat_salary", "per_contact_pay"):
        for key in ("true_service", "rating_noise_vs_resolution", "short_contact_share"):
            cell = doc["schemes"][scheme][key]
            assert set(cell) == {"mean", "lo", "hi"}, (scheme, key)
            assert cell["lo"] <= cell["mean"] <= cell["hi"], (scheme, key, cell)
        assert doc["schemes"][scheme]["short_contact_share"]["mean"] > 0  # agents dump


def test_scenario_file_and_save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "center.toml"
    cfg.write_text(
        "agents = 5\narrivals_per_hour = 15.0\ndays = 14\n[star_bonus]\nthreshold = 7.5\n"
    )
    assert (
        main(
            ["run", "--scenario", str(cfg), "--scheme", "star_bonus", "--save", str(tmp_path / "t")]
        )
        == 0
    )
    assert "scenario center" in capsys.readouterr().out
    for name in ("contacts", "issues", "agent_periods"):
        assert (tmp_path / "t" / f"{name}.csv").stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "--scheme", "star_bonu"],
            "unknown scheme 'star_bonu'. Did you mean 'star_bonus'?",
        ),
        (
            ["run", "--scenario", "erlang-a"],
            "unknown scenario 'erlang-a'. Did you mean 'erlang_a'?",
        ),
        (
            ["run", "--set", "agents=0"],
            "--set agents = 0: input should be greater than or equal to 1",
        ),
        (
            ["run", "--set", "defect_share=2"],
            "--set defect_share = 2: input should be less than or equal to 1",
        ),
        (
            ["run", "--set", "agnets=3"],
            "unknown scenario parameter 'agnets'. Did you mean 'agents'?",
        ),
        (["run", "--set", "agents"], "--set 'agents': expected name=value"),
        (["run", "--seed", "-4"], "argument --seed: '-4' must be an integer >= 0"),
        (["compare", "--reps", "0"], "argument --reps: '0' must be an integer >= 1"),
        (["compare", "--schemes", ","], "--schemes ',': give at least one scheme name"),
        (["run", "--scenario", "missing.toml"], "scenario file 'missing.toml': no such file"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (
            ["run", "--summary-only", "--save", "out"],
            "--save writes the contacts and issues tables, which --summary-only does not keep",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        code = main(args)
        raise SystemExit(code)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("supportsim: error: ")
    assert message in err


def test_installed_command_prints_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "supportsim.cli", "run", "--set", "mean_patience_min=-1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert (
        proc.stderr.strip()
        == "supportsim: error: --set mean_patience_min = -1: input should be greater than 0"
    )
    assert "Traceback" not in proc.stderr


def test_figures_writes_png_and_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figs"
    args = ["figures", "--scheme", "star_bonus", "--out", str(out), "--set", "days=21"]
    assert main([*args, "--compare", "flat_salary", "--reps", "2"]) == 0
    listed = capsys.readouterr().out.split()
    pngs, svgs = sorted(out.glob("*.png")), sorted(out.glob("*.svg"))
    assert len(pngs) == len(svgs) >= 6
    assert {str(p) for p in pngs} <= set(listed)
    assert any("comparison" in p.name for p in pngs)
    assert all(p.stat().st_size > 1000 for p in pngs)


def test_every_metric_has_a_readable_label() -> None:
    from supportsim.metrics import BY_KEY

    assert set(ss.METRICS) <= set(BY_KEY)


def test_list_scenarios_shows_each_team_and_its_queues(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "scenarios"]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert set(rows) == set(ss.SCENARIOS)
    assert rows["default"].endswith("25 agents, 364 days, reviews every 7 days, one queue")
    assert rows["product_lines"].endswith("lines accounts (9), product (16), overflow")
