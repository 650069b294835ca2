"""A task is one simulation run of a sweep; its id is a hash of everything that shapes it.

Two tasks with the same scenario parameters, scheme parameters, seed and replication are
the same run, whatever grid point or label they came from, so a sweep computes each once
and a resumed sweep recognises the runs it already finished.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from supportsim.analysis.rules import rule_figures
from supportsim.experiments.derived import derived_metrics
from supportsim.runner import run
from supportsim.scenario import Scenario
from supportsim.schemes import Scheme
from supportsim.schemes.custom import source_digest

#: Bump when a task's meaning changes, so stored results are not reused by mistake.
TASK_FORMAT = 1


@dataclass(frozen=True)
class Task:
    """One run: ``supportsim.run(scenario, scheme, seed, replication=replication)``."""

    id: str
    scenario: Scenario
    scheme: Scheme
    seed: int
    replication: int


@cache
def _package_version() -> str:
    try:
        return version("supportsim")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


#: Parts of the package that decide a run's numbers (the world, schemes, behaviour,
#: parameters, seeds and the summary); editing any of them invalidates saved results.
_MODEL_CODE = (
    "world",
    "schemes",
    "behaviour",
    "analysis",
    "scenario",
    "config.py",
    "rng.py",
    "runner.py",
    "metrics",
)


@cache
def code_fingerprint() -> str:
    """A hash of the model's source code, so a sweep never reuses results of other code."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _MODEL_CODE:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def scheme_identity(scheme: Scheme) -> dict[str, Any]:
    """Plain data that identifies a scheme object: its class and its parameters (a composed
    policy: its table), and for a scheme defined outside this package a digest of its source
    file, so an edited scheme is never answered from results saved before the edit."""
    cls = type(scheme)
    table = getattr(scheme, "table", None)
    if callable(table):
        params = {"table": table()}
    elif dataclasses.is_dataclass(scheme):
        params = {f.name: getattr(scheme, f.name) for f in dataclasses.fields(scheme)}
    else:
        params = dict(vars(scheme)) if hasattr(scheme, "__dict__") else {}
    doc = {"class": f"{cls.__module__}.{cls.__qualname__}", "name": scheme.name, **params}
    if not cls.__module__.startswith("supportsim."):
        doc["source"] = source_digest(cls)
    return doc


def task_id(scenario: Scenario, scheme: Scheme, seed: int, replication: int) -> str:
    """A 16-hex-digit content hash of the run's inputs, the package version and the model code."""
    doc = {
        "format": TASK_FORMAT,
        "version": _package_version(),
        "code": code_fingerprint(),
        "scenario": scenario.to_dict(),
        "scheme": scheme_identity(scheme),
        "seed": seed,
        "replication": replication,
    }
    text = json.dumps(doc, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_task(scenario: Scenario, scheme: Scheme, seed: int, replication: int) -> Task:
    """A :class:`Task` with its content-hash id."""
    return Task(task_id(scenario, scheme, seed, replication), scenario, scheme, seed, replication)


def run_task(task: Task) -> dict[str, float]:
    """Run one task (in a worker process): the run's summary, plus the derived figures the
    summary does not already have (the summary's own definition wins).

    Runs without tables (flat memory, faster): the derived figures need only the
    agent-period table, which such a run keeps."""
    result = run(task.scenario, task.scheme, task.seed, replication=task.replication, tables=False)
    figures = {k: float(v) for k, v in result.summary.items()}
    figures.update({k: v for k, v in derived_metrics(result).items() if k not in figures})
    tiers = getattr(task.scheme, "tier_counts", None)
    figures.update(
        rule_figures(result.scenario, result.agent_periods, tiers() if callable(tiers) else None)
    )
    return figures
