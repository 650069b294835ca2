"""A scheme written in Python runs from the command line and from files, named module:Class;
sweeps never answer an edited scheme from results saved before the edit."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import supportsim as ss
from supportsim.cli import main
from supportsim.policy import load_policy

SCHEME = '''
import numpy as np
from supportsim import Decision


class TopHalfBonus:
    """A bonus for the busier half of the team."""

    name = "top_half_bonus"
    survey = "stars10"
    review_sample = 0

    def __init__(self, bonus=BONUS):
        self.bonus = bonus

    def decide(self, obs, rng):
        busy = obs.contacts > np.median(obs.contacts)
        return Decision(pay=1.0 + self.bonus * busy)
'''
SMALL = ["--set", "agents=6", "--set", "arrivals_per_hour=20.0", "--set", "days=14"]


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``pyschemes_<n>.py`` in a fresh working directory (a name no other test imports)."""
    name = f"pyschemes_{tmp_path.name.replace('-', '_')}"
    path = tmp_path / f"{name}.py"
    path.write_text(SCHEME.replace("BONUS", "0.1"))
    monkeypatch.chdir(tmp_path)
    yield path
    sys.modules.pop(name, None)


def test_run_and_compare_a_python_scheme_by_name(
    module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = f"{module.stem}:TopHalfBonus"
    assert main(["run", "--scheme", spec, *SMALL, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scheme"] == "top_half_bonus" and doc["summary"]["bonus_earned_share"] > 0.3
    assert (
        main(["compare", "--schemes", f"flat_salary,{spec}", "--reps", "2", "--jobs", "1", *SMALL])
        == 0
    )
    assert "top_half_bonus" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("{m}:TopHalfBonu", "has no 'TopHalfBonu'. Did you mean 'TopHalfBonus'?"),
        ("no_such_module_xyz:Scheme", "cannot import 'no_such_module_xyz'"),
        ("{m}:np", "'np' is not a class"),
    ],
)
def test_a_bad_python_scheme_name_is_one_line(
    module: Path, spec: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--scheme", spec.format(m=module.stem), *SMALL]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


def test_policy_and_scenario_files_name_a_python_scheme(
    module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = f"{module.stem}:TopHalfBonus"
    policy = module.parent / "p.toml"
    policy.write_text(f'[scheme]\nname = "{spec}"\n[scheme.params]\nbonus = 0.3\n')
    p = load_policy(policy)
    assert (p.scheme, dict(p.params)) == (spec, {"bonus": 0.3})
    assert p.build_scheme().bonus == 0.3  # type: ignore[attr-defined]
    center = module.parent / "center.toml"
    center.write_text(f'agents = 6\narrivals_per_hour = 20.0\ndays = 14\nscheme = "{spec}"\n')
    assert main(["run", "--scenario", str(center), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["scheme"] == "top_half_bonus"


def test_a_sweep_recomputes_an_edited_python_scheme(
    module: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = module.parent / "spec.toml"
    spec.write_text(
        "seed = 1\nreplications = 2\n[scenarios.small]\nagents = 6\narrivals_per_hour = 20.0\n"
        f'days = 14\n[schemes.flat_salary]\n[schemes.mine]\nscheme = "{module.stem}:TopHalfBonus"\n'
    )
    out = module.parent / "out"
    args = ["sweep", str(spec), "--out", str(out), "--jobs", "1", "--format", "json"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["computed"], first["reused"]) == (4, 0)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["reused"] == 4
    before = ss.load_sweep(out).set_index(["scheme", "replication"])["cost_per_resolved"]
    module.write_text(SCHEME.replace("BONUS", "0.5"))  # the researcher edits the scheme
    assert main(args) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["computed"], again["reused"]) == (2, 2)  # flat salary reused, the edit rerun
    after = ss.load_sweep(out).set_index(["scheme", "replication"])["cost_per_resolved"]
    assert (after.loc["mine"] > before.loc["mine"]).all()
    assert after.loc["flat_salary"].equals(before.loc["flat_salary"])
