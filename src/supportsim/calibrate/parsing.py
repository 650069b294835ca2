"""Parse the text of a log's columns: dates, times of day, date-times and seconds.

Each parser returns the parsed values (NaN/NaT where a cell is blank or not understood);
a column of which fewer than half the non-blank cells parse is a one-line
:class:`~supportsim.errors.ConfigError` naming the column, the first bad row and its value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from supportsim.errors import ConfigError

#: Date formats tried, in order (``990201`` is the compact ``yymmdd`` of many call logs).
DATE_FORMATS = (
    "%Y-%m-%d",
    "%y%m%d",
    "%Y%m%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%y",
)
_TIME = r"^\s*(\d{1,2}):([0-5]\d)(?::([0-5]\d(?:\.\d*)?))?\s*$"
#: Share of a column's non-blank cells that must parse for the column to be used.
MIN_PARSED = 0.5


def _fail(where: str, text: pd.Series, ok: pd.Series, what: str) -> ConfigError:
    bad = text[text.notna() & ~ok]
    row = int(bad.index[0]) + 1 if len(bad) else 1
    value = bad.iloc[0] if len(bad) else ""
    return ConfigError(f"{where}, row {row}: {str(value)!r} is not {what}")


def _check(where: str, text: pd.Series, ok: pd.Series, what: str) -> None:
    present = text.notna() & (text.str.strip() != "")
    n = int(present.sum())
    if n == 0:
        raise ConfigError(f"{where}: the column is blank in every row; it must hold {what}")
    if int((ok & present).sum()) < MIN_PARSED * n:
        raise _fail(where, text.where(present), ok, what)


def _clock(text: pd.Series) -> pd.Series:
    parts = text.str.extract(_TIME)
    h, m = pd.to_numeric(parts[0]), pd.to_numeric(parts[1])
    s = pd.to_numeric(parts[2]).fillna(0.0)
    return (h * 3600 + m * 60 + s).where(h < 24).astype(float)


def clock_seconds(text: pd.Series, where: str) -> pd.Series:
    """Seconds after midnight of ``H:MM[:SS]`` times of day."""
    secs = _clock(text)
    _check(where, text, secs.notna(), "a time of day (H:MM:SS)")
    return secs.astype(float)


def has_date(text: pd.Series) -> bool:
    """Whether most non-blank cells hold a date as well as a time."""
    present = text.dropna()
    if present.empty:
        return False
    sample = present.head(200)
    return bool(sample.str.contains(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}").mean() > 0.5)


def dates(text: pd.Series, where: str) -> pd.Series:
    """Dates (midnight timestamps) in the format that reads the most cells."""
    t = text.str.strip().str.split(" ").str[0]
    best = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(t, format=fmt, errors="coerce")
        if parsed.notna().sum() > best.notna().sum():
            best = parsed.astype("datetime64[ns]")
    _check(where, text, best.notna(), "a date (e.g. 2024-01-31, 20240131 or 990201)")
    return best


def datetimes(text: pd.Series, where: str) -> pd.Series:
    """Date-times (``2024-01-31 08:15:00`` and the like)."""
    parsed = pd.to_datetime(text.str.strip(), format="mixed", errors="coerce", dayfirst=False)
    parsed = parsed.astype("datetime64[ns]")
    _check(where, text, parsed.notna(), "a date and time (e.g. 2024-01-31 08:15:00)")
    return parsed


def seconds(text: pd.Series, where: str) -> pd.Series:
    """Durations in seconds: numbers, or ``H:MM:SS``."""
    num = pd.to_numeric(text.str.strip(), errors="coerce")
    if num.notna().sum() < MIN_PARSED * text.notna().sum():
        num = _clock(text)
    _check(where, text, num.notna() & np.isfinite(num), "a number of seconds")
    return num.astype(float)
