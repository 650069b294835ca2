"""The cheap paths stay cheap: ``import supportsim``, ``supportsim --help`` and every
``supportsim list`` load none of the heavy libraries (pandas alone is ~100 MB resident).

Each case runs in a fresh interpreter, since ``sys.modules`` of the test process already
holds everything; what is asserted is which modules were imported, never how long it took.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

import supportsim as ss
from supportsim.cli import build_parser

HEAVY = ("pandas", "scipy", "matplotlib", "dask", "simpy", "SALib")

LIST_KINDS = ("schemes", "scenarios", "metrics", "measures", "params", "learning")

#: Runs the command line in-process on each argv given, then prints the heavy top-level
#: packages in ``sys.modules`` as JSON on the last line.
_CHILD = """
import contextlib, io, json, sys
import supportsim.cli
for argv in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            code = supportsim.cli.main(argv)
        except SystemExit as exit:
            code = exit.code
    assert code == 0, (argv, code)
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps(heavy))
"""


def _heavy_after(*argvs: list[str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(argvs), json.dumps(HEAVY)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return loaded


#: Modules the cheap paths are built from: each importable without the heavy libraries.
LIGHT = (
    "supportsim",
    "supportsim.config",
    "supportsim.scenario",
    "supportsim.schemes",
    "supportsim.metrics",
    "supportsim.behaviour",
    "supportsim.report",
    "supportsim.report.lists",
    "supportsim.cli",
)


def test_import_supportsim_loads_no_heavy_library() -> None:
    imports = "; ".join(f"import {m}" for m in LIGHT)
    code = f"import sys; {imports}; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_help_loads_no_heavy_library() -> None:
    assert _heavy_after(["--help"], ["run", "--help"], ["list", "--help"]) == []


@pytest.mark.parametrize("kind", LIST_KINDS)
def test_list_loads_no_heavy_library(kind: str) -> None:
    assert _heavy_after(["list", kind], ["list", kind, "--format", "json"]) == []


def test_every_list_kind_is_checked() -> None:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    what = next(a for a in sub.choices["list"]._actions if a.dest == "what")
    assert set(what.choices or ()) == set(LIST_KINDS)


def test_lazy_names_still_resolve() -> None:
    for name in ss.__all__:
        assert getattr(ss, name) is not None, name
    assert ss.run.__module__ == "supportsim.runner"
    assert ss.experiments.__name__ == "supportsim.experiments"
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        ss.nonesuch  # noqa: B018
