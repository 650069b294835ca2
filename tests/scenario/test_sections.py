"""Parameters live in typed sections; users keep the flat names, and files may use the tables."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import supportsim as ss
from supportsim.cli import main
from supportsim.config import build_scenario
from supportsim.scenario import SECTION_OF, SECTIONS, parameter_rows

SRC = Path(__file__).resolve().parents[2] / "src" / "supportsim"


def test_every_parameter_is_in_exactly_one_section_and_reads_through() -> None:
    sc = ss.get_scenario("default")
    names = [n for n in ss.Scenario.field_names() if n != "name"]
    assert len(names) == len(set(names)) == len(SECTION_OF)
    for name, section in SECTION_OF.items():
        assert getattr(sc, name) == getattr(getattr(sc, section), name)
    with pytest.raises(AttributeError, match="no parameter 'agnets'"):
        _ = sc.agnets


def test_section_tables_and_flat_names_build_the_same_scenario(tmp_path: Path) -> None:
    flat = tmp_path / "flat.toml"
    flat.write_text("agents = 12\narrivals_per_hour = 40.0\nsurvey_response = 0.1\n")
    grouped = tmp_path / "grouped.toml"
    grouped.write_text(
        "[team]\nagents = 12\n[demand]\narrivals_per_hour = 40.0\n[surveys]\nsurvey_response = 0.1\n"
    )
    a, _ = ss.load_config(flat)
    b, _ = ss.load_config(grouped)
    assert a.to_dict() | {"name": ""} == b.to_dict() | {"name": ""}
    assert b.team.agents == 12 and b.demand.arrivals_per_hour == 40.0
    via_set, _ = build_scenario("default", {"demand.arrivals_per_hour": 40.0, "agents": 12})
    assert via_set.demand.arrivals_per_hour == 40.0 and via_set.agents == 12


def test_section_mistakes_get_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[demand]\narrivals_per_hr = 40.0\n")
    with pytest.raises(
        ss.ConfigError,
        match=r"\[demand\]: unknown key 'arrivals_per_hr'\. Did you mean 'arrivals_per_hour'",
    ):
        ss.load_config(bad)
    twice = tmp_path / "twice.toml"
    twice.write_text("agents = 12\n[team]\nagents = 13\n")
    with pytest.raises(ss.ConfigError, match=r"'agents' is given twice"):
        ss.load_config(twice)
    with pytest.raises(ss.ConfigError, match=r"--set demand: unknown key 'agents'"):
        build_scenario("default", {"demand.agents": 3}, where="--set")


def test_a_scenario_file_may_start_from_another_file(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text("agents = 9\n[star_bonus]\nthreshold = 7.5\n")
    (tmp_path / "child.toml").write_text('base = "base.toml"\ndays = 21\n')
    sc, schemes = ss.load_config(tmp_path / "child.toml")
    assert (sc.agents, sc.days, sc.name) == (9, 21, "child")
    assert schemes == {"star_bonus": {"threshold": 7.5}}
    (tmp_path / "loop.toml").write_text('base = "loop.toml"\n')
    with pytest.raises(ss.ConfigError, match=r"in a circle \(loop\.toml -> loop\.toml\)"):
        ss.load_config(tmp_path / "loop.toml")


def test_list_params_shows_group_default_unit_and_meaning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["list", "params", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    sc = ss.get_scenario("default")
    assert [r["name"] for r in rows] == list(SECTION_OF)
    for r in rows:
        assert r["group"] in SECTIONS and r["unit"] and r["meaning"], r
        default = getattr(sc, r["name"])
        if r["name"] == "kinds":
            assert r["default"] == [k.name for k in default]
        else:
            assert r["default"] == (list(default) if isinstance(default, tuple) else default)
    assert main(["list", "params"]) == 0
    text = capsys.readouterr().out
    assert "[demand]" in text and "arrivals_per_hour" in text
    assert parameter_rows()[0]["name"] == "days"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_world_modules_take_the_sections_they_read_not_the_whole_scenario() -> None:
    """Only the places that assemble the world (and turn its records into tables) see the
    whole Scenario."""
    assemblers = {"center.py", "review.py", "tables.py"}
    for path in sorted((SRC / "world").glob("*.py")):
        if path.name in assemblers:
            continue
        assert "supportsim.scenario.Scenario" not in _imports(path), path.name
