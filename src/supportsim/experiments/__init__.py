"""Experiments: sweeps over scenarios, schemes and parameter grids, stored as they run.

>>> import supportsim as ss
>>> table = ss.sweep("spec.toml", "results/")                      # doctest: +SKIP
>>> ss.experiments.sweep_table(table).head()                        # doctest: +SKIP
"""

from supportsim.experiments.derived import DERIVED
from supportsim.experiments.executors import (
    SerialExecutor,
    dask_executor,
    local_executor,
    open_executor,
)
from supportsim.experiments.results import split_columns, sweep_differences, sweep_table
from supportsim.experiments.spec import (
    ScenarioSpec,
    SchemeSpec,
    SensitivitySpec,
    SweepSpec,
    load_spec,
)
from supportsim.experiments.store import ResultStore
from supportsim.experiments.sweep import SweepOutcome, load_sweep, plan_sweep, run_sweep, sweep

__all__ = [
    "DERIVED",
    "ResultStore",
    "ScenarioSpec",
    "SchemeSpec",
    "SensitivitySpec",
    "SerialExecutor",
    "SweepOutcome",
    "SweepSpec",
    "dask_executor",
    "load_spec",
    "load_sweep",
    "local_executor",
    "open_executor",
    "plan_sweep",
    "run_sweep",
    "split_columns",
    "sweep",
    "sweep_differences",
    "sweep_table",
]
