"""The runner owns time, seeds and replications: one run, or many schemes under common random numbers."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from supportsim.analysis.plausibility import implausible, pays_bonus
from supportsim.analysis.rules import detail_frame
from supportsim.analysis.stats import ci_table
from supportsim.analysis.summary import summary_of
from supportsim.analysis.tally import ContactTally, table_rows
from supportsim.analysis.trajectory import trajectory
from supportsim.config import get_scenario
from supportsim.errors import ConfigError, ExecutorLost
from supportsim.guard import check_jobs, check_run, check_runs
from supportsim.metrics import METRICS
from supportsim.provenance import provenance, scheme_params
from supportsim.rng import Streams, replication_seed
from supportsim.scenario import Scenario
from supportsim.schemes import Scheme, make_scheme
from supportsim.schemes.base import check_review_period
from supportsim.schemes.surveys import survey_of
from supportsim.workers import WORKER_DIED, stop_pool, worker_pool
from supportsim.world.center import simulate
from supportsim.world.tables import (
    agent_periods_table,
    contacts_table,
    facts_of,
    issues_table,
    queue_table,
)

SchemeLike = str | Scheme
ScenarioLike = str | Scenario


@dataclass(frozen=True)
class RunResult:
    """One replication: tidy tables and the summary figures.

    A run made with ``tables=False`` has empty ``contacts`` and ``issues`` tables (same
    columns); its ``agent_periods``, ``queue`` and ``summary`` are as with tables.
    """

    scenario: Scenario
    scheme: str
    seed: int
    replication: int
    contacts: pd.DataFrame
    issues: pd.DataFrame
    agent_periods: pd.DataFrame
    queue: pd.DataFrame
    summary: dict[str, float]
    warnings: tuple[str, ...] = ()
    """One line per implausible figure (see :mod:`supportsim.analysis.plausibility`)."""
    scheme_params: dict[str, Any] = field(default_factory=dict)
    """The scheme's parameters as plain data (for provenance)."""

    @property
    def provenance(self) -> dict[str, Any]:
        """Package version, code hash, seed, replication, the full scenario and the scheme's
        parameters (see :mod:`supportsim.provenance`)."""
        schemes = {self.scheme: self.scheme_params}
        return provenance(self.scenario, schemes, self.seed, replication=self.replication)

    @property
    def trajectory(self) -> pd.DataFrame:
        """Team means per review period: effort, true quality, ratings, pay, morale,
        headcount (see :func:`supportsim.analysis.trajectory.trajectory`)."""
        return trajectory(self.agent_periods, self.scenario.run.period_days)


def _scheme(s: SchemeLike) -> Scheme:
    if isinstance(s, str):
        return make_scheme(s)
    if not isinstance(s, Scheme):
        raise ConfigError(f"scheme = {s!r}: must be a scheme name or a scheme (make_scheme)")
    return s


def _scenario(s: ScenarioLike | Path) -> Scenario:
    if isinstance(s, str | Path):
        return get_scenario(s)
    if not isinstance(s, Scenario):
        raise ConfigError(f"scenario = {s!r}: must be a scenario name, a .toml path or a Scenario")
    return s


def _check_seed(seed: int, name: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ConfigError(f"{name} = {seed!r}: must be a non-negative integer")
    return int(seed)


def run(
    scenario: ScenarioLike = "default",
    scheme: SchemeLike = "flat_salary",
    seed: int = 0,
    *,
    replication: int = 0,
    tables: bool = True,
) -> RunResult:
    """Simulate one replication of ``scenario`` under ``scheme``.

    Replication ``r`` of seed ``s`` draws its customers, issues and agents from child ``r``
    of ``SeedSequence(s)``; every scheme run with the same ``(s, r)`` meets the same world.

    ``tables=False`` keeps no per-contact records: each review period's contacts are
    tallied into the summary's sums as the run goes, and issues are forgotten once they
    can no longer come back, so memory stays flat however many days are simulated. The
    summary and the agent-period table are the same as with tables (to rounding); the
    ``contacts`` and ``issues`` tables are empty. :func:`compare` and sweeps run this way.

    >>> result = run("erlang_c", "flat_salary", seed=1)
    >>> sorted(result.summary)[:3]
    ['abandon_rate', 'aht_min', 'asa_min']
    """
    sc, sch, seed = _scenario(scenario), _scheme(scheme), _check_seed(seed)
    replication = _check_seed(replication, "replication")
    if not isinstance(tables, bool):
        raise ConfigError(f"tables = {tables!r}: must be True or False")
    check_review_period(sch, sc.run.period_days)
    check_run(sc, tables=tables)  # before anything is allocated
    streams = Streams.from_seed(replication_seed(seed, replication))
    tally = ContactTally(sc)
    if tables:
        raw = simulate(sc, sch, streams)
    else:
        scale = survey_of(sch, 0).scale

        def tally_rows(rows: dict[str, np.ndarray]) -> None:
            rows.update(facts_of(sc, scale, rows))
            tally.add(rows)

        raw = simulate(sc, sch, streams, rows=tally_rows)
    contacts = contacts_table(raw)
    issues = issues_table(raw, contacts)
    if tables:
        tally.add(table_rows(contacts, issues))
    agent_periods = agent_periods_table(raw, tally.note_quality())
    details = [rec.decision.detail for rec in raw.periods]
    if any(details):  # a composed policy's rules, one column each
        extra = detail_frame(details, sc.team.agents)
        agent_periods = pd.concat([agent_periods, extra.set_axis(agent_periods.index)], axis=1)
    summary = summary_of(sc, tally, agent_periods)
    return RunResult(
        scenario=sc,
        scheme=sch.name,
        seed=seed,
        replication=replication,
        contacts=contacts,
        issues=issues,
        agent_periods=agent_periods,
        queue=queue_table(raw),
        summary=summary,
        warnings=tuple(implausible(summary, pays_bonus=pays_bonus(sch))),
        scheme_params=scheme_params(sch),
    )


def _summary_row(args: tuple[Scenario, Scheme, int, int]) -> dict[str, Any]:
    """One run's summary row, with its trajectory rows under ``"_trajectory"``."""
    sc, sch, seed, rep = args
    res = run(sc, sch, seed, replication=rep, tables=False)
    path = res.trajectory.assign(scheme=sch.name, replication=rep)
    return {"scheme": sch.name, "replication": rep, **res.summary, "_trajectory": path}


@dataclass(frozen=True)
class Comparison:
    """Schemes compared under common random numbers.

    ``runs`` has one row per scheme and replication; ``table`` is the long table of means
    with confidence intervals (``scheme, metric, mean, lo, hi, n``); ``trajectories`` the
    team means per period of every run (``scheme, replication, period, week``, figures;
    :func:`supportsim.analysis.trajectory.trajectory_ci` gives their CIs); ``warnings`` the
    implausible figures of each scheme's means (see :mod:`supportsim.analysis.plausibility`).
    """

    scenario: Scenario
    seed: int
    reps: int
    runs: pd.DataFrame
    table: pd.DataFrame
    trajectories: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scheme_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Each scheme's parameters as plain data (for provenance)."""

    @property
    def provenance(self) -> dict[str, Any]:
        """Package version, code hash, seed, replications, the full scenario and each
        scheme's parameters (see :mod:`supportsim.provenance`)."""
        return provenance(self.scenario, self.scheme_params, self.seed, replications=self.reps)

    def wide(self) -> pd.DataFrame:
        """Means as a metric x scheme table."""
        return self.table.pivot(index="metric", columns="scheme", values="mean").loc[
            list(METRICS), list(dict.fromkeys(self.runs["scheme"]))
        ]


def compare(
    scenario: ScenarioLike = "default",
    schemes: Sequence[SchemeLike] = (
        "flat_salary",
        "per_contact_pay",
        "star_bonus",
        "rubric_review",
    ),
    reps: int = 5,
    seed: int = 0,
    *,
    jobs: int | None = None,
    progress: bool | None = None,
) -> Comparison:
    """Run every scheme ``reps`` times on the same replications (common random numbers).

    ``jobs`` processes run replications in parallel (default: all cores; 1 runs in this
    process). ``progress`` shows a progress bar (default: when attached to a terminal).
    """
    sc = _scenario(scenario)
    if isinstance(schemes, str) or not isinstance(schemes, Sequence):
        raise ConfigError(f"schemes = {schemes!r}: must be a list of scheme names or schemes")
    built = [_scheme(s) for s in schemes]
    seed = _check_seed(seed)
    if not built:
        raise ConfigError("schemes = []: give at least one scheme")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ConfigError(f"reps = {reps!r}: must be an integer >= 1")
    names = [s.name for s in built]
    for s in built:
        check_review_period(s, sc.run.period_days)
    if len(set(names)) != len(names):
        raise ConfigError(f"schemes = {names}: each scheme may appear once")
    if jobs is not None:
        check_jobs(jobs)
    per_run = check_run(sc, tables=False).contacts
    check_runs(reps * len(built), per_run, f"reps = {reps}")
    tasks = [(sc, s, seed, r) for r in range(reps) for s in built]
    rows = _summary_rows(tasks, min(jobs or os.cpu_count() or 1, len(tasks)), progress)
    paths = pd.concat([r.pop("_trajectory") for r in rows], ignore_index=True)
    front = ["scheme", "replication", "period", "week"]
    paths = paths[front + [c for c in paths.columns if c not in front]]
    runs = pd.DataFrame(rows).sort_values(["replication"], kind="stable").reset_index(drop=True)
    table = ci_table(runs, "scheme", list(METRICS))
    warnings = {
        s.name: tuple(implausible(mean_summary(table, s.name), pays_bonus=pays_bonus(s)))
        for s in built
    }
    return Comparison(
        scenario=sc,
        seed=seed,
        reps=reps,
        runs=runs,
        table=table,
        trajectories=paths,
        warnings=warnings,
        scheme_params={s.name: scheme_params(s) for s in built},
    )


def _summary_rows(
    tasks: list[tuple[Scenario, Scheme, int, int]], jobs: int, progress: bool | None
) -> list[dict[str, Any]]:
    """Every task's summary row, in task order, on ``jobs`` worker processes (1: here)."""
    bar = tqdm(
        total=len(tasks),
        desc="simulating",
        unit="run",
        disable=None if progress is None else not progress,
    )
    rows: list[dict[str, Any]] = []
    if jobs == 1:
        for t in tasks:
            rows.append(_summary_row(t))
            bar.update()
    else:
        pool = worker_pool(jobs)
        try:
            for row in pool.map(_summary_row, tasks):
                rows.append(row)
                bar.update()
        except BrokenProcessPool:
            stop_pool(pool)
            raise ExecutorLost(WORKER_DIED) from None
        except BaseException:  # Ctrl-C or a failed run: nothing to keep, stop the workers now
            stop_pool(pool)
            raise
        pool.shutdown()
    bar.close()
    return rows


def mean_summary(table: pd.DataFrame, scheme: str) -> dict[str, float]:
    """A scheme's mean figures from a comparison's long table."""
    rows = table[table["scheme"] == scheme]
    return dict(zip(rows["metric"], rows["mean"].astype(float), strict=True))
