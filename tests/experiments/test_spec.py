"""A sweep spec is validated up front: one-line errors naming field, value and rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from small_specs import SMALL_CENTER, SpecFactory

from supportsim.errors import ConfigError
from supportsim.experiments import (
    ScenarioSpec,
    SchemeSpec,
    SensitivitySpec,
    SweepSpec,
    load_spec,
    plan_sweep,
)


def test_a_valid_spec_plans_every_row_and_deduplicates_runs(small_spec: SpecFactory) -> None:
    spec = SweepSpec.from_dict(
        small_spec(grid={"defect_share": [0.1, 0.3], "stars.bonus": [0.1, 0.4]})
    )
    plan = plan_sweep(spec)
    # 4 grid points x 2 reps x 2 schemes rows ...
    assert len(plan.rows) == 16
    assert list(plan.rows.columns) == [
        "scenario", "point", "defect_share", "stars.bonus", "scheme", "replication", "task",
    ]  # fmt: skip
    # ... but flat_salary ignores stars.bonus: 2 defect shares x 2 reps x (1 + 2) distinct runs
    assert len(plan.tasks) == 12
    flat = plan.rows[plan.rows["scheme"] == "flat_salary"]
    assert flat.groupby(["defect_share", "replication"])["task"].nunique().eq(1).all()


BAD_SPECS = [
    ({"replication": 3}, r"spec: unknown key 'replication'\. Did you mean 'replications'\?"),
    (
        {"replications": 0},
        r"spec\.replications = 0: input should be greater than or equal to 1",
    ),
    ({"seed": -1}, r"spec\.seed = -1: input should be greater than or equal to 0"),
    ({"seed": True}, r"spec\.seed = True: input should be a valid integer"),
    (
        {"schemes": {"x": {"scheme": "star_bonsu"}}},
        r"\[schemes\.x\]\.scheme: unknown scheme 'star_bonsu'\. Did you mean 'star_bonus'\?",
    ),
    (
        {"schemes": {"star_bonus": {"treshold": 8}}},
        r"\[schemes\.star_bonus\]: unknown key 'treshold'\. Did you mean 'threshold'\?",
    ),
    (
        {"grid": {"defect_shares": [0.1]}},
        r"\[grid\] defect_shares: unknown scenario parameter 'defect_shares'\. Did you mean 'defect_share'\?",
    ),
    (
        {"grid": {"star.bonus": [0.1]}},
        r"\[grid\] star\.bonus: unknown scheme label 'star'\. Did you mean 'stars'\?",
    ),
    ({"grid": {"stars.bonsu": [0.1]}}, r"unknown key 'bonsu'\. Did you mean 'bonus'\?"),
    (
        {"grid": {"defect_share": []}},
        r"\[grid\] defect_share = \[\]: must be a non-empty array",
    ),
    ({"grid": {"defect_share": [0.1, 0.1]}}, r"values must be distinct"),
    (
        {"scenarios": {"s": {"base": "defualt"}}},
        r"\[scenarios\.s\]\.base: unknown scenario 'defualt'\. Did you mean 'default'\?",
    ),
    (
        {"scenarios": {"s": {"base": "nope.toml"}}},
        r"\[scenarios\.s\]\.base = '.*nope\.toml': no such scenario file",
    ),
    (
        {"scenarios": {"s": {"agnets": 3}}},
        r"\[scenarios\.s\]: unknown scenario parameter 'agnets'\. Did you mean 'agents'\?",
    ),
    (
        {"scenarios": {"s": {"defect_share": 1.5}}},
        r"\[scenarios\.s\]\.defect_share = 1\.5: input should be less than or equal to 1",
    ),
    (
        {"baseline": "flat_salry"},
        r"spec\.baseline: unknown scheme label 'flat_salry'\. Did you mean 'flat_salary'\?",
    ),
    ({"schemes": {}}, r"give at least one \[schemes\.<label>\] table"),
]


@pytest.mark.parametrize(("change", "match"), BAD_SPECS)
def test_bad_specs_fail_with_one_line(
    small_spec: SpecFactory, change: dict[str, object], match: str
) -> None:
    with pytest.raises(ConfigError, match=match) as err:
        SweepSpec.from_dict(small_spec(**change))
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("change", "match"), BAD_SPECS)
def test_the_same_bad_specs_fail_when_made_in_python(
    small_spec: SpecFactory, change: dict[str, object], match: str
) -> None:
    """``SweepSpec(...)`` is the validated model itself: no way round the rules."""
    with pytest.raises(ConfigError, match=match) as err:
        SweepSpec(**small_spec(**change))
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (
            lambda: SchemeSpec(scheme="star_bonsu"),
            r"^SchemeSpec\.scheme: unknown scheme 'star_bonsu'\. Did you mean 'star_bonus'\?",
        ),
        (
            lambda: SchemeSpec(scheme="star_bonus", params={"treshold": 8}),
            r"^SchemeSpec: unknown key 'treshold'\. Did you mean 'threshold'\?",
        ),
        (
            lambda: ScenarioSpec(base="defualt"),
            r"^ScenarioSpec\.base: unknown scenario 'defualt'\. Did you mean 'default'\?",
        ),
        (
            lambda: SensitivitySpec(params={"defect_share": (0.3, 0.2)}),
            r"^SensitivitySpec\.params\.defect_share = \[0\.3, 0\.2\]: low must be < high$",
        ),
        (
            lambda: SweepSpec(
                scenarios={"s": ScenarioSpec(overrides={"agnets": 3})},
                schemes={"flat": SchemeSpec(scheme="flat_salary")},
            ),
            r"^spec \[scenarios\.s\]: unknown scenario parameter 'agnets'\. Did you mean 'agents'\?",
        ),
        (
            lambda: SweepSpec(
                schemes={"stars": SchemeSpec(scheme="star_bonus")},
                grid={"star.bonus": (0.1, 0.2)},
                where="mine",
            ),
            r"^mine \[grid\] star\.bonus: unknown scheme label 'star'\. Did you mean 'stars'\?",
        ),
        (
            lambda: SweepSpec(schemes={"flat": SchemeSpec(scheme="flat_salary")}, baseline="flt"),
            r"^spec\.baseline: unknown scheme label 'flt'\. Did you mean 'flat'\?",
        ),
        (
            lambda: SweepSpec(),
            r"^spec: give at least one \[schemes\.<label>\] table \(or \[sensitivity\]\)$",
        ),
        (
            lambda: SweepSpec(
                sensitivity=SensitivitySpec(
                    scheme="star_bonsu", params={"defect_share": (0.1, 0.2)}
                )
            ),
            r"^spec \[sensitivity\]\.scheme: unknown scheme 'star_bonsu'\. Did you mean 'star_bonus'\?",
        ),
    ],
)
def test_spec_models_made_in_python_check_themselves(make: Any, match: str) -> None:
    with pytest.raises(ConfigError, match=match) as err:
        make()
    assert "\n" not in str(err.value)


def test_models_from_python_equal_models_from_data(small_spec: SpecFactory) -> None:
    spec = SweepSpec.from_dict(small_spec())
    direct = SweepSpec(
        name="small",
        seed=3,
        replications=2,
        scenarios={"small": ScenarioSpec(overrides=dict(SMALL_CENTER))},
        schemes={
            "flat_salary": SchemeSpec(scheme="flat_salary"),
            "stars": SchemeSpec(scheme="star_bonus", params={"threshold": 7.0}),
        },
        grid={"defect_share": (0.1, 0.3)},
    )
    assert direct == spec
    assert SweepSpec.model_validate(spec.model_dump()) == spec  # the models' own shape too
    assert SweepSpec.from_dict(spec.to_dict()).to_dict() == spec.to_dict()


def test_a_spec_file_may_not_set_where(small_spec: SpecFactory) -> None:
    with pytest.raises(ConfigError, match=r"^spec: unknown key 'where'\."):
        SweepSpec.from_dict(small_spec(where="elsewhere"))


def test_grid_keys_in_their_section(small_spec: SpecFactory) -> None:
    spec = SweepSpec.from_dict(
        small_spec(grid={"demand.arrivals_per_hour": [15.0, 25.0], "stars.bonus": [0.2]})
    )
    plan = plan_sweep(spec)
    assert "demand.arrivals_per_hour" in plan.rows.columns
    rates = {t.scenario.arrivals_per_hour for t in plan.tasks.values()}
    assert rates == {15.0, 25.0}
    assert {t.scheme.bonus for t in plan.tasks.values() if t.scheme.name == "star_bonus"} == {0.2}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("grid", "schemes", "match"),
    [
        (
            {"demand.arrivals_per_houR": [1.0]},
            None,
            r"\[grid\] demand\.arrivals_per_houR: unknown demand parameter 'arrivals_per_houR'\. Did you mean 'arrivals_per_hour'\?",
        ),
        (
            {"agents": [5], "team.agents": [6]},
            None,
            r"\[grid\] team\.agents: 'agents' and 'team\.agents' are the same parameter",
        ),
        (
            {"team.bonus": [0.1]},
            {"team": {"scheme": "star_bonus"}},
            r"\[grid\] team\.bonus: 'team' is both a scheme label and a scenario section",
        ),
        ({"defect_share": 0.1}, None, r"\[grid\] defect_share = 0\.1: must be a non-empty array"),
    ],
)
def test_bad_grid_keys(
    small_spec: SpecFactory, grid: dict[str, Any], schemes: dict[str, Any] | None, match: str
) -> None:
    change: dict[str, Any] = {"grid": grid}
    if schemes is not None:
        change["schemes"] = schemes
    with pytest.raises(ConfigError, match=match):
        SweepSpec.from_dict(small_spec(**change))


def test_bad_grid_values_fail_before_anything_runs(small_spec: SpecFactory) -> None:
    spec = SweepSpec.from_dict(small_spec(grid={"defect_share": [0.1, 1.5]}))
    with pytest.raises(
        ConfigError, match=r"\[grid\] point 1\.defect_share = 1\.5: input should be less"
    ):
        plan_sweep(spec)
    spec = SweepSpec.from_dict(small_spec(grid={"stars.threshold": [8.0, 11.0]}))
    with pytest.raises(
        ConfigError, match=r"\[schemes\.stars\]: .*threshold = 11\.0: input should be less"
    ):
        plan_sweep(spec)


@pytest.mark.parametrize(
    ("section", "match"),
    [
        (
            {"method": "sobel", "params": {"defect_share": [0.1, 0.2]}},
            r"\[sensitivity\]\.method = 'sobel': input should be 'morris' or 'sobol'",
        ),
        (
            {"params": {"defect_share": [0.3, 0.2]}},
            r"params\.defect_share = \[0\.3, 0\.2\]: low must be < high",
        ),
        ({"params": {}}, r"give at least one parameter"),
        (
            {"scheme": "stras", "params": {"defect_share": [0.1, 0.2]}},
            r"unknown scheme 'stras'\. Did you mean 'stars'\?",
        ),
        ({"metric": "x"}, r"unknown key 'metric'\. Did you mean 'metrics'\?"),
        # checked when the spec is read, not after the sweep ran:
        (
            {"method": "sobol", "samples": 6, "params": {"defect_share": [0.1, 0.2]}},
            r"\[sensitivity\]\.samples = 6: Sobol sampling needs a power of 2",
        ),
        (
            {"metrics": ["callbak_rate"], "params": {"defect_share": [0.1, 0.2]}},
            r"\[sensitivity\]\.metrics: unknown metric 'callbak_rate'\. Did you mean 'callback_rate'\?",
        ),
        (
            {"metrics": [], "params": {"defect_share": [0.1, 0.2]}},
            r"\[sensitivity\]\.metrics = \[\]: give at least one metric",
        ),
        (
            {"params": {"defect_shar": [0.1, 0.2]}},
            r"params\.defect_shar: unknown scenario parameter 'defect_shar'\. Did you mean 'defect_share'\?",
        ),
        (
            {"scheme": "stars", "params": {"star_bonus.threshold": [7.0, 9.0]}},
            r"params\.star_bonus\.threshold: scheme parameters are written 'stars\.<parameter>'",
        ),
        (
            {"scheme": "stars", "params": {"stars.treshold": [7.0, 9.0]}},
            r"params\.stars\.treshold: unknown key 'treshold'\. Did you mean 'threshold'\?",
        ),
        (
            {"params": {"defect_share": [0.1]}},
            r"params\.defect_share = \[0\.1\]: must be \[low, high\]",
        ),
        (
            {"scenario": "smal", "params": {"defect_share": [0.1, 0.2]}},
            r"\[sensitivity\]\.scenario: unknown scenario label 'smal'\. Did you mean 'small'\?",
        ),
    ],
)
def test_bad_sensitivity_sections(
    small_spec: SpecFactory, section: dict[str, object], match: str
) -> None:
    with pytest.raises(ConfigError, match=match):
        SweepSpec.from_dict(small_spec(sensitivity=section))


def test_spec_file_with_scenario_file_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "center.toml").write_text(
        "agents = 5\narrivals_per_hour = 15.0\ndays = 14\n[star_bonus]\nthreshold = 7.5\n"
    )
    (tmp_path / "spec.toml").write_text(
        'seed = 1\nreplications = 1\n[scenarios.c]\nbase = "center.toml"\ndefect_share = 0.2\n'
        "[schemes.star_bonus]\n"
    )
    spec = load_spec(tmp_path / "spec.toml")
    assert spec.name == "spec"
    plan = plan_sweep(spec)
    (task,) = plan.tasks.values()
    assert task.scenario.agents == 5 and task.scenario.defect_share == 0.2
    assert task.scheme.threshold == 7.5  # type: ignore[attr-defined]  # from the scenario file


def test_missing_or_broken_spec_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sweep spec '.*nope\.toml': no such file"):
        load_spec(tmp_path / "nope.toml")
    (tmp_path / "bad.toml").write_text("seed = = 1")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML"):
        load_spec(tmp_path / "bad.toml")


def test_center_defaults_round_trip(small_spec: SpecFactory) -> None:
    spec = SweepSpec.from_dict(small_spec())
    again = SweepSpec.from_dict(spec.to_dict())
    assert plan_sweep(again).tasks.keys() == plan_sweep(spec).tasks.keys()
    assert SMALL_CENTER["agents"] == next(iter(plan_sweep(spec).tasks.values())).scenario.agents


def test_task_ids_change_with_the_model_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved results are never reused by a different model: the code is part of the id."""
    import supportsim as ss
    from supportsim.experiments import tasks

    sc, scheme = ss.get_scenario("erlang_c"), ss.make_scheme("flat_salary")
    before = tasks.task_id(sc, scheme, 1, 0)
    assert tasks.task_id(sc, scheme, 1, 0) == before  # stable for the same code
    monkeypatch.setattr(tasks, "code_fingerprint", lambda: "edited-model")
    assert tasks.task_id(sc, scheme, 1, 0) != before


@pytest.mark.parametrize(
    "path",
    sorted((Path(__file__).resolve().parents[2] / "examples" / "sweeps").glob("*.toml")),
    ids=lambda p: p.name,
)
def test_example_specs_load_and_plan(path: Path) -> None:
    spec = load_spec(path)
    assert spec.where == path.name and (spec.schemes or spec.sensitivity)
    if spec.schemes:
        assert len(plan_sweep(spec).rows) > 0
