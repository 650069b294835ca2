"""Text and JSON renderings of a sweep and a sensitivity analysis (for the command line)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from supportsim.experiments.results import sweep_table
from supportsim.experiments.sensitivity import SensitivityResult
from supportsim.experiments.sweep import SweepOutcome

#: Figures the text summary of a sweep shows (those present).
SWEEP_HEADLINES = ("rating_noise", "note_quality", "callback_rate", "cost_per_resolved")


def _num(x: Any) -> Any:
    if isinstance(x, float) and math.isnan(x):
        return None
    return x.item() if hasattr(x, "item") else x


def _cell(mean: float, lo: float, hi: float) -> str:
    if not math.isfinite(mean):
        return "n/a"
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return f"{mean:.3f}"
    return f"{mean:.3f} [{lo:.3f}, {hi:.3f}]"


def _headline_table(outcome: SweepOutcome) -> pd.DataFrame:
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
            _cell(m, lo, hi) for m, lo, hi in zip(t["mean"], t["lo"], t["hi"], strict=True)
        ]
        keys = [c for c in t.columns if c not in ("metric", "mean", "lo", "hi", "n", "cell")]
        wide = t.pivot_table(
            index=keys, columns="metric", values="cell", aggfunc="first", sort=False
        )
        lines += ["mean [95% CI] over replications:", wide.to_string()]
    if sens is not None:
        lines += [f"sensitivity ({sens.method}):", sens.indices.to_string(index=False)]
    return "\n".join(lines)


def sweep_json(outcome: SweepOutcome | None, sens: SensitivityResult | None = None) -> str:
    """The same as JSON: counts, paths, headline statistics and sensitivity indices."""
    doc: dict[str, Any] = {}
    if outcome is not None:
        doc.update(
            out=str(outcome.out_dir),
            results=str(Path(outcome.out_dir) / "results.parquet"),
            computed=outcome.computed,
            reused=outcome.reused,
            table=[
                {k: _num(v) for k, v in row.items()}
                for row in _headline_table(outcome).to_dict("records")
            ]
            if not outcome.table.empty
            else [],
        )
    if sens is not None:
        doc["sensitivity"] = {
            "method": sens.method,
            "indices": [
                {k: _num(v) for k, v in row.items()} for row in sens.indices.to_dict("records")
            ],
        }
    return json.dumps(doc, indent=2)
