"""Bad input: one-line errors naming the field, the value and the rule; names get suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

import supportsim as ss
from supportsim.config import build_scenario, parse_set, parse_sets


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"agents": 0}, r"scenario\.agents = 0: input should be greater than or equal to 1"),
        (
            {"arrivals_per_hour": -3.0},
            r"scenario\.arrivals_per_hour = -3\.0: input should be greater than 0",
        ),
        (
            {"defect_share": 1.5},
            r"scenario\.defect_share = 1\.5: input should be less than or equal to 1",
        ),
        (
            {"survey_response": -0.1},
            r"scenario\.survey_response = -0\.1: input should be greater than or equal to 0",
        ),
        ({"agnets": 3}, r"unknown key 'agnets'\. Did you mean 'agents'\?"),
        ({"open_hour": 10, "close_hour": 9}, r"close_hour=9 must be > open_hour=10"),
        (
            {"learning": "magic"},
            r"scenario\.learning = 'magic': unknown learning rule 'magic'\. Available: best_response,",
        ),
        (
            {"learning": "imitaton"},
            r"unknown learning rule 'imitaton'\. Did you mean 'imitation'\? Available: ",
        ),
        (
            {"kinds": [{"name": "a", "shar": 1}]},
            r"kinds\[0\]: unknown key 'shar'\. Did you mean 'share'\?",
        ),
    ],
)
def test_scenario_errors(params: dict, pattern: str) -> None:
    with pytest.raises(ss.ConfigError, match=pattern) as info:
        ss.Scenario.build(**params)
    assert "\n" not in str(info.value)


def test_unknown_names_suggest_the_nearest() -> None:
    with pytest.raises(
        ss.ConfigError,
        match=r"unknown scheme 'star_bonsu'\. Did you mean 'star_bonus'\? Available: ",
    ):
        ss.make_scheme("star_bonsu")
    with pytest.raises(
        ss.ConfigError, match=r"unknown scenario 'erlang-c'\. Did you mean 'erlang_c'\?"
    ):
        ss.get_scenario("erlang-c")
    with pytest.raises(
        ss.ConfigError,
        match=r"scheme star_bonus: unknown key 'treshold'\. Did you mean 'threshold'\?",
    ):
        ss.make_scheme("star_bonus", treshold=8)
    with pytest.raises(
        ss.ConfigError,
        match=r"star_bonus\.threshold = 11: input should be less than or equal to 10",
    ):
        ss.make_scheme("star_bonus", threshold=11)


@pytest.mark.parametrize(
    ("item", "pattern"),
    [
        ("agents", r"--set 'agents': expected name=value"),
        ("=3", r"--set '=3': expected name=value"),
        ("agents=", r"--set 'agents=': expected name=value"),
    ],
)
def test_malformed_set(item: str, pattern: str) -> None:
    with pytest.raises(ss.ConfigError, match=pattern):
        parse_set(item)


def test_set_overrides_and_their_errors() -> None:
    def sets(*items: str) -> tuple[ss.Scenario, dict]:
        return build_scenario("default", parse_sets(items), where="--set")

    sc, schemes = sets("agents=12", "star_bonus.threshold=8.5", "demand.arrivals_per_hour=50")
    assert sc.agents == 12 and schemes == {"star_bonus": {"threshold": 8.5}}
    assert sc.demand.arrivals_per_hour == 50.0
    with pytest.raises(
        ss.ConfigError,
        match=r"--set: unknown scenario parameter 'defect_shar'\. Did you mean 'defect_share'\?",
    ):
        sets("defect_shar=0.2")
    with pytest.raises(
        ss.ConfigError,
        match=r"unknown scheme or section 'star_bonis'\. Did you mean 'star_bonus'\?",
    ):
        sets("star_bonis.threshold=8")
    with pytest.raises(ss.ConfigError, match=r"--set agents = -2: input should be greater"):
        sets("agents=-2")
    with pytest.raises(ss.ConfigError, match=r"--set days = true: must be a number"):
        sets("days=true")


def test_toml_errors(tmp_path: Path) -> None:
    good = tmp_path / "center.toml"
    good.write_text('base = "default"\nagents = 12\n[star_bonus]\nthreshold = 8.5\n')
    sc, schemes = ss.load_config(good)
    assert sc.agents == 12 and sc.name == "center" and schemes["star_bonus"]["threshold"] == 8.5

    bad_key = tmp_path / "bad.toml"
    bad_key.write_text("agentz = 12\n")
    with pytest.raises(
        ss.ConfigError,
        match=r"bad\.toml: unknown scenario parameter 'agentz'\. Did you mean 'agents'\?",
    ):
        ss.load_config(bad_key)
    bad_value = tmp_path / "neg.toml"
    bad_value.write_text("arrivals_per_hour = -1\n")
    with pytest.raises(
        ss.ConfigError, match=r"neg\.toml\.arrivals_per_hour = -1: input should be greater than 0"
    ):
        ss.load_config(bad_value)
    bad_scheme = tmp_path / "scheme.toml"
    bad_scheme.write_text("[star_bonus]\nbonsu = 1\n")
    with pytest.raises(
        ss.ConfigError, match=r"\[star_bonus\]: unknown key 'bonsu'\. Did you mean 'bonus'\?"
    ):
        ss.load_config(bad_scheme)
    syntax = tmp_path / "syntax.toml"
    syntax.write_text("agents = \n")
    with pytest.raises(ss.ConfigError, match=r"syntax\.toml: not valid TOML"):
        ss.load_config(syntax)
    with pytest.raises(ss.ConfigError, match=r"no such file"):
        ss.load_config(tmp_path / "missing.toml")


def test_python_arguments_are_validated() -> None:
    with pytest.raises(ss.ConfigError, match=r"seed = -1: must be a non-negative integer"):
        ss.run("erlang_c", "flat_salary", seed=-1)
    with pytest.raises(ss.ConfigError, match=r"reps = 0: must be an integer >= 1"):
        ss.compare("erlang_c", ["flat_salary"], reps=0)
    with pytest.raises(ss.ConfigError, match=r"each scheme may appear once"):
        ss.compare("erlang_c", ["flat_salary", "flat_salary"], reps=1)


def test_wrapper_and_schedule_errors() -> None:
    with pytest.raises(
        ss.ConfigError,
        match=r"hidden_ratings: unknown scheme 'star_bonsu'\. Did you mean 'star_bonus'\?",
    ):
        ss.make_scheme("hidden_ratings", inner="star_bonsu")
    with pytest.raises(ss.ConfigError, match=r"cannot wrap itself"):
        ss.make_scheme("hidden_ratings", inner="hidden_ratings")
    with pytest.raises(
        ss.ConfigError,
        match=r"scheme star_bonus: unknown key 'treshold'\. Did you mean 'threshold'\?",
    ):
        ss.make_scheme("hidden_ratings", inner_params={"treshold": 3})
    with pytest.raises(
        ss.ConfigError, match=r"phases\[0\]: unknown key 'schem'\. Did you mean 'scheme'\?"
    ):
        ss.make_scheme("scheme_schedule", phases=[{"start_day": 0, "schem": "x"}])
    with pytest.raises(
        ss.ConfigError, match=r"unknown key 'per_resolutio'\. Did you mean 'per_resolution'\?"
    ):
        ss.make_scheme(
            "scheme_schedule",
            phases=[{"start_day": 0, "scheme": "resolution_pay", "params": {"per_resolutio": 1}}],
        )
    with pytest.raises(ss.ConfigError, match=r"cannot contain another schedule"):
        ss.make_scheme("scheme_schedule", phases=[{"start_day": 0, "scheme": "scheme_schedule"}])


def test_schedule_and_wrapper_from_toml(tmp_path: Path) -> None:
    cfg = tmp_path / "policy.toml"
    cfg.write_text(
        "days = 14\n"
        "[scheme_schedule]\n"
        'phases = [{start_day = 0, scheme = "per_contact_pay"}, {start_day = 7, scheme = "resolution_pay"}]\n'
        "[hidden_ratings]\n"
        'inner = "per_contact_pay"\n'
        "inner_params = {quota_per_hour = 5.0}\n"
    )
    sc, params = ss.load_config(cfg)
    assert sc.days == 14
    sched = ss.make_scheme("scheme_schedule", **params["scheme_schedule"])
    assert [p.scheme for p in sched.phases] == ["per_contact_pay", "resolution_pay"]
    hidden = ss.make_scheme("hidden_ratings", **params["hidden_ratings"])
    assert hidden.wrapped.quota_per_hour == 5.0 and hidden.display == "hidden"


def test_a_scenario_file_carries_a_policy_and_its_own_scheme(tmp_path: Path) -> None:
    from supportsim.cli import main

    center = tmp_path / "center.toml"
    center.write_text(
        "agents = 6\narrivals_per_hour = 20.0\ndays = 14\n"
        '[policy]\nsalary = 0.9\n[[policy.bonus]]\nscore = "mean_stars"\n'
        "tiers = [{ at = 7.0, pay = 0.1 }]\n"
    )
    _, cfg = ss.load_config(center)
    assert cfg["policy"]["salary"] == 0.9
    assert main(["run", "--scenario", str(center), "--scheme", "policy"]) == 0
    own = tmp_path / "own.toml"
    own.write_text('agents = 6\ndays = 14\n[scheme]\nreview = "month"\n')
    assert main(["run", "--scenario", str(own)]) == 2  # a monthly policy on weekly reviews
