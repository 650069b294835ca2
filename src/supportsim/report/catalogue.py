"""The metric catalogue as text or JSON (``supportsim list metrics``)."""

from __future__ import annotations

import json

from supportsim.metrics import CATALOGUE


def catalogue_text() -> str:
    """One line per figure: key, label, unit (and whether only sweeps report it), definition."""
    width = max(len(m.key) for m in CATALOGUE)
    lines = []
    for m in CATALOGUE:
        where = "" if m.summary else "; sweeps only"
        lines.append(f"{m.key:<{width}}  {m.label} [{m.unit}{where}]: {m.definition}")
    return "\n".join(lines)


def catalogue_json() -> str:
    """Every figure's record as a JSON list, in report order (``null`` for an infinite bound)."""
    return json.dumps([m.as_dict() for m in CATALOGUE], indent=2)
