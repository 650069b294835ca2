"""How much each scheme moves the team under each learning rule (the README's table).

Every claim about learning is tested for its direction under every rule (tests/claims/);
this script measures the magnitudes a user would read: each scheme's paired difference from
flat pay on the default scenario (its default horizon), under common random numbers, per
learning rule that moves effort. Rewrites the README table headed ``| learning rule |``
and writes ``experiments/output/rule_magnitudes.csv``:

    python experiments/rule_magnitudes.py [--reps 6] [--seed 2026]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import supportsim as ss
from supportsim.analysis.paired import paired_differences
from supportsim.behaviour import LEARNING

sys.path.insert(0, str(Path(__file__).resolve().parent))
from doc_tables import _replace_table

ROOT = Path(__file__).resolve().parents[1]
SCHEMES = ("flat_salary", "per_contact_pay", "star_bonus", "rubric_review", "resolution_pay")
METRICS = {
    "note_quality": "note quality",
    "callback_rate": "callbacks",
    "true_quality": "true quality",
    "true_service": "service truth",
}
HEADER = "| learning rule | scheme | " + " | ".join(METRICS.values()) + " |"


def magnitudes(rule: str, reps: int, seed: int) -> pd.DataFrame:
    """Each scheme's paired difference from flat pay under ``rule``."""
    sc = ss.get_scenario("default").replace(learning=rule)
    runs = ss.compare(sc, list(SCHEMES), reps=reps, seed=seed, progress=False).runs
    metrics = [m for m in METRICS if m in runs.columns]
    return paired_differences(runs, "flat_salary", metrics).assign(rule=rule)


def _cell(row: pd.Series) -> str:
    return f"{row['diff']:+.3f} [{row['lo']:+.3f}, {row['hi']:+.3f}]"


def rows(table: pd.DataFrame) -> list[str]:
    """One README row per rule and scheme: difference and 95% CI per metric."""
    out = []
    t = table.set_index(["rule", "scheme", "metric"])
    for rule in table["rule"].unique():
        for scheme in SCHEMES[1:]:
            cells = [
                _cell(t.loc[(rule, scheme, m)]) if (rule, scheme, m) in t.index else "n/a"
                for m in METRICS
            ]
            out.append(f"| `{rule}` | `{scheme}` | " + " | ".join(cells) + " |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rules = [n for n in LEARNING.names() if LEARNING.get(n).moves]
    table = pd.concat([magnitudes(r, args.reps, args.seed) for r in rules], ignore_index=True)
    out = ROOT / "experiments" / "output"
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "rule_magnitudes.csv", index=False)
    lines = rows(table)
    print(HEADER)
    print("\n".join(lines))
    _replace_table(ROOT / "README.md", HEADER, lines)
    days = ss.get_scenario("default").days
    print(f"\n{args.reps} replications of {days} days per scheme and rule, seed {args.seed}")


if __name__ == "__main__":
    main()
