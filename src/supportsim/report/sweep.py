"""A sweep and a sensitivity analysis as text or JSON (``supportsim sweep``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supportsim.metrics import label
from supportsim.report.numbers import cell, json_number

if TYPE_CHECKING:  # pandas and the experiments load on first use (list and --help need neither)
    import pandas as pd

    from supportsim.experiments.sensitivity import SensitivityResult
    from supportsim.experiments.sweep import SweepOutcome

#: Figures the text summary of a sweep shows (those present), in this order.
SWEEP_HEADLINES = ("rating_noise", "note_quality", "callback_rate", "cost_per_resolved")


def _headline_table(outcome: SweepOutcome) -> pd.DataFrame:
    from supportsim.experiments.results import sweep_table

    metrics = [m for m in SWEEP_HEADLINES if m in outcome.table.columns]
    return sweep_table(outcome.table, metrics)


def sweep_text(outcome: SweepOutcome | None, sens: SensitivityResult | None = None) -> str:
    """A readable summary: where results are, and headline means with 95% CIs per scheme."""
    lines = []
    if outcome is not None:
        n = outcome.computed + outcome.reused
        lines.append(
            f"{n} runs ({outcome.computed} computed, {outcome.reused} reused)"
            f" -> {outcome.out_dir / 'results.parquet'}"
        )
    if outcome is not None and not outcome.table.empty:
        t = _headline_table(outcome)
        t["cell"] = [
            cell(k, m, lo, hi)
            for k, m, lo, hi in zip(t["metric"], t["mean"], t["lo"], t["hi"], strict=True)
        ]
        t["metric"] = t["metric"].map(label)
        keys = [c for c in t.columns if c not in ("metric", "mean", "lo", "hi", "n", "cell")]
        wide = t.pivot_table(
            index=keys, columns="metric", values="cell", aggfunc="first", sort=False
        )
        lines += ["mean [95% CI] over replications:", wide.to_string()]
    if sens is not None:
        lines += [f"sensitivity ({sens.method}):", sens.indices.to_string(index=False)]
    return "\n".join(lines)


def sweep_json(
    outcome: SweepOutcome | None,
    sens: SensitivityResult | None = None,
    *,
    provenance: Mapping[str, Any] | None = None,
) -> str:
    """The same as JSON: counts, paths, headline statistics, sensitivity indices, and the
    provenance (``provenance``, else the outcome's: see :mod:`supportsim.provenance`)."""
    doc: dict[str, Any] = {}
    if provenance is None and outcome is not None:
        provenance = outcome.provenance
    if provenance is not None:
        doc["provenance"] = dict(provenance)
    if outcome is not None:
        doc.update(
            out=str(outcome.out_dir),
            results=str(Path(outcome.out_dir) / "results.parquet"),
            computed=outcome.computed,
            reused=outcome.reused,
            table=[
                {k: json_number(v) for k, v in row.items()}
                for row in _headline_table(outcome).to_dict("records")
            ]
            if not outcome.table.empty
            else [],
        )
    if sens is not None:
        doc["sensitivity"] = {
            "method": sens.method,
            "indices": [
                {k: json_number(v) for k, v in row.items()}
                for row in sens.indices.to_dict("records")
            ],
        }
    return json.dumps(doc, indent=2)
