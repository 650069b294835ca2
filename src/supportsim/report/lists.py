"""What ``supportsim list`` prints: schemes, scenarios, parameters, learning rules, as text or JSON."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from supportsim.behaviour import LEARNING
from supportsim.scenario import SCENARIOS, Scenario, parameter_rows
from supportsim.schemes import MEASURES, SCHEMES, scheme_params


def _first_line(obj: object) -> str:
    """The first paragraph of ``obj``'s docstring, on one line."""
    doc = (obj.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split())


def _scheme_defaults(name: str) -> dict[str, Any]:
    cls = SCHEMES.get(name)
    if not dataclasses.is_dataclass(cls):
        return {}
    out = {}
    for f in dataclasses.fields(cls):
        default = f.default
        if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        out[f.name] = _plain(default)
    return out


def _plain(value: Any) -> Any:
    """JSON-ready: tuples as lists, models and dataclasses as tables."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def _queues(sc: Scenario) -> str:
    """``one queue``, or the product lines and their agents."""
    if len(sc.lines) == 1:
        return "one queue"
    counts = [sc.agent_lines().count(i) for i in range(len(sc.lines))]
    lines = ", ".join(f"{name} ({c})" for name, c in zip(sc.lines, counts, strict=True))
    return f"lines {lines}" + (", overflow" if sc.team.overflow else "")


def schemes_list() -> list[dict[str, Any]]:
    """Every registered scheme: name, what it does, its parameters with their defaults."""
    return [
        {"name": n, "summary": _first_line(SCHEMES.get(n)), "params": _scheme_defaults(n)}
        for n in SCHEMES
    ]


def scenarios_list() -> list[dict[str, Any]]:
    """Every built-in scenario: name, agents, days, review period, queues."""
    out = []
    for n in SCENARIOS:
        sc = SCENARIOS.get(n)
        out.append(
            {
                "name": n,
                "agents": sc.team.agents,
                "days": sc.run.days,
                "period_days": sc.run.period_days,
                "queues": _queues(sc),
            }
        )
    return out


def measures_list() -> list[dict[str, Any]]:
    """Every measure a composed policy can read: name, unit, definition, needs, minimum sample."""
    return [MEASURES.get(n).as_dict() for n in MEASURES]


def _measures_text() -> str:
    rows = measures_list()
    width = max(len(r["name"]) for r in rows)
    out = []
    for r in rows:
        needs = f"; needs {r['needs']}" if r["needs"] else ""
        count = "; a count (rate allowed)" if r["count"] else ""
        out.append(f"{r['name']:<{width}}  {r['unit']}: {r['definition']}")
        out.append(
            f"{'':<{width}}  {r['better']} is better; not rated below {r['min_n']:g}"
            f" {r['sample']}{needs}{count}"
        )
    return "\n".join(out)


def learning_list() -> list[dict[str, Any]]:
    """Every learning rule: name and what it does."""
    return [{"name": n, "summary": _first_line(LEARNING.get(n))} for n in LEARNING]


def as_text(what: str) -> str:
    """The list ``what`` (schemes, scenarios, measures, params, learning) for people."""
    if what == "schemes":
        return "\n".join(
            f"{r['name']:<22} {r['summary']}\n{'':<22} parameters: "
            + (", ".join(scheme_params(r["name"])) or "-")
            for r in schemes_list()
        )
    if what == "scenarios":
        rows = scenarios_list()
        width = max(len(r["name"]) for r in rows)
        return "\n".join(
            f"{r['name']:<{width}}  {r['agents']} agents, {r['days']} days,"
            f" reviews every {r['period_days']} days, {r['queues']}"
            for r in rows
        )
    if what == "learning":
        rules = learning_list()
        width = max(len(r["name"]) for r in rules)
        return "\n".join(f"{r['name']:<{width}}  {r['summary']}" for r in rules)
    if what == "measures":
        return _measures_text()
    rows = parameter_rows()
    width = max(len(r["name"]) for r in rows)
    out, group = [], ""
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            out.append(f"[{group}]")
        default = json.dumps(r["default"])
        out.append(f"  {r['name']:<{width}}  {default:<10} {r['unit']:<12} {r['meaning']}")
    return "\n".join(out)


def as_json(what: str) -> str:
    """The list ``what`` as a JSON list of objects."""
    rows = {
        "schemes": schemes_list,
        "scenarios": scenarios_list,
        "learning": learning_list,
        "measures": measures_list,
        "params": parameter_rows,
    }[what]()
    return json.dumps(rows, indent=2, default=str)
