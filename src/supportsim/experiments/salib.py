"""The SALib side of a sensitivity analysis: sample matrices in, index arrays out (no simulation)."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from supportsim.errors import ConfigError

Method = Literal["morris", "sobol"]
#: Grid levels of Morris trajectories (SALib's default).
MORRIS_LEVELS = 4


def sample(method: Method, problem: dict[str, Any], samples: int, seed: int) -> np.ndarray:
    """The SALib sample matrix (one row per point); Sobol needs ``samples`` a power of 2."""
    if method == "morris":
        return np.asarray(morris_sample.sample(problem, samples, MORRIS_LEVELS, seed=seed))
    if samples & (samples - 1):
        raise ConfigError(f"samples = {samples}: Sobol sampling needs a power of 2 (8, 16, 32...)")
    return np.asarray(sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed))


def analyse(
    method: Method, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, seed: int
) -> dict[str, np.ndarray]:
    """Indices per parameter (NaN for all if ``y`` has a NaN: SALib cannot skip points)."""
    nan = np.full(problem["num_vars"], np.nan)
    if method == "morris":
        if not np.isfinite(y).all():
            return {k: nan for k in ("mu", "mu_star", "mu_star_conf", "sigma")}
        r = morris_analyze.analyze(problem, x, y, num_levels=MORRIS_LEVELS, seed=seed)
        return {
            k: np.asarray(r[k], dtype=float) for k in ("mu", "mu_star", "mu_star_conf", "sigma")
        }
    if not np.isfinite(y).all():
        return {k: nan for k in ("S1", "S1_conf", "ST", "ST_conf")}
    r = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    return {k: np.asarray(r[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}
