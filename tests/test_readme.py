"""Docs are tests: every Python example in the README runs, and the README is honest."""

from __future__ import annotations

import re
from pathlib import Path

import supportsim as ss

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
