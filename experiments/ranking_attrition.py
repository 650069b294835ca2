"""Where forced ranking's attrition comes from, and what it rests on.

``negative_share_ranking`` loses about 1.25 agents per agent a year on the default scenario,
against 0.38 under flat pay. The ladder's dismissals are a quarter of that; the rest is
quits of agents whose morale the ladder's steps cut (a written warning, time on a plan, a
final warning). Those morale costs are assumptions, shared by every scheme, so this sweeps
them together, as a share ``s`` of their defaults, and reports attrition, quits and
dismissals at each (paired replications of a year; attrition counts quit chances, so a few
replications give a tight interval). The crossing of 1.0 a year is interpolated between the
two shares either side of it.

    python experiments/ranking_attrition.py [--reps 4] [--seed 2026] [--days 364]

Writes ``experiments/output/ranking_attrition.csv`` and ``docs/img/ranking_attrition.png``
and prints a table.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import pandas as pd

import supportsim as ss
from supportsim.plots._style import OKABE_ITO, new_figure
from supportsim.scenario import PeopleParams

ROOT = Path(__file__).resolve().parents[1]

SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Bond (2025), Management Science, doi:10.1287/mnsc.2023.01204: employees denied a top
#: rating by a forced curve were at least 34% more likely to quit (hazard ratio >= 1.34).
BOND_HAZARD_RATIO = 1.34
BOUND = 1.0  # the workforce issue's bound on forced ranking's attrition, per year
FIGURES = ("attrition_rate", "quit_rate", "dismissal_rate", "mean_morale", "warned_share")


def warning_hazard_ratio(p: PeopleParams, plan_weeks: int = 4, weeks: int = 26) -> float:
    """What one written warning and its plan do to an agent's quit hazard in the model:
    the mean hazard ratio over the ``weeks`` that follow (weekly reviews, no other event)
    against no warning. The morale they cost (the warning's, then each plan week's) adds
    to the shortfall, which recovers ``morale_recovery`` of itself a week; the hazard is
    ``exp(quit_morale_effect x shortfall)``, so the ratio does not depend on where morale
    stood before."""
    extra, ratios = 0.0, []
    for week in range(weeks):
        extra += p.morale_warning_hit * (week == 0) + p.morale_plan_hit * (week < plan_weeks)
        ratios.append(math.exp(p.quit_morale_effect * extra))
        extra *= 1.0 - p.morale_recovery
    return float(np.mean(ratios))


def costs_scaled(sc: ss.Scenario, share: float) -> ss.Scenario:
    """``sc`` with the ladder's morale costs at ``share`` of their values."""
    p = sc.people
    return sc.replace(
        morale_warning_hit=share * p.morale_warning_hit,
        morale_final_hit=share * p.morale_final_hit,
        morale_plan_hit=share * p.morale_plan_hit,
    )


def sweep(sc: ss.Scenario, shares: tuple[float, ...], reps: int, seed: int) -> pd.DataFrame:
    """One row per share: mean and 95% interval of each figure under forced ranking."""
    rows = []
    for share in shares:
        table = ss.compare(
            costs_scaled(sc, share), ["negative_share_ranking"], reps=reps, seed=seed,
            progress=False,
        ).table.set_index("metric")  # fmt: skip
        row: dict[str, float] = {"share": share}
        for f in FIGURES:
            row[f], row[f + "_lo"], row[f + "_hi"] = table.loc[f, ["mean", "lo", "hi"]]
        rows.append(row)
    return pd.DataFrame(rows)


def crossing(df: pd.DataFrame, bound: float = BOUND) -> float:
    """The share of the default morale costs at which attrition crosses ``bound``
    (linear between the sweep's points; NaN if it never does)."""
    x, y = df["share"].to_numpy(), df["attrition_rate"].to_numpy()
    above = np.flatnonzero(y >= bound)
    if above.size == 0 or above[0] == 0:
        return float("nan")
    i = above[0]
    return float(x[i - 1] + (bound - y[i - 1]) * (x[i] - x[i - 1]) / (y[i] - y[i - 1]))


def figure(df: pd.DataFrame, flat: pd.Series, cross: float, path: Path) -> None:
    """Attrition, quits and dismissals against the share of the ladder's morale costs."""
    fig = new_figure(width=6.0, height=3.8)
    ax = fig.axes[0]
    x = 100 * df["share"]
    for f, label, colour in (
        ("attrition_rate", "attrition (quits + dismissals)", "blue"),
        ("quit_rate", "quits", "orange"),
        ("dismissal_rate", "dismissals", "green"),
    ):
        err = [df[f] - df[f + "_lo"], df[f + "_hi"] - df[f]]
        ax.errorbar(x, df[f], yerr=err, fmt="o-", color=OKABE_ITO[colour], capsize=3,
                    label=label)  # fmt: skip
    ax.axhspan(flat["lo"], flat["hi"], color="0.8", label="flat pay's attrition (95% CI)")
    ax.axhline(BOUND, color="black", ls=":", lw=0.9, label=f"the bound asked for ({BOUND:g})")
    if np.isfinite(cross):
        ax.axvline(100 * cross, color=OKABE_ITO["blue"], lw=0.8, ls="--")
    ax.set_ylim(0.0, 1.4 * float(df["attrition_rate_hi"].max()))  # room for the legend
    ax.set_xlabel("morale cost of the ladder's steps (% of the defaults)")
    ax.set_ylabel("per agent per year")
    ax.legend(fontsize="small", frameon=False, loc="upper left", ncol=2)
    ax.set_title("Forced ranking: attrition by the morale its warnings cost", fontsize="medium")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--days", type=int, default=364)
    args = parser.parse_args()
    sc = ss.get_scenario("default").replace(days=args.days)
    df = sweep(sc, SHARES, args.reps, args.seed)
    flat = ss.compare(sc, ["flat_salary"], reps=args.reps, seed=args.seed, progress=False)
    out = Path(__file__).resolve().parent / "output"
    out.mkdir(exist_ok=True)
    df.to_csv(out / "ranking_attrition.csv", index=False)
    p = sc.people
    print(
        f"forced ranking, default scenario ({args.days} days, {args.reps} paired replications,"
        f" seed {args.seed}); morale costs at share s of: warning {p.morale_warning_hit},"
        f" final warning {p.morale_final_hit}, plan {p.morale_plan_hit}/week\n"
    )
    print("| s | attrition / yr | quits / yr | dismissals / yr | mean morale |")
    print("|---|---|---|---|---|")
    for r in df.itertuples():
        cells = [
            f"{getattr(r, f):.3f} [{getattr(r, f + '_lo'):.3f}, {getattr(r, f + '_hi'):.3f}]"
            for f in FIGURES[:4]
        ]
        print(f"| {r.share:g} | " + " | ".join(cells) + " |")
    base = flat.table.set_index("metric").loc["attrition_rate"]
    cross = crossing(df)
    figure(df, base, cross, ROOT / "docs" / "img" / "ranking_attrition.png")
    print(f"\nflat pay: attrition {base['mean']:.3f} [{base['lo']:.3f}, {base['hi']:.3f}]")
    print(f"attrition crosses {BOUND} a year at s = {cross:.2f} of the default costs")
    at_default = df[df["share"] == 1.0].iloc[0]
    print(
        f"a written warning and its plan: quit hazard x{warning_hazard_ratio(p):.2f} over the"
        f" next 26 weeks (Bond 2025 measured >= x{BOND_HAZARD_RATIO} for being denied a top"
        f" rating); agents singled out {at_default['warned_share'] * 365 / 7:.1f} times a"
        " year each at the default costs"
    )


if __name__ == "__main__":
    main()
