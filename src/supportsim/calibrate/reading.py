"""Read a contact log file (CSV, TSV or Parquet) into a table of text columns.

Every problem with the file itself (missing, empty, binary, a TOML file, no rows) is a
one-line :class:`~supportsim.errors.ConfigError` naming the file.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from supportsim.errors import ConfigError

#: Delimiters the sniffer may choose between.
DELIMITERS = ",\t;|"
PARQUET_MAGIC = b"PAR1"
_TOML_LINE = re.compile(r"^\s*(\[[\w.\" -]+\]|[\w.\"-]+\s*=\s*\S)")


def read_log(path: str | Path) -> pd.DataFrame:
    """The log at ``path`` as a DataFrame of strings (blank cells are NaN).

    Parquet files (``.parquet``/``.pq``, or the Parquet magic bytes) are read with pyarrow
    and their columns turned to text; anything else must be a delimited text table whose
    delimiter (comma, tab, semicolon or bar) is sniffed from its first lines.
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"contact log {str(p)!r}: no such file")
    raw = p.read_bytes()
    if not raw.strip():
        raise ConfigError(
            f"{p.name}: the file is empty; a contact log needs a header row and one row per contact"
        )
    if raw[:4] == PARQUET_MAGIC or p.suffix.lower() in (".parquet", ".pq"):
        return _parquet(p)
    text = _text(p.name, raw)
    if p.suffix.lower() == ".toml" or _looks_like_toml(text):
        raise ConfigError(
            f"{p.name}: this is a TOML file (a scenario?), not a contact log;"
            " give a CSV, TSV or Parquet file with one row per call"
        )
    sep = _delimiter(text)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype="string", skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else "unreadable"
        raise ConfigError(f"{p.name}: not a readable table ({first})") from None
    return _checked(p.name, df)


def _parquet(p: Path) -> pd.DataFrame:
    try:
        df = pd.read_parquet(p)
    except Exception as err:  # pyarrow raises many kinds of errors for a bad file
        raise ConfigError(f"{p.name}: not a readable Parquet file ({type(err).__name__})") from None
    return _checked(p.name, df.astype("string"))


def _text(name: str, raw: bytes) -> str:
    """The file's text; binary content (NUL bytes, or not text in any usual encoding) is an error."""
    nul = raw.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise ConfigError(
            f"{name}: not a text table (binary content at byte {nul});"
            " give a CSV, TSV or Parquet contact log"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ConfigError(
        f"{name}: not a text table (neither UTF-8 nor Windows-1252 text);"
        " give a CSV, TSV or Parquet contact log"
    )


def _looks_like_toml(text: str) -> bool:
    """Whether the first non-blank, non-comment line is a TOML table header or assignment."""
    for line in text.splitlines()[:50]:
        if line.strip() and not line.lstrip().startswith("#"):
            return bool(_TOML_LINE.match(line)) and not any(d in line for d in ",\t;|")
    return True  # only comments: not a table either


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _checked(name: str, df: pd.DataFrame) -> pd.DataFrame:
    if df.shape[1] < 2:
        raise ConfigError(
            f"{name}: found {df.shape[1]} column ({', '.join(map(str, df.columns))});"
            " a contact log has one column per field (date, times, wait, talk, outcome ...)"
        )
    if df.empty:
        raise ConfigError(f"{name}: no rows under the header; a contact log needs one row per call")
    df.columns = [str(c).strip() for c in df.columns]
    return df
