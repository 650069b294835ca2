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
    "strict_stars.bonus" = [0.1, 0.3] # a scheme parameter: "<scheme label>.<parameter>"

    [sensitivity]                     # optional: global sensitivity analysis (SALib)
    method = "morris"                 # or "sobol"
    scheme = "strict_stars"           # a scheme label above, or a registered scheme name
    metrics = ["rating_noise", "callback_rate"]
    samples = 8                       # Morris trajectories, or Sobol base samples (power of 2)
    [sensitivity.params]              # parameter = [low, high]
    defect_share = [0.05, 0.4]
    survey_response = [0.03, 0.2]

Everything is checked when the spec is read, before anything runs; every problem is a
one-line :class:`~supportsim.errors.ConfigError` naming the field, the value and the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from supportsim.config import build_scenario
from supportsim.scenario import Scenario


@dataclass(frozen=True, kw_only=True)
class ScenarioSpec:
    """A scenario of a sweep: a built-in name or a scenario file, plus overrides.

    Attributes
    ----------
    base
        Built-in scenario name, or a path to a scenario ``.toml`` file (absolute, or
        relative to the spec file).
    overrides
        Scenario parameters to change, e.g. ``{"agents": 8}``.
    """

    base: str = "default"
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def build(self, where: str) -> tuple[Scenario, dict[str, dict[str, Any]]]:
        """The validated scenario and the scheme parameter tables of its file (if any)."""
        return build_scenario(self.base, self.overrides, where=where)


@dataclass(frozen=True, kw_only=True)
class SchemeSpec:
    """A scheme of a sweep: a registered scheme name and its parameters."""

    scheme: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class SensitivitySpec:
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
        Reported metrics to analyse (summary keys).
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
    samples: int = 8
    replications: int = 1
    params: Mapping[str, tuple[float, float]] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class SweepSpec:
    """A whole experiment, validated. Build it with :func:`load_spec` or :meth:`from_dict`.

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
        Parameter -> values; a scenario parameter, or ``"<scheme label>.<parameter>"``.
    baseline
        Scheme label paired differences are taken against (see :meth:`baseline_label`).
    sensitivity
        The optional ``[sensitivity]`` section.
    where
        Name used in error messages (the spec file's name).
    """

    name: str = "sweep"
    seed: int = 0
    replications: int = 5
    scenarios: Mapping[str, ScenarioSpec] = field(
        default_factory=lambda: {"default": ScenarioSpec()}
    )
    schemes: Mapping[str, SchemeSpec] = field(default_factory=dict)
    grid: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    baseline: str | None = None
    sensitivity: SensitivitySpec | None = None
    where: str = "spec"

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
        from supportsim.experiments.parse import parse_spec  # the validation lives there

        return parse_spec(dict(data), where, root or Path.cwd())

    def baseline_label(self) -> str | None:
        """The scheme paired differences are taken against: ``baseline``, else
        ``flat_salary`` if it is a label, else the first scheme."""
        if self.baseline is not None:
            return self.baseline
        if "flat_salary" in self.schemes:
            return "flat_salary"
        return next(iter(self.schemes), None)

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


#: Columns every sweep table has besides grid parameters and metrics.
ID_COLUMNS = ("scenario", "point", "scheme", "replication", "task")
