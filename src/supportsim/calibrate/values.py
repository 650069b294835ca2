"""An estimate with its confidence interval, and the small helpers every estimator shares."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats


@dataclass(frozen=True)
class Est:
    """A point estimate ``value`` with a confidence interval ``[lo, hi]`` (NaN if none)."""

    value: float
    lo: float = math.nan
    hi: float = math.nan

    def covers(self, x: float) -> bool:
        """Whether ``x`` lies in the interval."""
        return self.lo <= x <= self.hi

    def text(self, fmt: str = ".3g", scale: float = 1.0) -> str:
        """``value [lo, hi]``, each times ``scale``, in ``fmt``."""
        v = format(self.value * scale, fmt)
        if math.isnan(self.lo):
            return v
        return f"{v} [{format(self.lo * scale, fmt)}, {format(self.hi * scale, fmt)}]"


def share(k: int, n: int, level: float = 0.95) -> Est:
    """A proportion ``k / n`` with its Wilson score interval (NaN if ``n == 0``)."""
    if n <= 0:
        return Est(math.nan)
    ci = stats.binomtest(int(k), int(n)).proportion_ci(confidence_level=level, method="wilson")
    return Est(k / n, float(ci.low), float(ci.high))


def z_of(level: float) -> float:
    """The two-sided normal quantile of ``level`` (1.96 for 0.95)."""
    return float(stats.norm.ppf(0.5 + level / 2.0))
