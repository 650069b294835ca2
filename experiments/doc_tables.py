"""Rewrite the metric and measure tables of README.md and docs/model.md from their registries.

The catalogue (``supportsim.metrics``) is the one place a figure is defined, and
``supportsim.schemes.MEASURES`` the one place a policy's measure is; the tests check that
both documents carry their records word for word. After adding or changing either:

    python experiments/doc_tables.py
"""

from __future__ import annotations

import re
from pathlib import Path

from supportsim.metrics import CATALOGUE
from supportsim.schemes import MEASURES

#: The header of the measures table in both documents.
MEASURES_HEADER = "| measure | unit | better | not rated below | needs | definition |"
NEEDS = {"stars": "a star survey", "reviewer": "the quality reviewer", "repeats": "repeat tracking"}


def measure_rows() -> list[str]:
    """One table row per measure, in registry order."""
    rows = []
    for name in MEASURES.names():
        m = MEASURES.get(name)
        floor = f"{m.min_n:g} {m.sample}"
        need = NEEDS.get(m.needs, "-")
        rows.append(f"| `{name}` | {m.unit} | {m.better} | {floor} | {need} | {m.definition} |")
    return rows


ROOT = Path(__file__).resolve().parents[1]


def _replace_table(path: Path, header: str, rows: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    head = re.escape(header) + r"\n\|[-|]+\|\n"
    pattern = re.compile(head + r"(?:\|.*\|\n)+")
    if not pattern.search(text):
        raise SystemExit(f"{path.name}: no table headed {header!r}")
    new = header + "\n|" + "---|" * header.count("|") + "\n" + "".join(r + "\n" for r in rows)
    new = new.replace("|" + "---|" * header.count("|"), "|" + "---|" * (header.count("|") - 1))
    path.write_text(pattern.sub(lambda _: new, text, count=1), encoding="utf-8")


def main() -> None:
    summary = [m for m in CATALOGUE if m.summary]
    _replace_table(
        ROOT / "README.md",
        "| key | label | unit | definition |",
        [f"| `{m.key}` | {m.label} | {m.unit} | {m.definition} |" for m in summary],
    )
    _replace_table(
        ROOT / "docs" / "model.md",
        "| key | definition |",
        [f"| `{m.key}` | {m.definition} |" for m in summary],
    )
    for doc in (ROOT / "README.md", ROOT / "docs" / "model.md"):
        _replace_table(doc, MEASURES_HEADER, measure_rows())
    print("rewrote the metric and measure tables of README.md and docs/model.md")


if __name__ == "__main__":
    main()
