"""Replay check: run the calibrated scenario and set its service figures beside the log's.

The calibrated scenario runs under flat pay at fixed effort without people dynamics (no
quits, no vacancies), for the log's weeks after a week of warm-up, a few replications;
each run is exported as a contact log (:func:`~supportsim.calibrate.export.contact_log`)
and read back like the observed one, so both sides are measured by the same code
(:func:`service_figures`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.calibrate.calls import Calls, tidy
from supportsim.calibrate.export import contact_log
from supportsim.calibrate.roles import outcome_codes
from supportsim.runner import run
from supportsim.scenario import Scenario

#: Figure -> (label, unit, tolerance): a figure agrees when the observed value is within
#: the tolerance of the simulated mean (relative, or in points for shares), or inside the
#: range of the simulated runs (a month of calls is itself a noisy sample: day effects
#: alone move a month's volume by several percent); the replay is credible when all agree.
FIGURES: dict[str, tuple[str, str, float]] = {
    "calls_per_day": ("calls per day", "", 0.05),
    "abandon": ("abandonment", "share", 0.02),
    "mean_wait_s": ("mean wait", "s", 0.25),
    "asa_s": ("ASA (answered)", "s", 0.25),
    "aht_s": ("AHT (talk + after-contact)", "s", 0.05),
    "service_level": ("service level (20 s)", "share", 0.05),
}
WARMUP_DAYS = 7


def service_figures(
    frame: pd.DataFrame, within_s: float = 20.0, with_acw: bool = True
) -> dict[str, float]:
    """Calls per open day, abandonment, mean wait, ASA, AHT (talk, plus after-contact work
    ``with_acw``) and service level of calls."""
    days = frame["arrive"].dt.normalize().nunique()
    answered = frame["answered"].to_numpy()
    wait = frame["wait_s"].to_numpy()
    handle = frame["talk_s"] + (frame["acw_s"].fillna(0.0) if with_acw else 0.0)
    return {
        "calls_per_day": len(frame) / max(days, 1),
        "abandon": float(np.mean(~answered)),
        "mean_wait_s": float(np.nanmean(wait)) if np.isfinite(wait).any() else math.nan,
        "asa_s": float(np.nanmean(wait[answered])) if answered.any() else math.nan,
        "aht_s": float(handle[answered].mean()) if answered.any() else math.nan,  # NaN: no talk
        "service_level": float(np.mean(answered & (wait <= within_s))),
    }


def _as_calls(log: pd.DataFrame) -> Calls:
    return tidy(log.astype("string"), outcome_codes(None), None, "simulated log")


def simulated_calls(scenario: Scenario, days: int, seed: int, replication: int) -> Calls:
    """A run of ``scenario`` (flat pay, fixed effort, no people dynamics) over ``days`` after
    a warm-up, read back as calls."""
    sc = scenario.replace(
        days=days + WARMUP_DAYS,
        warmup_days=WARMUP_DAYS,
        learning="fixed",
        people_dynamics=False,
    )
    result = run(sc, "flat_salary", seed, replication=replication)
    return _as_calls(contact_log(result.contacts, sc, from_day=WARMUP_DAYS))


@dataclass(frozen=True)
class ReplayCheck:
    """Observed figures, simulated means and ranges over replications, and the verdict."""

    table: pd.DataFrame
    days: int
    reps: int

    @property
    def credible(self) -> bool:
        """Whether every figure the log has is within its tolerance."""
        return bool(self.table["ok"].all())


def replay(
    observed: Calls, scenario: Scenario, *, reps: int = 5, seed: int = 0, within_s: float = 20.0
) -> ReplayCheck:
    """Run ``scenario`` ``reps`` times over the log's span and compare the service figures."""
    obs_frame = observed.frame
    span = (obs_frame["arrive"].max().normalize() - obs_frame["arrive"].min().normalize()).days + 1
    days = int(math.ceil(span / 7) * 7)
    acw = observed.has("acw")  # compare like with like: talk only if the log has no ACW
    sims = [
        service_figures(simulated_calls(scenario, days, seed, r).frame, within_s, acw)
        for r in range(reps)
    ]
    obs = service_figures(obs_frame, within_s, acw)
    rows = []
    for key, (label, unit, tol) in FIGURES.items():
        values = np.array([s[key] for s in sims])
        mean = float(np.mean(values))
        gap = obs[key] - mean if unit == "share" else (obs[key] - mean) / mean if mean else math.nan
        rows.append(
            {
                "figure": label,
                "key": key,
                "observed": obs[key],
                "simulated": mean,
                "sim_min": float(values.min()),
                "sim_max": float(values.max()),
                "gap": gap,
                "tolerance": tol,
                "ok": bool(abs(gap) <= tol or values.min() <= obs[key] <= values.max())
                if math.isfinite(gap)
                else not math.isfinite(obs[key]),  # not in the log: nothing to compare
            }
        )
    return ReplayCheck(pd.DataFrame(rows), days, reps)


def replay_text(check: ReplayCheck) -> str:
    """The replay table as text, with the verdict."""
    lines = [
        f"replay check: the calibrated scenario, flat pay, fixed effort, {check.reps} runs of"
        f" {check.days} days (+{WARMUP_DAYS} warm-up)",
        f"  {'figure':28s} {'observed':>10s} {'simulated':>10s} {'(range)':>19s}  gap",
    ]
    for r in check.table.itertuples(index=False):
        fmt = _fmt(str(r.key))
        if not math.isfinite(r.observed):
            lines.append(f"  {r.figure:28s} {'n/a':>10s} {fmt(r.simulated):>10s}  (not in the log)")
            continue
        rng = f"({fmt(r.sim_min)}-{fmt(r.sim_max)})"
        gap = f"{r.gap * 100:+.1f} {'pts' if FIGURES[str(r.key)][1] == 'share' else '%'}"
        unit = "pts" if FIGURES[str(r.key)][1] == "share" else "%"
        mark = "ok" if r.ok else f"OFF (tolerance {r.tolerance * 100:g} {unit})"
        lines.append(
            f"  {r.figure:28s} {fmt(r.observed):>10s} {fmt(r.simulated):>10s} {rng:>19s}  {gap} {mark}"
        )
    verdict = (
        "credible: every figure within tolerance"
        if check.credible
        else "NOT credible: see the OFF figures"
    )
    lines.append(f"  verdict: {verdict}")
    return "\n".join(lines)


def _fmt(key: str) -> Callable[[float], str]:
    if FIGURES[key][1] == "share":
        return lambda v: f"{v * 100:.1f}%"
    if key == "calls_per_day":
        return lambda v: f"{v:.0f}"
    return lambda v: f"{v:.1f}s"
