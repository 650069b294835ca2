"""Small sweeps for the experiment tests: a 6-agent, two-week center (about 0.15 s a run)."""

from __future__ import annotations

from pathlib import Path

import pytest
from small_specs import SMALL_TOML, SpecFactory, _small_spec


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
