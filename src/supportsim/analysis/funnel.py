"""Funnel plots for proportions (Spiegelhalter 2005): which agents differ from the team by more than chance.

Each unit (an agent, or an agent in one period) has ``n`` answers of which ``events`` were,
say, negative. The target is the pooled rate. Exact binomial limits, interpolated between
the discrete quantiles as in Spiegelhalter (2005, Stat Med 24:1185), flag about 5% of
identical units outside 95% and 0.2% outside 99.8%. When units differ for reasons the
agent does not control (defect exposure, customer mix) the data are *over-dispersed*; two
corrections widen the limits (Spiegelhalter 2005, "Handling over-dispersion of performance
indicators", Qual Saf Health Care 14:347):

* multiplicative: limits ``p0 +- z sqrt(phi p0 (1 - p0) / n)``, with ``phi`` the mean
  squared z-score (Pearson chi^2 / I), optionally from winsorised z-scores;
* additive random effect: limits ``p0 +- z sqrt(p0 (1 - p0) / n + tau^2)``, with
  ``tau^2`` the DerSimonian-Laird estimate.

Neither correction narrows the limits: ``phi < 1`` or ``tau^2 < 0`` count as no
over-dispersion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.errors import ConfigError
from supportsim.lazy import stats

#: Two-sided limits drawn and counted: 95% and 99.8%.
LEVELS = (0.95, 0.998)


def binomial_limits(
    p0: np.ndarray | float, n: np.ndarray | float, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Interpolated exact binomial limits for an observed proportion (Spiegelhalter 2005, appendix).

    For the quantile ``q``, ``r`` is the smallest count with ``F(r) >= q`` and the limit is
    ``(r - a) / n`` with ``a = (F(r) - q) / (F(r) - F(r - 1))``.
    """
    p0_a, n_a = np.broadcast_arrays(np.asarray(p0, dtype=float), np.asarray(n, dtype=float))
    out = []
    for q in ((1 - level) / 2, (1 + level) / 2):
        r = stats.binom.ppf(q, n_a, p0_a)
        f_r, f_before = stats.binom.cdf(r, n_a, p0_a), stats.binom.cdf(r - 1, n_a, p0_a)
        with np.errstate(invalid="ignore", divide="ignore"):
            a = np.where(f_r > f_before, (f_r - q) / (f_r - f_before), 0.0)
            out.append(np.clip((r - a) / n_a, 0.0, 1.0))
    return out[0], out[1]


def normal_limits(
    p0: float, n: np.ndarray, level: float, phi: float = 1.0, tau2: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Normal-approximation limits, inflated by ``phi`` (multiplicative) and ``tau2`` (additive)."""
    z = stats.norm.ppf((1 + level) / 2)
    half = z * np.sqrt(phi * p0 * (1 - p0) / np.asarray(n, dtype=float) + tau2)
    return np.clip(p0 - half, 0.0, 1.0), np.clip(p0 + half, 0.0, 1.0)


@dataclass(frozen=True)
class Funnel:
    """Funnel-plot data and the shares of units outside each limit.

    ``points`` has one row per unit: ``n, events, rate, target, z`` (standardised by the
    binomial SD), and boolean ``outside_95``, ``outside_998`` (exact binomial limits),
    ``outside_95_phi``, ``outside_998_phi`` (multiplicative correction) and
    ``outside_95_tau``, ``outside_998_tau`` (additive correction), plus any id columns
    passed through. ``outside`` maps those column names to the share of units flagged.
    """

    points: pd.DataFrame
    target: float
    phi: float
    tau2: float
    outside: dict[str, float]

    def limits(self, n_max: float | None = None, num: int = 200) -> pd.DataFrame:
        """Limit curves for the pooled target on a grid of ``n``, for plotting.

        Columns ``n``, ``lo_95, hi_95, lo_998, hi_998`` (exact binomial) and the same with
        ``_phi`` and ``_tau`` suffixes (corrected).
        """
        top = n_max if n_max is not None else max(float(self.points["n"].max()) * 1.05, 2.0)
        n = np.unique(np.geomspace(1, top, num).round())
        out = {"n": n}
        for level in LEVELS:
            tag = _tag(level)
            out[f"lo_{tag}"], out[f"hi_{tag}"] = binomial_limits(self.target, n, level)
            out[f"lo_{tag}_phi"], out[f"hi_{tag}_phi"] = normal_limits(
                self.target, n, level, phi=max(self.phi, 1.0)
            )
            out[f"lo_{tag}_tau"], out[f"hi_{tag}_tau"] = normal_limits(
                self.target, n, level, tau2=max(self.tau2, 0.0)
            )
        return pd.DataFrame(out)


def _tag(level: float) -> str:
    return f"{level * 100:g}".replace(".", "")


def overdispersion(z: np.ndarray, s2: np.ndarray, winsor: float = 0.0) -> tuple[float, float]:
    """``(phi, tau2)`` from z-scores and binomial variances ``s2`` of the units.

    ``phi`` is the mean squared z-score, after winsorising z at the ``winsor`` and
    ``1 - winsor`` quantiles (Spiegelhalter suggests 0.1 to resist outliers; that biases
    ``phi`` down when there are none). ``tau2`` is DerSimonian-Laird:
    ``(I phi - (I - 1)) / (sum w - sum w^2 / sum w)`` with ``w = 1 / s2``.
    """
    if not 0.0 <= winsor < 0.5:
        raise ConfigError(f"winsor = {winsor!r}: must be in [0, 0.5)")
    ok = np.isfinite(z) & (s2 > 0)
    z, s2 = z[ok], s2[ok]
    i = z.size
    if i < 2:
        return float("nan"), float("nan")
    if winsor > 0:
        z = np.clip(z, *np.quantile(z, [winsor, 1 - winsor]))
    phi = float(np.mean(z**2))
    w = 1.0 / s2
    tau2 = (i * phi - (i - 1)) / (w.sum() - (w**2).sum() / w.sum())
    return phi, float(tau2)


def funnel_data(
    df: pd.DataFrame,
    rate: str = "negative_share",
    n: str = "ratings_n",
    group: str | None = None,
    winsor: float = 0.0,
) -> Funnel:
    """Funnel-plot data for the proportion ``rate`` out of ``n`` in each row of ``df``.

    Parameters
    ----------
    df
        One row per unit, e.g. agent-periods; other columns are passed through.
    rate, n
        Column of the proportion and of its denominator (``events = round(rate * n)``).
        Rows with ``n == 0`` or a NaN rate are dropped.
    group
        Optional column: each group gets its own pooled target, so a bad week for
        everyone (common cause) is not blamed on individuals; ``phi`` and ``tau2`` are
        pooled over groups.
    winsor
        Winsorising share for the ``phi`` estimate (see :func:`overdispersion`).

    Returns
    -------
    Funnel

    >>> d = pd.DataFrame({"negative_share": [0.1, 0.2, 0.3], "ratings_n": [10, 20, 30]})
    >>> round(funnel_data(d).target, 4)
    0.2333
    """
    for col in (rate, n) + ((group,) if group else ()):
        if col not in df.columns:
            raise ConfigError(
                f"column {col!r} is not in the table (columns: {', '.join(map(str, df.columns))})"
            )
    counts = df[n].to_numpy(dtype=float)
    rates = df[rate].to_numpy(dtype=float)
    keep = (counts > 0) & np.isfinite(rates)
    pts = df.loc[keep].copy()
    pts["n"] = counts[keep]
    pts["events"] = np.round(rates[keep] * counts[keep])
    pts["rate"] = pts["events"] / pts["n"]
    if pts.empty:
        nan = float("nan")
        flags = [f"outside_{_tag(v)}{s}" for v in LEVELS for s in ("", "_phi", "_tau")]
        empty = pts.assign(target=nan, z=nan, **{c: False for c in flags})
        return Funnel(empty.reset_index(drop=True), nan, nan, nan, {c: nan for c in flags})
    keys = pts[group] if group else pd.Series(0, index=pts.index)
    sums = pts.groupby(keys)[["events", "n"]].transform("sum")
    pts["target"] = sums["events"] / sums["n"]
    p0, m = pts["target"].to_numpy(), pts["n"].to_numpy()
    s2 = p0 * (1 - p0) / m
    with np.errstate(invalid="ignore", divide="ignore"):
        pts["z"] = (pts["rate"].to_numpy() - p0) / np.sqrt(s2)
    phi, tau2 = overdispersion(pts["z"].to_numpy(), s2, winsor)
    phi_use = max(phi, 1.0) if np.isfinite(phi) else 1.0
    tau_use = max(tau2, 0.0) if np.isfinite(tau2) else 0.0
    y = pts["rate"].to_numpy()
    for level in LEVELS:
        tag = _tag(level)
        lo, hi = binomial_limits(p0, m, level)
        pts[f"outside_{tag}"] = (y < lo) | (y > hi)
        z = stats.norm.ppf((1 + level) / 2)
        pts[f"outside_{tag}_phi"] = np.abs(y - p0) > z * np.sqrt(phi_use * s2)
        pts[f"outside_{tag}_tau"] = np.abs(y - p0) > z * np.sqrt(s2 + tau_use)
    flags = [c for c in pts.columns if str(c).startswith("outside_")]
    outside = {c: float(pts[c].mean()) for c in flags}
    target = float(pts["events"].sum() / pts["n"].sum())
    return Funnel(pts.reset_index(drop=True), target, phi, tau2, outside)
