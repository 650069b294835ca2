"""supportsim: what an incentive scheme does to a support team, before anyone is paid by it.

A discrete-event simulation (simpy) of a support operation - agents, customers, product
failures, surveys and incentive schemes - reporting rating noise, note quality and
callback volume with the truth beside the measurement.

>>> import supportsim as ss
>>> result = ss.run("default", "star_bonus", seed=1)        # doctest: +SKIP
>>> cmp = ss.compare(schemes=["flat_salary", "star_bonus"], reps=5, seed=1)  # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from supportsim.config import build_scenario, get_scenario, load_config
from supportsim.errors import ConfigError
from supportsim.metrics import METRICS
from supportsim.scenario import SCENARIOS, IssueKind, Scenario
from supportsim.schemes import (
    MEASURES,
    SCHEMES,
    Decision,
    Observation,
    Scheme,
    make_scheme,
    register_scheme,
)

if TYPE_CHECKING:
    from supportsim import experiments
    from supportsim.experiments import SweepSpec, load_spec, load_sweep, sweep
    from supportsim.experiments.sensitivity import sensitivity
    from supportsim.policy import evaluate_policy, load_policy, render_report
    from supportsim.runner import Comparison, RunResult, compare, run

__version__ = "0.1.0"

#: Exported names whose modules load pandas, simpy, SALib or matplotlib: imported on
#: first use (PEP 562), so ``import supportsim`` and ``supportsim --help`` / ``list`` stay
#: light.
_LAZY = {
    "run": "supportsim.runner",
    "compare": "supportsim.runner",
    "Comparison": "supportsim.runner",
    "RunResult": "supportsim.runner",
    "SweepSpec": "supportsim.experiments",
    "load_spec": "supportsim.experiments",
    "load_sweep": "supportsim.experiments",
    "sweep": "supportsim.experiments",
    "sensitivity": "supportsim.experiments.sensitivity",
    "evaluate_policy": "supportsim.policy",
    "load_policy": "supportsim.policy",
    "render_report": "supportsim.policy",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "experiments":
        return importlib.import_module("supportsim.experiments")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'supportsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "MEASURES",
    "METRICS",
    "SCENARIOS",
    "SCHEMES",
    "Comparison",
    "ConfigError",
    "Decision",
    "IssueKind",
    "Observation",
    "RunResult",
    "Scenario",
    "Scheme",
    "SweepSpec",
    "build_scenario",
    "compare",
    "evaluate_policy",
    "experiments",
    "get_scenario",
    "load_config",
    "load_policy",
    "load_spec",
    "load_sweep",
    "make_scheme",
    "register_scheme",
    "render_report",
    "run",
    "sensitivity",
    "sweep",
]
