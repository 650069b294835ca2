"""A manager's policy file: the proposed scheme and the center it would run in.

::

    title = "Star bonus for 9 stars or more"
    description = "A 25% bonus for agents whose mean rating is at least 9 out of 10."

    [scheme]                  # the proposed policy: a registered scheme and its parameters
    name = "star_bonus"
    [scheme.params]
    threshold = 9.0
    bonus = 0.25

    [center]                  # the support center, as scenario parameters
    base = "default"          # a built-in scenario or a scenario file to start from (optional)
    agents = 20               # agents on the team
    arrivals_per_hour = 70.0  # volume: new issues per open hour
    mean_handle_min = 8.0     # handle time: mean minutes of talk per new issue
    defect_share = 0.15       # share of issues caused by product defects
    survey_response = 0.08    # survey response rate
    reviewer_hours = 8.0      # quality-review capacity, hours per week

    [evaluation]              # optional
    replications = 10
    seed = 1

Any scenario parameter (``supportsim list params``) may appear under ``[center]``, by its
flat name or in its section's table (``[center.demand]``); see :mod:`supportsim.config`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationError
from pydantic.dataclasses import dataclass as pydantic_dataclass

from supportsim.config import build_scenario
from supportsim.errors import (
    ConfigError,
    check_keys,
    from_validation_error,
    read_toml,
    unknown_name,
)
from supportsim.scenario import Scenario
from supportsim.schemes import SCHEMES, Scheme, make_scheme

TOP_KEYS = ("title", "description", "scheme", "center", "evaluation")


@pydantic_dataclass(config=ConfigDict(extra="forbid"), frozen=True, kw_only=True)
class _Evaluation:
    replications: Annotated[int, Field(ge=2, strict=True)] = 10
    seed: Annotated[int, Field(ge=0, strict=True)] = 1


@dataclass(frozen=True, kw_only=True)
class Policy:
    """A proposed policy, validated: what to pay by, where, and how to evaluate it.

    Attributes
    ----------
    title, description
        Free text from the file (shown escaped in the report).
    scheme
        Registered scheme name.
    params
        The scheme's parameters.
    scenario
        The center as a :class:`~supportsim.Scenario`.
    replications, seed
        Replications per scheme (at least 2, for confidence intervals) and root seed.
    """

    title: str
    description: str = ""
    scheme: str
    params: Mapping[str, Any] = field(default_factory=dict)
    scenario: Scenario
    replications: int = 10
    seed: int = 1

    def build_scheme(self) -> Scheme:
        """The proposed scheme object."""
        return make_scheme(self.scheme, **self.params)


def _table(where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} = {value!r}: must be a table")
    return dict(value)


def policy_from_dict(
    data: Mapping[str, Any], where: str = "policy", root: Path | None = None
) -> Policy:
    """Validate a policy given as plain data (the structure of the TOML file); a ``base``
    scenario file in ``[center]`` is relative to ``root`` (default: the working directory)."""
    check_keys(where, data, TOP_KEYS)
    title = data.get("title", "proposed policy")
    description = data.get("description", "")
    for key, value in (("title", title), ("description", description)):
        if not isinstance(value, str):
            raise ConfigError(f"{where}.{key} = {value!r}: must be a string")
    if "scheme" not in data:
        raise ConfigError(f"{where}: missing [scheme] table (name = a registered scheme)")
    scheme = _table(f"{where} [scheme]", data["scheme"])
    check_keys(f"{where} [scheme]", scheme, ("name", "params"))
    name = scheme.get("name")
    if not isinstance(name, str):
        raise ConfigError(f"{where} [scheme].name = {name!r}: must be a registered scheme name")
    if name not in SCHEMES:
        raise ConfigError(f"{where} [scheme].name: {unknown_name('scheme', name, SCHEMES.names())}")
    params = _table(f"{where} [scheme.params]", scheme.get("params", {}))
    try:
        make_scheme(name, **params)
    except ConfigError as err:
        raise ConfigError(f"{where} [scheme.params]: {err}") from None
    center = _table(f"{where} [center]", data.get("center", {}))
    base = center.pop("base", "default")
    center.setdefault("name", "center")
    scenario, tables = build_scenario(base, center, where=f"{where} [center]", root=root)
    if tables:
        raise ConfigError(
            f"{where} [center]: scheme parameters ({', '.join(tables)}) belong in [scheme.params]"
        )
    try:
        ev = _Evaluation(**_table(f"{where} [evaluation]", data.get("evaluation", {})))
    except ValidationError as err:
        raise from_validation_error(f"{where} [evaluation]", err) from None
    except TypeError as err:
        raise ConfigError(f"{where} [evaluation]: {err}") from None
    return Policy(
        title=title,
        description=description,
        scheme=name,
        params=params,
        scenario=scenario,
        replications=ev.replications,
        seed=ev.seed,
    )


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file (TOML); see the module docstring for its layout."""
    p = Path(path)
    data = read_toml(p, "policy file")
    return policy_from_dict(data, where=p.name, root=p.parent)
