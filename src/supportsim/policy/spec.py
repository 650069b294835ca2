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

The ``[scheme]`` table may instead compose the policy from parts (``review``, ``survey``,
``[[scheme.bonus]]``, ``[[scheme.action]]``...; see :mod:`supportsim.schemes.compose`) or
name a Python scheme (``name = "my_schemes:TopHalfBonus"``); :mod:`supportsim.schemes.tables`
reads all three. A composed policy's ``review`` sets the center's ``period_days``.

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
from supportsim.errors import ConfigError, check_keys, from_validation_error, read_toml
from supportsim.scenario import Scenario
from supportsim.schemes import Scheme, make_scheme
from supportsim.schemes.tables import read_scheme_table

TOP_KEYS = ("title", "description", "scheme", "center", "evaluation")
#: Days a monthly policy's center runs unless ``days`` is given: a warm-up month and four
#: measured months.
MONTHLY_DAYS = 140


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
        Scheme name: a registered one, ``"policy"`` for a policy composed from parts (then
        ``params`` is its ``[scheme]`` table), or a Python scheme as ``"module:Class"``.
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


def _center(
    data: Mapping[str, Any], where: str, root: Path | None, review_days: int | None
) -> Scenario:
    """The ``[center]`` scenario; a composed policy's review period sets its ``period_days``
    (and, for monthly reviews, 140 days unless ``days`` is given) or must agree with it."""
    center = _table(f"{where} [center]", data.get("center", {}))
    base = center.pop("base", "default")
    center.setdefault("name", "center")
    scenario, tables = build_scenario(base, center, where=f"{where} [center]", root=root)
    if tables:
        raise ConfigError(
            f"{where} [center]: scheme settings ({', '.join(tables)}) belong in [scheme]"
        )
    if review_days is None or scenario.run.period_days == review_days:
        return scenario
    run = center.get("run", {}) if isinstance(center.get("run"), Mapping) else {}
    if "period_days" in center or "period_days" in run or scenario.run.period_days != 7:
        raise ConfigError(
            f"{where} [center].period_days = {scenario.run.period_days}: the policy reviews"
            f" every {review_days} days (review in [scheme]); leave period_days out or set it"
            f" to {review_days}"
        )
    changes: dict[str, Any] = {"period_days": review_days}
    if "days" not in center and "days" not in run:
        changes["days"] = max(scenario.run.days, MONTHLY_DAYS if review_days == 28 else 0)
    return scenario.replace(**changes)


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
        raise ConfigError(
            f"{where}: missing [scheme] table (name = a registered scheme, or the policy's"
            " parts: bonus, action...)"
        )
    name, params = read_scheme_table(data["scheme"], f"{where} [scheme]")
    review_days = getattr(make_scheme(name, **params), "review_days", None)
    scenario = _center(data, where, root, review_days)
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
