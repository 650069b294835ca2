"""A scheme comparison as text or JSON (``supportsim compare``); no computation here."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from supportsim.metrics import label
from supportsim.report.numbers import cell, json_number, unit

if TYPE_CHECKING:  # the runner loads pandas and simpy; only its type is needed here
    from supportsim.runner import Comparison


def compare_json(cmp: Comparison) -> str:
    """Means and CI bounds per scheme and metric, as JSON (NaN becomes null), with the
    provenance: package version, code hash, seed, the full scenario, each scheme's parameters."""
    schemes: dict[str, dict[str, dict[str, float | None]]] = {}
    for row in cmp.table.itertuples(index=False):
        schemes.setdefault(str(row.scheme), {})[str(row.metric)] = {
            "mean": json_number(float(row.mean)),
            "lo": json_number(float(row.lo)),
            "hi": json_number(float(row.hi)),
        }
    doc = {
        "warnings": {s: list(w) for s, w in cmp.warnings.items() if w},
        "scenario": cmp.scenario.name,
        "seed": cmp.seed,
        "reps": cmp.reps,
        "confidence": 0.95,
        "schemes": schemes,
        "provenance": cmp.provenance,
    }
    return json.dumps(doc, indent=2)


def compare_text(cmp: Comparison) -> str:
    """A metric x scheme table of means with 95% confidence intervals, one row per figure."""
    order = list(dict.fromkeys(cmp.runs["scheme"]))
    keys = list(dict.fromkeys(str(m) for m in cmp.table["metric"]))
    cells: dict[tuple[str, str], str] = {}
    for row in cmp.table.itertuples(index=False):
        key = str(row.metric)
        cells[(key, str(row.scheme))] = cell(key, float(row.mean), float(row.lo), float(row.hi))
    label_w = max((len(label(k)) for k in keys), default=0)
    unit_w = max([len("unit"), *(len(unit(k)) for k in keys)])
    col_w = {s: max([len(s), *(len(cells.get((k, s), "n/a")) for k in keys)]) for s in order}
    header = f"{'':<{label_w}}  {'unit':<{unit_w}}  " + "  ".join(f"{s:>{col_w[s]}}" for s in order)
    lines = [
        f"supportsim compare: scenario {cmp.scenario.name}, {cmp.reps} replications per scheme, "
        f"seed {cmp.seed}, common random numbers; mean [95% CI]",
        "",
        header.rstrip(),
    ]
    for key in keys:
        row_cells = "  ".join(f"{cells.get((key, s), 'n/a'):>{col_w[s]}}" for s in order)
        lines.append(f"{label(key):<{label_w}}  {unit(key):<{unit_w}}  {row_cells}")
    return "\n".join(lines)
