"""Results directories survive what a power cut leaves: damaged parts are set aside and
recomputed, every file is flushed before it is renamed, and a directory holds one experiment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from small_specs import SpecFactory

import supportsim as ss
from supportsim.cli import main
from supportsim.errors import Note
from supportsim.experiments import ResultStore, SerialExecutor, load_sweep, run_sweep


def _damage(out: Path) -> tuple[str, str]:
    """Empty one part (a power cut before the data reached the disk), truncate another."""
    store = ResultStore(out)
    empty, cut = sorted(store.finished())[:2]
    store.part_path(empty).write_bytes(b"")
    data = store.part_path(cut).read_bytes()
    store.part_path(cut).write_bytes(data[: len(data) // 2])
    return empty, cut


def test_damaged_parts_are_set_aside_and_recomputed(
    tmp_path: Path, small_spec: SpecFactory
) -> None:
    out = tmp_path / "out"
    full = ss.sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    empty, cut = _damage(out)
    with pytest.raises(
        ss.ConfigError,
        match=rf"^{out / 'parts' / empty}\.parquet: unreadable part \(.*\); run the sweep again"
        r" to set it aside and recompute it$",
    ):
        load_sweep(out)
    with pytest.warns(Note) as notes:
        again = run_sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    assert [str(n.message) for n in notes] == [
        f"set aside unreadable part {task}.parquet in {out / 'corrupt'}; it will be written anew"
        for task in sorted([empty, cut])
    ]
    assert (again.computed, again.reused) == (2, 6)
    assert sorted(p.name for p in (out / "corrupt").iterdir()) == sorted(
        [f"{empty}.parquet", f"{cut}.parquet"]
    )
    pd.testing.assert_frame_equal(again.table, full)
    pd.testing.assert_frame_equal(load_sweep(out), full)


def _spec_file(tmp_path: Path, replications: int) -> Path:
    """A spec file named cli.toml: one small scenario, flat salary, seed 5."""
    path = tmp_path / "cli.toml"
    path.write_text(
        f"seed = 5\nreplications = {replications}\n[scenarios.small]\nagents = 6\n"
        "arrivals_per_hour = 20.0\ndays = 14\nwarmup_days = 7\n[schemes.flat_salary]\n",
        encoding="utf-8",
    )
    return path


def test_the_cli_notes_each_damaged_part_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    spec_file = _spec_file(tmp_path, replications=4)
    args = ["sweep", str(spec_file), "--out", str(out), "--jobs", "1", "--no-progress"]
    assert main(args) == 0
    capsys.readouterr()
    _damage(out)
    assert main(args) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 2 and all(
        line.startswith("supportsim: note: set aside unreadable part ") for line in lines
    )
    assert "4 runs (2 computed, 2 reused)" in captured.out


def test_every_file_is_flushed_before_it_is_renamed(
    tmp_path: Path, small_spec: SpecFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os,
        "replace",
        lambda a, b: (events.append(f"replace {Path(b).name}"), real_replace(a, b))[1],
    )
    ss.sweep(small_spec(), tmp_path / "out", executor=SerialExecutor(), progress=False)
    renames = [i for i, e in enumerate(events) if e.startswith("replace")]
    assert len(renames) == 8 + 4  # parts, spec, provenance, manifest, results
    for i in renames:  # the file before its rename, its directory after
        assert events[i - 1] == "fsync" and events[i + 1] == "fsync", events[i - 1 : i + 2]


def test_another_spec_is_refused_unless_forced(
    tmp_path: Path, small_spec: SpecFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    spec_file = _spec_file(tmp_path, replications=1)
    ss.sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    spec_before = (out / "spec.json").read_text(encoding="utf-8")
    message = (
        f"results directory {str(out)!r} holds spec 'small', not 'cli' (they differ in seed,"
        " schemes, grid): use another directory, or --force (force=True in Python) to run this"
        " spec there anyway"
    )
    args = ["sweep", str(spec_file), "--out", str(out), "--jobs", "1", "--no-progress"]
    assert main(args) == 2
    assert capsys.readouterr().err == f"supportsim: error: {message}\n"
    assert (out / "spec.json").read_text(encoding="utf-8") == spec_before  # untouched
    # more replications of the same experiment is no other spec
    more = run_sweep(small_spec(replications=3), out, executor=SerialExecutor(), progress=False)
    assert more.reused == 8
    wider = small_spec(replications=1, grid={"defect_share": [0.1, 0.2, 0.3]})  # nor are values
    assert run_sweep(wider, out, executor=SerialExecutor(), progress=False).reused == 4
    fewer = small_spec(grid={"defect_share": [0.1]})  # but dropping values is another spec
    with pytest.raises(ss.ConfigError, match=r"\(they differ in grid\)"):
        run_sweep(fewer, out, executor=SerialExecutor(), progress=False)
    assert main([*args, "--force"]) == 0
    assert json.loads((out / "spec.json").read_text(encoding="utf-8"))["name"] == "cli"


def test_an_unreadable_spec_json_is_set_aside(tmp_path: Path, small_spec: SpecFactory) -> None:
    out = tmp_path / "out"
    ss.sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    (out / "spec.json").write_text('{"name": "sm', encoding="utf-8")
    with pytest.warns(Note, match=r"set aside an unreadable spec\.json spec\.json"):
        again = run_sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    assert again.reused == 8 and (out / "corrupt" / "spec.json").exists()
    (out / "tasks.parquet").write_bytes(b"PAR1")
    with pytest.raises(ss.ConfigError, match=r"tasks\.parquet: unreadable manifest .* run the"):
        load_sweep(out)


def test_the_directory_records_its_provenance(tmp_path: Path, small_spec: SpecFactory) -> None:
    out = tmp_path / "out"
    outcome = run_sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    doc = ResultStore(out).provenance()
    assert doc == outcome.provenance
    assert doc["version"] == ss.__version__ and len(doc["code"]) == 16
    assert doc["seed"] == 3 and doc["replications"] == 2
    small = ss.get_scenario("default").replace(
        agents=6, arrivals_per_hour=20.0, days=14, warmup_days=7
    )
    assert doc["scenarios"]["small"] == small.to_dict()
    assert doc["schemes"]["stars"]["threshold"] == 7.0
    assert doc["grid"] == {"defect_share": [0.1, 0.3]}
