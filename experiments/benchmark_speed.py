"""Benchmark: contacts simulated per second, on one core, for the built-in scenarios.

Run with ``make bench`` (or ``python experiments/benchmark_speed.py [--repeat N]``). Reports
two figures per scenario:

* ``model``: the simulation alone (``supportsim.world.center.simulate``): the event loop,
  the hot path and the management reviews;
* ``end-to-end``: :func:`supportsim.run`, which also builds the tables and the summary;
* ``summary only``: :func:`supportsim.run` with ``tables=False`` (what ``compare`` and
  sweeps do): the summary is tallied period by period and no tables are built.

A "contact" is an arrival to the queue (answered, abandoned or still open), i.e. a row of
the contacts table. Figures are the median of ``--repeat`` runs with different seeds.
"""

from __future__ import annotations

import argparse
import statistics
import time

import supportsim as ss
from supportsim.rng import Streams, replication_seeds
from supportsim.world.center import simulate

#: Every mechanism on: learning with survey gaming, morale, quits, hiring, incidents.
EVERYTHING = {"survey_gaming": True}


def bench(
    scenario: str, scheme: str, repeat: int, **changes: object
) -> tuple[float, float, float, int]:
    """Median contacts/s of the model alone, end-to-end and summary only; contacts per run."""
    sc = ss.get_scenario(scenario).replace(**changes)
    model, full, lean, sizes = [], [], [], []
    for seed in range(repeat):
        streams = Streams.from_seed(replication_seeds(seed, 1)[0])
        t0 = time.perf_counter()
        raw = simulate(sc, ss.make_scheme(scheme), streams)
        t1 = time.perf_counter()
        n = len(raw.log)
        model.append(n / (t1 - t0))
        t2 = time.perf_counter()
        res = ss.run(sc, scheme, seed)
        full.append(len(res.contacts) / (time.perf_counter() - t2))
        t3 = time.perf_counter()
        ss.run(sc, scheme, seed, tables=False)  # the same world: the same n contacts
        lean.append(n / (time.perf_counter() - t3))
        sizes.append(n)
    median = statistics.median
    return median(model), median(full), median(lean), int(median(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases: list[tuple[str, str, dict[str, object]]] = [
        ("default", "flat_salary", {}),
        ("default", "per_contact_pay", {}),
        ("default", "rubric_review", {}),
        ("default+all", "negative_share_ranking", EVERYTHING),
        ("default+all", "hidden_ratings", EVERYTHING),
        ("default+all", "resolution_pay", EVERYTHING),
        ("default+all", "balanced_scorecard", EVERYTHING),
        ("erlang_c", "flat_salary", {}),
        ("erlang_a", "flat_salary", {}),
    ]
    print(
        f"{'scenario':<12} {'scheme':<22} {'contacts/run':>12} {'model c/s':>10}"
        f" {'end-to-end c/s':>15} {'summary-only c/s':>17}"
    )
    for scenario, scheme, changes in cases:
        model, full, lean, n = bench(scenario.split("+")[0], scheme, args.repeat, **changes)
        print(f"{scenario:<12} {scheme:<22} {n:>12,} {model:>10,.0f} {full:>15,.0f} {lean:>17,.0f}")


if __name__ == "__main__":
    main()
