"""Convergence study: how long must a run be for the scheme effects it reports to settle?

Learning and attrition take months. For each candidate run length this script measures the
headline effects a user would read (each scheme's paired difference from flat pay, under
common random numbers) and compares them with the same effects measured by two-year runs.
The default horizon is the shortest candidate whose every clear effect lies within the
tolerance of the two-year value:

    |effect(days) - effect(728)| <= max(TOL_REL * |effect(728)|, TOL_ABS[metric])

It writes ``experiments/output/convergence.csv`` and ``docs/img/convergence.png`` and prints
the table and the choice:

    python experiments/convergence.py [--reps 6] [--learning imitation]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import supportsim as ss
from supportsim.analysis.paired import paired_differences
from supportsim.plots._style import CYCLE, new_figure

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (56, 91, 182, 273, 364)
LONG = 728
SCHEMES = (
    "flat_salary",
    "per_contact_pay",
    "star_bonus",
    "rubric_review",
    "resolution_pay",
    "negative_share_ranking",
)
METRICS = ("note_quality", "callback_rate", "true_quality", "fcr", "mean_morale")
TOL_REL = 0.25
#: Below these an effect is too small to matter; within them a difference is settled.
TOL_ABS = {
    "note_quality": 0.01,
    "callback_rate": 0.005,
    "true_quality": 0.005,
    "fcr": 0.005,
    "mean_morale": 0.005,
}


def effects(days: int, reps: int, learning: str) -> pd.DataFrame:
    """Each scheme's paired difference from flat pay, for runs of ``days`` days."""
    sc = ss.get_scenario("default").replace(days=days, learning=learning)
    runs = ss.compare(sc, list(SCHEMES), reps=reps, seed=2026, progress=False).runs
    d = paired_differences(runs, "flat_salary", list(METRICS))
    return d.assign(days=days)[["days", "scheme", "metric", "diff", "lo", "hi"]]


def settled(table: pd.DataFrame) -> pd.DataFrame:
    """Per horizon and metric: whether each clear long-run effect is within tolerance."""
    long = table[table["days"] == LONG].set_index(["scheme", "metric"])
    rows = []
    for (days, scheme, metric), g in table.groupby(["days", "scheme", "metric"]):
        ref = long.loc[(scheme, metric)]
        clear = not (ref["lo"] <= 0 <= ref["hi"])
        tol = max(TOL_REL * abs(ref["diff"]), TOL_ABS[metric])
        gap = abs(float(g["diff"].iloc[0]) - ref["diff"])
        rows.append(
            {"days": days, "scheme": scheme, "metric": metric, "effect_2y": ref["diff"],
             "effect": float(g["diff"].iloc[0]), "gap": gap, "tolerance": tol,
             "clear_2y": clear, "within": gap <= tol}
        )  # fmt: skip
    return pd.DataFrame(rows)


def figure(table: pd.DataFrame, path: Path) -> None:
    """The effects against run length, one panel per metric, the two-year value dashed."""
    fig = new_figure(1, len(METRICS), width=3.2 * len(METRICS), height=3.2)
    for ax, metric in zip(fig.axes, METRICS, strict=True):
        sub = table[table["metric"] == metric]
        for i, scheme in enumerate(s for s in SCHEMES if s != "flat_salary"):
            line = sub[sub["scheme"] == scheme].sort_values("days")
            weeks = line["days"] / 7.0
            ax.plot(weeks, line["diff"], marker="o", color=CYCLE[i % len(CYCLE)], label=scheme)
            ax.fill_between(weeks, line["lo"], line["hi"], color=CYCLE[i % len(CYCLE)], alpha=0.12)
        ax.axhline(0, color="black", lw=0.7)
        ax.set_xlabel("run length (weeks)")
        ax.set_title(f"Δ {metric.replace('_', ' ')} vs flat pay", fontsize="medium")
        ax.grid(alpha=0.3)
    fig.axes[0].legend(fontsize="x-small", frameon=False)
    fig.suptitle("Scheme effects by run length (paired 95% CI); two years is the reference")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=6)
    parser.add_argument("--learning", default="imitation")
    args = parser.parse_args()
    table = pd.concat([effects(d, args.reps, args.learning) for d in (*CANDIDATES, LONG)])
    out = ROOT / "experiments" / "output"
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / f"convergence_{args.learning}.csv", index=False)
    figure(table, ROOT / "docs" / "img" / f"convergence_{args.learning}.png")
    check = settled(table)
    clear = check[check["clear_2y"]]
    per_days = clear.groupby("days")["within"].mean()
    print(clear.pivot_table(index=["scheme", "metric"], columns="days", values="effect").round(3))
    print("\nshare of clear two-year effects within tolerance, by run length (days):")
    print(per_days.round(2).to_string())
    ok = [d for d in CANDIDATES if per_days.get(d, 0.0) == 1.0]
    print(f"\nshortest settled run length: {ok[0] if ok else 'none of ' + str(CANDIDATES)} days")


if __name__ == "__main__":
    main()
