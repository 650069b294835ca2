"""A real `supportsim sweep` process, killed or interrupted half-way, loses no finished run."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import supportsim as ss
from supportsim.experiments import ResultStore, SerialExecutor

TOTAL = 24  # runs in conftest's spec_file: 2 schemes x 2 grid points x 6 replications


def _ctrl_c_reaches() -> None:
    """In the child before exec: Ctrl-C as in a terminal, even when these tests run under a
    shell that ignores SIGINT (a background job does), since an ignored signal is inherited."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(spec: Path, out: Path, jobs: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "supportsim.cli", "sweep", str(spec), "--out", str(out)]
    return subprocess.Popen(
        [*cmd, "--jobs", str(jobs), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so its workers can be reaped too
        preexec_fn=_ctrl_c_reaches,
    )


def _wait_for_parts(proc: subprocess.Popen[str], out: Path, n: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(ResultStore(out).finished()) >= n:
            return
        if proc.poll() is not None:
            pytest.fail(f"sweep ended before {n} parts were written: {proc.communicate()}")
        time.sleep(0.01)
    pytest.fail(f"no {n} parts within {timeout} s")


def _reap(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "parts").glob("*.parquet")
    }


def test_sigkill_then_rerun_resumes_without_recomputing(tmp_path: Path, spec_file: Path) -> None:
    out = tmp_path / "out"
    proc = _start(spec_file, out, jobs=1)
    try:
        _wait_for_parts(proc, out, 4)
        os.killpg(proc.pid, signal.SIGKILL)  # no chance to clean up
        proc.wait(timeout=30)
    finally:
        _reap(proc)
    before = _snapshot(out)
    assert 4 <= len(before) < TOTAL, (
        "the sweep must be killed half-way for this test to mean anything"
    )
    partial = ss.load_sweep(out)  # what a killed sweep left is readable
    assert set(partial["task"]) == {p.removesuffix(".parquet") for p in before}

    rerun = _start(spec_file, out, jobs=2)
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    n = len(before)
    assert f"{TOTAL} runs ({TOTAL - n} computed, {n} reused)" in stdout
    after = _snapshot(out)
    assert {k: after[k] for k in before} == before  # finished parts were not rewritten
    assert len(after) == TOTAL
    uninterrupted = ss.sweep(
        spec_file, tmp_path / "whole", executor=SerialExecutor(), progress=False
    )
    pd.testing.assert_frame_equal(ss.load_sweep(out), uninterrupted)


def test_ctrl_c_leaves_valid_partial_results(tmp_path: Path, spec_file: Path) -> None:
    out = tmp_path / "out"
    proc = _start(spec_file, out, jobs=2)
    try:
        _wait_for_parts(proc, out, 3)
        os.kill(proc.pid, signal.SIGINT)  # Ctrl-C reaches the sweep's main process
        _, stderr = proc.communicate(timeout=60)
    finally:
        _reap(proc)
    assert proc.returncode == 130, stderr
    assert "supportsim: interrupted" in stderr and "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    parts = sorted((out / "parts").iterdir())
    assert parts and all(not p.name.startswith(".tmp") for p in parts)
    for p in parts:
        assert pq.read_table(p).num_rows == 1
    partial = ss.load_sweep(out)
    assert 3 <= len(set(partial["task"])) < TOTAL
    assert partial[["callback_rate", "note_quality"]].notna().all().all()
    # the workers went with it: nothing is left in the sweep's process group
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("worker processes outlived the interrupted sweep")


def _workers(pid: int, n: int, timeout: float = 60.0) -> list[int]:
    """The pids of the ``n`` worker processes ``pid`` has started, once they are there."""
    psutil = pytest.importorskip("psutil")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(psutil.Error):
            children = [
                c
                for c in psutil.Process(pid).children(recursive=True)
                if not any("resource_tracker" in part for part in c.cmdline())
            ]
            if len(children) >= n:
                return [c.pid for c in children]
        time.sleep(0.05)
    pytest.fail(f"no {n} worker processes within {timeout} s")


def _gone(pids: list[int], timeout: float = 10.0) -> bool:
    psutil = pytest.importorskip("psutil")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
        if not alive:
            return True
        time.sleep(0.05)
    return False


def test_workers_die_with_a_killed_sweep(tmp_path: Path, spec_file: Path) -> None:
    out = tmp_path / "out"
    proc = _start(spec_file, out, jobs=2)
    try:
        workers = _workers(proc.pid, 2)
        _wait_for_parts(proc, out, 1)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only: no chance to clean up
        proc.wait(timeout=30)
        assert _gone(workers), "worker processes outlived their SIGKILLed parent"
    finally:
        _reap(proc)


def test_ctrl_c_during_compare_is_one_line_and_130() -> None:
    cmd = [sys.executable, "-m", "supportsim.cli", "compare", "--reps", "40", "--jobs", "2"]
    small = ["--set", "agents=6", "--set", "arrivals_per_hour=20", "--set", "days=21"]
    proc = subprocess.Popen(
        [*cmd, "--no-progress", *small],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_ctrl_c_reaches,
    )
    try:
        workers = _workers(proc.pid, 2)
        time.sleep(1.0)  # the workers are busy with runs
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 130, stderr
        assert stderr == "supportsim: interrupted\n" and stdout == ""
        assert _gone(workers)
    finally:
        _reap(proc)


def test_a_killed_worker_is_one_line(tmp_path: Path, spec_file: Path) -> None:
    out = tmp_path / "out"
    proc = _start(spec_file, out, jobs=2)
    try:
        workers = _workers(proc.pid, 2)
        _wait_for_parts(proc, out, 1)
        os.kill(workers[0], signal.SIGKILL)  # e.g. the kernel's out-of-memory killer
        _, stderr = proc.communicate(timeout=60)
    finally:
        _reap(proc)
    assert proc.returncode == 1
    lines = stderr.splitlines()
    assert len(lines) == 2 and lines[0].endswith("run the same command again to resume"), stderr
    assert lines[1] == (
        "supportsim: error: a worker process died unexpectedly (killed, or out of memory?)"
    )
