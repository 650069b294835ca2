"""Global sensitivity analysis (SALib): which parameters move a reported figure, and how much.

* ``morris``: elementary effects (Morris 1991; Campolongo et al. 2007). ``mu_star`` is the
  mean absolute change of the figure per step across the parameter's range (in the
  figure's units), ``sigma`` how much that effect varies (interactions, non-linearity);
  cheap: ``samples x (parameters + 1)`` points.
* ``sobol``: variance shares (Saltelli 2002; Jansen 1999). ``S1`` is the share of the
  figure's variance due to the parameter alone, ``ST`` including its interactions;
  ``samples x (parameters + 2)`` points, ``samples`` a power of 2.

Each sample point is a run (or the mean of ``replications`` runs) of the simulator, all
points on the same replications (common random numbers), so the indices reflect the
parameters rather than different random worlds. Integer parameters (e.g. ``agents``) are
rounded to the nearest integer at each point.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from supportsim.errors import ConfigError, from_validation_error, unknown_name
from supportsim.experiments.derived import DERIVED
from supportsim.experiments.engine import execute
from supportsim.experiments.executors import open_executor
from supportsim.experiments.salib import Method, analyse, sample
from supportsim.experiments.spec import SweepSpec
from supportsim.experiments.store import ResultStore
from supportsim.experiments.tasks import Task, make_task
from supportsim.guard import check_run, check_runs
from supportsim.metrics import METRICS
from supportsim.provenance import provenance
from supportsim.scenario import Scenario
from supportsim.schemes import Scheme, make_scheme


@dataclass(frozen=True)
class SensitivityResult:
    """Sample points, their figures, and the sensitivity indices.

    Attributes
    ----------
    method
        ``"morris"`` or ``"sobol"``.
    params
        Parameters varied, in order.
    metrics
        Figures analysed.
    samples
        One row per sample point: ``point``, the parameter values used, and each
        figure's mean over the replications.
    indices
        One row per metric and parameter: ``metric, param`` and, for Morris,
        ``mu, mu_star, mu_star_conf, sigma``; for Sobol, ``S1, S1_conf, ST, ST_conf``
        (``*_conf``: half-width of the bootstrap 95% interval). NaN when the figure is
        undefined at some sample point.
    """

    method: str
    params: tuple[str, ...]
    metrics: tuple[str, ...]
    samples: pd.DataFrame
    indices: pd.DataFrame


def _is_int(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _current(scenario: Scenario, scheme: Scheme, key: str) -> Any:
    prefix, dot, param = key.partition(".")
    if not dot:
        if key not in Scenario.field_names() or key == "name":
            raise unknown_name("scenario parameter", key, Scenario.field_names())
        return getattr(scenario, key)
    if prefix != scheme.name:
        raise ConfigError(
            f"parameter {key!r}: scheme parameters are written '{scheme.name}.<parameter>'"
        )
    if not dataclasses.is_dataclass(scheme):
        raise ConfigError(f"parameter {key!r}: scheme {scheme.name!r} has no parameters to vary")
    names = [f.name for f in dataclasses.fields(scheme)]
    if param not in names:
        raise unknown_name(f"parameter of scheme {scheme.name}", param, names)
    return getattr(scheme, param)


def _pair(b: Any) -> bool:
    """Whether ``b`` is ``(low, high)``: two finite numbers (not booleans), low < high."""
    if not isinstance(b, list | tuple) or len(b) != 2:
        return False
    if any(isinstance(v, bool) or not isinstance(v, int | float | np.number) for v in b):
        return False
    lo, hi = float(b[0]), float(b[1])
    return bool(np.isfinite([lo, hi]).all() and lo < hi)


def _problem(
    scenario: Scenario, scheme: Scheme, bounds: Mapping[str, Sequence[float]]
) -> tuple[dict[str, Any], list[bool]]:
    if not isinstance(bounds, Mapping):
        raise ConfigError(f"bounds = {bounds!r}: must map parameters to (low, high)")
    if not bounds:
        raise ConfigError("bounds = {}: give at least one parameter = (low, high)")
    ints = []
    for key, b in bounds.items():
        value = _current(scenario, scheme, key)
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise ConfigError(f"parameter {key!r} = {value!r}: only numeric parameters can vary")
        if not _pair(b):
            shown = list(b) if isinstance(b, list | tuple) else b
            raise ConfigError(
                f"bounds[{key!r}] = {shown!r}: must be [low, high], finite numbers with low < high"
            )
        ints.append(_is_int(value))
    problem = {
        "num_vars": len(bounds),
        "names": list(bounds),
        "bounds": [[float(b[0]), float(b[1])] for b in bounds.values()],
    }
    return problem, ints


def _at_point(
    scenario: Scenario, scheme: Scheme, values: Mapping[str, Any], where: str
) -> tuple[Scenario, Scheme]:
    sc_changes = {k: v for k, v in values.items() if "." not in k}
    sch_changes = {k.partition(".")[2]: v for k, v in values.items() if "." in k}
    sc = Scenario.build(where, **{**scenario.to_dict(), **sc_changes}) if sc_changes else scenario
    if sch_changes:
        try:  # pydantic re-validates on replace
            scheme = dataclasses.replace(scheme, **sch_changes)  # type: ignore[type-var]
        except ValidationError as err:
            raise from_validation_error(f"{where} {scheme.name}", err) from None
        except TypeError as err:
            raise ConfigError(f"{where} {scheme.name}: {err}") from None
    return sc, scheme


def plan_sensitivity(
    scenario: Scenario,
    scheme: Scheme,
    bounds: Mapping[str, Sequence[float]],
    *,
    method: Method = "morris",
    samples: int = 8,
    replications: int = 1,
    seed: int = 0,
) -> tuple[dict[str, Any], np.ndarray, pd.DataFrame, dict[str, Task]]:
    """The SALib problem, the sample matrix, the rows (point, values, replication, task), the tasks."""
    if method not in ("morris", "sobol"):
        raise ConfigError(f"method = {method!r}: must be 'morris' or 'sobol'")
    for name, v in (("samples", samples), ("replications", replications)):
        if not _is_int(v) or v < 1:
            raise ConfigError(f"{name} = {v!r}: must be an integer >= 1")
    problem, ints = _problem(scenario, scheme, bounds)
    per_sample = problem["num_vars"] + (1 if method == "morris" else 2)
    per_run = check_run(scenario, tables=False).contacts
    runs = samples * per_sample * replications
    subject = (
        f"samples = {samples}" if samples >= replications else f"replications = {replications}"
    )
    check_runs(runs, per_run, subject)
    x = sample(method, problem, samples, seed)
    rows: list[dict[str, Any]] = []
    tasks: dict[str, Task] = {}
    for i, point in enumerate(x):
        values = {
            k: int(np.rint(v)) if is_int else float(v)
            for k, v, is_int in zip(problem["names"], point, ints, strict=True)
        }
        sc, sch = _at_point(scenario, scheme, values, f"sensitivity point {i}")
        check_run(sc, tables=False, where=f"sensitivity point {i}")
        for r in range(replications):
            task = make_task(sc, sch, seed, r)
            tasks.setdefault(task.id, task)
            rows.append({"point": i, **values, "replication": r, "task": task.id})
    return problem, x, pd.DataFrame(rows), tasks


def _check_metrics(metrics: Sequence[str]) -> None:
    """Raise :class:`~supportsim.errors.ConfigError` unless ``metrics`` are known and not empty."""
    known = [*METRICS, *DERIVED]
    for m in metrics:
        if m not in known:
            raise unknown_name("metric", m, known)
    if not metrics:
        raise ConfigError("metrics = []: give at least one metric")


def _run_points(
    rows: pd.DataFrame,
    tasks: Mapping[str, Task],
    store: ResultStore | None,
    executor: Executor | None,
    progress: bool | None,
) -> pd.DataFrame:
    """Run the tasks not finished yet; the plan's rows with each run's figures.

    Parameters
    ----------
    rows, tasks
        The plan of :func:`plan_sensitivity`.
    store
        Where runs are saved as they finish and found on a rerun; ``None``: kept in memory.
    executor, progress
        As in :func:`sensitivity` (``executor=None``: a process pool on all local cores).

    Returns
    -------
    pandas.DataFrame
        ``rows`` (``point``, the parameter values, ``replication``, ``task``) and the
        figures of each row's run.
    """
    done: dict[str, dict[str, float]] = {}
    finished = store.finished() if store is not None else set()
    todo = [t for t in tasks.values() if t.id not in finished]

    def keep(task: Task, figures: dict[str, float]) -> None:
        if store is not None:
            store.write_part(task.id, figures)
        else:
            done[task.id] = figures

    if executor is None:
        with open_executor() as ex:
            execute(todo, ex, keep, total=len(tasks), progress=progress, desc="sensitivity")
    else:
        execute(todo, executor, keep, total=len(tasks), progress=progress, desc="sensitivity")
    if store is not None:
        return store.table()
    figures = pd.DataFrame([{"task": k, **v} for k, v in done.items()])
    return rows.merge(figures, on="task", how="left")


def _indices(
    method: Method,
    problem: dict[str, Any],
    x: np.ndarray,
    means: pd.DataFrame,
    metrics: Sequence[str],
    seed: int,
) -> pd.DataFrame:
    """The SALib indices of each metric (``metric, param`` and the method's columns).

    ``means`` holds one row per sample point of ``x``, in order, with each metric's mean.
    """
    out = []
    for m in metrics:
        idx = analyse(method, problem, x, means[m].to_numpy(dtype=float), seed)
        out.append(pd.DataFrame({"metric": m, "param": problem["names"], **idx}))
    return pd.concat(out, ignore_index=True)


def sensitivity(
    scenario: Scenario,
    scheme: Scheme,
    bounds: Mapping[str, Sequence[float]],
    metrics: Sequence[str] = ("rating_noise",),
    *,
    method: Method = "morris",
    samples: int = 8,
    replications: int = 1,
    seed: int = 0,
    out_dir: str | Path | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    force: bool = False,
) -> SensitivityResult:
    """Global sensitivity of reported figures to chosen parameters.

    Parameters
    ----------
    scenario, scheme
        The world and the scheme (a :class:`~supportsim.Scheme` object, e.g.
        ``make_scheme("star_bonus")``) around which parameters vary.
    bounds
        ``name -> (low, high)``: scenario parameters (``"defect_share"``) or the scheme's
        parameters, written ``"<scheme name>.<parameter>"`` (``"star_bonus.threshold"``).
    metrics
        Figures to analyse: keys of :data:`supportsim.METRICS` or
        :data:`~supportsim.experiments.derived.DERIVED`.
    method
        ``"morris"`` or ``"sobol"`` (see the module docstring).
    samples
        Morris trajectories, or Sobol base samples (a power of 2).
    replications
        Runs averaged per sample point (the same replications at every point).
    seed
        Root seed of the runs and of the sampling.
    out_dir
        If given, runs are saved there as they finish (and reused on a rerun), as in a sweep.
    executor
        Where runs execute (default: a process pool on all local cores).
    progress
        Progress bar (``None``: on a terminal or in a notebook).
    force
        Run into ``out_dir`` even if it holds another analysis (see
        :meth:`~supportsim.experiments.store.ResultStore.prepare`).

    Returns
    -------
    SensitivityResult
    """
    _check_metrics(metrics)
    problem, x, rows, tasks = plan_sensitivity(
        scenario,
        scheme,
        bounds,
        method=method,
        samples=samples,
        replications=replications,
        seed=seed,
    )
    store = None
    if out_dir is not None:
        store = ResultStore(out_dir)
        spec = {"method": method, "bounds": {k: list(v) for k, v in bounds.items()}, "seed": seed}
        more = {"samples": samples, "replications": replications, "bounds": spec["bounds"]}
        prov = provenance(scenario, {scheme.name: scheme}, seed, method=method, **more)
        store.prepare(spec, rows, provenance=prov, force=force)
    table = _run_points(rows, tasks, store, executor, progress)
    means = table.groupby("point", sort=True)[[*bounds, *metrics]].mean().reset_index()
    return SensitivityResult(
        method=method,
        params=tuple(problem["names"]),
        metrics=tuple(metrics),
        samples=means,
        indices=_indices(method, problem, x, means, metrics, seed),
    )


def spec_sensitivity(
    spec: SweepSpec,
    out_dir: str | Path | None = None,
    *,
    executor: Executor | None = None,
    progress: bool | None = None,
    force: bool = False,
) -> SensitivityResult:
    """Run the ``[sensitivity]`` section of a sweep spec (see :mod:`supportsim.experiments.spec`)."""
    s = spec.sensitivity
    if s is None:
        raise ConfigError(f"{spec.where}: no [sensitivity] section")
    where = f"{spec.where} [sensitivity]"
    label = s.scenario or next(iter(spec.scenarios))
    scenario, file_cfg = spec.scenarios[label].build(f"{spec.where} [scenarios.{label}]")
    if s.scheme in spec.schemes:
        name, params = spec.schemes[s.scheme].scheme, dict(spec.schemes[s.scheme].params)
    else:
        name, params = s.scheme, {}
    try:
        scheme = make_scheme(name, **{**file_cfg.get(name, {}), **params})
    except ConfigError as err:
        raise ConfigError(f"{where}: {err}") from None
    bounds = {}
    for key, b in s.params.items():
        prefix, dot, param = key.partition(".")
        if dot and prefix != s.scheme:
            raise ConfigError(
                f"{where}.params {key!r}: scheme parameters are written '{s.scheme}.<parameter>'"
            )
        bounds[f"{scheme.name}.{param}" if dot else key] = b
    try:
        return sensitivity(
            scenario,
            scheme,
            bounds,
            s.metrics,
            method=s.method,
            samples=s.samples,
            replications=s.replications,
            seed=spec.seed,
            out_dir=out_dir,
            executor=executor,
            progress=progress,
            force=force,
        )
    except ConfigError as err:
        raise ConfigError(f"{where}: {err}") from None


def save_sensitivity(result: SensitivityResult, out_dir: str | Path) -> list[Path]:
    """Write ``indices.parquet`` and ``samples.parquet`` into ``out_dir``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "indices.parquet", out / "samples.parquet"]
    result.indices.to_parquet(paths[0], index=False)
    result.samples.to_parquet(paths[1], index=False)
    return paths
