"""Benchmark: contacts per second of the full default model over a year, summary only.

Run with ``python experiments/benchmark_default.py [--days 364] [--repeat 3] [--profile]``.
Times :func:`supportsim.run` of the default scenario (every mechanism of the default on:
learning, morale, quits and hiring, reviews) with ``tables=False``, end to end (simulation,
the period tallies, the summary), on one core. A "contact" is an arrival to the queue
(answered, abandoned or still open), i.e. a row of the contacts table; they are counted in
an untimed run of the same world. The figure is the median over ``--repeat`` seeds, timed
in CPU seconds of this process (``time.process_time``), so other work on a shared machine
does not count against it.

``--profile`` instead runs one seed under cProfile and prints the 30 most expensive
functions by own time.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import supportsim as ss
from supportsim.rng import Streams, replication_seeds
from supportsim.world.center import simulate


def contacts_in(sc: ss.Scenario, scheme: str, seed: int) -> int:
    """Rows of the contacts table of ``run(sc, scheme, seed)``, counted without keeping them."""
    count = [0]

    def rows(r: dict[str, np.ndarray]) -> None:
        count[0] += len(r["issue"])

    streams = Streams.from_seed(replication_seeds(seed, 1)[0])
    simulate(sc, ss.make_scheme(scheme), streams, rows=rows)
    return count[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=364)
    parser.add_argument("--scheme", default="flat_salary")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sc = ss.get_scenario("default").replace(days=args.days)
    ss.run(sc.replace(days=14), args.scheme, seed=99, tables=False)  # warm imports and caches
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            ss.run(sc, args.scheme, seed=0, tables=False)
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return
    rates, sizes = [], []
    for seed in range(args.repeat):
        n = contacts_in(sc, args.scheme, seed)
        t0 = time.process_time()
        ss.run(sc, args.scheme, seed=seed, tables=False)
        rates.append(n / (time.process_time() - t0))
        sizes.append(n)
    print(
        f"default scenario, {args.scheme}, {args.days} days, summary only (tables=False),"
        f" median of {args.repeat}: {statistics.median(sizes):,.0f} contacts/run,"
        f" {statistics.median(rates):,.0f} contacts/s"
    )


if __name__ == "__main__":
    main()
