"""How the policy language words a problem: one line naming the table, key, value and rule.

Validators raise :class:`RuleError` (the rule in words, the key below the model that
raised it, and the value); :func:`one_line` turns pydantic's report into
``<where> <path> = <value>: <rule>``, e.g. ``policy.toml [scheme] bonus.0.tiers.1.pay =
20: a bonus is a share of the period's salary (0.20 = 20%); did you mean 0.20?``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from supportsim.errors import ConfigError, suggest, unknown_key

_NO_VALUE: Any = object()
#: A :class:`RuleError` value that is not shown (a rule across several keys).
HIDE: Any = object()


class RuleError(ValueError):
    """A broken rule: its words, the key path below the model that raised it, the value."""

    def __init__(self, rule: str, *, at: tuple[str, ...] = (), value: Any = _NO_VALUE) -> None:
        super().__init__(rule)
        self.rule = rule
        self.at = at
        self.value = value


def only_keys(data: Any, valid: Iterable[str]) -> None:
    """Raise for the first key of a table that is not ``valid`` (with a "did you mean")."""
    if not isinstance(data, Mapping):
        return
    names = list(valid)
    for key in data:
        if key not in names:
            raise RuleError(unknown_key(str(key), names), value=HIDE)


def known(what: str, name: Any, valid: Iterable[str], listing: str = "") -> str:
    """``name`` if it is one of ``valid``; otherwise a :class:`RuleError` with a suggestion."""
    names = list(valid)
    if not isinstance(name, str):
        raise RuleError(f"must be a {what} name in quotes, e.g. {names[0]!r}", value=name)
    if name not in names:
        tail = f" ({listing})" if listing else f" Valid: {', '.join(names)}"
        raise RuleError(f"unknown {what} {name!r}.{suggest(name, names)}{tail}", value=name)
    return name


def percent_hint(value: float, what: str) -> str:
    """The hint for a share written as a percentage (``8`` meant as ``0.08``)."""
    return f"{what} ({value / 100:g} = {value:g}%); did you mean {value / 100:g}?"


def _toml(value: Any) -> str:
    """A value as a policy file writes it (``true``, ``"x"``, ``0.1``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def one_line(where: str, err: ValidationError) -> ConfigError:
    """Pydantic's report of a policy table as one line: place, value and rule of the first problem."""
    problems = err.errors()
    first = problems[0]
    more = len(problems) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    loc = tuple(str(p) for p in first["loc"])
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, ConfigError):
        return ConfigError(f"{where} {'.'.join(loc)}: {cause}{tail}".replace(" : ", ": "))
    if isinstance(cause, RuleError):
        loc, rule, value = loc + cause.at, cause.rule, cause.value
        if value is _NO_VALUE:
            value = first.get("input", _NO_VALUE)
        elif value is HIDE:
            value = _NO_VALUE
    else:
        msg = str(first["msg"]).removeprefix("Value error, ")
        rule = msg[:1].lower() + msg[1:]
        value = _NO_VALUE if first["type"] == "missing" else first.get("input", _NO_VALUE)
    shown = "" if value is _NO_VALUE else f" = {_toml(value)}"
    place = f"{where} {'.'.join(loc)}" if loc else where
    return ConfigError(f"{place}{shown}: {rule}{tail}")
