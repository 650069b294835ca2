"""From a log's text columns to one tidy row per usable call (:class:`Calls`).

Rows that cannot be used (a time not understood, an outcome that is neither answered nor
abandoned, a negative wait ...) are counted by reason in :attr:`Calls.dropped`, never
silently lost. A log the calibration cannot use at all (no arrival time, no way to tell
answered from abandoned calls, a column that does not parse) is a one-line
:class:`~supportsim.errors.ConfigError` naming the column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from supportsim.calibrate import parsing
from supportsim.calibrate.roles import CHANNELS, NO_AGENT, NO_CUSTOMER, ROLES, map_columns, norm
from supportsim.errors import ConfigError

DAY_SEC = 86400.0
_TRUE = frozenset({"1", "TRUE", "YES", "Y", "T"})
_FALSE = frozenset({"0", "FALSE", "NO", "N", "F"})


@dataclass(frozen=True)
class Calls:
    """A contact log's usable calls, one row each, in arrival order.

    ``frame`` columns: ``arrive`` (timestamp the call entered the queue), ``answered``
    (bool; otherwise abandoned), ``wait_s``, ``talk_s``, ``acw_s`` (seconds; NaN where the
    log has no such column), ``agent``, ``customer`` (text or NA), ``queue``, ``type``
    (text), ``channel`` (``"phone"`` or ``"chat"``; all phone without a channel column),
    ``rating`` and ``resolved`` (1/0; NaN where not given).

    A kind and a queue are one channel each: a chat contact whose type (or queue) also
    comes by phone has ``" chat"`` added to it, so chat kinds get their own kinds and line.
    """

    frame: pd.DataFrame
    rows: int
    columns: dict[str, str]
    dropped: dict[str, int] = field(default_factory=dict)
    source: str = "log"

    def has(self, role: str) -> bool:
        """Whether the log gives ``role`` (wait and talk may also come from the times)."""
        if role in ("wait", "talk", "acw", "rating", "resolved"):
            col = f"{role}_s" if role in ("wait", "talk", "acw") else role
            return bool(self.frame[col].notna().any())
        return role in self.columns


def tidy(
    raw: pd.DataFrame,
    codes: Mapping[str, str],
    given: Mapping[str, str] | None = None,
    name: str = "log",
) -> Calls:
    """The usable calls of ``raw`` (a table of text columns, see :func:`read_log`), with
    ``codes`` mapping outcome codes to classes and ``given`` roles to columns."""
    cols = map_columns(raw.columns, given, name)
    col = {role: raw[c].astype("string") for role, c in cols.items()}
    where = {role: f"{name} column {c!r} ({role})" for role, c in cols.items()}
    arrive = _arrivals(col, where, name)
    drop: Counter[str] = Counter()
    keep = arrive.notna().to_numpy().copy()
    drop["arrival time not understood"] += int((~keep).sum())
    answered, ok = _outcomes(col, codes, where.get("outcome", name), drop)
    keep &= ok
    channel, ok = _channels(col, drop)
    keep &= ok
    wait = _duration(col, where, "wait", arrive, answered)
    talk = _duration(col, where, "talk", arrive, answered)
    never = keep & _never_queued(col, arrive, answered, wait)
    drop["never reached the queue (arrival 0:00:00, unanswered, no wait)"] += int(never.sum())
    keep &= ~never
    for label, values, needed in (("wait", wait, None), ("talk", talk, answered)):
        if values is None:
            continue
        mask = keep & (needed if needed is not None else True)
        drop[f"{label} missing"] += int((mask & np.isnan(values)).sum())
        drop[f"negative {label}"] += int((mask & (values < 0)).sum())
        keep &= ~(mask & (np.isnan(values) | (values < 0)))
    n = len(raw)
    frame = pd.DataFrame(
        {
            "arrive": arrive,
            "answered": answered,
            "wait_s": wait if wait is not None else np.nan,
            "talk_s": np.where(answered, talk, 0.0) if talk is not None else np.nan,
            "acw_s": _numbers(col, where, "acw", n),
            "agent": _ids(col, "agent", NO_AGENT, n),
            "customer": _ids(col, "customer", NO_CUSTOMER, n),
            "queue": _labels(col, "queue", n, "main"),
            "type": _labels(col, "type", n, "all"),
            "channel": channel,
            "rating": _numbers(col, where, "rating", n),
            "resolved": _flags(col, n),
        }
    )
    frame = frame[keep].sort_values("arrive", kind="stable").reset_index(drop=True)
    if frame.empty:
        raise ConfigError(f"{name}: none of the {n} rows is a usable call ({_reasons(drop)})")
    if "channel" in col:
        frame = _one_channel_each(frame)
    return Calls(frame, n, cols, {k: v for k, v in drop.items() if v}, name)


def _never_queued(
    col: dict[str, pd.Series], arrive: pd.Series, answered: np.ndarray, wait: np.ndarray | None
) -> np.ndarray:
    """Calls logged with a placeholder queue time of 0:00:00 (they ended before the queue,
    e.g. in the voice menu): unanswered, no wait, and a time-of-day arrival of midnight."""
    if parsing.has_date(col["arrival"]):
        return np.zeros(len(arrive), dtype=bool)
    midnight = (_clock_of(arrive) == 0.0) & ~answered
    no_wait = np.ones(len(arrive), dtype=bool) if wait is None else ~(wait > 0)
    return np.asarray(midnight & no_wait)


def _reasons(drop: Counter[str]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in drop.most_common() if v) or "no rows"


def _arrivals(col: dict[str, pd.Series], where: dict[str, str], name: str) -> pd.Series:
    """Timestamps the calls entered the queue, from a date-time or a date and a time."""
    if "arrival" not in col:
        raise ConfigError(
            f"{name}: no column for the arrival time (when a call entered the queue); looked"
            f" for {', '.join(ROLES['arrival'][1][:6])} ...; map one with --columns arrival=NAME"
        )
    text = col["arrival"]
    if parsing.has_date(text):
        return parsing.datetimes(text, where["arrival"])
    if "date" not in col:
        raise ConfigError(
            f"{where['arrival']} holds times of day but {name} has no date column; map one"
            " with --columns date=NAME"
        )
    day = parsing.dates(col["date"], where["date"])
    secs = parsing.clock_seconds(text, where["arrival"])
    return day + pd.to_timedelta(secs, unit="s")


def _outcomes(
    col: dict[str, pd.Series], codes: Mapping[str, str], name: str, drop: Counter[str]
) -> tuple[np.ndarray, np.ndarray]:
    """(answered, usable) per row: from the outcome codes, or from the answer evidence."""
    if "outcome" in col:
        code = col["outcome"].str.strip().str.upper().fillna("")
        cls = code.map(dict(codes)).fillna("unmapped")
        for kind in ("other", "unmapped"):
            hit = code[cls == kind]
            if len(hit):
                top = ", ".join(hit.value_counts().index[:3].astype(str))
                drop[f"outcome {kind} ({top})"] += len(hit)
        if not (cls == "answered").any() and not (cls == "abandoned").any():
            seen = ", ".join(code.value_counts().index[:5].astype(str))
            raise ConfigError(
                f"{name}: no code is mapped to answered or abandoned (codes"
                f" seen: {seen}); map them with --outcome answered=CODE,abandoned=CODE"
            )
        return (cls == "answered").to_numpy(), cls.isin(["answered", "abandoned"]).to_numpy()
    evidence = [r for r in ("talk", "answer", "agent") if r in col]
    if not evidence:
        raise ConfigError(
            f"{name}: cannot tell answered from abandoned calls (no outcome, talk, answer-time"
            " or agent column); map one with --columns outcome=NAME"
        )
    n = len(next(iter(col.values())))
    answered = np.zeros(n, dtype=bool)
    if "talk" in col:
        answered |= (pd.to_numeric(col["talk"], errors="coerce").fillna(0) > 0).to_numpy()
    if "agent" in col:
        answered |= ~col["agent"].str.strip().str.upper().fillna("").isin(NO_AGENT).to_numpy()
    return answered, np.ones(n, dtype=bool)


def _channels(col: dict[str, pd.Series], drop: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    """(channel, usable) per row: ``phone`` or ``chat`` by :data:`CHANNELS` (any case);
    a blank or unknown value is counted by reason and the row left out."""
    if "channel" not in col:
        n = len(next(iter(col.values())))
        return np.full(n, "phone", dtype=object), np.ones(n, dtype=bool)
    text = col["channel"].fillna("").str.strip()
    code = {name: ch for ch, names in CHANNELS.items() for name in names}
    channel = text.map(lambda v: code.get(norm(v), "")).astype(object)
    bad = (channel == "").to_numpy()
    blank = bad & (text == "").to_numpy()
    drop["channel missing"] += int(blank.sum())
    unknown = text[bad & ~blank]
    if len(unknown):
        top = ", ".join(unknown.value_counts().index[:3].astype(str))
        drop[f"channel not phone or chat ({top})"] += len(unknown)
    return channel.to_numpy(), ~bad


def _one_channel_each(frame: pd.DataFrame) -> pd.DataFrame:
    """Chat contacts whose type or queue also comes by phone get ``" chat"`` added to it."""
    chat = frame["channel"] == "chat"
    for role in ("type", "queue"):
        shared = frame[role].isin(set(frame.loc[~chat, role]))
        frame.loc[chat & shared, role] = frame.loc[chat & shared, role] + " chat"
    return frame


def _clock_of(arrive: pd.Series) -> np.ndarray:
    return ((arrive - arrive.dt.normalize()).dt.total_seconds()).to_numpy()


def _duration(
    col: dict[str, pd.Series],
    where: dict[str, str],
    role: str,
    arrive: pd.Series,
    answered: np.ndarray,
) -> np.ndarray | None:
    """Seconds of wait or talk: the column, or the difference of two times of day."""
    if role in col:
        return parsing.seconds(col[role], where[role]).to_numpy()
    if role == "wait" and ("answer" in col or "end" in col):
        arr = _clock_of(arrive)
        ans = _times(col, where, "answer") if "answer" in col else None
        end = _times(col, where, "end") if "end" in col else None
        left = np.where(
            answered, ans if ans is not None else np.nan, end if end is not None else np.nan
        )
        return np.mod(left - arr, DAY_SEC)
    if role == "talk" and "answer" in col and "end" in col:
        return np.mod(_times(col, where, "end") - _times(col, where, "answer"), DAY_SEC)
    return None


def _times(col: dict[str, pd.Series], where: dict[str, str], role: str) -> np.ndarray:
    text = col[role]
    if parsing.has_date(text):
        return _clock_of(parsing.datetimes(text, where[role]))
    return parsing.clock_seconds(text, where[role]).to_numpy()


def _numbers(col: dict[str, pd.Series], where: dict[str, str], role: str, n: int) -> np.ndarray:
    if role not in col:
        return np.full(n, np.nan)
    if role == "rating":
        return pd.to_numeric(col[role].str.strip(), errors="coerce").to_numpy(dtype=float)
    return parsing.seconds(col[role], where[role]).to_numpy()


def _ids(col: dict[str, pd.Series], role: str, missing: frozenset[str], n: int) -> pd.Series:
    if role not in col:
        return pd.Series(pd.NA, index=range(n), dtype="string")
    text = col[role].str.strip()
    text = text.str.replace(r"\.0$", "", regex=True)  # 123.0 from a spreadsheet is 123
    return text.mask(text.str.upper().fillna("").isin(missing))


def _labels(col: dict[str, pd.Series], role: str, n: int, default: str) -> pd.Series:
    if role not in col:
        return pd.Series(default, index=range(n), dtype="string")
    return col[role].str.strip().fillna("unknown").replace("", "unknown")


def _flags(col: dict[str, pd.Series], n: int) -> np.ndarray:
    if "resolved" not in col:
        return np.full(n, np.nan)
    text = col["resolved"].str.strip().str.upper().fillna("")
    return np.where(text.isin(_TRUE), 1.0, np.where(text.isin(_FALSE), 0.0, np.nan))
