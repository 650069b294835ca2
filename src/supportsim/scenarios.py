"""Built-in scenarios by name, scenario files (TOML), and ``name=value`` overrides.

A scenario file holds scenario parameters at the top level, optionally ``base = "NAME"``
to start from a built-in scenario, and one table per scheme for scheme parameters::

    base = "default"
    agents = 30
    defect_share = 0.25

    [star_bonus]
    threshold = 8.5
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from supportsim.errors import ConfigError, check_keys, read_toml, suggest
from supportsim.registry import Registry
from supportsim.scenario import DEFAULT_KINDS, IssueKind, Scenario
from supportsim.schemes import SCHEMES, scheme_params

SCENARIOS: Registry[Scenario] = Registry("scenario")

#: A mid-size technical-support team: 20 agents, open 08:00-18:00 Monday to Friday, 70 new
#: issues an hour, eight weeks with weekly reviews. See the README for every number's source.
SCENARIOS.add("default", Scenario(name="default"))

_STATIONARY: dict[str, Any] = dict(
    open_hour=0,
    close_hour=24,
    open_weekdays=7,
    intraday_profile=(),
    weekly_profile=(),
    daily_rate_cv=0.0,
    kinds=(IssueKind(name="standard", share=1.0),),
    handle_dist="exponential",
    defect_share=0.0,
    callback_prob=0.0,
    retry_prob=0.0,
    speed_sd=0.0,
    learning="fixed",
    checklist_min=0.0,
    notes_min=0.0,
    incidents_per_30_days=0.0,
    people_dynamics=False,
    days=28,
    warmup_days=2,
)
#: Stationary M/M/c: Poisson arrivals, exponential handle times, no defects, no callbacks,
#: no abandonment, fixed effort. Offered load 8.33 Erlangs on 10 agents.
SCENARIOS.add(
    "erlang_c",
    Scenario.build(
        name="erlang_c",
        agents=10,
        arrivals_per_hour=50.0,
        mean_handle_min=10.0,
        mean_patience_min=None,
        **_STATIONARY,
    ),
)
#: Stationary M/M/c+M (Erlang A / Palm): as ``erlang_c`` with exponential patience and a
#: heavier load (10 Erlangs on 10 agents), so abandonment matters.
SCENARIOS.add(
    "erlang_a",
    Scenario.build(
        name="erlang_a",
        agents=10,
        arrivals_per_hour=60.0,
        mean_handle_min=10.0,
        mean_patience_min=5.0,
        **_STATIONARY,
    ),
)


#: The default's kinds of issue split over two product lines (queues): account questions
#: (resets, billing) and the product itself (how-to, investigations). From the kinds' own
#: defect weights, the product line meets about twice the account line's defect share.
PRODUCT_LINE_KINDS = tuple(
    dataclasses.replace(
        k, line="accounts" if k.name in ("password_reset", "billing") else "product"
    )
    for k in DEFAULT_KINDS
)
#: The default team split over the two product lines, staffed in proportion to their work
#: (7 and 13 agents), idle agents helping the other line's queue (overflow): some agents meet
#: far more product failures than others (MODEL.md "Queue").
SCENARIOS.add("product_lines", Scenario(name="product_lines", kinds=PRODUCT_LINE_KINDS))

#: Deming's red beads in a contact center: agents of identical skill, speed, courtesy and
#: effort (no ramp-up either), all drawing from one shared queue (the same bin of beads);
#: everything else as the default. Any differences in their numbers are chance, not theirs.
SCENARIOS.add(
    "red_beads",
    Scenario.build(
        name="red_beads",
        skill_sd=0.0,
        speed_sd=0.0,
        courtesy_sd=0.0,
        ramp_penalty=0.0,
        learning="fixed",
    ).pooled(),
)


def get_scenario(name_or_path: str) -> Scenario:
    """A built-in scenario by name, or a scenario file when given a path ending in .toml."""
    if name_or_path.endswith(".toml"):
        return load_config(name_or_path)[0]
    return SCENARIOS.get(name_or_path)


def parse_value(text: str) -> Any:
    """Read an override value as TOML (numbers, booleans, arrays, quoted strings), else a bare string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_set(item: str) -> tuple[str, Any]:
    """Split one ``--set name=value`` into a key and a value."""
    key, sep, value = item.partition("=")
    key = key.strip()
    if not sep or not key or not value.strip():
        raise ConfigError(f"--set {item!r}: expected name=value, e.g. --set agents=30")
    return key, parse_value(value.strip())


def apply_overrides(
    scenario: Scenario,
    scheme_overrides: dict[str, dict[str, Any]],
    items: Iterable[tuple[str, Any]],
    where: str = "--set",
) -> tuple[Scenario, dict[str, dict[str, Any]]]:
    """Apply ``name=value`` overrides; ``scheme.param=value`` goes to that scheme's parameters."""
    changes: dict[str, Any] = {}
    schemes = {k: dict(v) for k, v in scheme_overrides.items()}
    fields = Scenario.field_names()
    for key, value in items:
        if "." in key:
            scheme, _, param = key.partition(".")
            if scheme not in SCHEMES:
                raise ConfigError(
                    f"{where} {key}: unknown scheme {scheme!r}.{suggest(scheme, SCHEMES.names())}"
                )
            check_keys(f"{where} {scheme}", [param], scheme_params(scheme))
            schemes.setdefault(scheme, {})[param] = value
        else:
            if key not in fields:
                hint = suggest(key, fields + SCHEMES.names())
                raise ConfigError(f"{where} {key}: unknown scenario parameter {key!r}.{hint}")
            changes[key] = value
    return (scenario.replace(**changes) if changes else scenario), schemes


def load_config(path: str | Path) -> tuple[Scenario, dict[str, dict[str, Any]]]:
    """Read a scenario file: the scenario and any per-scheme parameter tables."""
    p = Path(path)
    where = p.name
    data = read_toml(p, "scenario file")
    base_name = data.pop("base", "default")
    base = SCENARIOS.get(str(base_name))
    schemes: dict[str, dict[str, Any]] = {}
    params: dict[str, Any] = {}
    for key, value in data.items():
        if key in SCHEMES and isinstance(value, dict):
            check_keys(f"{where} [{key}]", value, scheme_params(key))
            schemes[key] = value
        else:
            params[key] = value
    check_keys(where, params, [*Scenario.field_names(), *SCHEMES.names(), "base"])
    params.setdefault("name", p.stem)
    current = base.to_dict()
    current.update(params)
    return Scenario.build(where, **current), schemes
