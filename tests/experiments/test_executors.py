"""The same sweep on any executor gives the same table: serial, local processes, a Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from small_specs import SpecFactory

import supportsim as ss
from supportsim.experiments import SerialExecutor, dask_executor, local_executor, open_executor
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
