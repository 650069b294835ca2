"""Demand: when new issues arrive, and everything about them that chance decides up front.

New issues are drawn one day at a time, each day from its own generator
(:meth:`~supportsim.rng.Streams.day`): its arrival times, and for every issue its kind,
work, root cause, customer and the luck of its first :data:`PREDRAWN` contacts, indexed
by (issue, contact number). Every scheme run on the same replication seed therefore meets
the same customers, the same product failures, and the same luck on the same contact of
the same issue: common random numbers by construction, and a hot path with no per-contact
calls into numpy. Because a day depends on nothing but its own generator, the world is
drawn as the run reaches each day and never holds more than the issues still in play
(see :mod:`supportsim.world.issues`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from supportsim.scenario import CustomerParams, DemandParams, IssueParams
from supportsim.world.calendar import DAY

#: Contacts per issue drawn up front; later ones draw from the stream as they happen.
PREDRAWN = 4


def _normalised(profile: tuple[float, ...], n: int) -> np.ndarray:
    w = np.asarray(profile, dtype=float) if profile else np.ones(n)
    return w / w.mean()


@dataclass(frozen=True)
class Incidents:
    """Product outages: start and end (when the fix ships) of each, in minutes, sorted."""

    starts: np.ndarray
    ends: np.ndarray

    def caused(self, share: float, arrivals: np.ndarray, u: np.ndarray) -> np.ndarray:
        """Which new issues arriving at ``arrivals`` an outage caused (``u``: uniforms), when
        an outage causes ``share`` of the new issues while it lasts."""
        if self.starts.size == 0:
            return np.zeros(arrivals.size, dtype=bool)
        k = np.maximum(np.searchsorted(self.starts, arrivals, side="right") - 1, 0)
        return (arrivals >= self.starts[k]) & (arrivals < self.ends[k]) & (u < share)

    def end_of(self, arrivals: np.ndarray) -> np.ndarray:
        """End of the latest outage started by each arrival time (-inf before the first)."""
        if self.starts.size == 0:
            return np.full(arrivals.size, -np.inf)
        k = np.maximum(np.searchsorted(self.starts, arrivals, side="right") - 1, 0)
        return np.asarray(self.ends[k], dtype=float)


def draw_incidents(issues: IssueParams, days: int, g: np.random.Generator) -> Incidents:
    """Outages over ``days`` start as a Poisson process and last ``incident_hours``.

    Drawn from the incidents stream only (which new issues they cause is decided with
    each day's issues, by a uniform drawn whether or not there are outages), so the rest
    of the world is unchanged by switching them off.
    """
    mean = issues.incidents_per_30_days * days / 30.0
    starts = np.sort(g.uniform(0.0, days * DAY, g.poisson(mean) if mean > 0 else 0))
    return Incidents(starts, starts + 60.0 * issues.incident_hours)


@dataclass(frozen=True)
class DayIssues:
    """One day's new issues, in arrival order: attributes and pre-drawn luck.

    Per-contact draws are flat arrays indexed ``issue * PREDRAWN + n`` (issue counted
    from the day's first).
    """

    arrival: np.ndarray
    kind: np.ndarray
    line: np.ndarray  # product line (queue) of the issue's kind
    work: np.ndarray
    log_work: np.ndarray  # log(work / mean work): difficulty relative to the average
    defect: np.ndarray
    incident: np.ndarray  # caused by a product outage (common cause)
    fix_at: np.ndarray  # when the defect's fix ships; -inf for solvable issues
    leniency: np.ndarray
    always_negative: np.ndarray
    propensity: np.ndarray
    # per attempt (arrival to the queue)
    patience: np.ndarray
    retry_u: np.ndarray
    retry_delay: np.ndarray
    # per handled contact
    resolve_u: np.ndarray
    callback_u: np.ndarray
    callback_z: np.ndarray
    sat_z: np.ndarray
    respond_u: np.ndarray
    steer_u: np.ndarray
    dump_u: np.ndarray  # whether the agent dumps the contact (drawn whether or not it may)

    @property
    def n(self) -> int:
        """Number of new issues."""
        return int(self.arrival.size)


#: The per-contact fields of :class:`DayIssues` (``PREDRAWN`` values per issue).
PER_CONTACT = (
    "patience",
    "retry_u",
    "retry_delay",
    "resolve_u",
    "callback_u",
    "callback_z",
    "sat_z",
    "respond_u",
    "steer_u",
    "dump_u",
)


def day_arrivals(demand: DemandParams, day: int, g: np.random.Generator) -> np.ndarray:
    """Sorted arrival times (minutes) of day ``day``'s new issues.

    A Poisson process whose rate is piecewise constant per open hour: the mean rate times
    the intraday and weekly profiles times a gamma day effect (over-dispersion).
    """
    d = demand
    hours = d.close_hour - d.open_hour
    intraday = _normalised(d.intraday_profile, hours)
    weekly = _normalised(d.weekly_profile, d.open_weekdays)
    weekday = day % 7
    if d.daily_rate_cv > 0:
        shape = 1.0 / d.daily_rate_cv**2
        day_mult = float(g.gamma(shape, 1.0 / shape))
    else:
        day_mult = 1.0
    rates = d.arrivals_per_hour * weekly[weekday] * day_mult * intraday
    counts = g.poisson(rates)
    hour_start = day * DAY + (d.open_hour + np.arange(hours)) * 60.0
    starts = np.repeat(hour_start, counts)
    return np.sort(starts + 60.0 * g.random(starts.size))


def _no_issues() -> DayIssues:
    arrays = {name: np.zeros(0) for name in DayIssues.__dataclass_fields__}
    arrays["kind"] = np.zeros(0, dtype=np.int64)
    arrays["line"] = np.zeros(0, dtype=np.int64)
    for name in ("defect", "incident", "always_negative"):
        arrays[name] = np.zeros(0, dtype=bool)
    return DayIssues(**arrays)


@dataclass(frozen=True)
class KindMix:
    """The issue kinds' shares, and their difficulty and defect weights scaled so that the
    mean work is ``mean_handle_min`` and the mean defect weight is 1."""

    shares: np.ndarray
    difficulty: np.ndarray
    defect_weight: np.ndarray
    line: np.ndarray  # product line of each kind (index into ``Scenario.lines``)
    chat: np.ndarray | None = None  # whether each kind comes by chat (None: all by phone)

    @classmethod
    def of(cls, issues: IssueParams) -> KindMix:
        """The mix of the issue kinds (computed once per run: the scaling is a dot product,
        and BLAS calls per day would wake its threads every day)."""
        kinds = issues.kinds
        shares = np.array([k.share for k in kinds])
        shares = shares / shares.sum()
        difficulty = np.array([k.difficulty for k in kinds])
        defect_w = np.array([k.defect_weight for k in kinds])
        return cls(
            shares,
            difficulty / float(np.sum(shares * difficulty)),
            defect_w / max(float(np.sum(shares * defect_w)), 1e-12),
            np.array([issues.lines.index(k.line) for k in kinds], dtype=np.int64),
            np.array([k.channel == "chat" for k in kinds]) if issues.has_chat else None,
        )


class IssueSource:
    """Draws each day's new issues: the demand, what the issues are, and their customers.

    Made once per run (its outages are drawn over the run's ``days`` from ``g_incidents``);
    :meth:`draw` then draws any day from that day's own generator.
    """

    def __init__(
        self,
        demand: DemandParams,
        issues: IssueParams,
        customers: CustomerParams,
        days: int,
        g_incidents: np.random.Generator,
    ) -> None:
        self.demand, self.issues, self.customers = demand, issues, customers
        self.incidents = draw_incidents(issues, days, g_incidents)
        self.mix = KindMix.of(issues)

    def draw(self, day: int, g: np.random.Generator) -> DayIssues:
        """Draw day ``day``'s new issues: kind, work, root cause, customer, per-contact luck.

        ``g`` is the day's own generator; a closed day has no issues and draws nothing.
        """
        if day % 7 >= self.demand.open_weekdays:
            return _no_issues()
        arrivals = day_arrivals(self.demand, day, g)
        n = arrivals.size
        iss, cus, mix = self.issues, self.customers, self.mix
        kind = g.choice(len(iss.kinds), size=n, p=mix.shares)
        mean_work = iss.mean_handle_min * mix.difficulty[kind]
        if iss.handle_dist == "exponential":
            work = mean_work * g.exponential(1.0, n)
        else:
            s = iss.handle_log_sd
            work = mean_work * np.exp(s * g.standard_normal(n) - 0.5 * s * s)
        defect = g.random(n) < np.minimum(1.0, iss.defect_share * mix.defect_weight[kind])
        fix_at = np.where(defect, arrivals + g.exponential(iss.mean_fix_days * DAY, n), -np.inf)
        incident = self.incidents.caused(iss.incident_defect_share, arrivals, g.random(n))
        defect = defect | incident
        fix_at = np.where(incident, self.incidents.end_of(arrivals), fix_at)

        leniency = cus.leniency_sd * g.standard_normal(n)
        always_negative = g.random(n) < cus.always_negative_share
        ps = cus.response_propensity_sd
        propensity = np.exp(ps * g.standard_normal(n) - 0.5 * ps * ps)
        m = n * PREDRAWN
        # Drawn even without abandonment, so switching patience off changes nothing else.
        patience = unit = g.exponential(1.0, m)
        if cus.mean_patience_min is None:
            patience = np.full(m, np.inf)
        else:
            patience = cus.mean_patience_min * patience
        if mix.chat is not None:  # chat customers have their own patience
            chat = np.repeat(mix.chat[kind], PREDRAWN)
            mean_chat = math.inf if cus.chat_patience_min is None else cus.chat_patience_min
            patience = np.where(chat, mean_chat * unit, patience)
        return DayIssues(
            arrival=arrivals,
            kind=kind,
            line=mix.line[kind],
            work=work,
            log_work=np.log(work / iss.mean_handle_min),
            defect=defect,
            incident=incident,
            fix_at=fix_at,
            leniency=leniency,
            always_negative=always_negative,
            propensity=propensity,
            patience=patience,
            retry_u=g.random(m),
            retry_delay=g.exponential(cus.mean_retry_min, m),
            resolve_u=g.random(m),
            callback_u=g.random(m),
            callback_z=g.standard_normal(m),
            sat_z=g.standard_normal(m),
            respond_u=g.random(m),
            steer_u=g.random(m),
            # Drawn last, and whether or not agents may dump, so call dumping changes
            # nothing else in the world (common random numbers).
            dump_u=g.random(m),
        )
