"""Docs are tests: every Python example in the README runs, and the README is honest."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import supportsim as ss
from supportsim.schemes import scheme_params

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert len(blocks) >= 2
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)


def test_readme_documents_every_metric_scheme_and_scenario() -> None:
    text = README.read_text()
    for key in ss.METRICS:
        assert f"`{key}`" in text, key
    for name in ss.SCHEMES:
        assert f"`{name}`" in text, name
    for name in ss.SCENARIOS:
        assert f"`{name}`" in text, name
    assert "make demo" in text and "make test" in text


# --- docs/model.md: the model as built, kept true by these tests ---------------------------

MODEL_DOC = README.parent / "docs" / "model.md"

#: A table row whose first cell is a code-formatted name: ``| `name` | cell | ...``.
_ROW = re.compile(r"^\|\s*`(?P<name>\w+)`\s*\|(?P<rest>.*)\|\s*$")
#: A scheme parameter's default in a scheme's paragraph: ``param`` = ``value``.
_PAIR = re.compile(r"`(?P<name>\w+)`\s*=\s*`(?P<value>[^`]+)`")


def _section(text: str, heading: str) -> str:
    """The body of the level-2 section whose heading starts with ``heading``."""
    match = re.search(rf"^## {re.escape(heading)}.*?$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/model.md has no section '## {heading}...'"
    return match.group(1)


def _cells(rest: str) -> list[str]:
    return [c.strip() for c in rest.split("|")]


def _doc_value(cell: str) -> object:
    """A default as written in the doc: a TOML value in backticks, or `None`."""
    m = re.fullmatch(r"`([^`]+)`", cell.strip())
    assert m, f"default {cell!r} is not a single code-formatted value"
    text = m.group(1)
    if text == "None":
        return None
    return tomllib.loads(f"v = {text}")["v"]


def _same(doc: object, code: object) -> bool:
    """Whether a documented default equals the code's (tuples read as lists, floats to 1e-12)."""
    if isinstance(code, bool) or code is None or isinstance(code, str):
        return type(doc) is type(code) and doc == code
    if isinstance(code, int | float):
        return (
            isinstance(doc, int | float)
            and not isinstance(doc, bool)
            and math.isclose(doc, code, rel_tol=1e-12, abs_tol=1e-15)
        )
    if isinstance(code, tuple | list):
        return (
            isinstance(doc, list)
            and len(doc) == len(code)
            and all(_same(d, c) for d, c in zip(doc, code, strict=True))
        )
    return doc == code


def _parameter_rows(text: str) -> dict[str, list[str]]:
    """Rows of the parameter tables of section 7, by parameter name (each must appear once)."""
    fields = set(ss.Scenario.field_names())
    rows: dict[str, list[str]] = {}
    for line in _section(text, "7. Parameters").splitlines():
        m = _ROW.match(line)
        if m and m.group("name") in fields:
            assert m.group("name") not in rows, f"parameter {m.group('name')} listed twice"
            rows[m.group("name")] = _cells(m.group("rest"))
    return rows


def test_model_doc_documents_every_metric_with_the_codes_definition() -> None:
    text = MODEL_DOC.read_text()
    for key in ss.METRICS:
        assert f"`{key}`" in text, key
    documented = {}
    for line in _section(text, "6. Reported figures").splitlines():
        m = _ROW.match(line)
        if m:
            documented[m.group("name")] = _cells(m.group("rest"))[0]
    for key, definition in ss.METRICS.items():
        assert documented.get(key) == definition, (key, documented.get(key), definition)
    assert set(documented) == set(ss.METRICS), set(documented) ^ set(ss.METRICS)


def test_model_doc_lists_every_parameter_once_with_its_default() -> None:
    text = MODEL_DOC.read_text()
    default = ss.get_scenario("default")
    names = [n for n in ss.Scenario.field_names() if n != "name"]
    for name in names:
        assert f"`{name}`" in text, name
    rows = _parameter_rows(text)
    assert set(rows) == set(names), f"not in a parameter table: {sorted(set(names) - set(rows))}"
    for name, cells in rows.items():
        assert len(cells) == 4 and all(cells), (
            f"{name}: expected | default | unit | meaning | source |"
        )
        if name == "kinds":
            continue  # a table of its own, checked below
        doc, code = _doc_value(cells[0]), getattr(default, name)
        assert _same(doc, code), (
            f"{name}: docs/model.md says {doc!r}, the code's default is {code!r}"
        )


def test_model_doc_issue_kinds_match_the_default_kinds() -> None:
    section = _section(MODEL_DOC.read_text(), "7. Parameters")
    header = "| kind | share | difficulty | defect_weight | line |"
    assert header in section, "the issue kinds table is missing"
    rows = {}
    for line in section.split(header, 1)[1].splitlines()[2:]:
        m = _ROW.match(line)
        if not m:
            break
        share, difficulty, weight, kind_line = _cells(m.group("rest"))
        rows[m.group("name")] = (float(share), float(difficulty), float(weight), kind_line)
    kinds = ss.get_scenario("default").kinds
    assert list(rows) == [k.name for k in kinds]
    for k in kinds:
        assert rows[k.name] == (k.share, k.difficulty, k.defect_weight, k.line), k.name


def test_model_doc_describes_every_scheme_with_its_defaults() -> None:
    text = MODEL_DOC.read_text()
    schemes = _section(text, "4. The schemes")
    for name in ss.SCHEMES:
        assert f"`{name}`" in text, name
        m = re.search(rf"^### `{name}`\s*$(.*?)(?=^##|\Z)", schemes, flags=re.M | re.S)
        assert m, f"no '### `{name}`' paragraph in section 4"
        documented = {p.group("name"): p.group("value") for p in _PAIR.finditer(m.group(1))}
        params = scheme_params(name)
        assert set(documented) == set(params), (name, sorted(documented), params)
        values = {k: tomllib.loads(f"v = {v}")["v"] for k, v in documented.items()}
        assert ss.make_scheme(name, **values) == ss.make_scheme(name), (name, values)


def test_docs_list_every_measure_as_the_registry_defines_it() -> None:
    """The measures tables of README.md and docs/model.md are the registry's, row for row
    (``python experiments/doc_tables.py`` rewrites them)."""
    needs = {
        "stars": "a star survey",
        "reviewer": "the quality reviewer",
        "repeats": "repeat tracking",
    }
    for doc in (README, MODEL_DOC):
        text = doc.read_text()
        for name in ss.MEASURES.names():
            m = ss.MEASURES.get(name)
            row = (
                f"| `{name}` | {m.unit} | {m.better} | {m.min_n:g} {m.sample} |"
                f" {needs.get(m.needs, '-')} | {m.definition} |"
            )
            assert row in text, (doc.name, name)
