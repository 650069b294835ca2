"""Rewrite the metric tables of README.md and docs/model.md from the metric catalogue.

The catalogue (``supportsim.metrics``) is the one place a figure is defined; the tests check
that both documents carry its records word for word. After adding or changing a metric:

    python experiments/doc_tables.py
"""

from __future__ import annotations

import re
from pathlib import Path

from supportsim.metrics import CATALOGUE

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
    print("rewrote the metric tables of README.md and docs/model.md")


if __name__ == "__main__":
    main()
