"""One number formatter for every text the package prints, driven by each figure's ``kind``."""

from __future__ import annotations

import math

from supportsim.metrics.catalogue import BY_KEY
from supportsim.metrics.record import Kind

#: Decimals of each kind (shares as fractions; as percentages they get one).
DECIMALS: dict[Kind, int] = {
    "share": 3,
    "score": 3,
    "corr": 3,
    "money": 2,
    "minutes": 2,
    "count": 1,
    "number": 3,
}


def fmt(key: str, value: float | None, *, signed: bool = False, percent: bool = True) -> str:
    """A figure as text, formatted by its kind (an unknown key is a plain number).

    Parameters
    ----------
    key
        Catalogue key (decides the format).
    value
        The number; ``None``, NaN and infinities print as ``n/a``.
    signed
        Always show the sign (for differences).
    percent
        Shares as percentages (``23.4%``; differences in points, ``+1.2 pts``), as a
        manager's report shows them; ``False`` prints them as fractions (``0.234``), as the
        command line's tables and JSON do.

    Returns
    -------
    str
        A fixed number of decimals per kind (:data:`DECIMALS`), so a mean and its interval
        line up; thousands separated by commas; whole counts without decimals.
    """
    if value is None or not math.isfinite(value):
        return "n/a"
    kind: Kind = BY_KEY[key].kind if key in BY_KEY else "number"
    sign = "+" if signed else ""
    if kind == "share" and percent:
        unit = " pts" if signed else "%"
        return f"{_no_negative_zero(100 * value, 1):{sign}.1f}{unit}"
    digits = 0 if kind == "count" and float(value).is_integer() else DECIMALS[kind]
    return f"{_no_negative_zero(value, digits):{sign},.{digits}f}"


def fmt_ci(key: str, lo: float, hi: float, *, signed: bool = False, percent: bool = True) -> str:
    """A confidence interval, e.g. ``[20.1%, 23.4%]`` (``""`` if a bound is not finite)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return ""
    both = (fmt(key, x, signed=signed, percent=percent) for x in (lo, hi))
    return "[{}, {}]".format(*both)


def _no_negative_zero(value: float, digits: int) -> float:
    """``value``, or 0.0 if it would print as "-0.0" (a tiny negative difference)."""
    return 0.0 if round(value, digits) == 0 else value
