"""One run's summary as text or JSON (``supportsim run``); no computation here."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from supportsim.metrics import label
from supportsim.report.numbers import json_number, number, unit

if TYPE_CHECKING:  # the runner loads pandas and simpy; only its type is needed here
    from supportsim.runner import RunResult


def run_json(result: RunResult) -> str:
    """The run's summary as JSON (NaN becomes null), with its provenance: package version,
    code hash, seed, replication, the full scenario and the scheme's parameters."""
    doc: dict[str, Any] = {
        "scenario": result.scenario.name,
        "scheme": result.scheme,
        "seed": result.seed,
        "replication": result.replication,
        "summary": {k: json_number(v) for k, v in result.summary.items()},
        "warnings": list(result.warnings),
        "provenance": result.provenance,
    }
    return json.dumps(doc, indent=2)


def run_text(result: RunResult) -> str:
    """A readable summary of one run: one line per figure with its label, value and unit."""
    sc = result.scenario
    lines = [
        f"supportsim run: scheme {result.scheme} on scenario {sc.name} "
        f"(seed {result.seed}, replication {result.replication})",
        f"{sc.agents} agents, {sc.days} days, warm-up {sc.warmup_days} days, "
        f"reviews every {sc.period_days} days",
        "",
    ]
    rows = [(label(k), number(k, v), unit(k)) for k, v in result.summary.items()]
    label_w = max((len(r[0]) for r in rows), default=0)
    value_w = max((len(r[1]) for r in rows), default=0)
    lines += [f"  {name:<{label_w}}  {value:>{value_w}}  {u}".rstrip() for name, value, u in rows]
    return "\n".join(lines)
