"""The package's modules import each other without a circle, and its functions stay small.

The import graph is read from the source with :mod:`ast`: every ``import`` and ``from ...
import`` anywhere in a module - at module level and inside functions, where an import hides
a circle until the function runs - except under ``if TYPE_CHECKING:``, which never runs.
An edge goes to the module named (``from a.b import c`` -> ``a.b.c`` if it is a module,
else ``a.b``); a package's ``__init__`` is the package's own node.

No cycle is tolerated anywhere in ``supportsim`` (none is known today). Should one ever have
to be, list it in a ``pytest.mark.xfail(strict=True, reason=...)`` test of its own, so that
the suite notices when it is fixed.

The functions are small pieces, read the same way: none over 100 lines, at most two over
80 (see ``function_lengths`` below); a failure lists every offender with its file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

Graph = dict[str, set[str]]


def _modules(src: Path, package: str) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, is a package ``__init__``)."""
    out = {}
    for file in sorted((src / package).rglob("*.py")):
        parts = list(file.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (file, is_package)
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def import_graph(src: Path, package: str) -> Graph:
    """Module -> the modules of ``package`` it imports (anywhere in its source)."""
    modules = _modules(src, package)
    graph: Graph = {}
    for name, (file, is_package) in modules.items():
        here = name if is_package else name.rpartition(".")[0]
        deps = set()
        for node in _imports(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
                continue
            if node.level:  # relative: from . import x, from ..a import b
                base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    deps.add(sub)
                elif target in modules:
                    deps.add(target)
        deps.discard(name)
        graph[name] = deps
    return graph


def cycles(graph: Graph) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan), i.e. every
    group of modules that reach each other through imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def describe(component: frozenset[str], graph: Graph) -> str:
    """A component's modules and the imports between them, for a failure message."""
    return "; ".join(f"{m} -> {', '.join(sorted(graph[m] & component))}" for m in sorted(component))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(SRC, "supportsim")


def test_the_graph_sees_the_package(graph: Graph) -> None:
    assert "supportsim.experiments.spec" in graph
    assert "supportsim.config" in graph["supportsim.experiments.spec"]
    assert "supportsim.experiments.spec" in graph["supportsim.experiments.sweep"]


def test_a_hidden_function_level_cycle_is_found(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from pkg.sub.a import A\n")
    (pkg / "sub" / "a.py").write_text("class A:\n    def f(self):\n        from .b import g\n")
    (pkg / "sub" / "b.py").write_text("from pkg.sub import a\ndef g(): ...\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import d\n"
    )
    (pkg / "d.py").write_text("import pkg.c\n")
    g = import_graph(tmp_path, "pkg")
    assert cycles(g) == [frozenset({"pkg.sub.a", "pkg.sub.b"})]
    assert g["pkg.c"] == set()  # type-checking imports never run


def test_no_import_cycles(graph: Graph) -> None:
    found = cycles(graph)
    assert not found, " | ".join(describe(c, graph) for c in found)


# Small pieces: no function or method in ``supportsim`` is longer than MAX_LINES, and at most
# MAX_LONG are longer than LONG_LINES (the hot-path handler factory may be one). Length is
# ``end_lineno - lineno + 1`` of the ``def`` (docstring included, decorators not); nested
# functions count on their own and inside their parent.

MAX_LINES = 100
LONG_LINES = 80
MAX_LONG = 2


def function_lengths(src: Path, package: str) -> dict[str, int]:
    """``<file>:<line> <qualified name>`` -> lines, for every function and method of ``package``."""
    out = {}
    for file in sorted((src / package).rglob("*.py")):
        where = file.relative_to(src).as_posix()
        stack: list[tuple[ast.AST, str]] = [(ast.parse(file.read_text(encoding="utf-8")), "")]
        while stack:
            node, prefix = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = f"{prefix}{child.name}"
                    assert child.end_lineno is not None
                    out[f"{where}:{child.lineno} {name}"] = child.end_lineno - child.lineno + 1
                    stack.append((child, f"{name}.<locals>."))
                elif isinstance(child, ast.ClassDef):
                    stack.append((child, f"{prefix}{child.name}."))
                else:
                    stack.append((child, prefix))
    return out


def offenders(lengths: dict[str, int], limit: int) -> list[str]:
    """The functions longer than ``limit`` lines, longest first, for a failure message."""
    over = sorted(((n, k) for k, n in lengths.items() if n > limit), key=lambda t: (-t[0], t[1]))
    return [f"{k} ({n} lines)" for n, k in over]


@pytest.fixture(scope="module")
def lengths() -> dict[str, int]:
    return function_lengths(SRC, "supportsim")


def test_lengths_see_functions_methods_and_nested_ones(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(100))
    (pkg / "m.py").write_text(
        f"def long():\n{body}\n"
        "class C:\n    @staticmethod\n    def method():\n        pass\n\n"
        "    async def outer(self):\n        def inner():\n            pass\n"
    )
    assert function_lengths(tmp_path, "pkg") == {
        "pkg/m.py:1 long": 101,
        "pkg/m.py:105 C.method": 2,
        "pkg/m.py:108 C.outer": 3,
        "pkg/m.py:109 C.outer.<locals>.inner": 2,
    }
    assert offenders(function_lengths(tmp_path, "pkg"), MAX_LINES) == [
        "pkg/m.py:1 long (101 lines)"
    ]


def test_lengths_see_the_package(lengths: dict[str, int]) -> None:
    names = {key.partition(" ")[2] for key in lengths}
    assert {"build_parser", "erlang_a", "make_handler", "Scenario.build"} <= names


def test_no_function_is_over_100_lines(lengths: dict[str, int]) -> None:
    too_long = offenders(lengths, MAX_LINES)
    assert not too_long, f"functions over {MAX_LINES} lines: " + "; ".join(too_long)


def test_at_most_two_functions_are_over_80_lines(lengths: dict[str, int]) -> None:
    long = offenders(lengths, LONG_LINES)
    assert len(long) <= MAX_LONG, (
        f"{len(long)} functions over {LONG_LINES} lines (at most {MAX_LONG} allowed): "
        + "; ".join(long)
    )
