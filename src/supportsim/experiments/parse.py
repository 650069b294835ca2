"""Reading and validating sweep specs: TOML structure in, :class:`~supportsim.experiments.spec.SweepSpec` out.

Every problem is a one-line :class:`~supportsim.errors.ConfigError` naming the field, the
value and the rule (with a "did you mean" for misspelt names), raised before anything runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError
from pydantic.dataclasses import dataclass as pydantic_dataclass

from supportsim.errors import (
    ConfigError,
    check_keys,
    from_validation_error,
    read_toml,
    suggest,
    unknown_name,
)
from supportsim.experiments.spec import (
    ID_COLUMNS,
    ScenarioSpec,
    SchemeSpec,
    SensitivitySpec,
    SweepSpec,
)
from supportsim.scenario import SCENARIOS, Scenario
from supportsim.schemes import SCHEMES, scheme_params

TOP_KEYS = ("name", "seed", "replications", "baseline", "scenarios", "schemes", "grid")
SENSITIVITY_KEYS = ("method", "scheme", "scenario", "metrics", "samples", "replications", "params")
_STRICT = ConfigDict(extra="forbid")
NonNegInt = Annotated[int, Field(ge=0, strict=True)]
PosInt = Annotated[int, Field(ge=1, strict=True)]


@pydantic_dataclass(config=_STRICT, frozen=True, kw_only=True)
class _Top:
    name: str = "sweep"
    seed: NonNegInt = 0
    replications: PosInt = 5
    baseline: str | None = None


@pydantic_dataclass(config=_STRICT, frozen=True, kw_only=True)
class _Sensitivity:
    method: Literal["morris", "sobol"] = "morris"
    scheme: str = "flat_salary"
    scenario: str | None = None
    metrics: tuple[str, ...] = ("rating_noise",)
    samples: PosInt = 8
    replications: PosInt = 1
    params: dict[str, tuple[float, float]] = Field(default_factory=dict)


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec file (TOML); see the module docstring for its layout."""
    p = Path(path)
    data = read_toml(p, "sweep spec")
    data.setdefault("name", p.stem)
    return SweepSpec.from_dict(data, where=p.name, root=p.parent)


def as_spec(spec: SweepSpec | str | Path | Mapping[str, Any]) -> SweepSpec:
    """A :class:`SweepSpec` from a spec, a TOML file path or plain data."""
    if isinstance(spec, SweepSpec):
        return spec
    if isinstance(spec, str | Path):
        return load_spec(spec)
    if isinstance(spec, Mapping):
        return SweepSpec.from_dict(spec)
    raise ConfigError(f"spec = {spec!r}: must be a SweepSpec, a .toml path or a dict")


def _unknown(where: str, what: str, name: str, valid: Any) -> ConfigError:
    return ConfigError(f"{where}: {unknown_name(what, name, valid)}")


def _table(where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} = {value!r}: must be a table")
    return value


def _scenarios(where: str, raw: Any, root: Path) -> dict[str, ScenarioSpec]:
    if raw is None:
        return {"default": ScenarioSpec()}
    out = {}
    for label, table in _table(f"{where} [scenarios]", raw).items():
        tw = f"{where} [scenarios.{label}]"
        body = dict(_table(tw, table))
        base = body.pop("base", "default")
        if not isinstance(base, str):
            raise ConfigError(f"{tw}.base = {base!r}: must be a scenario name or a .toml path")
        if base.endswith(".toml") and not Path(base).is_absolute():
            base = str((root / base).resolve())
        elif not base.endswith(".toml") and base not in SCENARIOS:
            raise _unknown(f"{tw}.base", "scenario", base, SCENARIOS.names())
        spec = ScenarioSpec(base=base, overrides=body)
        spec.build(tw)  # fail now, not after an hour of runs
        out[str(label)] = spec
    if not out:
        raise ConfigError(f"{where} [scenarios]: give at least one scenario table")
    return out


def _schemes(where: str, raw: Any) -> dict[str, SchemeSpec]:
    out = {}
    for label, table in _table(f"{where} [schemes]", raw or {}).items():
        tw = f"{where} [schemes.{label}]"
        body = dict(_table(tw, table))
        name = body.pop("scheme", label)
        if not isinstance(name, str) or name not in SCHEMES:
            raise _unknown(f"{tw}.scheme", "scheme", str(name), SCHEMES.names())
        check_keys(tw, body, scheme_params(name))
        out[str(label)] = SchemeSpec(scheme=name, params=body)
    return out


def _grid(
    where: str, raw: Any, schemes: Mapping[str, SchemeSpec], metrics_taken: set[str]
) -> dict[str, tuple[Any, ...]]:
    out = {}
    fields = [f for f in Scenario.field_names() if f != "name"]
    for key, values in _table(f"{where} [grid]", raw or {}).items():
        gw = f"{where} [grid] {key}"
        check_grid_key(gw, key, fields, schemes)
        if key in metrics_taken:
            raise ConfigError(f"{gw}: a grid column may not be named like a reserved column")
        if not isinstance(values, list) or not values:
            raise ConfigError(f"{gw} = {values!r}: must be a non-empty array of values")
        if len({repr(v) for v in values}) != len(values):
            raise ConfigError(f"{gw} = {values!r}: values must be distinct")
        out[key] = tuple(values)
    return out


def check_grid_key(
    where: str, key: str, fields: list[str], schemes: Mapping[str, SchemeSpec]
) -> None:
    """Raise unless ``key`` is a scenario parameter or ``<scheme label>.<parameter>``."""
    if "." in key:
        label, _, param = key.partition(".")
        if label not in schemes:
            raise ConfigError(
                f"{where}: unknown scheme label {label!r}.{suggest(label, list(schemes))}"
                f" Scheme labels: {', '.join(schemes) or '(none)'}"
            )
        check_keys(where, [param], scheme_params(schemes[label].scheme))
    elif key not in fields:
        raise ConfigError(
            f"{where}: unknown scenario parameter {key!r}.{suggest(key, fields)}"
            " (scheme parameters are written '<scheme label>.<parameter>')"
        )


def _sensitivity(
    where: str, raw: Any, scenarios: Mapping[str, ScenarioSpec], schemes: Mapping[str, SchemeSpec]
) -> SensitivitySpec | None:
    if raw is None:
        return None
    sw = f"{where} [sensitivity]"
    body = _table(sw, raw)
    check_keys(sw, body, SENSITIVITY_KEYS)
    try:
        parsed = _Sensitivity(**body)
    except ValidationError as err:
        raise from_validation_error(sw, err) from None
    if parsed.scheme not in schemes and parsed.scheme not in SCHEMES:
        raise _unknown(f"{sw}.scheme", "scheme", parsed.scheme, {*schemes, *SCHEMES.names()})
    if parsed.scenario is not None and parsed.scenario not in scenarios:
        raise _unknown(f"{sw}.scenario", "scenario label", parsed.scenario, scenarios)
    if not parsed.params:
        raise ConfigError(f"{sw}.params: give at least one parameter = [low, high]")
    if not parsed.metrics:
        raise ConfigError(f"{sw}.metrics = []: give at least one metric")
    for key, (lo, hi) in parsed.params.items():
        if not lo < hi:
            raise ConfigError(f"{sw}.params.{key} = {[lo, hi]!r}: low must be < high")
    return SensitivitySpec(
        method=parsed.method,
        scheme=parsed.scheme,
        scenario=parsed.scenario,
        metrics=parsed.metrics,
        samples=parsed.samples,
        replications=parsed.replications,
        params=dict(parsed.params),
    )


def parse_spec(data: dict[str, Any], where: str, root: Path) -> SweepSpec:
    """Validate a spec given as plain data; see :meth:`SweepSpec.from_dict`."""
    check_keys(where, data, [*TOP_KEYS, "sensitivity"])
    top_raw = {k: data[k] for k in ("name", "seed", "replications", "baseline") if k in data}
    try:
        top = _Top(**top_raw)
    except ValidationError as err:
        raise from_validation_error(where, err) from None
    scenarios = _scenarios(where, data.get("scenarios"), root)
    schemes = _schemes(where, data.get("schemes"))
    grid = _grid(where, data.get("grid"), schemes, set(ID_COLUMNS))
    sensitivity = _sensitivity(where, data.get("sensitivity"), scenarios, schemes)
    if not schemes and sensitivity is None:
        raise ConfigError(f"{where}: give at least one [schemes.<label>] table (or [sensitivity])")
    if top.baseline is not None and top.baseline not in schemes:
        raise _unknown(f"{where}.baseline", "scheme label", top.baseline, schemes)
    return SweepSpec(
        name=top.name,
        seed=top.seed,
        replications=top.replications,
        scenarios=scenarios,
        schemes=schemes,
        grid=grid,
        baseline=top.baseline,
        sensitivity=sensitivity,
        where=where,
    )
