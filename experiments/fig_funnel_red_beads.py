"""Regenerate the gallery figure "funnel plot of identical agents (red beads)".

The ``red_beads`` scenario (20 agents identical in every trait) with morale and turnover
off, under ``negative_share_ranking``; every measured agent-week of several replications
in one funnel plot of the share of "no" answers, each week of each replication with its
own target (Spiegelhalter 2005). About 5% of points fall outside the 95% limits by
chance alone. Writes ``funnel_red_beads.png``.

    python experiments/fig_funnel_red_beads.py [--seed 2026] [--reps 6] [--out experiments/output]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import supportsim as ss
from supportsim.analysis.funnel import funnel_data
from supportsim.analysis.scores import measured_agent_periods
from supportsim.plots import plot_funnel

OUTPUT = Path(__file__).parent / "output"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026, help="root seed (default 2026)")
    parser.add_argument("--reps", type=int, default=6, help="replications pooled (default 6)")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder for the PNG")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the PNG")
    args = parser.parse_args()
    scenario = ss.get_scenario("red_beads").replace(people_dynamics=False)
    parts = []
    for rep in range(args.reps):
        res = ss.run(scenario, "negative_share_ranking", seed=args.seed, replication=rep)
        ap = measured_agent_periods(res.scenario, res.agent_periods)
        parts.append(ap.assign(week=[f"{rep}-{p}" for p in ap["period"]]))
    funnel = funnel_data(pd.concat(parts, ignore_index=True), group="week")
    share = funnel.outside["outside_95"]
    fig = plot_funnel(
        funnel.points,
        funnel.limits(),
        correction=None,
        title=f"Red beads: identical agents, {share:.1%} outside the 95% limits by chance",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "funnel_red_beads.png"
    fig.savefig(path, dpi=args.dpi)
    print(
        f"{path}: {len(funnel.points)} agent-weeks, {share:.1%} outside 95%, "
        f"{funnel.outside['outside_998']:.1%} outside 99.8%"
    )


if __name__ == "__main__":
    main()
