"""An experiment is data: scenarios, schemes, a parameter grid, replications and a seed.

A sweep spec is a TOML file (or the same structure as a dict)::

    name = "defect share against the star bonus"
    seed = 1
    replications = 5
    baseline = "flat_salary"          # paired differences are taken against this scheme

    [scenarios.small]                 # one table per scenario, by label
    base = "default"                  # a built-in scenario or a scenario .toml file
    agents = 8                        # ... plus scenario parameter overrides

    [schemes.flat_salary]             # one table per scheme, by label
    [schemes.strict_stars]
    scheme = "star_bonus"             # the registered scheme (default: the label)
    threshold = 9.0                   # ... plus its parameters

    [grid]                            # every combination of these values is a grid point
    defect_share = [0.05, 0.15, 0.3]  # a scenario parameter
    "demand.arrivals_per_hour" = [30.0, 40.0]  # ... or one in its section
    "strict_stars.bonus" = [0.1, 0.3] # a scheme parameter: "<scheme label>.<parameter>"

    [sensitivity]                     # optional: global sensitivity analysis (SALib)
    method = "morris"                 # or "sobol"
    scheme = "strict_stars"           # a scheme label above, or a registered scheme name
    metrics = ["rating_noise", "callback_rate"]
    samples = 8                       # Morris trajectories, or Sobol base samples (power of 2)
    [sensitivity.params]              # parameter = [low, high]
    defect_share = [0.05, 0.4]
    survey_response = [0.03, 0.2]

One schema: :class:`SweepSpec`, :class:`ScenarioSpec`, :class:`SchemeSpec` and
:class:`SensitivitySpec` are pydantic models, each field declared once with its rules, so a
spec is checked however it is made: read from a file (:func:`load_spec`), from plain data
(:meth:`SweepSpec.from_dict`, :func:`as_spec`) or built in Python
(``SweepSpec(schemes={"flat_salary": SchemeSpec(scheme="flat_salary")})``). Every scenario
is built then, with the project's one builder (:func:`supportsim.config.build_scenario`),
so a bad spec fails before anything runs.

Every problem is a one-line :class:`~supportsim.errors.ConfigError` naming the table or
field, the value and the rule, with a "did you mean" for misspelt names, e.g.
``spec.toml [grid] defect_shares: unknown scenario parameter 'defect_shares'. Did you mean
'defect_share'? ...`` or ``spec.toml [sensitivity].params.defect_share = [0.3, 0.2]: low
must be < high``.

This module imports nothing else of :mod:`supportsim.experiments` but
:mod:`~supportsim.experiments.derived` (for the metric names); the sweep and the
sensitivity analysis import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from supportsim.config import build_scenario, check_path, wrong_kind
from supportsim.errors import ConfigError, at, read_toml, suggest, unknown_key, unknown_name
from supportsim.experiments.derived import DERIVED
from supportsim.metrics import METRICS
from supportsim.scenario import SCENARIOS, SECTION_OF, Scenario
from supportsim.schemes import SCHEMES, scheme_class, scheme_params
from supportsim.schemes.custom import is_python_name
from supportsim.schemes.registry import known_params

#: Columns every sweep table has besides grid parameters and metrics.
ID_COLUMNS = ("scenario", "point", "scheme", "replication", "task")

NonNegInt = Annotated[int, Field(ge=0, strict=True)]
PosInt = Annotated[int, Field(ge=1, strict=True)]
#: A bound of a sensitivity parameter: a finite number (an integer will do; a boolean won't).
Bound = Annotated[float, Field(allow_inf_nan=False, strict=True)]
_NO_VALUE: Any = object()


def _scenario_parameters() -> list[str]:
    return [f for f in Scenario.field_names() if f != "name"]


class _Invalid(ValueError):
    """A rule broken inside validation: its words, the field below the model that raised it
    (``at``), and the value (left out when the words quote it already)."""

    def __init__(self, rule: str, *, at: tuple[str, ...] = (), value: Any = _NO_VALUE) -> None:
        super().__init__(rule)
        self.rule = rule
        self.at = at
        self.value = value


class _Spec(BaseModel):
    """Frozen, no unknown keys, and every error one line (see :meth:`_one_line`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as err:
            raise type(self)._one_line(type(self)._name(data), err) from None

    # Pydantic calls an overridden __init__ for nested and model_validate() input too, losing
    # the validation context; marked as the base __init__, it only runs for direct calls
    # (pydantic's RootModel does the same).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def _name(cls, data: Mapping[str, Any]) -> str:
        """How messages name a spec made directly in Python."""
        return cls.__name__

    @classmethod
    def _place(cls, where: str, loc: tuple[str, ...]) -> str:
        """The table or field at ``loc`` (pydantic's location of a problem), in words."""
        return at(where, ".".join(loc)) if loc else where

    @classmethod
    def _one_line(cls, where: str, err: ValidationError) -> ConfigError:
        """Pydantic's report as one line: place, value and rule of the first problem."""
        problems = err.errors()
        first = problems[0]
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, ConfigError):  # from the scenario builder: names its place itself
            return ConfigError(f"{cause}{tail}")
        loc = tuple(str(p) for p in first["loc"])
        if isinstance(cause, _Invalid):
            loc, rule, value = loc + cause.at, cause.rule, cause.value
        else:
            msg = str(first["msg"]).removeprefix("Value error, ")
            rule = msg[:1].lower() + msg[1:]
            value = _NO_VALUE if first["type"] == "missing" else first.get("input", _NO_VALUE)
        shown = "" if value is _NO_VALUE else f" = {value!r}"
        return ConfigError(f"{cls._place(where, loc)}{shown}: {rule}{tail}")

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, Mapping):
            return data
        return cls._read(dict(data), info.context or {})

    @classmethod
    def _read(cls, data: dict[str, Any], context: Mapping[str, Any]) -> dict[str, Any]:
        """Check the keys of plain input (a "did you mean" for a misspelt one)."""
        _only(data, list(cls.model_fields))
        return data


def _only(given: Iterable[str], valid: list[str], at: tuple[str, ...] = ()) -> None:
    """Raise for the first key of ``given`` not in ``valid`` (with a "did you mean")."""
    for key in given:
        if key not in valid:
            raise _Invalid(unknown_key(key, valid), at=at)


class ScenarioSpec(_Spec):
    """A scenario of a sweep: a built-in name or a scenario file, plus overrides.

    In a spec file it is one table, ``[scenarios.<label>]``: ``base`` and the overrides.
    Its overrides are checked by building it, which :class:`SweepSpec` does for each of
    its scenarios.

    Attributes
    ----------
    base
        Built-in scenario name, or a path to a scenario ``.toml`` file; a relative path is
        made absolute, relative to the spec file (the working directory in Python).
    overrides
        Scenario parameters to change, as :func:`~supportsim.config.build_scenario` takes
        them: flat names (``{"agents": 8}``), section tables (``{"demand": {...}}``),
        dotted section keys, or scheme tables.
    """

    base: str = "default"
    overrides: dict[str, Any] = Field(default_factory=dict)

    @field_validator("base", mode="before")
    @classmethod
    def _known_base(cls, base: Any, info: ValidationInfo) -> str:
        if isinstance(base, Path):
            base = str(base)
        if not isinstance(base, str):
            raise _Invalid("must be a scenario name or a .toml path", value=base)
        if base.endswith(".toml"):
            path = Path(base)
            if not path.is_absolute():
                root = (info.context or {}).get("root") or Path.cwd()
                path = (Path(root) / path).resolve()
            if not path.is_file():
                raise _Invalid("no such scenario file", value=str(path))
            return str(path)
        if base not in SCENARIOS:
            raise _Invalid(str(unknown_name("scenario", base, SCENARIOS.names())))
        return base

    def build(self, where: str) -> tuple[Scenario, dict[str, dict[str, Any]]]:
        """The validated scenario and the scheme parameter tables of its file (if any)."""
        return build_scenario(self.base, self.overrides, where=where)


class SchemeSpec(_Spec):
    """A scheme of a sweep: a registered scheme name and its parameters.

    In a spec file it is one table, ``[schemes.<label>]``: ``scheme`` (default: the label)
    and the parameters.
    """

    scheme: str
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("scheme")
    @classmethod
    def _registered(cls, name: str) -> str:
        if is_python_name(name):
            try:
                scheme_class(name)
            except ConfigError as err:
                raise _Invalid(str(err)) from None
        elif name not in SCHEMES:
            raise _Invalid(str(unknown_name("scheme", name, SCHEMES.names())))
        return name

    @model_validator(mode="after")
    def _known_params(self) -> SchemeSpec:
        declared = known_params(self.scheme)
        if declared is not None:
            _only(self.params, declared)
        return self


class SensitivitySpec(_Spec):
    """The optional ``[sensitivity]`` section: what to vary, over which bounds, for which metrics.

    Attributes
    ----------
    method
        ``"morris"`` (elementary effects; cheap screening) or ``"sobol"`` (variance shares).
    scheme
        A scheme label of the spec, or a registered scheme name.
    scenario
        A scenario label of the spec (default: the first).
    metrics
        Reported metrics to analyse (summary keys, or derived figures).
    samples
        Morris trajectories, or Sobol base samples (a power of 2).
    replications
        Replications averaged per sample point (the same replications at every point:
        common random numbers).
    params
        ``name -> (low, high)``: scenario parameters, or ``"<scheme>.<parameter>"``.
    """

    method: Literal["morris", "sobol"] = "morris"
    scheme: str = "flat_salary"
    scenario: str | None = None
    metrics: tuple[str, ...] = ("rating_noise",)
    samples: PosInt = 8
    replications: PosInt = 1
    params: dict[str, tuple[Bound, Bound]] = Field(default_factory=dict)

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, metrics: tuple[str, ...]) -> tuple[str, ...]:
        known = list(dict.fromkeys([*METRICS, *DERIVED]))
        for m in metrics:
            if m not in known:
                raise _Invalid(str(unknown_name("metric", m, known)))
        return metrics

    @field_validator("params", mode="before")
    @classmethod
    def _pairs(cls, raw: Any) -> Any:
        if isinstance(raw, Mapping):
            for key, bounds in raw.items():
                if not isinstance(bounds, list | tuple) or len(bounds) != 2:
                    raise _Invalid("must be [low, high]", at=(str(key),), value=bounds)
        return raw

    @field_validator("params")
    @classmethod
    def _bounds(cls, params: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        for key, (lo, hi) in params.items():
            if not lo < hi:
                raise _Invalid("low must be < high", at=(key,), value=[lo, hi])
        return params

    @model_validator(mode="after")
    def _something_to_analyse(self) -> SensitivitySpec:
        if not self.params:
            raise _Invalid("give at least one parameter = [low, high]", at=("params",))
        if not self.metrics:
            raise _Invalid("give at least one metric", at=("metrics",), value=[])
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise _Invalid(
                "Sobol sampling needs a power of 2 (8, 16, 32...)",
                at=("samples",),
                value=self.samples,
            )
        return self


#: The field of a table model that holds the rest of a file's table.
_DICT_FIELD: dict[type[_Spec], str] = {ScenarioSpec: "overrides", SchemeSpec: "params"}


def _tables(
    raw: Any, model: type[_Spec], read: Callable[[str, dict[str, Any]], dict[str, Any]]
) -> dict[Any, Any]:
    """``label -> table`` of a spec file (``read`` turns a file's table into the model's
    fields), or of models; a mapping with just the model's fields is taken as they are."""
    if not isinstance(raw, Mapping):
        raise _Invalid("must be a table", value=raw)
    out: dict[Any, Any] = {}
    for label, table in raw.items():
        if isinstance(table, model):
            out[label] = table
        elif not isinstance(table, Mapping):
            raise _Invalid("must be a table", at=(str(label),), value=table)
        elif set(table) <= set(model.model_fields) and isinstance(
            table.get(_DICT_FIELD[model]), Mapping
        ):
            out[label] = dict(table)
        else:
            out[label] = read(str(label), dict(table))
    return out


class SweepSpec(_Spec):
    """A whole experiment, validated. Build it with :func:`load_spec`, :meth:`from_dict`, or
    directly (scenario and scheme tables as :class:`ScenarioSpec` and :class:`SchemeSpec`,
    or as the tables of a spec file).

    Attributes
    ----------
    name
        Shown on the progress bar.
    seed
        Root seed: replication ``r`` of every run is child ``r`` of ``SeedSequence(seed)``.
    replications
        Replications of every scheme at every grid point.
    scenarios
        Scenario label -> :class:`ScenarioSpec`.
    schemes
        Scheme label -> :class:`SchemeSpec` (may be empty if ``sensitivity`` is given).
    grid
        Parameter -> distinct values: a scenario parameter (``"defect_share"``), one in its
        section (``"demand.arrivals_per_hour"``), or ``"<scheme label>.<parameter>"``.
    baseline
        Scheme label paired differences are taken against (see :meth:`baseline_label`).
    sensitivity
        The optional ``[sensitivity]`` section.
    where
        Name used in error messages (the spec file's name); not a key of the file.
    """

    name: str = "sweep"
    seed: NonNegInt = 0
    replications: PosInt = 5
    scenarios: dict[str, ScenarioSpec] = Field(default_factory=lambda: {"default": ScenarioSpec()})
    schemes: dict[str, SchemeSpec] = Field(default_factory=dict)
    grid: dict[str, tuple[Any, ...]] = Field(default_factory=dict)
    baseline: str | None = None
    sensitivity: SensitivitySpec | None = None
    where: str = "spec"

    #: The tables of a spec file, by their key (loc[0] of a problem).
    _TABLES: ClassVar[tuple[str, ...]] = ("scenarios", "schemes")

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], where: str = "spec", root: Path | None = None
    ) -> SweepSpec:
        """Validate a spec given as plain data (the structure of the TOML file).

        Parameters
        ----------
        data
            The spec, as read from TOML.
        where
            Name used in error messages (the file name).
        root
            Directory that relative scenario file paths are relative to (default: cwd).
        """
        context = {"where": where, "root": root or Path.cwd()}
        try:
            return cls.model_validate(
                dict(data) if isinstance(data, Mapping) else data, context=context
            )
        except ValidationError as err:
            raise cls._one_line(where, err) from None

    @classmethod
    def _name(cls, data: Mapping[str, Any]) -> str:
        where = data.get("where", "spec")
        return where if isinstance(where, str) else "spec"

    @classmethod
    def _place(cls, where: str, loc: tuple[str, ...]) -> str:
        if not loc:
            return where
        head, *rest = loc
        if head in cls._TABLES:
            if not rest:
                return f"{where} [{head}]"
            return f"{where} [{head}.{rest[0]}]" + "".join(f".{p}" for p in rest[1:])
        if head == "grid":
            return " ".join([f"{where} [grid]", *rest])
        if head == "sensitivity":
            return f"{where} [sensitivity]" + "".join(f".{p}" for p in rest)
        return at(where, ".".join(loc))

    @classmethod
    def _read(cls, data: dict[str, Any], context: Mapping[str, Any]) -> dict[str, Any]:
        if "where" not in context:  # made in Python: ``where`` is an argument like the others
            return super()._read(data, context)
        _only(data, [k for k in cls.model_fields if k != "where"])  # not a key of the file
        return {**data, "where": context["where"]}

    @field_validator("scenarios", mode="before")
    @classmethod
    def _scenario_tables(cls, raw: Any) -> dict[Any, Any]:
        def read(label: str, table: dict[str, Any]) -> dict[str, Any]:
            return {"base": table.pop("base", "default"), "overrides": table}

        out = _tables(raw, ScenarioSpec, read)
        if not out:
            raise _Invalid("give at least one scenario table")
        return out

    @field_validator("schemes", mode="before")
    @classmethod
    def _scheme_tables(cls, raw: Any) -> dict[Any, Any]:
        def read(label: str, table: dict[str, Any]) -> dict[str, Any]:
            return {"scheme": table.pop("scheme", label), "params": table}

        return _tables(raw, SchemeSpec, read)

    @field_validator("grid", mode="before")
    @classmethod
    def _grid_values(cls, raw: Any) -> dict[Any, tuple[Any, ...]]:
        if not isinstance(raw, Mapping):
            raise _Invalid("must be a table", value=raw)
        out = {}
        for key, values in raw.items():
            if not isinstance(values, list | tuple) or not values:
                raise _Invalid("must be a non-empty array of values", at=(str(key),), value=values)
            if len({repr(v) for v in values}) != len(values):
                raise _Invalid("values must be distinct", at=(str(key),), value=values)
            out[key] = tuple(values)
        return out

    @model_validator(mode="after")
    def _consistent(self) -> SweepSpec:
        for label, scenario in self.scenarios.items():
            scenario.build(f"{self.where} [scenarios.{label}]")  # fail now, not after an hour
        flat: dict[str, str] = {}
        for key in self.grid:
            name = self._grid_parameter(key)
            if name is not None and name in flat:
                raise _Invalid(
                    f"{flat[name]!r} and {key!r} are the same parameter", at=("grid", key)
                )
            if name is not None:
                flat[name] = key
        if self.sensitivity is not None:
            self._check_sensitivity(self.sensitivity)
        if not self.schemes and self.sensitivity is None:
            raise _Invalid("give at least one [schemes.<label>] table (or [sensitivity])")
        if self.baseline is not None and self.baseline not in self.schemes:
            rule = unknown_name("scheme label", self.baseline, self.schemes)
            raise _Invalid(str(rule), at=("baseline",))
        return self

    def _grid_parameter(self, key: str) -> str | None:
        """Check a grid key; the flat name of the scenario parameter it sets (None: a scheme's)."""
        place = ("grid", key)
        fields = _scenario_parameters()
        sections = Scenario.section_names()
        head, dot, param = key.partition(".")
        if key in ID_COLUMNS:
            raise _Invalid("a grid column may not be named like a reserved column", at=place)
        if not dot:
            if key not in fields:
                raise _Invalid(
                    f"unknown scenario parameter {key!r}.{suggest(key, fields)}"
                    " (scheme parameters are written '<scheme label>.<parameter>')",
                    at=place,
                )
            return key
        if head in self.schemes:
            if head in sections:
                raise _Invalid(
                    f"{head!r} is both a scheme label and a scenario section:"
                    " rename the scheme label",
                    at=place,
                )
            _only([param], scheme_params(self.schemes[head].scheme), at=place)
            return None
        if head in sections:
            own = [f for f, s in SECTION_OF.items() if s == head]
            if param not in own:
                raise _Invalid(str(unknown_name(f"{head} parameter", param, own)), at=place)
            return param
        labels = list(self.schemes)
        raise _Invalid(
            f"unknown scheme label {head!r}.{suggest(head, [*labels, *sections])}"
            f" Scheme labels: {', '.join(labels) or '(none)'}; sections: {', '.join(sections)}",
            at=place,
        )

    def _check_sensitivity(self, s: SensitivitySpec) -> None:
        if (
            s.scheme not in self.schemes
            and s.scheme not in SCHEMES
            and not is_python_name(s.scheme)
        ):
            rule = unknown_name("scheme", s.scheme, {*self.schemes, *SCHEMES.names()})
            raise _Invalid(str(rule), at=("sensitivity", "scheme"))
        if s.scenario is not None and s.scenario not in self.scenarios:
            rule = unknown_name("scenario label", s.scenario, self.scenarios)
            raise _Invalid(str(rule), at=("sensitivity", "scenario"))
        name = self.schemes[s.scheme].scheme if s.scheme in self.schemes else s.scheme
        fields = _scenario_parameters()
        for key in s.params:
            place = ("sensitivity", "params", key)
            head, dot, param = key.partition(".")
            if not dot and key not in fields:
                raise _Invalid(
                    f"unknown scenario parameter {key!r}.{suggest(key, fields)}", at=place
                )
            if dot and head != s.scheme:
                raise _Invalid(f"scheme parameters are written '{s.scheme}.<parameter>'", at=place)
            if dot:
                _only([param], scheme_params(name), at=place)

    def baseline_label(self) -> str | None:
        """The scheme paired differences are taken against: ``baseline``, else
        ``flat_salary`` if it is a label, else the first scheme."""
        if self.baseline is not None:
            return self.baseline
        if "flat_salary" in self.schemes:
            return "flat_salary"
        return next(iter(self.schemes), None)

    def scenario_changes(self, point: Mapping[str, Any]) -> dict[str, Any]:
        """The scenario parameters a grid point sets, by flat name."""
        out = {}
        for key, value in point.items():
            head, dot, param = key.partition(".")
            if not dot:
                out[key] = value
            elif head not in self.schemes:  # "<section>.<parameter>"
                out[param] = value
        return out

    def scheme_changes(self, label: str, point: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters a grid point sets for the scheme labelled ``label``."""
        out = {}
        for key, value in point.items():
            head, dot, param = key.partition(".")
            if dot and head == label:
                out[param] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready) in the shape of the TOML file."""
        doc: dict[str, Any] = {
            "name": self.name,
            "seed": self.seed,
            "replications": self.replications,
            "baseline": self.baseline_label(),
            "scenarios": {k: {"base": v.base, **v.overrides} for k, v in self.scenarios.items()},
            "schemes": {k: {"scheme": v.scheme, **v.params} for k, v in self.schemes.items()},
            "grid": {k: list(v) for k, v in self.grid.items()},
        }
        if self.sensitivity is not None:
            s = self.sensitivity
            doc["sensitivity"] = {
                "method": s.method,
                "scheme": s.scheme,
                "scenario": s.scenario,
                "metrics": list(s.metrics),
                "samples": s.samples,
                "replications": s.replications,
                "params": {k: list(v) for k, v in s.params.items()},
            }
        return doc


def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep spec file (TOML); see the module docstring for its layout."""
    p = check_path(path, "sweep spec")
    data = read_toml(p, "sweep spec")
    wrong = wrong_kind(data, "sweep spec", path)
    if wrong is not None:
        raise wrong
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
