"""Small sweeps shared by the experiment tests (imported by name: ``from small_specs import ...``).

A 6-agent, two-week center (about 0.15 s a run).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SMALL_CENTER: dict[str, Any] = {
    "agents": 6,
    "arrivals_per_hour": 20.0,
    "days": 14,
    "warmup_days": 7,
}

SMALL_TOML = """\
[scenarios.small]
base = "default"
agents = 6
arrivals_per_hour = 20.0
days = 14
warmup_days = 7
"""


def _small_spec(**changes: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": "small",
        "seed": 3,
        "replications": 2,
        "scenarios": {"small": dict(SMALL_CENTER)},
        "schemes": {"flat_salary": {}, "stars": {"scheme": "star_bonus", "threshold": 7.0}},
        "grid": {"defect_share": [0.1, 0.3]},
    }
    spec.update(changes)
    return spec


SpecFactory = Callable[..., dict[str, Any]]
