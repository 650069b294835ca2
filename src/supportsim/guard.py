"""The resource guard: what a run would take, checked before anything is allocated.

A scenario that validates may still be one no machine can run (``agents = 1e9``), one
that would run for weeks (``days = 1e9``), or one that cannot produce a figure
(``arrivals_per_hour = 1e-9``, ``mean_handle_min = 1e9``). :func:`check_run` estimates
what one run needs from a handful of parameters and refuses, in one line naming the
parameter, what it would take and the limit; :func:`check_runs` does the same for a whole
command (replications x schemes x grid points). Both are called by :func:`supportsim.run`,
:func:`supportsim.compare`, sweeps and sensitivity analyses before anything runs.

The estimate (deliberately simple, and on the high side)
--------------------------------------------------------
* **issues** = ``arrivals_per_hour`` x open hours a week x ``days`` / 7.
* **contacts** = issues x 1.5 (repeat contacts: about 1.3 are measured) x attempts, where
  attempts is what a customer who abandons may add by retrying: about ``1 / (1 - 0.1 x
  retry_prob)`` when the team keeps up with the work, and when it cannot (the offered work,
  ``arrivals x (mean_handle_min x mean difficulty + notes_min + checklist_min)``, exceeds
  the rostered hours) ``1 / (1 - retry_prob)``, at most one try every ``mean_patience_min +
  mean_retry_min`` over half the run.
* **memory** = 250 MB for the process, 1 KB per contact kept in tables (a run without
  tables keeps at most two weeks of contacts), 16 KB per agent, 1 KB per agent and review
  period, 100 B per queue sample (``monitor_interval_min``) and per outage.
* **runs** of a command = replications x schemes x grid points (x scenarios), or the
  sample points of a sensitivity analysis.

Limits
------
========================  ======================================  ============================
limit                     default                                 environment variable
========================  ======================================  ============================
memory of one run         80% of this machine's memory (8 GB if   ``SUPPORTSIM_MAX_MEMORY_MB``
                          unknown)
contacts of one run       200 million (about an hour)             ``SUPPORTSIM_MAX_CONTACTS``
agents of one run         20,000 (time grows faster than agents)  ``SUPPORTSIM_MAX_AGENTS``
days of one run           36,500 (a century)                      ``SUPPORTSIM_MAX_DAYS``
runs of one command       1 million                               ``SUPPORTSIM_MAX_RUNS``
contacts of one command   100 billion (weeks of one core)         ``SUPPORTSIM_MAX_TOTAL_CONTACTS``
local worker processes    4 per core                              ``SUPPORTSIM_MAX_JOBS``
========================  ======================================  ============================

And what cannot give a figure is refused whatever the limits: less than one new issue
expected after the warm-up, or a mean contact longer than the measured run.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from supportsim.errors import ConfigError
from supportsim.scenario import Scenario

KB, MB, GB = 1024, 1024**2, 1024**3
#: Memory of the process before the run (interpreter, numpy, pandas, simpy).
BASE_BYTES = 250 * MB
CONTACT_BYTES = 1 * KB
AGENT_BYTES = 16 * KB
AGENT_PERIOD_BYTES = 1 * KB
SAMPLE_BYTES = 100
#: Contacts per new issue, repeat contacts included (about 1.3 are measured).
REPEAT = 1.5
#: Days of contacts a run without tables holds at once (issues that may still come back).
IN_FLIGHT_DAYS = 14.0
#: The default scenario's values: what "larger than usual" is measured against.
_USUAL = {"arrivals_per_hour": 70.0, "days": 364.0, "agents": 25.0, "open_hours": 50.0}


def _env_number(name: str, default: float) -> float:
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"environment variable {name} = {text!r}: must be a number > 0")
    return value


def _machine_memory() -> tuple[float, str]:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 8 * GB, "8 GB: this machine's memory is unknown"
    return 0.8 * total, "80% of this machine's memory"


@dataclass(frozen=True)
class Limits:
    """What one run and one command may take (see the module docstring)."""

    memory_bytes: float
    memory_source: str
    contacts_per_run: float = 2e8
    agents: float = 20_000
    days: float = 36_500
    runs: float = 1e6
    contacts_total: float = 1e11
    jobs: int = 8

    @classmethod
    def current(cls) -> Limits:
        """The limits in force: the defaults, or the environment variables that set them."""
        memory, source = _machine_memory()
        if os.environ.get("SUPPORTSIM_MAX_MEMORY_MB", "").strip():
            memory = _env_number("SUPPORTSIM_MAX_MEMORY_MB", 0) * MB
            source = "SUPPORTSIM_MAX_MEMORY_MB"
        else:
            source += "; SUPPORTSIM_MAX_MEMORY_MB sets it"
        return cls(
            memory_bytes=memory,
            memory_source=source,
            contacts_per_run=_env_number("SUPPORTSIM_MAX_CONTACTS", 2e8),
            agents=_env_number("SUPPORTSIM_MAX_AGENTS", 20_000),
            days=_env_number("SUPPORTSIM_MAX_DAYS", 36_500),
            runs=_env_number("SUPPORTSIM_MAX_RUNS", 1e6),
            contacts_total=_env_number("SUPPORTSIM_MAX_TOTAL_CONTACTS", 1e11),
            jobs=int(_env_number("SUPPORTSIM_MAX_JOBS", 4 * (os.cpu_count() or 1))),
        )


@dataclass(frozen=True)
class Estimate:
    """What one run of a scenario would take (see the module docstring)."""

    issues: float
    measured_issues: float
    attempts: float
    contacts: float
    memory_bytes: float
    #: Parameter -> bytes of memory it accounts for (the largest is named when refused).
    memory_parts: dict[str, float]


def open_hours_per_week(sc: Scenario) -> float:
    """Hours a week the center takes new issues."""
    d = sc.demand
    return float((d.close_hour - d.open_hour) * d.open_weekdays)


def staffed_hours_per_week(sc: Scenario) -> float:
    """Agent-hours on duty a week (shift patterns, every open hour, or contract hours)."""
    if sc.staffing.shifts:
        return float(sum(p.agents * p.paid_hours_per_week for p in sc.staffing.shifts))
    open_hours = open_hours_per_week(sc)
    if sc.staffing.roster == "all_hours":
        return sc.team.agents * open_hours
    return sc.team.agents * min(sc.staffing.contract_hours, open_hours)


def work_per_contact_min(sc: Scenario) -> float:
    """Minutes an average new contact takes an agent: talk, notes and checklist."""
    kinds = sc.issues.kinds
    difficulty = sum(k.share * k.difficulty for k in kinds) / sum(k.share for k in kinds)
    return (
        sc.issues.mean_handle_min * difficulty + sc.handling.notes_min + sc.handling.checklist_min
    )


def load(sc: Scenario) -> float:
    """Offered work over rostered hours (above 1: the team cannot keep up)."""
    work = sc.demand.arrivals_per_hour * open_hours_per_week(sc) * work_per_contact_min(sc) / 60
    staffed = staffed_hours_per_week(sc)
    return math.inf if staffed <= 0 else work / staffed


def attempts_per_contact(sc: Scenario) -> float:
    """Tries a contact may take to be answered: retries after abandoning (see module docstring)."""
    cu = sc.customers
    if cu.mean_patience_min is None or cu.retry_prob <= 0:
        return 1.0
    run_min = sc.run.days * 1440.0
    most = max(1.0, 0.5 * run_min / (cu.mean_patience_min + cu.mean_retry_min))
    if load(sc) < 1.0:
        return min(most, 1.0 / (1.0 - 0.1 * cu.retry_prob))
    return most if cu.retry_prob >= 1.0 else min(most, 1.0 / (1.0 - cu.retry_prob))


def estimate(sc: Scenario, *, tables: bool = True) -> Estimate:
    """What one run of ``sc`` would take; ``tables=False`` for a run that keeps no tables."""
    r = sc.run
    per_day = sc.demand.arrivals_per_hour * open_hours_per_week(sc) / 7.0
    issues = per_day * r.days
    attempts = attempts_per_contact(sc)
    contacts = issues * REPEAT * attempts
    kept = contacts if tables else contacts * min(1.0, IN_FLIGHT_DAYS / r.days)
    periods = math.ceil(r.days / r.period_days)
    samples = r.days * 1440.0 / r.monitor_interval_min if r.monitor_interval_min > 0 else 0.0
    incidents = sc.issues.incidents_per_30_days * r.days / 30.0
    parts = {
        "contacts": kept * CONTACT_BYTES,
        "agents": sc.team.agents * (AGENT_BYTES + periods * AGENT_PERIOD_BYTES),
        "monitor_interval_min": samples * SAMPLE_BYTES,
        "incidents_per_30_days": incidents * SAMPLE_BYTES,
    }
    return Estimate(
        issues=issues,
        measured_issues=per_day * (r.days - r.warmup_days),
        attempts=attempts,
        contacts=contacts,
        memory_bytes=BASE_BYTES + sum(parts.values()),
        memory_parts=parts,
    )


def size(n_bytes: float) -> str:
    """Bytes in words: ``"1.5 GB"``."""
    if n_bytes >= 1024**5:
        return f"{n_bytes / 1024**4:,.0f} TB"
    for unit, scale in (("TB", 1024**4), ("GB", GB), ("MB", MB), ("KB", KB)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.3g} {unit}"
    return f"{n_bytes:.0f} B"


def count(n: float) -> str:
    """A count in words: ``"12,345"``, ``"3.2 million"``, ``"5e+11"``."""
    if n < 1e6:
        return f"{n:,.0f}"
    if n < 1e9:
        return f"{n / 1e6:.3g} million"
    if n < 1e12:
        return f"{n / 1e9:.3g} billion"
    return f"{n:.2g}"


def named(where: str, name: str, value: object) -> str:
    """``name = value`` as messages show it, at ``where`` (a file, ``--set``) if given."""
    shown = f"{value:g}" if isinstance(value, float) else repr(value)
    if not where:
        return f"{name} = {shown}"
    spaced = where.startswith("--") or " " in where
    return f"{where} {name} = {shown}" if spaced else f"{where}.{name} = {shown}"


def _contacts_culprit(sc: Scenario, e: Estimate) -> tuple[str, object, str]:
    """The parameter that makes the most contacts, its value, and the why in words."""
    factors = {
        "arrivals_per_hour": sc.demand.arrivals_per_hour / _USUAL["arrivals_per_hour"],
        "days": sc.run.days / _USUAL["days"],
    }
    if e.attempts > 2.0:  # retries matter only when customers try again and again
        factors["retry_prob"] = e.attempts
    name = max(factors, key=lambda k: factors[k])
    if name == "retry_prob":
        cu = sc.customers
        why = (
            f"as customers would retry up to {count(e.attempts)} times each (mean_patience_min ="
            f" {cu.mean_patience_min:g}, mean_retry_min = {cu.mean_retry_min:g}, offered work"
            f" {load(sc):.3g} x the rostered hours)"
        )
        return name, cu.retry_prob, why
    value: object = sc.demand.arrivals_per_hour if name == "arrivals_per_hour" else sc.run.days
    why = f"from {count(e.issues)} new issues over {sc.run.days:,} days"
    return name, value, why


def _memory_culprit(sc: Scenario, e: Estimate) -> tuple[str, object]:
    part = max(e.memory_parts, key=lambda k: e.memory_parts[k])
    if part == "contacts":
        name, value, _ = _contacts_culprit(sc, e)
        return name, value
    if part == "agents" and sc.run.days / _USUAL["days"] > sc.team.agents / _USUAL["agents"]:
        return "days", sc.run.days
    values = {
        "agents": sc.team.agents,
        "monitor_interval_min": sc.run.monitor_interval_min,
        "incidents_per_30_days": sc.issues.incidents_per_30_days,
    }
    return part, values[part]


def check_sense(sc: Scenario, where: str = "") -> None:
    """Refuse a scenario that cannot give a figure: no issue after the warm-up, or
    contacts longer than the measured run."""
    r, e = sc.run, estimate(sc, tables=False)
    if e.measured_issues < 1.0:
        name = "arrivals_per_hour" if sc.demand.arrivals_per_hour < 1.0 else "days"
        value = sc.demand.arrivals_per_hour if name == "arrivals_per_hour" else r.days
        raise ConfigError(
            f"{named(where, name, value)}: about {e.measured_issues:.2g} new issues would arrive"
            f" in the {r.days - r.warmup_days} measured days; a run needs at least 1"
        )
    measured_min = (r.days - r.warmup_days) * 1440.0
    if sc.issues.mean_handle_min >= measured_min:
        raise ConfigError(
            f"{named(where, 'mean_handle_min', sc.issues.mean_handle_min)}: the mean contact"
            f" would last longer than the measured run ({measured_min:,.0f} min), so none"
            " could be answered"
        )


def check_run(
    sc: Scenario, *, tables: bool = True, where: str = "", limits: Limits | None = None
) -> Estimate:
    """Refuse a run that cannot give a figure or would exceed the limits; else its estimate.

    ``where`` names the input in messages (``"--set"``, a file name); by default the
    parameter alone is named.
    """
    lim = limits or Limits.current()
    check_sense(sc, where)
    e = estimate(sc, tables=tables)
    if e.contacts > lim.contacts_per_run:
        name, value, why = _contacts_culprit(sc, e)
        raise ConfigError(
            f"{named(where, name, value)}: a run would simulate about {count(e.contacts)}"
            f" contacts, {why}; the limit is {count(lim.contacts_per_run)} a run"
            " (SUPPORTSIM_MAX_CONTACTS)"
        )
    if e.memory_bytes > lim.memory_bytes:
        name, value = _memory_culprit(sc, e)
        lean = estimate(sc, tables=False).memory_bytes
        hint = (
            f"; without tables (--summary-only, tables=False) it would need {size(lean)}"
            if tables and lean <= lim.memory_bytes
            else ""
        )
        raise ConfigError(
            f"{named(where, name, value)}: a run would need about {size(e.memory_bytes)} of"
            f" memory; the limit is {size(lim.memory_bytes)} ({lim.memory_source}){hint}"
        )
    for name, value, most, what in (
        ("agents", sc.team.agents, lim.agents, "a team of {} agents"),
        ("days", sc.run.days, lim.days, "{} simulated days"),
    ):
        if value > most:
            raise ConfigError(
                f"{named(where, name, value)}: {what.format(count(value))}; the limit is"
                f" {count(most)} a run (SUPPORTSIM_MAX_{name.upper()}: run time grows with it)"
            )
    return e


def check_runs(
    runs: int, contacts_per_run: float, subject: str, limits: Limits | None = None
) -> None:
    """Refuse a command of ``runs`` runs (about ``contacts_per_run`` contacts each) beyond
    the limits; ``subject`` names what sets the number of runs (``"reps = 5"``)."""
    lim = limits or Limits.current()
    if runs > lim.runs:
        raise ConfigError(
            f"{subject}: that makes {count(runs)} runs; the limit is"
            f" {count(lim.runs)} runs a command (SUPPORTSIM_MAX_RUNS)"
        )
    total = runs * contacts_per_run
    if total > lim.contacts_total:
        raise ConfigError(
            f"{subject}: {count(runs)} runs would simulate about {count(total)} contacts;"
            f" the limit is {count(lim.contacts_total)} a command (SUPPORTSIM_MAX_TOTAL_CONTACTS)"
        )


def check_jobs(jobs: int, name: str = "jobs", limits: Limits | None = None) -> int:
    """Refuse more local worker processes than the limit (4 per core by default)."""
    lim = limits or Limits.current()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ConfigError(f"{name} = {jobs!r}: must be an integer >= 1")
    if jobs > lim.jobs:
        raise ConfigError(
            f"{name} = {jobs}: at most {lim.jobs} worker processes on this machine"
            f" (4 per core, {os.cpu_count() or 1} cores; SUPPORTSIM_MAX_JOBS)"
        )
    return jobs
