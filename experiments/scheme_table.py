"""Regenerate the README's table "What each scheme does on the default scenario".

Every registered scheme (schedules and wrappers with their defaults) on the default
scenario, 10 replications under common random numbers; means with 95% CIs of the headline
figures. Writes ``experiments/output/scheme_table.md`` and prints it.

    python experiments/scheme_table.py [--reps 10] [--seed 2026]
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import supportsim as ss

COLUMNS = {
    "rating_noise": "rating noise",
    "note_quality": "note quality",
    "callback_rate": "callbacks",
    "fcr": "FCR",
    "true_quality": "true quality",
    "cost_per_resolved": "cost / resolved",
    "mean_morale": "morale",
    "attrition_rate": "attrition / yr",
    "outsourcer_margin": "margin",
    "pay_quality_corr": "corr(pay, truth)",
}


def _cell(mean: float, lo: float, hi: float) -> str:
    if math.isnan(mean):
        return "n/a"
    digits = 1 if abs(mean) >= 10 else 3
    if math.isnan(lo):
        return f"{mean:.{digits}f}"
    if not math.isclose(hi - mean, mean - lo, rel_tol=1e-6):  # cut at the figure's range
        return f"{mean:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"
    return f"{mean:.{digits}f} ± {(hi - lo) / 2:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    schemes = [s for s in ss.SCHEMES.names() if s not in ("scheme_schedule", "policy")]
    cmp = ss.compare("default", schemes, reps=args.reps, seed=args.seed)
    t = cmp.table.set_index(["scheme", "metric"])
    lines = [
        f"| scheme | {' | '.join(COLUMNS.values())} |",
        "|---" * (len(COLUMNS) + 1) + "|",
    ]
    for scheme in schemes:
        cells = [_cell(*t.loc[(scheme, m), ["mean", "lo", "hi"]]) for m in COLUMNS]
        lines.append(f"| `{scheme}` | {' | '.join(cells)} |")
    text = "\n".join(lines) + (
        f"\n\nDefault scenario, {args.reps} replications per scheme under common random numbers,"
        f" seed {args.seed}; mean ± half-width of the 95% CI (or [lo, hi] where the interval is cut at the"
        " figure's range, e.g. attrition at 0). Regenerate with"
        " `python experiments/scheme_table.py`.\n"
    )
    out = Path(__file__).parent / "output"
    out.mkdir(exist_ok=True)
    (out / "scheme_table.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
