"""One way to build a scenario: a base plus overrides, with one set of rules for every entry.

The command line (``--scenario``, ``--set``), scenario files, sweep specs
(``[scenarios.<label>]``) and policy files (``[center]``) all build their scenario with
:func:`build_scenario`:

* **base**: a built-in scenario name (``supportsim list scenarios``), a scenario ``.toml``
  file, or a :class:`~supportsim.scenario.Scenario`. A relative path is relative to the
  file that names it (else the working directory). A file may name its own ``base``
  (default ``"default"``); a chain that comes back to itself is an error.
* **overrides**: scenario parameters by flat name (``agents = 30``) or in their section's
  table (``[demand]``, ``demand.arrivals_per_hour``), and scheme parameters in the
  scheme's table (``[star_bonus]``, ``star_bonus.threshold``; ``[policy]`` for a composed
  policy, ``["my_schemes:TopHalfBonus"]`` for a Python scheme). Unknown names fail with a
  suggestion.
* **scheme** (a file's own, optional): ``scheme = "<name or module:Class>"`` or a
  ``[scheme]`` table as a policy file writes it (:mod:`supportsim.schemes.tables`): the
  scheme ``supportsim run`` and ``figures`` use when ``--scheme`` is not given. It is
  returned among the scheme tables under the key ``"scheme"``.
* **name**: the file's stem for a file, unless set.

A scenario file therefore looks like::

    base = "default"
    agents = 30
    [surveys]
    survey_response = 0.1
    [star_bonus]
    threshold = 8.5
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from supportsim.errors import ConfigError, at, check_keys, read_toml, suggest
from supportsim.scenario import SCENARIOS, SECTION_OF, SECTIONS, Scenario, flatten
from supportsim.schemes import SCHEMES, scheme_params
from supportsim.schemes.custom import is_python_name
from supportsim.schemes.registry import known_params

#: Scheme name -> its parameters, as read from a file or ``--set`` (and ``"scheme"`` -> a
#: file's own ``[scheme]`` table, see :data:`OWN_SCHEME`).
SchemeParams = dict[str, dict[str, Any]]
#: The key of a scenario file's own scheme among its scheme tables.
OWN_SCHEME = "scheme"
BaseLike = str | Path | Scenario


def build_scenario(
    base: BaseLike = "default",
    overrides: Mapping[str, Any] | None = None,
    *,
    where: str = "scenario",
    root: Path | None = None,
) -> tuple[Scenario, SchemeParams]:
    """The scenario ``base`` with ``overrides``, and the scheme parameters both carry.

    Parameters
    ----------
    base
        A built-in scenario name, a scenario ``.toml`` path, or a scenario.
    overrides
        Flat parameter names, section tables and scheme tables (see the module docstring).
    where
        Names the input in error messages (a file name, ``--set``, a spec's table).
    root
        Directory a relative ``base`` path is relative to (default: the working directory).
    """
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ConfigError(
            f"{where}: overrides = {overrides!r}: must be a mapping of names to values"
        )
    for key in overrides or {}:
        if not isinstance(key, str):
            raise ConfigError(f"{where}: override {key!r}: names are strings")
    return _build(base, dict(overrides or {}), where, root, ())


def _build(
    base: BaseLike,
    overrides: dict[str, Any],
    where: str,
    root: Path | None,
    seen: tuple[Path, ...],
) -> tuple[Scenario, SchemeParams]:
    start, schemes = _base(base, where, root, seen)
    params, own = split_overrides(where, overrides)
    for name, table in own.items():
        schemes.setdefault(name, {}).update(table)
    if not params:
        return start, schemes
    current = start.to_dict()
    current.update(flatten(where, params))
    return Scenario.build(where, **current), schemes


def _base(
    base: BaseLike, where: str, root: Path | None, seen: tuple[Path, ...]
) -> tuple[Scenario, SchemeParams]:
    if isinstance(base, Scenario):
        return base, {}
    if not isinstance(base, str | Path):
        raise ConfigError(f"{where}.base = {base!r}: must be a scenario name or a .toml path")
    text = str(base)
    if isinstance(base, str) and not text.endswith(".toml"):
        return SCENARIOS.get(text), {}
    path = Path(base)
    if not path.is_absolute():
        path = (root or Path.cwd()) / path
    if not path.is_file():
        raise ConfigError(f"scenario file {text!r}: no such file")
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(p.name for p in (*seen, path))
        raise ConfigError(f"{where}: scenario files name each other as base in a circle ({chain})")
    data = read_toml(path, "scenario file", shown=text)
    wrong = wrong_kind(data, "scenario file", text)
    if wrong is not None:
        raise wrong
    file_base = data.pop("base", "default")
    data.setdefault("name", path.stem)
    return _build(file_base, data, path.name, path.parent, (*seen, path))


def split_overrides(
    where: str, overrides: Mapping[str, Any]
) -> tuple[dict[str, Any], SchemeParams]:
    """Split overrides into scenario parameters (flat names and section tables, as given)
    and scheme parameter tables; dotted keys (``demand.x``, ``star_bonus.y``) are unfolded."""
    params: dict[str, Any] = {}
    schemes: SchemeParams = {}
    for key, value in overrides.items():
        head, dot, tail = key.partition(".")
        if dot and head in SCHEMES:
            _scheme_keys(where, head, [tail])
            schemes.setdefault(head, {})[tail] = value
        elif dot and head in SECTIONS:
            check_keys(f"{where} {head}", [tail], _section_fields(head))
            params.setdefault(head, {})[tail] = value
        elif key in SCHEMES and isinstance(value, Mapping):
            _scheme_keys(where, key, value)
            schemes.setdefault(key, {}).update(value)
        elif key in SECTIONS and isinstance(value, Mapping):
            params.setdefault(key, {}).update(value)
        elif is_python_name(key) and isinstance(value, Mapping):
            _scheme_keys(where, key, value)
            schemes.setdefault(key, {}).update(value)
        elif key == OWN_SCHEME:
            schemes[OWN_SCHEME] = dict(value) if isinstance(value, Mapping) else {"name": value}
        elif key in SECTION_OF or key == "name":
            params[key] = value
        elif key in SECTIONS or key in SCHEMES:
            what = "section" if key in SECTIONS else "scheme"
            raise ConfigError(
                f"{at(where, key)} = {value!r}: must be a table of the {what}'s parameters"
                f" ([{key}] in a file, --set {key}.<parameter>=... on the command line)"
            )
        elif dot:
            valid = [*SCHEMES.names(), *SECTIONS]
            raise ConfigError(
                f"{where} {key}: unknown scheme or section {head!r}.{suggest(head, valid)}"
            )
        else:
            valid = [*SECTION_OF, *SECTIONS, *SCHEMES.names()]
            raise ConfigError(
                f"{where}: unknown scenario parameter {key!r}.{suggest(key, valid)}"
                " (supportsim list params)"
            )
    return params, schemes


def _section_fields(section: str) -> list[str]:
    return [k for k, s in SECTION_OF.items() if s == section]


def _scheme_keys(where: str, scheme: str, keys: Iterable[str]) -> None:
    declared = known_params(scheme) if is_python_name(scheme) else scheme_params(scheme)
    if declared is not None:
        check_keys(f"{where} [{scheme}]", keys, declared)


#: Top-level keys that only a sweep spec has, and only a policy file has.
SPEC_KEYS = ("schemes", "scenarios", "grid", "sensitivity", "replications", "baseline")
POLICY_KEYS = ("title", "description", "center", "evaluation")


def file_kind(data: Mapping[str, Any]) -> str | None:
    """What a TOML file's top-level keys say it is: ``"sweep spec"``, ``"policy file"``,
    ``"scenario file"``, or ``None`` when they do not tell."""
    keys = set(data)
    if keys & {"schemes", "scenarios", "grid", "sensitivity"}:
        return "sweep spec"
    if keys & set(POLICY_KEYS) or isinstance(data.get("scheme"), Mapping):
        return "policy file"
    if keys & set(SPEC_KEYS):
        return "sweep spec"
    scenario_keys = {*SECTION_OF, *SECTIONS, *SCHEMES.names(), "base"}
    if keys - {"name"} and keys <= scenario_keys | {"name"}:
        return "scenario file"
    return None


#: How to use each kind of file (for the message when one is given in place of another).
_USE = {
    "sweep spec": "run it with 'supportsim sweep {file} --out DIR'",
    "policy file": "evaluate it with 'supportsim evaluate {file} --out report.html'",
    "scenario file": (
        "use it with 'supportsim run --scenario {file}', or as the base of a"
        " [scenarios.<label>] table in a sweep spec"
    ),
}


def wrong_kind(data: Mapping[str, Any], expected: str, file: str | Path) -> ConfigError | None:
    """The error for a file given as an ``expected`` kind that looks like another kind
    (a sweep spec given as ``--scenario``, ...), else ``None``."""
    kind = file_kind(data)
    if kind is None or kind == expected:
        return None
    name = Path(file).name
    return ConfigError(
        f"{name}: looks like a {kind}, not a {expected}; {_USE[kind].format(file=file)}"
    )


def wrong_kind_of_file(path: str | Path, expected: str) -> ConfigError | None:
    """:func:`wrong_kind` for a file (``None`` if it cannot be read: that error stands)."""
    try:
        data = read_toml(path, expected)
    except ConfigError:
        return None
    return wrong_kind(data, expected, path)


def check_path(path: Any, kind: str) -> Path:
    """``path`` as a :class:`~pathlib.Path`, or a one-line error if it is not a path."""
    if not isinstance(path, str | Path) or not str(path).strip():
        raise ConfigError(f"{kind} = {path!r}: must be a path to a .toml file")
    return Path(path)


def load_config(path: str | Path) -> tuple[Scenario, SchemeParams]:
    """Read a scenario file: the scenario and its per-scheme parameter tables."""
    p = check_path(path, "scenario file")
    return build_scenario(p, where=p.name)


def get_scenario(name_or_path: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file's scenario (a ``.toml`` path)."""
    return build_scenario(name_or_path)[0]


def parse_value(text: str) -> Any:
    """Read an override value as TOML (numbers, booleans, arrays, quoted strings), else a bare string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def parse_set(item: str) -> tuple[str, Any]:
    """Split one ``--set name=value`` into a key and a value."""
    key, sep, value = item.partition("=")
    key = key.strip()
    if not sep or not key or not value.strip():
        raise ConfigError(f"--set {item!r}: expected name=value, e.g. --set agents=30")
    return key, parse_value(value.strip())


def parse_sets(items: Iterable[str]) -> dict[str, Any]:
    """``--set`` items as overrides for :func:`build_scenario` (a later one wins)."""
    return dict(parse_set(item) for item in items)
