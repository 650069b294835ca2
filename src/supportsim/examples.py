"""Find the files the project ships beside the package (``examples/``: policies, sweeps, logs).

The examples live in the repository, not in the installed package, so a notebook or script
copied elsewhere looks for them from where it runs (the working directory and its parents)
and from where the package was installed from (an editable install: ``pip install -e .``).

>>> example_path("policies", "tiered_csat_aht_gate.toml").name   # doctest: +SKIP
'tiered_csat_aht_gate.toml'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["example_path"]


def _roots() -> list[Path]:
    here = Path.cwd().resolve()
    package_repo = Path(__file__).resolve().parents[2]  # src/supportsim/examples.py -> repo
    return list(dict.fromkeys([here, *here.parents, package_repo]))


def example_path(*parts: str) -> Path:
    """The path of ``examples/<parts...>`` in the supportsim repository.

    Raises
    ------
    FileNotFoundError
        In one line, naming the file, where it was looked for and what to do, when
        neither the working directory (or a parent) nor the package's source tree holds it.
    """
    rel = Path("examples", *parts)
    for root in _roots():
        if (root / rel).exists():
            return root / rel
    raise FileNotFoundError(
        f"{rel.as_posix()} not found from {Path.cwd()} or the installed supportsim: run from "
        "a clone of the supportsim repository, or install it from one with "
        "pip install -e '.[notebooks]'"
    )
