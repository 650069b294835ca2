""" "What threshold?": the proposed policy at several values of one of its settings.

``--vary "bonus.0.tiers.0.at=7.5,8,8.5,9"`` names a setting by its path in the policy's
``[scheme]`` table (keys and 0-based array positions joined by dots, as the policy
language's error messages name them; for a registered scheme, a key of
``[scheme.params]``: ``threshold=8,8.5,9``) and the values to try (TOML values: numbers,
``true``, quoted or bare words). Each value is a variant of the policy, run on the same
replications as everything else (common random numbers), so the variants compare paired.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from supportsim.config import parse_value
from supportsim.errors import ConfigError, suggest
from supportsim.schemes import make_scheme
from supportsim.schemes.tables import read_scheme_table

#: What the report shows against the varied value.
VARY_FIGURES = (
    "bonus_earned_share",
    "bonus_per_agent_month",
    "cost_per_resolved",
    "true_quality",
    "callback_rate",
    "rating_noise",
)
LABEL = "vary:"


@dataclass(frozen=True)
class Vary:
    """A setting's path in the ``[scheme]`` table and the values to try."""

    path: str
    values: tuple[Any, ...]

    @property
    def flag(self) -> str:
        """How the command line wrote it."""
        return f"--vary {self.path}={','.join(str(v) for v in self.values)}"

    def labels(self) -> list[str]:
        """The sweep's scheme label of each variant."""
        return [f"{LABEL}{i}" for i in range(len(self.values))]


def parse_vary(text: str) -> Vary:
    """Read ``PATH=V1,V2,...`` (one-line :class:`ConfigError` if it cannot be read)."""
    path, sep, values = text.partition("=")
    path = path.strip()
    example = "e.g. --vary 'bonus.0.tiers.0.at=7.5,8,8.5,9'"
    if not sep or not path or not values.strip():
        raise ConfigError(f"--vary {text!r}: expected PATH=V1,V2,... ({example})")
    items = [v.strip() for v in values.split(",")]
    if any(not v for v in items):
        raise ConfigError(f"--vary {text!r}: an empty value between commas ({example})")
    parsed = tuple(parse_value(v) for v in items)
    if len(parsed) < 2:
        raise ConfigError(f"--vary {text!r}: give at least two values to compare ({example})")
    if len({repr(v) for v in parsed}) != len(parsed):
        raise ConfigError(f"--vary {text!r}: values must be distinct")
    if path.split(".")[0] in ("review", "schedule"):
        raise ConfigError(
            f"--vary {path!r}: the review period and the schedule shape the whole run;"
            " evaluate one policy file per choice instead"
        )
    return Vary(path, parsed)


def _set(table: Any, keys: Sequence[str], value: Any, done: str, path: str) -> Any:
    """A copy of ``table`` with ``value`` at ``keys`` (``done``: the path so far)."""
    if not keys:
        return value
    head, rest = keys[0], keys[1:]
    here = f"{done}.{head}" if done else head
    if isinstance(table, list | tuple):
        if not head.isdigit() or int(head) >= len(table):
            many = f"{len(table)} entries, numbered 0 to {len(table) - 1}"
            raise ConfigError(
                f"--vary {path!r}: {done or 'the table'} has"
                f" {'1 entry, numbered 0' if len(table) == 1 else many}; no {head!r}"
            )
        out = list(table)
        out[int(head)] = _set(table[int(head)], rest, value, here, path)
        return out
    if isinstance(table, Mapping):
        if rest and head not in table:
            raise ConfigError(
                f"--vary {path!r}: {done or '[scheme]'} has no {head!r}.{suggest(head, list(table))}"
            )
        out_map = dict(table)
        out_map[head] = _set(table.get(head), rest, value, here, path)
        return out_map
    raise ConfigError(f"--vary {path!r}: {done} = {table!r} is a value, not a table or an array")


def current(scheme: str, params: Mapping[str, Any], vary: Vary) -> Any:
    """The policy's own value at the varied path (``None`` if it does not set it)."""
    node: Any = params
    for key in vary.path.removeprefix("params.").split("."):
        if isinstance(node, list | tuple) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, Mapping) and key in node:
            node = node[key]
        else:
            return None
    return node


def variants(
    scheme: str, params: Mapping[str, Any], vary: Vary
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Label -> ``(scheme name, parameters)`` of each variant, each checked."""
    out = {}
    keys = vary.path.removeprefix("params.").split(".")
    for label, value in zip(vary.labels(), vary.values, strict=True):
        changed = _set(copy.deepcopy(dict(params)), keys, value, "", vary.path)
        where = f"--vary {vary.path}={value}"
        if scheme == "policy":
            out[label] = read_scheme_table(changed, "--vary")
            continue
        try:
            make_scheme(scheme, **changed)
        except ConfigError as err:
            raise ConfigError(f"{where}: {err}") from None
        out[label] = (scheme, changed)
    return out


def vary_table(stats: pd.DataFrame, vary: Vary) -> pd.DataFrame:
    """``value, metric, mean, lo, hi`` of each variant (the report's table and figure)."""
    rows = stats[stats["scheme"].isin(vary.labels()) & stats["metric"].isin(VARY_FIGURES)]
    value = dict(zip(vary.labels(), vary.values, strict=True))
    order = {m: i for i, m in enumerate(VARY_FIGURES)}
    out = rows.assign(value=rows["scheme"].map(value), _o=rows["metric"].map(order))
    out = out.sort_values(["_o"], kind="stable")
    return out[["value", "metric", "mean", "lo", "hi"]].reset_index(drop=True)
