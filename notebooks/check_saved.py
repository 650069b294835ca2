"""Fail when a notebook's saved key figures differ from a fresh run's beyond rounding.

The assert cells print the figures they check as ``KEY name = value`` lines. This script
compares those lines in the saved notebooks (what a reader sees without running anything)
with the same notebooks freshly executed elsewhere (``make notebooks`` executes copies with
nbmake and calls this on the copies)::

    python notebooks/check_saved.py --fresh build/notebooks notebooks/*.ipynb

A number may differ by one unit in its last printed digit (rounding); anything else that
differs, a key missing on one side, or a saved notebook without outputs fails, with one
line per difference. ``make notebooks-refresh`` rewrites the saved outputs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

KEY_LINE = re.compile(r"^KEY (?P<name>\S+) = (?P<value>.+?)\s*$")


def keys(path: Path) -> dict[str, str]:
    """The ``KEY name = value`` lines printed in a notebook's saved outputs."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            for line in "".join(text).splitlines():
                m = KEY_LINE.match(line)
                if m:
                    found[m["name"]] = m["value"]
    return found


def same(saved: str, fresh: str) -> bool:
    """Equal, or numbers within one unit of the coarser last printed digit."""
    if saved == fresh:
        return True
    try:
        a, b = Decimal(saved), Decimal(fresh)
    except InvalidOperation:
        return False
    unit = Decimal(1).scaleb(max(a.as_tuple().exponent, b.as_tuple().exponent))  # type: ignore[arg-type]
    return abs(a - b) <= unit


def differences(saved_nb: Path, fresh_nb: Path) -> list[str]:
    """One line per key that differs between the saved and the fresh notebook."""
    saved, fresh = keys(saved_nb), keys(fresh_nb)
    name = saved_nb.name
    if not fresh:
        return [f"{name}: the fresh run printed no KEY lines (its assert cells should)"]
    out = [f"{name}: {k} missing from the saved outputs (fresh {v})" for k, v in fresh.items() if k not in saved]
    out += [f"{name}: {k} saved but not printed by the fresh run" for k in saved if k not in fresh]
    out += [
        f"{name}: {k} saved {saved[k]}, fresh {v}"
        for k, v in fresh.items()
        if k in saved and not same(saved[k], v)
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=Path, required=True, help="folder of freshly executed copies")
    parser.add_argument("notebooks", type=Path, nargs="+", help="the saved notebooks")
    args = parser.parse_args(argv)
    problems = []
    for nb in args.notebooks:
        fresh = args.fresh / nb.name
        if not fresh.is_file():
            problems.append(f"{nb.name}: no fresh run in {args.fresh}")
            continue
        problems += differences(nb, fresh)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print("saved outputs are stale: run `make notebooks-refresh` and commit", file=sys.stderr)
        return 1
    print(f"saved key figures match a fresh run in {len(args.notebooks)} notebooks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
