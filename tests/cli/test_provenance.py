"""Every JSON output says where it came from: the package version, the code, the full
scenario after overrides, each scheme's parameters and the seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import supportsim as ss
from supportsim.cli import main

SMALL = ["--set", "agents=6", "--set", "arrivals_per_hour=20", "--set", "days=14"]


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main([*args, "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def _small(**more: Any) -> ss.Scenario:
    return ss.get_scenario("default").replace(agents=6, arrivals_per_hour=20.0, days=14, **more)


def _common(prov: dict[str, Any], seed: int) -> None:
    assert prov["version"] == ss.__version__
    assert isinstance(prov["code"], str) and len(prov["code"]) == 16
    assert prov["seed"] == seed


def test_run_json_records_the_overrides_and_the_scheme(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["run", "--scheme", "star_bonus", "--seed", "4", *SMALL]
    prov = _json([*args, "--set", "defect_share=0.3", "--set", "star_bonus.threshold=8.5"], capsys)[
        "provenance"
    ]
    _common(prov, 4)
    assert prov["replication"] == 0
    assert prov["scenario"] == _small(defect_share=0.3).to_dict()
    assert prov["schemes"]["star_bonus"]["threshold"] == 8.5
    json.dumps(prov)  # plain data all the way down


def test_compare_json_records_every_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["compare", "--schemes", "flat_salary,star_bonus", "--reps", "2", "--jobs", "1"]
    prov = _json([*args, "--seed", "2", "--no-progress", *SMALL], capsys)["provenance"]
    _common(prov, 2)
    assert prov["replications"] == 2
    assert prov["scenario"] == _small().to_dict()
    assert set(prov["schemes"]) == {"flat_salary", "star_bonus"}
    assert prov["schemes"]["star_bonus"]["threshold"] == ss.make_scheme("star_bonus").threshold


def test_sweep_json_records_the_scenarios_and_schemes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(
        "seed = 5\nreplications = 1\n[scenarios.small]\nagents = 6\narrivals_per_hour = 20.0\n"
        'days = 14\n[schemes.flat_salary]\n[schemes.stars]\nscheme = "star_bonus"\n'
        "threshold = 7.0\n[grid]\ndefect_share = [0.1, 0.3]\n",
        encoding="utf-8",
    )
    args = ["sweep", str(spec_file), "--out", str(tmp_path / "out"), "--jobs", "1"]
    prov = _json([*args, "--no-progress"], capsys)["provenance"]
    _common(prov, 5)
    assert prov["replications"] == 1
    assert prov["scenarios"]["small"]["agents"] == 6
    assert prov["schemes"]["stars"]["threshold"] == 7.0
    assert prov["grid"] == {"defect_share": [0.1, 0.3]}
    saved = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert saved == prov


def test_evaluate_json_records_the_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(
        '[scheme]\nname = "star_bonus"\n[scheme.params]\nthreshold = 9.5\n'
        "[center]\nagents = 6\narrivals_per_hour = 20.0\ndays = 14\n"
        "[evaluation]\nreplications = 2\nseed = 3\n",
        encoding="utf-8",
    )
    args = ["evaluate", str(policy), "--out", str(tmp_path / "r.html"), "--jobs", "1"]
    prov = _json([*args, "--alternatives", "flat_salary", "--no-progress"], capsys)["provenance"]
    _common(prov, 3)
    assert prov["replications"] == 2
    assert prov["scenario"]["agents"] == 6 and prov["scenario"]["days"] == 14
    assert prov["schemes"]["proposed"]["threshold"] == 9.5
    assert "flat_salary" in prov["schemes"]
