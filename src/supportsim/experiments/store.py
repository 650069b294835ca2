"""Results on disk, one Parquet file per finished run, so a sweep can stop and resume.

Layout of a results directory::

    DIR/spec.json          the experiment (as data)
    DIR/tasks.parquet      the manifest: one row per table row (labels, grid values,
                           replication) with the id of the task (run) that fills it
    DIR/parts/<id>.parquet one small file per finished task: its id and its figures
    DIR/results.parquet    the whole table, written when every task has finished

A part file appears only once complete (written under a temporary name, then renamed,
which is atomic), so a sweep killed at any moment leaves only whole results; leftover
temporary files are ignored and cleared on the next start. The finished tasks are the
part files present: rerunning the sweep skips them. Run one sweep per directory at a time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from supportsim.errors import ConfigError

PARTS = "parts"
SPEC = "spec.json"
TASKS = "tasks.parquet"
RESULTS = "results.parquet"
_TMP = ".tmp-"


def _atomic_write_table(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f"{_TMP}{os.getpid()}-{path.name}")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class ResultStore:
    """A results directory (see the module docstring).

    Parameters
    ----------
    root
        The directory; created by :meth:`prepare`.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def parts_dir(self) -> Path:
        """Where the per-task part files live."""
        return self.root / PARTS

    def prepare(self, spec: Mapping[str, Any], tasks: pd.DataFrame) -> None:
        """Create the directory, clear stale temporary files, write spec and manifest.

        A directory that already holds results keeps its part files: tasks whose id is
        unchanged (same scenario, scheme, seed and replication) are reused.
        """
        if self.root.exists() and not self.root.is_dir():
            raise ConfigError(f"--out {str(self.root)!r}: exists and is not a directory")
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        for stale in [*self.parts_dir.glob(f"{_TMP}*"), *self.root.glob(f"{_TMP}*")]:
            stale.unlink(missing_ok=True)
        (self.root / RESULTS).unlink(missing_ok=True)  # rewritten once complete
        tmp = self.root / f"{_TMP}{SPEC}"
        tmp.write_text(json.dumps(spec, indent=2, default=str), encoding="utf-8")
        os.replace(tmp, self.root / SPEC)
        _atomic_write_table(pa.Table.from_pandas(tasks, preserve_index=False), self.root / TASKS)

    def finished(self) -> set[str]:
        """Ids of the tasks whose part file is present."""
        if not self.parts_dir.is_dir():
            return set()
        return {p.stem for p in self.parts_dir.glob("*.parquet") if not p.name.startswith(_TMP)}

    def part_path(self, task: str) -> Path:
        """The part file of task ``task``."""
        return self.parts_dir / f"{task}.parquet"

    def write_part(self, task: str, figures: Mapping[str, float]) -> Path:
        """Save one finished task's figures (atomically); returns the part file."""
        row = {"task": task, **{k: float(v) for k, v in figures.items()}}
        path = self.part_path(task)
        _atomic_write_table(pa.Table.from_pylist([row]), path)
        return path

    def spec(self) -> dict[str, Any]:
        """The experiment this directory holds."""
        path = self.root / SPEC
        if not path.is_file():
            raise ConfigError(f"{str(self.root)!r}: no sweep results here (no {SPEC})")
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return doc

    def tasks(self) -> pd.DataFrame:
        """The manifest: one row per table row, with its task id."""
        path = self.root / TASKS
        if not path.is_file():
            raise ConfigError(f"{str(self.root)!r}: no sweep results here (no {TASKS})")
        return pq.read_table(path).to_pandas()

    def parts(self) -> pd.DataFrame:
        """Every finished task's figures, one row per task (``task`` then the figures)."""
        files = sorted(self.parts_dir.glob("*.parquet")) if self.parts_dir.is_dir() else []
        files = [f for f in files if not f.name.startswith(_TMP)]
        if not files:
            return pd.DataFrame({"task": pd.Series([], dtype=str)})
        tables = [pq.read_table(f) for f in files]
        return pa.concat_tables(tables, promote_options="default").to_pandas()

    def table(self) -> pd.DataFrame:
        """The manifest joined with the finished tasks' figures (unfinished rows left out)."""
        tasks = self.tasks()
        return tasks.merge(self.parts(), on="task", how="inner", validate="many_to_one")

    def write_results(self, table: pd.DataFrame) -> Path:
        """Save the complete table as ``results.parquet``; returns its path."""
        path = self.root / RESULTS
        _atomic_write_table(pa.Table.from_pandas(table, preserve_index=False), path)
        return path
