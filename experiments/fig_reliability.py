"""Regenerate the gallery figure "how many ratings make an agent's score reliable".

One run of the default team under a flat salary: the agent share of a single rating's
variance within a week (ICC(1), with its 95% CI), and the Spearman-Brown reliability of
an agent's mean rating as the number of ratings grows, against the ratings an agent
actually gets in a week. Writes ``reliability.png``.

    python experiments/fig_reliability.py [--seed 2026] [--out experiments/output]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import supportsim as ss
from supportsim.analysis.rating_noise import rating_noise
from supportsim.analysis.reliability import reliability_curve
from supportsim.analysis.scores import measured_contacts
from supportsim.plots import plot_reliability

OUTPUT = Path(__file__).parent / "output"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026, help="root seed (default 2026)")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="folder for the PNG")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the PNG")
    args = parser.parse_args()
    res = ss.run("default", "flat_salary", seed=args.seed)
    noise = rating_noise(measured_contacts(res.scenario, res.contacts))
    icc = noise.icc
    fig = plot_reliability(
        reliability_curve(icc, n_max=200),
        ratings_per_agent=noise.ratings_per_agent,
        icc=icc.icc,
        title=f"Ratings needed for a reliable agent score (default team, ICC = {icc.icc:.3f})",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "reliability.png"
    fig.savefig(path, dpi=args.dpi)
    print(
        f"{path}: ICC {icc.icc:.3f} [{icc.lo:.3f}, {icc.hi:.3f}], {noise.ratings_per_agent:.0f} ratings "
        f"per agent-week give reliability {noise.reliability:.2f}; 0.8 needs {noise.ratings_for_08:.0f}"
    )


if __name__ == "__main__":
    main()
