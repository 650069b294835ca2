"""A task is one simulation run of a sweep; its id is a hash of everything that shapes it.

Two tasks with the same scenario parameters, scheme parameters, seed and replication are
the same run, whatever grid point or label they came from, so a sweep computes each once
and a resumed sweep recognises the runs it already finished.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from supportsim.analysis.rules import rule_figures
from supportsim.experiments.derived import derived_metrics
from supportsim.provenance import code_fingerprint, package_version, scheme_identity
from supportsim.runner import run
from supportsim.scenario import Scenario
from supportsim.schemes import Scheme

#: Bump when a task's meaning changes, so stored results are not reused by mistake.
TASK_FORMAT = 1


__all__ = ["TASK_FORMAT", "Task", "code_fingerprint", "make_task", "run_task", "scheme_identity"]


@dataclass(frozen=True)
class Task:
    """One run: ``supportsim.run(scenario, scheme, seed, replication=replication)``."""

    id: str
    scenario: Scenario
    scheme: Scheme
    seed: int
    replication: int


def task_id(scenario: Scenario, scheme: Scheme, seed: int, replication: int) -> str:
    """A 16-hex-digit content hash of the run's inputs, the package version and the model code."""
    doc = {
        "format": TASK_FORMAT,
        "version": package_version(),
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
