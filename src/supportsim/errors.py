"""Errors users see, and the one place that words them.

Every user-facing input (config files, CLI flags, Python arguments) fails with a
:class:`ConfigError` whose message is one line naming the field, the value and the rule,
with a "did you mean ...?" suggestion where a name was misspelt.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError


class ConfigError(ValueError):
    """A user-facing input is invalid; the message is a single self-contained line."""


class Note(UserWarning):
    """Something a user should know that is not an error (a damaged result set aside and
    recomputed): one line. The command line prints it as ``supportsim: note: ...``."""


class ExecutorLost(RuntimeError):
    """The machines a command ran on went away (a lost Dask scheduler): one line; what was
    saved stays saved, and the same command resumes."""


def suggest(name: str, valid: Iterable[str]) -> str:
    """Return ``" Did you mean 'x'?"`` for the closest valid name, or ``""``."""
    matches = difflib.get_close_matches(name, list(valid), n=1, cutoff=0.6)
    return f" Did you mean {matches[0]!r}?" if matches else ""


def unknown_name(what: str, name: str, valid: Iterable[str]) -> ConfigError:
    """Error for an unknown registered name: suggestion plus the list of valid names."""
    names = sorted(valid)
    return ConfigError(
        f"unknown {what} {name!r}.{suggest(name, names)} Available: {', '.join(names)}"
    )


def unknown_key(key: str, valid: Iterable[str]) -> str:
    """The rule an unknown key breaks: ``"unknown key 'x'. Did you mean 'y'? Valid keys: ..."``."""
    valid_list = list(valid)
    return (
        f"unknown key {key!r}.{suggest(key, valid_list)}"
        f" Valid keys: {', '.join(sorted(valid_list))}"
    )


def check_keys(where: str, given: Iterable[str], valid: Iterable[str]) -> None:
    """Raise if ``given`` has a key not in ``valid``, suggesting the nearest valid key."""
    valid_list = list(valid)
    for key in given:
        if key not in valid_list:
            raise ConfigError(f"{where}: {unknown_key(key, valid_list)}")


def from_validation_error(where: str, err: ValidationError) -> ConfigError:
    """Turn pydantic's multi-line report into one line: field, value, rule."""
    first = err.errors()[0]
    rule = str(first["msg"]).removeprefix("Value error, ")
    rule = rule[0].lower() + rule[1:]
    more = len(err.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    if not first["loc"]:  # a cross-field rule: its message names the fields itself
        return ConfigError(f"{where}: {rule}{tail}")
    loc = ".".join(str(p) for p in first["loc"])
    return ConfigError(f"{at(where, loc)} = {shown(first.get('input'))}: {rule}{tail}")


def shown(value: Any) -> str:
    """A value as a user wrote it: arrays (kept as tuples inside) as ``[...]``."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    return repr(value)


def at(where: str, name: str) -> str:
    """A field named in a message: ``center.toml.agents``, or ``--set agents`` for a flag."""
    return f"{where} {name}" if where.startswith("--") else f"{where}.{name}"


#: Largest input file read (bytes): a TOML file of supportsim is a few kilobytes.
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_toml(path: str | Path, kind: str, shown: str | None = None) -> dict[str, Any]:
    """Read a user's TOML file (a ``kind`` such as "scenario file"); a missing file, a
    directory, an unreadable, binary or huge file, or bad TOML becomes a one-line
    ``ConfigError`` naming the file (as ``shown``, default the path)."""
    p = Path(path)
    name = shown if shown is not None else str(p)
    try:
        if p.is_dir():
            raise ConfigError(f"{kind} {name!r}: is a directory, not a .toml file")
        if not p.exists():
            raise ConfigError(f"{kind} {name!r}: no such file")
        if not p.is_file():
            raise ConfigError(f"{kind} {name!r}: not a regular file")
        if p.stat().st_size > MAX_FILE_BYTES:
            raise ConfigError(
                f"{kind} {name!r}: {p.stat().st_size:,} bytes; a TOML input is at most"
                f" {MAX_FILE_BYTES:,} bytes"
            )
        raw = p.read_bytes()
    except OSError as err:
        raise ConfigError(f"{kind} {name!r}: cannot read it ({err.strerror or err})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"{kind} {name!r}: not a text file (byte 0x{raw[err.start]:02x} at offset"
            f" {err.start} is not UTF-8); expected TOML"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{p.name}: not valid TOML ({err}){toml_hint(text, str(err))}") from None
    except RecursionError:
        raise ConfigError(
            f"{p.name}: not valid TOML (arrays or tables nested too deeply)"
        ) from None


_AT_LINE = re.compile(r"at line (\d+)")
_ASSIGN = re.compile(r"^\s*(?P<key>[\w.\"-]+)\s*=\s*(?P<value>.*?)\s*(?:#.*)?$")
_BARE = re.compile(r"^[A-Za-z_][\w.]*$")


def toml_hint(text: str, message: str) -> str:
    """A hint for the usual slips behind a TOML error: a name not in quotes
    (``score = mean_stars``), a condition not in quotes (``only_if = [aht_min <= 9]``) or a
    percentage (``pay = 10%``); ``""`` when none applies."""
    m = _AT_LINE.search(message)
    lines = text.splitlines()
    if m is None or not 0 < int(m.group(1)) <= len(lines):
        return ""
    line = _ASSIGN.match(lines[int(m.group(1)) - 1])
    if line is None:
        return ""
    key, value = line.group("key"), line.group("value")
    if _BARE.match(value) and value not in ("true", "false", "inf", "nan"):
        return f': names are quoted in TOML, write {key} = "{value}"'
    pct = re.fullmatch(r"([-+]?\d+(?:\.\d*)?)\s*%", value)
    if pct:
        return f': write {value} as {float(pct.group(1)) / 100:g} (or in quotes, "{value}")'
    if value.startswith("[") and re.search(r"[<>=]", value) and '"' not in value:
        return f': conditions are quoted strings, e.g. {key} = ["aht_min <= 9"]'
    return ""
