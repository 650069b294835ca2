"""The golden record: every figure and a digest of every table, for every registered scheme.

A refactor must leave the model's output unchanged bit for bit (to 9 decimals in the
tables); a change that is meant to move the numbers regenerates the record in the same
commit, with the reason in the commit message::

    python tests/golden/golden_record.py       # rewrites tests/golden/golden.json
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

import supportsim as ss

RECORD = Path(__file__).with_name("golden.json")
SCENARIOS = ("default", "product_lines")
SEED = 1
#: The record's run length: eight weekly reviews hold every mechanism (learning, warnings,
#: quits, the ladder's first steps) at a fraction of the default year's cost.
DAYS = 56


def table_digest(df: pd.DataFrame) -> str:
    """A digest of a table's columns and values (floats to 9 decimals)."""
    h = hashlib.sha256(",".join(df.columns).encode())
    for name in df.columns:
        col = df[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            h.update(",".join(map(str, col.cat.categories)).encode())
            values = col.cat.codes.to_numpy()
        else:
            values = col.to_numpy()
        if values.dtype.kind == "f":
            values = np.round(values, 9) + 0.0  # -0.0 and 0.0 alike
        h.update(np.ascontiguousarray(values).tobytes())
    return h.hexdigest()


def _number(x: float) -> float | None:
    return None if isinstance(x, float) and math.isnan(x) else float(x)


def record() -> dict[str, dict[str, object]]:
    """Summary and table digests of ``run(scenario, scheme, SEED)`` for every pair (DAYS long)."""
    out: dict[str, dict[str, object]] = {}
    for scenario in SCENARIOS:
        for scheme in ss.SCHEMES.names():
            res = ss.run(ss.get_scenario(scenario).replace(days=DAYS), scheme, SEED)
            out[f"{scenario}/{scheme}"] = {
                "summary": {k: _number(v) for k, v in sorted(res.summary.items())},
                "tables": {
                    name: table_digest(getattr(res, name))
                    for name in ("contacts", "issues", "agent_periods", "queue")
                },
            }
    return out


if __name__ == "__main__":
    RECORD.write_text(json.dumps(record(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {RECORD}")
