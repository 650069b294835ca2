"""Funnel plots: identical agents fall outside 95% / 99.8% limits at the nominal rates;
over-dispersion inflates that, and the corrections bring it back."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import supportsim as ss
from supportsim.analysis.funnel import binomial_limits, funnel_data, normal_limits
from supportsim.analysis.scores import measured_agent_periods
from supportsim.analysis.stats import mean_ci
from supportsim.errors import ConfigError


def _ci(flags: pd.Series) -> tuple[float, float]:
    ci = stats.binomtest(int(flags.sum()), len(flags)).proportion_ci(0.95)
    return ci.low, ci.high


def _beta_binomial(rng: np.random.Generator, n: np.ndarray, p: float, rho: float) -> pd.DataFrame:
    """Each unit's true rate ~ Beta(mean p, intra-class correlation rho): over-dispersed counts."""
    a, b = p * (1 - rho) / rho, (1 - p) * (1 - rho) / rho
    y = rng.binomial(n, rng.beta(a, b, n.size))
    return pd.DataFrame({"negative_share": y / n, "ratings_n": n})


def test_red_beads_fall_outside_at_nominal_rates(red_beads: list[ss.RunResult]) -> None:
    """No agent effect: ~5% of agent-periods outside 95% limits, ~0.2% outside 99.8%; phi ~ 1."""
    ap = pd.concat(
        [
            measured_agent_periods(r.scenario, r.agent_periods).assign(rep=r.replication)
            for r in red_beads
        ]
    )
    ap["world_period"] = ap["rep"] * 1000 + ap["period"]
    f = funnel_data(ap, group="world_period")
    pts = f.points
    assert len(pts) >= 1500
    for col, nominal in (("outside_95", 0.05), ("outside_998", 0.002)):
        lo, hi = _ci(pts[col])
        assert lo <= nominal <= hi, f"{col}: {pts[col].mean():.4f} ({lo:.4f}-{hi:.4f})"
    # Under the binomial, I * phi ~ chi^2 with I - (number of targets) degrees of freedom.
    dof = len(pts) - ap["world_period"].nunique()
    q_lo, q_hi = stats.chi2.ppf([0.005, 0.995], dof) / len(pts)
    assert q_lo <= f.phi <= q_hi, f.phi


def test_summary_funnel_share_is_about_five_percent(red_beads: list[ss.RunResult]) -> None:
    m, lo, hi = mean_ci(np.array([r.summary["funnel_outside_95"] for r in red_beads]))
    assert lo <= 0.05 <= hi, (m, lo, hi)


def test_agent_effects_show_as_overdispersion(default_flat: list[ss.RunResult]) -> None:
    """With real agent differences, more than 5% fall outside and phi > 1."""
    outside = np.array([r.summary["funnel_outside_95"] for r in default_flat])
    m, lo, hi = mean_ci(outside)
    assert lo > 0.05, (m, lo, hi)


def test_overdispersion_inflates_and_additive_correction_restores() -> None:
    """Beta-binomial rates (rho = 0.02) with volumes 50-400: uncorrected limits flag far more
    than 5%; random-effects (tau^2) limits flag about 5%; tau^2 is recovered."""
    rng = np.random.default_rng(7)
    p, rho = 0.2, 0.02
    f = funnel_data(_beta_binomial(rng, rng.integers(50, 400, 4000), p, rho))
    assert f.outside["outside_95"] > 0.25
    lo, hi = _ci(f.points["outside_95_tau"])
    assert lo <= 0.05 <= hi, f"tau-corrected {f.outside['outside_95_tau']:.4f} ({lo:.4f}-{hi:.4f})"
    assert f.tau2 == pytest.approx(rho * p * (1 - p), rel=0.15)


def test_multiplicative_correction_restores_with_equal_volumes() -> None:
    """With a common volume the over-dispersion is a constant factor phi = 1 + (n - 1) rho."""
    rng = np.random.default_rng(8)
    n, rho = 200, 0.02
    f = funnel_data(_beta_binomial(rng, np.full(4000, n), 0.2, rho))
    assert f.outside["outside_95"] > 0.25
    assert f.phi == pytest.approx(1 + (n - 1) * rho, rel=0.1)
    lo, hi = _ci(f.points["outside_95_phi"])
    assert lo <= 0.05 <= hi, f"phi-corrected {f.outside['outside_95_phi']:.4f} ({lo:.4f}-{hi:.4f})"


def test_binomial_limits_approach_normal_limits_and_narrow_with_volume() -> None:
    n = np.array([20.0, 100.0, 1000.0, 100000.0])
    lo, hi = binomial_limits(0.2, n, 0.95)
    nlo, nhi = normal_limits(0.2, n, 0.95)
    assert np.all(np.diff(hi) < 0) and np.all(np.diff(lo) > 0)
    assert hi[-1] == pytest.approx(nhi[-1], abs=1e-4) and lo[-1] == pytest.approx(nlo[-1], abs=1e-4)


def test_corrections_never_narrow_the_limits() -> None:
    """Under-dispersed data (phi < 1) keep the binomial width."""
    d = pd.DataFrame({"negative_share": [0.2, 0.2, 0.2, 0.21], "ratings_n": [100, 100, 100, 100]})
    f = funnel_data(d)
    assert f.phi < 1 and f.tau2 < 0
    limits = f.limits()
    assert np.allclose(
        limits["hi_95_phi"], normal_limits(f.target, limits["n"].to_numpy(), 0.95)[1]
    )


def test_funnel_names_missing_column() -> None:
    with pytest.raises(ConfigError, match="column 'negative_shar' is not in the table"):
        funnel_data(pd.DataFrame({"negative_share": [0.1], "ratings_n": [5]}), rate="negative_shar")
