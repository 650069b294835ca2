"""How long ``supportsim calibrate`` takes on a month of calls (about 35,000 rows).

Makes a month (four weeks after a week of warm-up) of a large center, 130 new issues an
open hour and 48 agents, as a contact log, then times the whole command (a fresh process,
imports included, pinned to one core with ``taskset`` where there is one) three times and
reports the median, and the parts of one in-process calibration. The target is under 30 s.

Run: ``python experiments/benchmark_calibrate.py`` (about a minute).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import supportsim as ss
from supportsim.calibrate import calibrate, calibrate_log, contact_log, read_calls

TARGET_S = 30.0


def make_log(path: Path) -> int:
    """Write a month of a large center's calls to ``path``; return the rows."""
    sc = ss.get_scenario("default").replace(
        arrivals_per_hour=130.0, agents=48, days=35, learning="fixed", people_dynamics=False
    )
    log = contact_log(ss.run(sc, "flat_salary", 7).contacts, sc, from_day=7)
    log.to_csv(path, index=False)
    return len(log)


def time_command(log: Path, out: Path) -> float:
    """Wall time of one ``supportsim calibrate`` in a fresh process, on one core."""
    cmd = [sys.executable, "-m", "supportsim.cli", "calibrate", str(log), "--out", str(out)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        log, out = Path(tmp) / "month.csv", Path(tmp) / "center.toml"
        rows = make_log(log)
        times = [time_command(log, out) for _ in range(3)]
        t0 = time.perf_counter()
        calls = read_calls(log)
        t1 = time.perf_counter()
        calibrate(calls)
        t2 = time.perf_counter()
        calibrate_log(calls)
        t3 = time.perf_counter()
    median = statistics.median(times)
    print(
        f"{rows} rows; supportsim calibrate: median {median:.1f} s of {len(times)} runs"
        f" ({', '.join(f'{t:.1f}' for t in times)}); target < {TARGET_S:.0f} s"
    )
    print(
        f"in process: read {t1 - t0:.2f} s, estimators {t2 - t1:.2f} s,"
        f" estimators + pilot runs + scenario {t3 - t2:.2f} s"
    )
    if median >= TARGET_S:
        raise SystemExit(f"too slow: {median:.1f} s")


if __name__ == "__main__":
    main()
