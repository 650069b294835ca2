"""Sweeps: every scheme at every grid point of every scenario, replicated under common random numbers.

Replication ``r`` of every scheme and grid point is ``supportsim.run(scenario, scheme,
seed, replication=r)``: the same customers, issues, product failures and agents, so
differences between schemes at a grid point are paired.

The result table has one row per scenario, grid point, scheme and replication, with
columns in this order::

    scenario, point, <grid parameters...>, scheme, replication, task, <figures...>

``point`` numbers the grid points; ``task`` is the run's id. The figures are every key of
the run's summary (:data:`supportsim.METRICS`) plus :data:`~supportsim.experiments.derived.DERIVED`.
A grid column for a scheme parameter (``"<label>.<param>"``) only changes that scheme; the
other schemes' rows at that point are the same run, computed once. What a grid key sets is
the spec's business (:meth:`~supportsim.experiments.spec.SweepSpec.scenario_changes`,
:meth:`~supportsim.experiments.spec.SweepSpec.scheme_changes`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from supportsim.errors import ConfigError
from supportsim.experiments.engine import execute
from supportsim.experiments.executors import open_executor
from supportsim.experiments.spec import SweepSpec, as_spec
from supportsim.experiments.store import ResultStore
from supportsim.experiments.tasks import Task, make_task
from supportsim.guard import check_run, check_runs, estimate, named
from supportsim.provenance import provenance, scheme_params
from supportsim.scenario import Scenario
from supportsim.schemes import Scheme, make_scheme
from supportsim.schemes.base import check_review_period


@dataclass(frozen=True)
class Plan:
    """The runs of a sweep: the table's rows (``rows``) and the distinct tasks behind them."""

    rows: pd.DataFrame
    tasks: dict[str, Task]


@dataclass(frozen=True)
class SweepOutcome:
    """What :func:`run_sweep` did: the table, how many runs it computed or reused, the
    provenance it recorded, and the unreadable parts it set aside (and recomputed)."""

    table: pd.DataFrame
    computed: int
    reused: int
    out_dir: Path
    provenance: dict[str, Any] = field(default_factory=dict)
    set_aside: tuple[Path, ...] = ()


def _points(grid: Mapping[str, tuple[Any, ...]]) -> list[dict[str, Any]]:
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grid.values())]


def _scheme_at(
    spec: SweepSpec, label: str, point: Mapping[str, Any], file_cfg: Mapping[str, Any]
) -> Scheme:
    s = spec.schemes[label]
    params = {**file_cfg.get(s.scheme, {}), **s.params}
    params.update(spec.scheme_changes(label, point))
    try:
        return make_scheme(s.scheme, **params)
    except ConfigError as err:
        raise ConfigError(f"{spec.where} [schemes.{label}]: {err}") from None


def _check_size(spec: SweepSpec, bases: list[Scenario]) -> None:
    """Refuse a sweep beyond the limits before a single row is planned."""
    points = math.prod(len(v) for v in spec.grid.values())
    runs = len(spec.scenarios) * points * spec.replications * len(spec.schemes)
    per_run = max(estimate(b, tables=False).contacts for b in bases)
    if points > spec.replications:
        sizes = " x ".join(str(len(v)) for v in spec.grid.values())
        subject = f"{spec.where} [grid]: {sizes} = {points:,} points"
    else:
        subject = named(spec.where, "replications", spec.replications)
    check_runs(runs, per_run, subject)


def _checked(spec: SweepSpec, label: str, scheme: Scheme, scenario: Scenario) -> Scheme:
    try:
        check_review_period(scheme, scenario.run.period_days)
    except ConfigError as err:
        raise ConfigError(f"{spec.where} [schemes.{label}]: {err}") from None
    return scheme


def plan_sweep(spec: SweepSpec) -> Plan:
    """Every row of the sweep's table and the distinct runs behind them (validates every
    point, and refuses a sweep beyond the limits of :mod:`supportsim.guard`).

    Rows are ordered by scenario, grid point, replication, then scheme.
    """
    rows: list[dict[str, Any]] = []
    tasks: dict[str, Task] = {}
    built = {
        label: sc_spec.build(f"{spec.where} [scenarios.{label}]")
        for label, sc_spec in spec.scenarios.items()
    }
    _check_size(spec, [base for base, _ in built.values()])
    points = _points(spec.grid)
    for sc_label, (base, file_cfg) in built.items():
        for i, point in enumerate(points):
            changes = spec.scenario_changes(point)
            where = f"{spec.where} [grid] point {i}"
            scenario = Scenario.build(where, **{**base.to_dict(), **changes})
            check_run(scenario, tables=False, where=where)
            schemes = {
                lab: _checked(spec, lab, _scheme_at(spec, lab, point, file_cfg), scenario)
                for lab in spec.schemes
            }
            for r in range(spec.replications):
                for label, scheme in schemes.items():
                    task = make_task(scenario, scheme, spec.seed, r)
                    tasks.setdefault(task.id, task)
                    rows.append(
                        {
                            "scenario": sc_label,
                            "point": i,
                            **point,
                            "scheme": label,
                            "replication": r,
                            "task": task.id,
                        }
                    )
    return Plan(rows=pd.DataFrame(rows), tasks=tasks)


@contextmanager
def _executor(executor: Executor | None) -> Iterator[Executor]:
    if executor is not None:
        yield executor
    else:
        with open_executor() as ex:
            yield ex


def sweep_provenance(spec: SweepSpec) -> dict[str, Any]:
    """The sweep's provenance: version, code hash, seed, replications, each scenario in full
    (before the grid's changes) and each scheme's parameters (see :mod:`supportsim.provenance`)."""
    scenarios: dict[str, Any] = {}
    schemes: dict[str, Any] = {}
    for label, sc_spec in spec.scenarios.items():
        base, file_cfg = sc_spec.build(f"{spec.where} [scenarios.{label}]")
        scenarios[label] = base.to_dict()
        for lab in spec.schemes:
            schemes.setdefault(lab, scheme_params(_scheme_at(spec, lab, {}, file_cfg)))
    more: dict[str, Any] = {"grid": {k: list(v) for k, v in spec.grid.items()}}
    if spec.sensitivity is not None:
        more["sensitivity"] = spec.to_dict()["sensitivity"]
    return provenance(
        None, schemes, spec.seed, replications=spec.replications, scenarios=scenarios, **more
    )


def _out_dir(out_dir: Any) -> Path:
    if not isinstance(out_dir, str | Path) or not str(out_dir).strip():
        raise ConfigError(f"out_dir = {out_dir!r}: must be a directory path")
    return Path(out_dir)


def run_sweep(
    spec: SweepSpec | str | Path | Mapping[str, Any],
    out_dir: str | Path,
    *,
    executor: Executor | None = None,
    progress: bool | None = None,
    force: bool = False,
) -> SweepOutcome:
    """Like :func:`sweep`, also telling how many runs were computed and how many reused."""
    sp = as_spec(spec)
    if not sp.schemes:
        raise ConfigError(f"{sp.where}: no [schemes.<label>] tables, so no sweep to run")
    store = ResultStore(_out_dir(out_dir))
    plan = plan_sweep(sp)
    prov = sweep_provenance(sp)
    set_aside = store.prepare(sp.to_dict(), plan.rows, provenance=prov, force=force)
    finished = store.finished()
    todo = [t for t in plan.tasks.values() if t.id not in finished]
    with _executor(executor) as ex:
        computed = execute(
            todo,
            ex,
            lambda task, figures: store.write_part(task.id, figures),
            total=len(plan.tasks),
            progress=progress,
            desc=f"sweep {sp.name}",
        )
    table = store.table()
    store.write_results(table)
    return SweepOutcome(
        table=table,
        computed=computed,
        reused=len(plan.tasks) - len(todo),
        out_dir=store.root,
        provenance=prov,
        set_aside=tuple(set_aside),
    )


def sweep(
    spec: SweepSpec | str | Path | Mapping[str, Any],
    out_dir: str | Path,
    *,
    executor: Executor | None = None,
    progress: bool | None = None,
    force: bool = False,
) -> pd.DataFrame:
    """Run a sweep, streaming each finished run to ``out_dir``; resume if it was cut short.

    Parameters
    ----------
    spec
        A :class:`~supportsim.experiments.spec.SweepSpec`, a spec ``.toml`` file, or the
        same structure as a dict.
    out_dir
        Results directory (see :mod:`supportsim.experiments.store`). Runs already saved
        there by the same (or an extended) spec are reused, not recomputed.
    executor
        Any :class:`concurrent.futures.Executor`; default a process pool on all local
        cores. See :func:`~supportsim.experiments.executors.open_executor` for a Dask
        cluster (``scheduler=``) or this process (``workers=1``).
    progress
        Progress bar: ``None`` shows it on a terminal or in a notebook.
    force
        Run into ``out_dir`` even if it holds the results of another spec (its runs that
        this spec shares are reused; its spec and manifest are replaced).

    Returns
    -------
    pandas.DataFrame
        One row per scenario, grid point, scheme and replication (see the module docstring);
        the same as :func:`load_sweep` ``(out_dir)`` afterwards.
    """
    return run_sweep(spec, out_dir, executor=executor, progress=progress, force=force).table


def load_sweep(out_dir: str | Path) -> pd.DataFrame:
    """The table of a sweep saved in ``out_dir``; rows whose run has not finished are left out.

    An unreadable part file is a one-line :class:`~supportsim.errors.ConfigError` naming it
    (rerunning the sweep sets it aside and computes it again).
    """
    return ResultStore(_out_dir(out_dir)).table()
