"""Small sweeps for the experiment tests: a 6-agent, two-week center (about 0.15 s a run)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture()
def small_spec() -> SpecFactory:
    """Make a spec dict: 2 schemes (``flat_salary``; ``stars``, a star bonus at 7 stars),
    2 grid points (defect share 0.1, 0.3), 2 replications; keyword arguments replace keys."""
    return _small_spec


@pytest.fixture()
def spec_file(tmp_path: Path) -> Path:
    """A spec file of ``small_spec()`` with 6 replications (24 runs) for CLI tests."""
    path = tmp_path / "spec.toml"
    path.write_text(
        'name = "cli"\nseed = 5\nreplications = 6\n'
        + SMALL_TOML
        + '[schemes.flat_salary]\n[schemes.stars]\nscheme = "star_bonus"\nthreshold = 7.0\n'
        + "[grid]\ndefect_share = [0.1, 0.3]\n",
        encoding="utf-8",
    )
    return path
