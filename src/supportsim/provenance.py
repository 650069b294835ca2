"""Where a result came from: the package version, the model code, the scenario, the schemes, the seed.

Every JSON output (``run``, ``compare``, ``sweep``, ``evaluate`` with ``--format json``)
and every results directory (``provenance.json``) carries :func:`provenance`, so a figure
can be traced to the exact inputs that made it: the full scenario after every override
(flat names, :meth:`~supportsim.scenario.Scenario.to_dict`), each scheme's parameters,
the root seed, the package version and a hash of the model's source code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from supportsim.scenario import Scenario
from supportsim.schemes import Scheme
from supportsim.schemes.custom import source_digest

#: Parts of the package that decide a run's numbers (the world, schemes, behaviour,
#: parameters, seeds and the summary); editing any of them invalidates saved results.
MODEL_CODE = (
    "world",
    "schemes",
    "behaviour",
    "analysis",
    "scenario",
    "config.py",
    "rng.py",
    "runner.py",
    "metrics",
)


@cache
def package_version() -> str:
    """The installed supportsim version (``"unknown"`` when run from a bare source tree)."""
    try:
        return version("supportsim")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


@cache
def code_fingerprint() -> str:
    """A hash of the model's source code, so a sweep never reuses results of other code."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in MODEL_CODE:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def scheme_identity(scheme: Scheme) -> dict[str, Any]:
    """Plain data that identifies a scheme object: its class and its parameters (a composed
    policy: its table), and for a scheme defined outside this package a digest of its source
    file, so an edited scheme is never answered from results saved before the edit."""
    cls = type(scheme)
    table = getattr(scheme, "table", None)
    if callable(table):
        params = {"table": table()}
    elif dataclasses.is_dataclass(scheme):
        params = {f.name: getattr(scheme, f.name) for f in dataclasses.fields(scheme)}
    else:
        params = dict(vars(scheme)) if hasattr(scheme, "__dict__") else {}
    doc = {"class": f"{cls.__module__}.{cls.__qualname__}", "name": scheme.name, **params}
    if not cls.__module__.startswith("supportsim."):
        doc["source"] = source_digest(cls)
    return doc


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: records as tables, tuples as lists, NaN as None,
    schemes as their identity, anything else unknown as its ``repr``."""
    if isinstance(value, Scheme):
        return plain(scheme_identity(value))
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return repr(value)
    return number if math.isfinite(number) else None


def scheme_params(scheme: Scheme) -> dict[str, Any]:
    """A scheme's parameters as plain data (its identity without class and name)."""
    ident = plain(scheme_identity(scheme))
    return {k: v for k, v in ident.items() if k not in ("class", "name")}


def provenance(
    scenario: Scenario | None,
    schemes: Mapping[str, Scheme | Mapping[str, Any]],
    seed: int,
    **more: Any,
) -> dict[str, Any]:
    """The provenance record: version, code hash, seed, the full scenario, scheme parameters.

    ``schemes`` maps a label to a scheme or to its parameters already as data; ``more``
    adds entries (e.g. ``replications``, or ``scenarios`` of a sweep).
    """
    doc: dict[str, Any] = {
        "version": package_version(),
        "code": code_fingerprint(),
        "seed": seed,
    }
    if scenario is not None:
        doc["scenario"] = plain(scenario.to_dict())
    doc["schemes"] = {
        label: scheme_params(s) if isinstance(s, Scheme) else plain(s)
        for label, s in schemes.items()
    }
    doc.update({k: plain(v) for k, v in more.items()})
    return doc
