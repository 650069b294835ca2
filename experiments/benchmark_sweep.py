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
"cores busy" (CPU seconds of this process and its workers per wall second) tells the two
apart: near 2.0 with 2 workers, the sweep kept both cores busy and any shortfall in the
speed-up was time the cores spent on other work. The script also times a pure-CPU loop on 2
processes against 1 before each scaling pair: the speed-up the machine allowed just then.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished worker processes
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed_sweep(sweep_spec: dict[str, Any], workers: int | None) -> tuple[float, int, float]:
    """Wall seconds, runs, and CPU seconds (this process and its workers) for one sweep
    into a fresh directory on a pool of ``workers`` (None: all cores)."""
    with tempfile.TemporaryDirectory(prefix="supportsim-bench-") as out:
        t0, c0 = time.perf_counter(), _cpu()
        with local_executor(workers) as pool:
            table = ss.sweep(sweep_spec, out, executor=pool, progress=False)
        return time.perf_counter() - t0, len(table), _cpu() - c0


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(n: int = 10_000_000) -> float:
    """Speed-up of a pure-CPU loop on 2 processes over 1, right now: the ceiling for a sweep.

    Near 2.0 on an idle 2-core machine; lower while other work holds a core.
    """
    t0 = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - t0
    with local_executor(2) as pool:
        pool.submit(_burn, 1).result()  # start both workers before timing
        pool.submit(_burn, 1).result()
        t0 = time.perf_counter()
        list(pool.map(_burn, [n, n]))
        parallel = time.perf_counter() - t0
    return serial / parallel


def main(argv: Sequence[str] | None = None) -> None:
    """Run both measurements and print a small report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20, help="replications for the comparison")
    parser.add_argument(
        "--scaling-reps", type=int, default=16, help="replications per scheme for the scaling run"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="scaling runs per pool size (median is reported)"
    )
    args = parser.parse_args(argv)

    cores = os.cpu_count() or 1
    schemes = pick_schemes()
    seconds, runs, cpu = timed_sweep(spec(schemes, args.reps), None)
    print(f"machine: {cores} cores")
    print(
        f"comparison: {len(schemes)} schemes x {args.reps} replications = {runs} runs of the"
        f" default scenario on {cores} workers: {seconds:.1f} s"
        f" ({seconds / runs:.2f} s per run; target < 60 s; {cpu / seconds:.2f} cores busy)"
        f" [{', '.join(schemes)}]"
    )
    scaling = spec(schemes[:2], args.scaling_reps, seed=2)
    ones, twos, busy, ceiling = [], [], [], []
    for _ in range(args.repeat):  # interleaved, so a burst of other load hits both sizes
        ceiling.append(machine_parallelism())
        one, n, _ = timed_sweep(scaling, 1)
        two, _, cpu = timed_sweep(scaling, 2)
        ones.append(one)
        twos.append(two)
        busy.append(cpu / two)
    one, two = statistics.median(ones), statistics.median(twos)
    print(
        f"scaling: {n} runs, median of {args.repeat}: on 1 worker {one:.1f} s,"
        f" on 2 workers {two:.1f} s: speed-up {one / two:.2f}x (target >= 1.8x)"
        f" [1 worker: {', '.join(f'{t:.1f}' for t in ones)} s;"
        f" 2 workers: {', '.join(f'{t:.1f}' for t in twos)} s;"
        f" cores busy with 2 workers: {', '.join(f'{b:.2f}' for b in busy)}]"
    )
    print(
        "machine's parallelism at the time (pure-CPU loop, 2 processes over 1): "
        + ", ".join(f"{c:.2f}x" for c in ceiling)
    )


if __name__ == "__main__":
    main()
