"""A ``[scheme]`` table, as policy files and scenario files write it, read into a scheme name
and its parameters.

Three forms, one table::

    [scheme]                       # a registered scheme and its parameters
    name = "star_bonus"
    [scheme.params]
    threshold = 9.0

    [scheme]                       # a Python scheme, importable from the working directory
    name = "my_schemes:TopHalfBonus"

    [scheme]                       # a policy composed from parts (supportsim.schemes.compose)
    review = "week"
    [[scheme.bonus]]
    score = "mean_stars"
    tiers = [{ at = 8.0, pay = 0.10 }]

A bare string (``scheme = "star_bonus"`` or ``"my_schemes:TopHalfBonus"``) names a scheme
with its default parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from supportsim.errors import ConfigError, check_keys, unknown_name
from supportsim.schemes.compose import Policy, PolicyModel
from supportsim.schemes.compose.action_rule import Action
from supportsim.schemes.compose.bonus_rule import BonusRule
from supportsim.schemes.custom import is_python_name
from supportsim.schemes.registry import SCHEMES, make_scheme, scheme_class

POLICY = "policy"
PARTS = tuple(PolicyModel.model_fields)


def _rule_keys(table: Mapping[str, Any], where: str) -> None:
    """A rule's key written at the top of ``[scheme]`` (``tiers = ...``): say where it goes."""
    for key in table:
        if key in PARTS or key in ("name", "params"):
            continue
        home = (
            "bonus"
            if key in BonusRule.model_fields
            else "action"
            if key in Action.model_fields
            else None
        )
        if home is not None:
            kind = "a pay rule" if home == "bonus" else "an action"
            raise ConfigError(
                f"{where}: {key!r} belongs in a [[scheme.{home}]] table ({kind}), e.g."
                f' [[scheme.bonus]] score = "mean_stars" tiers = [{{ at = 8.0, pay = 0.10 }}]'
                if home == "bonus"
                else f"{where}: {key!r} belongs in a [[scheme.{home}]] table ({kind})"
            )


def read_scheme_table(value: Any, where: str) -> tuple[str, dict[str, Any]]:
    """``(scheme name, parameters)`` of a ``[scheme]`` table (or a bare name), checked by
    building the scheme once; problems are one line naming ``where``."""
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where} = {value!r}: must be a scheme name or a [scheme] table")
    table = dict(value)
    _rule_keys(table, where)
    check_keys(where, table, [*PARTS, "name", "params"])
    if "name" not in table:
        if "params" in table:
            raise ConfigError(f"{where}: params go with name = a registered scheme")
        Policy.from_table(table, where)
        return POLICY, table
    name = table["name"]
    parts = sorted(set(table) - {"name", "params"})
    if parts:
        raise ConfigError(
            f"{where}: give name = a scheme (with [scheme.params]), or the policy's parts"
            f" ({', '.join(parts)}), not both"
        )
    if not isinstance(name, str):
        raise ConfigError(f"{where}.name = {name!r}: must be a scheme name in quotes")
    if not is_python_name(name) and name not in SCHEMES:
        raise ConfigError(f"{where}.name: {unknown_name('scheme', name, SCHEMES.names())}")
    scheme_class(name)
    params = table.get("params", {})
    inner = f"{where[:-1]}.params]" if where.endswith("]") else f"{where}.params"
    if not isinstance(params, Mapping):
        raise ConfigError(f"{inner} = {params!r}: must be a table")
    try:
        make_scheme(name, **params)
    except ConfigError as err:
        raise ConfigError(f"{inner}: {err}") from None
    return name, dict(params)
