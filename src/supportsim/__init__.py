"""supportsim: what an incentive scheme does to a support team, before anyone is paid by it.

A discrete-event simulation (simpy) of a support operation - agents, customers, product
failures, surveys and incentive schemes - reporting rating noise, note quality and
callback volume with the truth beside the measurement.

>>> import supportsim as ss
>>> result = ss.run("default", "star_bonus", seed=1)        # doctest: +SKIP
>>> cmp = ss.compare(schemes=["flat_salary", "star_bonus"], reps=5, seed=1)  # doctest: +SKIP
"""

from supportsim.analysis.summary import METRICS
from supportsim.errors import ConfigError
from supportsim.runner import Comparison, RunResult, compare, run
from supportsim.scenario import IssueKind, Scenario
from supportsim.scenarios import SCENARIOS, get_scenario, load_config
from supportsim.schemes import SCHEMES, Decision, Observation, Scheme, make_scheme, register_scheme

__version__ = "0.1.0"

__all__ = [
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
    "compare",
    "get_scenario",
    "load_config",
    "make_scheme",
    "register_scheme",
    "run",
]
