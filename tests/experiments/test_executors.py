"""The same sweep on any executor gives the same table: serial, local processes, a Dask cluster."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from small_specs import SpecFactory

import supportsim as ss
from supportsim.experiments import (
    ResultStore,
    SerialExecutor,
    dask_executor,
    local_executor,
    open_executor,
)
from supportsim.experiments.executors import capacity


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A real Dask cluster on this machine: 2 worker processes, 1 thread each."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


def test_serial_local_and_dask_give_identical_tables(
    tmp_path: Path, small_spec: SpecFactory, cluster_address: str
) -> None:
    spec = small_spec(grid={"defect_share": [0.1, 0.3], "stars.bonus": [0.1, 0.3]})
    serial = ss.sweep(spec, tmp_path / "serial", executor=SerialExecutor(), progress=False)
    with local_executor(2) as pool:
        assert capacity(pool) == 2
        local = ss.sweep(spec, tmp_path / "local", executor=pool, progress=False)
    with dask_executor(cluster_address) as ex:
        assert capacity(ex) == 2
        dask = ss.sweep(spec, tmp_path / "dask", executor=ex, progress=False)
    assert len(serial) == 4 * 2 * 2
    pd.testing.assert_frame_equal(local, serial)
    pd.testing.assert_frame_equal(dask, serial)
    # and the files on disk agree too
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "dask" / "results.parquet"),
        pd.read_parquet(tmp_path / "serial" / "results.parquet"),
    )


def test_cli_scheduler_flag_runs_on_the_cluster(
    tmp_path: Path, spec_file: Path, cluster_address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from supportsim.cli import main

    out = tmp_path / "out"
    assert main(["sweep", str(spec_file), "--out", str(out), "--scheduler", cluster_address]) == 0
    assert "24 runs (24 computed, 0 reused)" in capsys.readouterr().out
    serial = ss.sweep(spec_file, tmp_path / "serial", executor=SerialExecutor(), progress=False)
    pd.testing.assert_frame_equal(ss.load_sweep(out), serial)


def test_unreachable_scheduler_is_a_one_line_error() -> None:
    with (
        pytest.raises(ss.ConfigError, match=r"--scheduler 'tcp://127\.0\.0\.1:9': cannot connect"),
        dask_executor("tcp://127.0.0.1:9", timeout="1s"),
    ):
        pass


def test_open_executor_choices() -> None:
    with open_executor(workers=1) as ex:
        assert isinstance(ex, SerialExecutor) and capacity(ex) == 1
    with open_executor(workers=2) as ex:
        assert capacity(ex) == 2
        assert ex.submit(pow, 2, 10).result() == 1024
    with (
        pytest.raises(ss.ConfigError, match=r"workers = 0: must be an integer >= 1"),
        open_executor(workers=0),
    ):
        pass


def test_a_failing_task_surfaces_its_error() -> None:
    future = SerialExecutor().submit(int, "not a number")
    with pytest.raises(ValueError, match="invalid literal"):
        future.result()


def test_jobs_and_scheduler_together_are_refused() -> None:
    with (
        pytest.raises(ss.ConfigError, match=r"--jobs 2 with --scheduler 'tcp://x:1': .*give one"),
        open_executor("tcp://x:1", 2),
    ):
        pass


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "supportsim.cli", *args]


def test_a_bad_scheduler_address_fails_at_once_in_one_line(spec_file: Path) -> None:
    start = time.monotonic()
    proc = subprocess.run(
        _cli("sweep", str(spec_file), "--out", "never", "--scheduler", "not a url"),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "supportsim: error: --scheduler 'not a url': not a scheduler address; expected"
        " [tcp://]HOST:PORT, e.g. tcp://10.0.0.5:8786\n"
    )
    assert time.monotonic() - start < 10  # no 20-second hang, no Client.__del__ traceback


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_losing_the_scheduler_is_one_line_and_the_resume_hint(
    tmp_path: Path, spec_file: Path
) -> None:
    pytest.importorskip("distributed")
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rpartition(":")[2]
    dask = [sys.executable, "-m", "distributed.cli"]
    scheduler = subprocess.Popen(
        [*dask[:2], f"{dask[2]}.dask_scheduler", "--port", port, "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [*dask[:2], f"{dask[2]}.dask_worker", address, "--nthreads", "1", "--no-dashboard"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out = tmp_path / "out"
    sweep = subprocess.Popen(
        _cli("sweep", str(spec_file), "--out", str(out), "--scheduler", address, "--no-progress"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while len(ResultStore(out).finished()) < 2 and time.monotonic() < deadline:
            assert sweep.poll() is None, sweep.communicate()
            time.sleep(0.02)
        scheduler.kill()
        _, stderr = sweep.communicate(timeout=90)
    finally:
        for proc in (sweep, scheduler, worker):
            proc.kill()
            proc.wait()
    saved = len(ResultStore(out).finished())
    assert 2 <= saved < 24, "the scheduler must be lost half-way for this test to mean anything"
    assert sweep.returncode == 1
    assert stderr.splitlines() == [
        f"supportsim: {saved} finished runs are saved in {out}; run the same command again"
        " to resume",
        f"supportsim: error: --scheduler {address!r}: lost the connection to the Dask"
        " scheduler (CancelledError)",
    ]
    rerun = subprocess.run(
        _cli("sweep", str(spec_file), "--out", str(out), "--jobs", "2", "--no-progress"),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert f"24 runs ({24 - saved} computed, {saved} reused)" in rerun.stdout, rerun.stderr
    serial = ss.sweep(spec_file, tmp_path / "serial", executor=SerialExecutor(), progress=False)
    pd.testing.assert_frame_equal(ss.load_sweep(out), serial)
