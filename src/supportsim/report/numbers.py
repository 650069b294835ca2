"""Numbers and labels as the command line prints them: the catalogue's, as text or JSON.

Text tables show shares as fractions (``0.253``), as the JSON does, so the two agree
digit for digit; the manager's HTML report shows them as percentages.
"""

from __future__ import annotations

import math
from typing import Any

from supportsim.metrics import BY_KEY, fmt, fmt_ci


def json_number(x: Any) -> Any:
    """``x`` for JSON: NaN becomes ``None``, numpy scalars plain Python numbers."""
    if x is None:
        return None
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def number(key: str, value: float | None) -> str:
    """One figure for a text table (``n/a`` when missing)."""
    return fmt(key, value, percent=False)


def cell(key: str, mean: float, lo: float, hi: float) -> str:
    """A mean with its confidence interval: ``0.253 [0.241, 0.265]`` (or just the mean)."""
    ci = fmt_ci(key, lo, hi, percent=False)
    text = number(key, mean)
    return f"{text} {ci}" if ci and text != "n/a" else text


def unit(key: str) -> str:
    """The unit of a figure (``""`` for a key the catalogue lacks)."""
    m = BY_KEY.get(key)
    return m.unit if m is not None else ""
