"""Demand: when new issues arrive, and everything about them that chance decides up front.

All randomness that belongs to an issue, its customer, or its n-th contact is drawn here in
bulk, indexed by (issue, contact number). Every scheme run on the same replication seed
therefore meets the same customers, the same product failures, and the same luck on the
same contact of the same issue: common random numbers by construction, and a hot path
with no per-contact calls into numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from supportsim.rng import Streams
from supportsim.scenario import Scenario
from supportsim.world.calendar import DAY

#: Contacts per issue drawn up front; later ones draw from the stream as they happen.
PREDRAWN = 4


def _normalised(profile: tuple[float, ...], n: int) -> np.ndarray:
    w = np.asarray(profile, dtype=float) if profile else np.ones(n)
    return w / w.mean()


def arrival_times(sc: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Sorted arrival times (minutes) of new issues over the whole run.

    A Poisson process whose rate is piecewise constant per open hour: the mean rate times
    the intraday and weekly profiles times a gamma day effect (over-dispersion).
    """
    hours = sc.close_hour - sc.open_hour
    intraday = _normalised(sc.intraday_profile, hours)
    weekly = _normalised(sc.weekly_profile, sc.open_weekdays)
    day_idx = np.arange(sc.days)
    weekday = day_idx % 7
    open_day = weekday < sc.open_weekdays
    if sc.daily_rate_cv > 0:
        shape = 1.0 / sc.daily_rate_cv**2
        day_mult = rng.gamma(shape, 1.0 / shape, size=sc.days)
    else:
        day_mult = np.ones(sc.days)
    day_rate = np.where(open_day, weekly[np.minimum(weekday, sc.open_weekdays - 1)], 0.0)
    rates = sc.arrivals_per_hour * (day_rate * day_mult)[:, None] * intraday[None, :]
    counts = rng.poisson(rates).ravel()
    hour_start = (
        day_idx[:, None] * DAY + (sc.open_hour + np.arange(hours))[None, :] * 60.0
    ).ravel()
    starts = np.repeat(hour_start, counts)
    return np.sort(starts + 60.0 * rng.random(starts.size))


@dataclass
class Issues:
    """Per-issue attributes and pre-drawn luck, as Python lists for fast scalar access.

    Per-contact draws are flat lists indexed ``issue * PREDRAWN + n``.
    """

    n: int
    arrival: list[float]
    kind: np.ndarray
    line: list[int]  # product line (queue) of the issue's kind
    work: list[float]
    log_work: list[float]  # log(work / mean work): difficulty relative to the average
    defect: np.ndarray
    incident: np.ndarray  # caused by a product outage (common cause)
    fix_at: list[float]  # when the defect's fix ships; -inf for solvable issues
    leniency: list[float]
    always_negative: list[bool]
    propensity: list[float]
    # per attempt (arrival to the queue)
    patience: list[float]
    retry_u: list[float]
    retry_delay: list[float]
    # per handled contact
    resolve_u: list[float]
    callback_u: list[float]
    callback_z: list[float]
    sat_z: list[float]
    respond_u: list[float]
    steer_u: list[float]


def draw_issues(sc: Scenario, arrivals: np.ndarray, streams: Streams) -> Issues:
    """Draw every new issue's kind, work, root cause, customer and per-contact luck."""
    n = arrivals.size
    shares = np.array([k.share for k in sc.kinds])
    shares = shares / shares.sum()
    difficulty = np.array([k.difficulty for k in sc.kinds])
    difficulty = difficulty / (shares @ difficulty)  # so the mean work is mean_handle_min
    defect_w = np.array([k.defect_weight for k in sc.kinds])
    defect_w = defect_w / max(shares @ defect_w, 1e-12)

    g = streams.issues
    kind = g.choice(len(sc.kinds), size=n, p=shares)
    mean_work = sc.mean_handle_min * difficulty[kind]
    if sc.handle_dist == "exponential":
        work = mean_work * g.exponential(1.0, n)
    else:
        s = sc.handle_log_sd
        work = mean_work * np.exp(s * g.standard_normal(n) - 0.5 * s * s)
    defect = g.random(n) < np.minimum(1.0, sc.defect_share * defect_w[kind])
    fix_delay = g.exponential(sc.mean_fix_days * DAY, n)
    fix_at = np.where(defect, arrivals + fix_delay, -np.inf)
    incident, incident_end = _incidents(sc, arrivals, streams.incidents)
    defect = defect | incident
    fix_at = np.where(incident, incident_end, fix_at)

    c = streams.customers
    leniency = sc.leniency_sd * c.standard_normal(n)
    always_negative = c.random(n) < sc.always_negative_share
    ps = sc.response_propensity_sd
    propensity = np.exp(ps * c.standard_normal(n) - 0.5 * ps * ps)
    m = n * PREDRAWN
    if sc.mean_patience_min is None:
        patience = np.full(m, math.inf)
    else:
        patience = c.exponential(sc.mean_patience_min, m)
    retry_u = c.random(m)
    retry_delay = c.exponential(sc.mean_retry_min, m)

    lines = sc.lines
    line_of_kind = np.array([lines.index(k.line) for k in sc.kinds])
    return Issues(
        n=n,
        arrival=arrivals.tolist(),
        kind=kind,
        line=line_of_kind[kind].tolist(),
        work=work.tolist(),
        log_work=np.log(work / sc.mean_handle_min).tolist(),
        defect=defect,
        incident=incident,
        fix_at=fix_at.tolist(),
        leniency=leniency.tolist(),
        always_negative=always_negative.tolist(),
        propensity=propensity.tolist(),
        patience=patience.tolist(),
        retry_u=retry_u.tolist(),
        retry_delay=retry_delay.tolist(),
        resolve_u=streams.handling.random(m).tolist(),
        callback_u=streams.callbacks.random(m).tolist(),
        callback_z=streams.callbacks.standard_normal(m).tolist(),
        sat_z=streams.surveys.standard_normal(m).tolist(),
        respond_u=streams.surveys.random(m).tolist(),
        steer_u=streams.surveys.random(m).tolist(),
    )


def _incidents(
    sc: Scenario, arrivals: np.ndarray, g: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Which new issues a product outage caused, and when that outage ends (its fix ships).

    Outages start as a Poisson process over the run and last ``incident_hours``; while one
    lasts, a share ``incident_defect_share`` of new issues are caused by it. Drawn from the
    incidents stream only, so the rest of the world is unchanged by switching them off.
    """
    mean = sc.incidents_per_30_days * sc.days / 30.0
    starts = np.sort(g.uniform(0.0, sc.days * DAY, g.poisson(mean) if mean > 0 else 0))
    ends = starts + 60.0 * sc.incident_hours
    u = g.random(arrivals.size)
    if starts.size == 0:
        return np.zeros(arrivals.size, dtype=bool), np.full(arrivals.size, -np.inf)
    k = np.maximum(np.searchsorted(starts, arrivals, side="right") - 1, 0)
    hit = (arrivals >= starts[k]) & (arrivals < ends[k]) & (u < sc.incident_defect_share)
    return hit, np.where(hit, ends[k], -np.inf)
