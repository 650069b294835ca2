"""Sweeps: the table's shape, common random numbers, streaming to Parquet, resuming."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from small_specs import SpecFactory

import supportsim as ss
from supportsim.experiments import (
    ResultStore,
    SerialExecutor,
    load_sweep,
    run_sweep,
    split_columns,
    sweep_differences,
    sweep_table,
)


def test_table_rows_are_runs_under_common_random_numbers(
    tmp_path: Path, small_spec: SpecFactory
) -> None:
    table = ss.sweep(small_spec(), tmp_path / "out", executor=SerialExecutor(), progress=False)
    assert len(table) == 2 * 2 * 2  # grid points x replications x schemes
    grid, figures = split_columns(table)
    assert grid == ["defect_share"]
    assert set(ss.METRICS) <= set(figures) and "bonus_misclassified" in figures
    # replication r of a scheme at a grid point is exactly supportsim.run(..., replication=r)
    row = table[(table["scheme"] == "stars") & (table["point"] == 1) & (table["replication"] == 1)]
    sc = ss.get_scenario("default").replace(
        agents=6, arrivals_per_hour=20.0, days=14, warmup_days=7, defect_share=0.3
    )
    expected = ss.run(sc, ss.make_scheme("star_bonus", threshold=7.0), seed=3, replication=1)
    for key in ("callback_rate", "note_quality", "cost_per_resolved", "rating_noise"):
        assert row[key].item() == expected.summary[key]
    assert load_sweep(tmp_path / "out").equals(table)
    assert pq.read_table(tmp_path / "out" / "results.parquet").num_rows == len(table)


def test_rerun_reuses_every_run_and_extension_reuses_old_ones(
    tmp_path: Path, small_spec: SpecFactory
) -> None:
    out = tmp_path / "out"
    first = run_sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    assert (first.computed, first.reused) == (8, 0)
    parts = {p.name: p.stat().st_mtime_ns for p in (out / "parts").iterdir()}
    again = run_sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    assert (again.computed, again.reused) == (0, 8)
    pd.testing.assert_frame_equal(again.table, first.table)
    # one more replication: only the new runs are computed, old part files untouched
    more = run_sweep(small_spec(replications=3), out, executor=SerialExecutor(), progress=False)
    assert (more.computed, more.reused) == (4, 8)
    assert {p: (out / "parts" / p).stat().st_mtime_ns for p in parts} == parts
    old = more.table[more.table["replication"] < 2].reset_index(drop=True)
    pd.testing.assert_frame_equal(old, first.table, check_like=False)


def test_lost_parts_are_recomputed_identically(tmp_path: Path, small_spec: SpecFactory) -> None:
    out = tmp_path / "out"
    full = ss.sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    store = ResultStore(out)
    gone = sorted(store.finished())[:3]
    for task in gone:
        store.part_path(task).unlink()
    (out / "parts" / ".tmp-123-deadbeef.parquet").write_bytes(b"half a file")  # a killed write
    assert len(load_sweep(out)) == len(full) - len(full[full["task"].isin(gone)])
    again = run_sweep(small_spec(), out, executor=SerialExecutor(), progress=False)
    assert again.computed == 3
    pd.testing.assert_frame_equal(again.table, full)
    assert not list((out / "parts").glob(".tmp-*"))


def test_statistics_per_grid_point(tmp_path: Path, small_spec: SpecFactory) -> None:
    table = ss.sweep(
        small_spec(replications=3), tmp_path / "o", executor=SerialExecutor(), progress=False
    )
    ci = sweep_table(table, ["callback_rate", "note_quality"])
    assert list(ci.columns) == [
        "scenario", "point", "defect_share", "scheme", "metric", "mean", "lo", "hi", "n",
    ]  # fmt: skip
    assert len(ci) == 2 * 2 * 2 and (ci["n"] == 3).all()
    assert (ci["lo"] <= ci["mean"]).all() and (ci["mean"] <= ci["hi"]).all()
    sub = table[(table["point"] == 0) & (table["scheme"] == "stars")]["callback_rate"]
    cell = ci[(ci["point"] == 0) & (ci["scheme"] == "stars") & (ci["metric"] == "callback_rate")]
    assert cell["mean"].item() == pytest.approx(sub.mean())
    diffs = sweep_differences(table, metrics=["callback_rate"])
    assert set(diffs["baseline"]) == {"flat_salary"} and set(diffs["scheme"]) == {"stars"}
    at0 = table[table["point"] == 0].pivot(
        index="replication", columns="scheme", values="callback_rate"
    )
    d = (at0["stars"] - at0["flat_salary"]).to_numpy()
    assert diffs.loc[diffs["point"] == 0, "diff"].item() == pytest.approx(np.mean(d))
    with pytest.raises(ss.ConfigError, match=r"unknown metric 'calback_rate'\. Did you mean"):
        sweep_table(table, ["calback_rate"])


def test_not_a_results_directory(tmp_path: Path) -> None:
    with pytest.raises(ss.ConfigError, match=r"no sweep results here"):
        load_sweep(tmp_path)


def test_a_sweep_runs_a_composed_policy_and_keeps_its_rule_figures(tmp_path: Path) -> None:
    spec = {
        "seed": 1,
        "replications": 2,
        "scenarios": {"small": {"agents": 6, "arrivals_per_hour": 20.0, "days": 21}},
        "schemes": {
            "flat_salary": {},
            "tiered": {
                "scheme": "policy",
                "bonus": [{"score": "mean_stars", "tiers": [{"at": 7.0, "pay": 0.1}]}],
            },
        },
        "grid": {"tiered.salary": [0.9, 1.0]},
    }
    table = ss.sweep(spec, tmp_path / "out", executor=SerialExecutor(), progress=False)
    tiered = table[table["scheme"] == "tiered"]
    assert tiered["rule:bonus.0:paid"].notna().all() and "rule:bonus.0:tier.0" in table
    assert table.loc[table["scheme"] == "flat_salary", "rule:bonus.0:paid"].isna().all()
    assert tiered.groupby("tiered.salary")["cost_per_resolved"].mean().is_monotonic_increasing
