"""Benchmark: how long sweeps take, and how they scale from one worker process to two.

Run with ``python experiments/benchmark_sweep.py`` (options: ``--reps``, ``--scaling-reps``,
``--repeat``).
Two measurements, both of the default scenario, through :func:`supportsim.sweep` (the
results stream to a temporary Parquet directory, as in real use):

* ``comparison``: up to five registered schemes (the four core ones first) x ``--reps``
  replications, on a process pool over all local cores. Target: under 60 s on 2 cores.
* ``scaling``: the same sweep of two schemes x ``--scaling-reps`` replications on a pool of
  1 worker and on a pool of 2 workers (pool start-up included), ``--repeat`` times each,
  interleaved; the medians are compared. Target: >= 1.8x speed-up.

Wall-clock times on a shared machine vary with what else runs on it: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from typing import Any

import supportsim as ss
from supportsim.experiments import local_executor

CORE = ("flat_salary", "per_contact_pay", "star_bonus", "rubric_review")


def pick_schemes(n: int = 5) -> list[str]:
    """The core schemes first, then other registered ones that build with default parameters."""
    names = []
    for name in dict.fromkeys([*CORE, *ss.SCHEMES]):
        try:
            ss.make_scheme(name)
        except (ss.ConfigError, TypeError):
            continue
        names.append(name)
    return names[:n]


def spec(schemes: Sequence[str], reps: int, seed: int = 1) -> dict[str, Any]:
    """A sweep spec: the default scenario, ``schemes`` x ``reps`` replications."""
    return {
        "name": "benchmark",
        "seed": seed,
        "replications": reps,
        "scenarios": {"default": {}},
        "schemes": {s: {} for s in schemes},
    }


def timed_sweep(sweep_spec: dict[str, Any], workers: int | None) -> tuple[float, int]:
    """Seconds for one sweep into a fresh directory on a pool of ``workers`` (None: all cores)."""
    with tempfile.TemporaryDirectory(prefix="supportsim-bench-") as out:
        t0 = time.perf_counter()
        with local_executor(workers) as pool:
            table = ss.sweep(sweep_spec, out, executor=pool, progress=False)
        return time.perf_counter() - t0, len(table)


def main(argv: Sequence[str] | None = None) -> None:
    """Run both measurements and print a small report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20, help="replications for the comparison")
    parser.add_argument(
        "--scaling-reps", type=int, default=8, help="replications per scheme for the scaling run"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="scaling runs per pool size (median is reported)"
    )
    args = parser.parse_args(argv)

    cores = os.cpu_count() or 1
    schemes = pick_schemes()
    seconds, runs = timed_sweep(spec(schemes, args.reps), None)
    print(f"machine: {cores} cores")
    print(
        f"comparison: {len(schemes)} schemes x {args.reps} replications = {runs} runs of the"
        f" default scenario on {cores} workers: {seconds:.1f} s"
        f" ({seconds / runs:.2f} s per run; target < 60 s) [{', '.join(schemes)}]"
    )
    scaling = spec(schemes[:2], args.scaling_reps, seed=2)
    ones, twos = [], []
    for _ in range(args.repeat):  # interleaved, so a burst of other load hits both sizes
        one, n = timed_sweep(scaling, 1)
        two, _ = timed_sweep(scaling, 2)
        ones.append(one)
        twos.append(two)
    one, two = statistics.median(ones), statistics.median(twos)
    print(
        f"scaling: {n} runs, median of {args.repeat}: on 1 worker {one:.1f} s,"
        f" on 2 workers {two:.1f} s: speed-up {one / two:.2f}x (target >= 1.8x)"
        f" [1 worker: {', '.join(f'{t:.1f}' for t in ones)} s;"
        f" 2 workers: {', '.join(f'{t:.1f}' for t in twos)} s]"
    )


if __name__ == "__main__":
    main()
