"""Benchmark: peak memory and speed of long runs, with tables and without (``tables=False``).

Run with ``python experiments/benchmark_memory.py [--days 56 224 896] [--tracemalloc]``.
Each run happens in a fresh process, so its peak resident memory (``ru_maxrss``) is its
own; ``rss growth`` is that peak minus the process's memory after importing supportsim.
``--tracemalloc`` adds the peak of Python allocations during the run, from a second,
traced run (tracing slows the run several-fold, so its time is not reported).

Speed is answered contacts after the warm-up (``summary["contacts"]``) per second of
``supportsim.run`` end to end (simulation, tables if any, summary), on one core.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def _child(tables: bool, days: int, scheme: str, trace: bool) -> dict[str, float]:
    import supportsim as ss

    sc = ss.get_scenario("default").replace(days=days)
    ss.run(sc.replace(days=14), scheme, seed=99, tables=tables)  # warm imports and caches
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        import tracemalloc

        tracemalloc.start()
        ss.run(sc, scheme, seed=1, tables=tables)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"traced_mb": peak / 1e6}
    t0 = time.perf_counter()
    res = ss.run(sc, scheme, seed=1, tables=tables)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "contacts": res.summary["contacts"],
        "seconds": seconds,
        "rss_mb": after / 1024,
        "rss_growth_mb": (after - before) / 1024,
    }


def _measure(tables: bool, days: int, scheme: str, trace: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", str(int(tables)), str(days), scheme]
    out = subprocess.run(
        [*args, str(int(trace))], check=True, capture_output=True, text=True
    ).stdout
    return dict(json.loads(out.splitlines()[-1]))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        tables, days, scheme, trace = sys.argv[2:6]
        print(json.dumps(_child(tables == "1", int(days), scheme, trace == "1")))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, nargs="+", default=[56, 224, 896])
    parser.add_argument("--scheme", default="resolution_pay")
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    print(f"default scenario, {args.scheme}, one core")
    head = f"{'mode':<14} {'days':>5} {'contacts':>9} {'seconds':>8} {'contacts/s':>10}"
    head += f" {'peak rss MB':>11} {'rss growth MB':>13}"
    print(head + (f" {'traced peak MB':>14}" if args.tracemalloc else ""))
    for tables in (True, False):
        for days in args.days:
            m = _measure(tables, days, args.scheme, trace=False)
            line = (
                f"{'tables' if tables else 'summary only':<14} {days:>5} {m['contacts']:>9,.0f}"
                f" {m['seconds']:>8.1f} {m['contacts'] / m['seconds']:>10,.0f}"
                f" {m['rss_mb']:>11,.0f} {m['rss_growth_mb']:>13,.1f}"
            )
            if args.tracemalloc:
                line += f" {_measure(tables, days, args.scheme, trace=True)['traced_mb']:>14,.1f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
