"""True against fitted: the round-trip scenarios of ``tests/calibrate/test_roundtrip.py``.

Each known scenario (talk equal to work, no defects, fixed effort and team) is simulated,
exported with ``contact_log``, calibrated, and its truths printed beside the estimates
with their 95% intervals.

Run: ``python experiments/calibrate_roundtrip.py`` (about ten seconds).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from supportsim.calibrate import calibrate
from supportsim.calibrate.values import Est

# The tests' own scenarios and log plumbing, so script and tests cannot drift apart.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "calibrate"))
from simulated_logs import as_calls, clean, simulated_log

ALWAYS_OPEN: dict[str, Any] = dict(
    open_hour=0, close_hour=24, open_weekdays=7, intraday_profile=(), weekly_profile=()
)
SCENARIOS: dict[str, tuple[str, dict[str, Any], int]] = {
    "default (5 weeks)": ("default", dict(days=35), 1),
    "over-dispersed (8 weeks, cv 0.4)": (
        "default",
        dict(days=56, daily_rate_cv=0.4, arrivals_per_hour=30.0, agents=12),
        2,
    ),
    "product lines (5 weeks)": ("product_lines", dict(days=35), 3),
    "always open (4 weeks)": (
        "default",
        dict(days=28, arrivals_per_hour=20.0, agents=40, **ALWAYS_OPEN),
        4,
    ),
}


def row(name: str, truth: float, est: Est) -> str:
    mark = "in" if est.covers(truth) else "OUT"
    return f"  {name:34s} {truth:9.4g}   {est.text('.4g'):32s} {mark}"


def report(label: str, base: str, changes: dict[str, Any], seed: int) -> None:
    sc = clean(base, **changes)
    log = simulated_log(sc, seed)
    cal = calibrate(as_calls(log))
    a, h, p, r = cal.arrivals, cal.handle, cal.patience, cal.repeats
    assert h is not None and p is not None and r is not None
    print(f"{label}: {len(log)} contacts")
    print(f"  {'parameter':34s} {'true':>9s}   {'fitted [95% CI]':32s}")
    d = sc.demand
    print(row("arrivals_per_hour", d.arrivals_per_hour, a.rate))
    print(row("daily_rate_cv", d.daily_rate_cv, a.daily_cv))
    weekly = np.asarray(d.weekly_profile or (1.0,) * d.open_weekdays)
    for i, (t, e) in enumerate(zip(weekly / weekly.mean(), a.weekly, strict=True)):
        print(row(f"weekly[{i}]", t, e))
    intraday = np.asarray(d.intraday_profile or (1.0,) * a.hours)
    inside = sum(e.covers(t) for t, e in zip(intraday / intraday.mean(), a.intraday, strict=True))
    print(f"  intraday weights inside their CI   {inside} of {a.hours}")
    s = sc.issues.handle_log_sd
    print(row("mean_handle_min", sc.issues.mean_handle_min, h.mean_min))
    print(row("handle_log_sd", s, h.log_sd))
    mean_diff = sum(k.share * k.difficulty for k in sc.issues.kinds)
    truth = {k.name: k for k in sc.issues.kinds}
    for k in h.kinds:
        diff = truth[k.name].difficulty / mean_diff
        mu = math.log(60 * sc.issues.mean_handle_min * diff) - s**2 / 2
        print(row(f"{k.name} log-mean (ln s)", mu, k.fit.log_mean))
        print(row(f"{k.name} share", truth[k.name].share, k.share))
        print(row(f"{k.name} difficulty", diff, k.difficulty))
    cu = sc.customers
    print(row("mean_patience_min", cu.mean_patience_min, p.mean_min))
    print(row("retry_prob", cu.retry_prob, r.retry))
    print(row("mean_retry_min", cu.mean_retry_min, r.retry_mean_min))
    within = stats.norm.cdf(math.log(72 / cu.callback_median_hours) / cu.callback_log_sd)
    print(row("callback_prob x P(delay < 72 h)", cu.callback_prob * within, r.after_unresolved))
    print(row("callback_median_hours", cu.callback_median_hours, r.delay_median_h))
    print(row("callback_log_sd", cu.callback_log_sd, r.delay_log_sd))
    slots = sc.agent_lines()
    true_lines = [slots.count(i) for i in range(len(sc.lines))]
    print(
        f"  agents per line {dict(zip(sc.lines, true_lines, strict=True))} -> "
        f"{dict(zip(cal.staffing.lines, cal.staffing.line_agents, strict=True))}"
    )
    print()


def main() -> None:
    for label, (base, changes, seed) in SCENARIOS.items():
        report(label, base, changes, seed)


if __name__ == "__main__":
    main()
