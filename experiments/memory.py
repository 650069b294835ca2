"""Peak memory (resident set) of supportsim, case by case, each in a fresh process.

Run with ``python experiments/memory.py [--days 56]``. Every case runs in a subprocess of
its own, so its peak resident memory (``ru_maxrss``) is its own. The cases:

* ``interpreter``: Python alone (what any run pays before supportsim);
* ``import supportsim``: the interpreter plus ``import supportsim``;
* ``supportsim --help`` and ``supportsim list params``: the command line's cheapest paths;
* ``default, summary only``: :func:`supportsim.run` of the default scenario with
  ``tables=False`` (what ``compare`` and sweeps do);
* ``high volume, summary only``: the same with 3,300 arrivals an hour and 50 agents
  (issue 15: a large center, about 165,000 issues a review period).

Also reported per case: the heavy libraries (pandas, scipy, matplotlib, dask, SALib, simpy)
the process had imported when it ended.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

HEAVY = ("pandas", "scipy", "matplotlib", "dask", "SALib", "simpy")

#: Python run in each child: set up the case, then report peak RSS and heavy imports.
_REPORT = """
import json, resource, sys
print(json.dumps({
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "heavy": [m for m in %r if m in sys.modules],
    "contacts": globals().get("contacts", 0),
}))
"""

_RUN = """
import supportsim as ss
sc = ss.get_scenario("default").replace(days={days}{changes})
contacts = ss.run(sc, "resolution_pay", seed=1, tables=False).summary["contacts"]
"""

_CLI = """
import sys
from supportsim.cli import main
sys.argv = ["supportsim", *{argv!r}]
try:
    main()
except SystemExit:
    pass
"""


def cases(days: int) -> dict[str, str]:
    """The Python source of each case (before the report)."""
    high = ", arrivals_per_hour=3300.0, agents=50"
    return {
        "interpreter": "",
        "import supportsim": "import supportsim",
        "supportsim --help": _CLI.format(argv=["--help"]),
        "supportsim list params": _CLI.format(argv=["list", "params"]),
        f"default, summary only, {days} days": _RUN.format(days=days, changes=""),
        f"high volume, summary only, {days} days": _RUN.format(days=days, changes=high),
    }


def measure(source: str) -> dict[str, object]:
    """Run ``source`` in a fresh interpreter; its peak RSS (MB), heavy imports and seconds."""
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", source + _REPORT % (HEAVY,)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out.splitlines()[-1])
    result["seconds"] = time.perf_counter() - t0
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=56)
    parser.add_argument("--only", nargs="*", help="case names starting with these words")
    args = parser.parse_args()
    print(f"peak resident memory, one fresh process per case (ru_maxrss; {sys.platform})")
    print(f"{'case':<36} {'peak rss MB':>11} {'seconds':>8} {'contacts':>10}  heavy imports")
    for name, source in cases(args.days).items():
        if args.only and not any(name.startswith(w) for w in args.only):
            continue
        m = measure(source)
        contacts = float(m["contacts"])  # type: ignore[arg-type]
        heavy = ", ".join(m["heavy"]) or "-"  # type: ignore[arg-type]
        shown = f"{contacts:>10,.0f}" if contacts else f"{'':>10}"
        print(f"{name:<36} {m['rss_mb']:>11,.0f} {m['seconds']:>8.1f} {shown}  {heavy}", flush=True)


if __name__ == "__main__":
    main()
