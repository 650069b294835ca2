"""Results on disk, one Parquet file per finished run, so a sweep can stop and resume.

Layout of a results directory::

    DIR/spec.json          the experiment (as data)
    DIR/provenance.json    package version, code hash, seed, full scenarios, scheme parameters
    DIR/tasks.parquet      the manifest: one row per table row (labels, grid values,
                           replication) with the id of the task (run) that fills it
    DIR/parts/<id>.parquet one small file per finished task: its id and its figures
    DIR/results.parquet    the whole table, written when every task has finished
    DIR/corrupt/           parts found unreadable on a resume, set aside (then recomputed)

Every file is written crash-safe: under a temporary name, flushed to disk (``fsync``),
renamed over its final name (atomic), and the directory flushed too, so a sweep killed at
any moment - even by a power cut - leaves only whole files; leftover temporary files are
ignored and cleared on the next start. The finished tasks are the part files present:
rerunning the sweep skips them. Should a part still be unreadable (a disk that lied, a
copy cut short), the rerun moves it to ``corrupt/`` with a one-line note and computes it
again; :meth:`ResultStore.table` (and so ``load_sweep``) names it instead of failing
obscurely. A directory holds one experiment: :meth:`ResultStore.prepare` refuses a
different spec (other replications, or more grid values, make the same experiment)
unless forced. Run
one sweep per directory at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from supportsim.errors import ConfigError, Note

PARTS = "parts"
SPEC = "spec.json"
PROVENANCE = "provenance.json"
TASKS = "tasks.parquet"
RESULTS = "results.parquet"
CORRUPT = "corrupt"
_TMP = ".tmp-"
#: Keys of a spec that may change without making it another experiment.
SAME_EXPERIMENT_IGNORES = ("name", "replications")


def _fsync_dir(path: Path) -> None:
    """Flush a directory's entries (a rename) to disk; a no-op where directories cannot
    be opened (Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` crash-safe: ``write(tmp)``, fsync the file, rename, fsync the directory."""
    tmp = path.with_name(f"{_TMP}{os.getpid()}-{path.name}")
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _atomic_write_table(table: pa.Table, path: Path) -> None:
    atomic_write(path, lambda tmp: pq.write_table(table, tmp))


def _atomic_write_json(doc: Mapping[str, Any], path: Path) -> None:
    text = json.dumps(doc, indent=2, default=str)
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_part(path: Path) -> pa.Table:
    """A part file's one row; :class:`ConfigError` naming the file if it is not a whole part."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(f"{path}: unreadable part ({first})") from None
    if table.num_rows != 1 or "task" not in table.column_names:
        raise ConfigError(f"{path}: not a part file (expected one row with a task id)")
    if table.column("task")[0].as_py() != path.stem:
        raise ConfigError(f"{path}: holds task {table.column('task')[0].as_py()!r}, not its own")
    return table


def _differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Keys in which ``new`` is another experiment than ``old``: anything but the name, the
    replications and added grid values."""
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in SAME_EXPERIMENT_IGNORES]
    return [k for k in keys if not _same(k, old.get(k), new.get(k))]


def _same(key: str, old: Any, new: Any) -> bool:
    if key == "grid" and isinstance(old, dict) and isinstance(new, dict) and set(old) == set(new):
        return all(all(v in new[k] for v in values) for k, values in old.items())
    return bool(old == new)


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

    def prepare(
        self,
        spec: Mapping[str, Any],
        tasks: pd.DataFrame,
        *,
        provenance: Mapping[str, Any] | None = None,
        force: bool = False,
    ) -> list[Path]:
        """Create the directory, clear stale temporary files, set unreadable parts aside,
        write spec, provenance and manifest; returns the parts set aside.

        A directory that already holds results keeps its part files: tasks whose id is
        unchanged (same scenario, scheme, seed and replication) are reused. A directory
        that holds another experiment (its ``spec.json`` differs in more than the name, the
        replications and added grid values) is refused unless ``force``.
        """
        if self.root.exists() and not self.root.is_dir():
            raise ConfigError(f"--out {str(self.root)!r}: exists and is not a directory")
        if not isinstance(force, bool):
            raise ConfigError(f"force = {force!r}: must be True or False")
        self._same_experiment(spec, force)
        try:
            self.parts_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ConfigError(
                f"--out {str(self.root)!r}: cannot create it ({err.strerror})"
            ) from None
        for stale in [*self.parts_dir.glob(f"{_TMP}*"), *self.root.glob(f"{_TMP}*")]:
            stale.unlink(missing_ok=True)
        set_aside = self.set_aside_unreadable()
        (self.root / RESULTS).unlink(missing_ok=True)  # rewritten once complete
        _atomic_write_json(spec, self.root / SPEC)
        if provenance is not None:
            _atomic_write_json(provenance, self.root / PROVENANCE)
        _atomic_write_table(pa.Table.from_pandas(tasks, preserve_index=False), self.root / TASKS)
        return set_aside

    def _same_experiment(self, spec: Mapping[str, Any], force: bool) -> None:
        """Refuse a spec other than the one the directory holds (unless ``force``)."""
        path = self.root / SPEC
        if force or not path.is_file():
            return
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if not isinstance(old, dict):  # unreadable: keep it aside and write the new one
            self._set_aside(path, "an unreadable spec.json")
            return
        diff = _differences(old, json.loads(json.dumps(spec, default=str)))
        if diff:
            raise ConfigError(
                f"results directory {str(self.root)!r} holds spec {old.get('name')!r}, not"
                f" {spec.get('name')!r} (they differ in {', '.join(diff)}): use another"
                " directory, or --force (force=True in Python) to run this spec there anyway"
            )

    def _set_aside(self, path: Path, what: str) -> Path:
        """Move ``path`` into ``corrupt/`` with a one-line note; returns where it went."""
        target_dir = self.root / CORRUPT
        target_dir.mkdir(exist_ok=True)
        target = target_dir / path.name
        n = 1
        while target.exists():
            target = target_dir / f"{path.stem}.{n}{path.suffix}"
            n += 1
        os.replace(path, target)
        _fsync_dir(path.parent)
        warnings.warn(
            Note(f"set aside {what} {path.name} in {target_dir}; it will be written anew"),
            stacklevel=3,
        )
        return target

    def set_aside_unreadable(self) -> list[Path]:
        """Move every part that is not a whole part file into ``corrupt/`` (one note each),
        so its task counts as unfinished and runs again; returns the moved parts."""
        moved = []
        for path in self._part_files():
            try:
                read_part(path)
            except ConfigError:
                moved.append(self._set_aside(path, "unreadable part"))
        return moved

    def _part_files(self) -> list[Path]:
        if not self.parts_dir.is_dir():
            return []
        files = sorted(self.parts_dir.glob("*.parquet"))
        return [f for f in files if not f.name.startswith(_TMP)]

    def finished(self) -> set[str]:
        """Ids of the tasks whose part file is present."""
        return {p.stem for p in self._part_files()}

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
        return self._json(SPEC)

    def provenance(self) -> dict[str, Any]:
        """Where the results came from (see :mod:`supportsim.provenance`)."""
        return self._json(PROVENANCE)

    def _json(self, name: str) -> dict[str, Any]:
        path = self.root / name
        if not path.is_file():
            raise ConfigError(f"{str(self.root)!r}: no sweep results here (no {name})")
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ConfigError(f"{path}: unreadable ({err}); run the sweep again") from None
        if not isinstance(doc, dict):
            raise ConfigError(f"{path}: not a JSON object; run the sweep again")
        return doc

    def tasks(self) -> pd.DataFrame:
        """The manifest: one row per table row, with its task id."""
        path = self.root / TASKS
        if not self.root.is_dir() or not path.is_file():
            raise ConfigError(f"{str(self.root)!r}: no sweep results here (no {TASKS})")
        try:
            return pq.read_table(path).to_pandas()
        except (OSError, pa.ArrowException, ValueError) as err:
            first = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise ConfigError(
                f"{path}: unreadable manifest ({first}); run the sweep again"
            ) from None

    def parts(self) -> pd.DataFrame:
        """Every finished task's figures, one row per task (``task`` then the figures).

        An unreadable part is a :class:`ConfigError` naming it: rerunning the sweep sets it
        aside and computes it again.
        """
        files = self._part_files()
        if not files:
            return pd.DataFrame({"task": pd.Series([], dtype=str)})
        tables = []
        for f in files:
            try:
                tables.append(read_part(f))
            except ConfigError as err:
                raise ConfigError(
                    f"{err}; run the sweep again to set it aside and recompute it"
                ) from None
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
