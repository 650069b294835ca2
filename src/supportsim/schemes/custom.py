"""Schemes written in Python, named ``"module:Class"``: run from the command line and files too.

``"my_schemes:TopHalfBonus"`` imports ``my_schemes`` (from the working directory first, as
``python -m`` would) and takes its ``TopHalfBonus``; anything that accepts a scheme name
(``--scheme``, a policy's ``[scheme]``, a sweep's ``[schemes.<label>]``, a scenario file's
``["my_schemes:TopHalfBonus"]`` parameter table) accepts one. A module whose file changed
since it was imported is imported again, so an edited scheme runs as edited;
:func:`source_digest` names the file's content (sweeps put it in each run's id).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.machinery
import inspect
import os
import re
import sys
from pathlib import Path
from types import ModuleType

from supportsim.errors import ConfigError, suggest

_FORM = re.compile(r"^(?P<module>[A-Za-z_][\w.]*):(?P<attr>[A-Za-z_][\w.]*)$")
#: The source digest of each module when it was (re)imported.
_IMPORTED: dict[str, str] = {}


def is_python_name(name: object) -> bool:
    """Whether ``name`` has the ``module:Class`` form."""
    return isinstance(name, str) and ":" in name


def _digest_file(path: str | None) -> str:
    if not path or not os.path.isfile(path):
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _module(name: str, spec: str) -> ModuleType:
    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    importlib.invalidate_caches()  # a module written since the last import is found
    try:
        cached = sys.modules.get(name)
        if cached is not None and "." not in name:
            found = importlib.machinery.PathFinder.find_spec(name)
            if found is not None and found.origin != getattr(cached, "__file__", None):
                del sys.modules[name]  # another directory's module of that name
                _IMPORTED.pop(name, None)
                cached = None
        module = cached or importlib.import_module(name)
        digest = _digest_file(getattr(module, "__file__", None))
        if name in _IMPORTED and _IMPORTED[name] != digest:
            module = importlib.reload(module)  # edited since: run the new code
        _IMPORTED[name] = digest
        return module
    except ModuleNotFoundError as err:
        raise ConfigError(
            f"scheme {spec!r}: cannot import {name!r} ({err}); the module must be importable"
            f" from the working directory ({cwd}) or installed"
        ) from None
    except Exception as err:  # the user's module failed to import: say how, in one line
        first = str(err).splitlines()[0] if str(err) else ""
        raise ConfigError(
            f"scheme {spec!r}: importing {name!r} failed: {type(err).__name__}: {first}"
        ) from None


def python_class(spec: str) -> type:
    """The class named by ``"module:Class"`` (``ConfigError`` with a suggestion if absent)."""
    m = _FORM.match(spec)
    if m is None:
        raise ConfigError(
            f"scheme {spec!r}: a Python scheme is named 'module:Class', e.g. 'my_schemes:TopHalfBonus'"
        )
    module = _module(m.group("module"), spec)
    obj: object = module
    for part in m.group("attr").split("."):
        if not hasattr(obj, part):
            names = [n for n in dir(obj) if not n.startswith("_")]
            raise ConfigError(
                f"scheme {spec!r}: {m.group('module')!r} has no {part!r}.{suggest(part, names)}"
            )
        obj = getattr(obj, part)
    if not isinstance(obj, type):
        raise ConfigError(f"scheme {spec!r}: {m.group('attr')!r} is not a class")
    return obj


def source_digest(cls: type) -> str:
    """A digest of the source file that defines ``cls`` (``""`` when there is none)."""
    try:
        path = inspect.getsourcefile(cls)
    except TypeError:  # built into the interpreter
        return ""
    return _digest_file(path)
