"""The resource guard refuses, before allocating anything, what no machine could run or what
could give no figure: one line naming the parameter, what it would take and the limit."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

import supportsim as ss
from supportsim.cli import main
from supportsim.guard import Limits, check_jobs, check_run, estimate
from supportsim.rng import replication_seed, replication_seeds

#: Limits that do not depend on this machine's memory or cores.
LIMITS = Limits(memory_bytes=16 * 1024**3, memory_source="test", jobs=8)


@pytest.fixture(autouse=True)
def _fixed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPORTSIM_MAX_MEMORY_MB", str(16 * 1024))
    monkeypatch.setenv("SUPPORTSIM_MAX_JOBS", "8")


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (
            ["agents=1000000000"],
            "agents = 1000000000: a run would need about 63.3 TB of memory; the limit is 16 GB"
            " (SUPPORTSIM_MAX_MEMORY_MB)",
        ),
        (
            ["days=1e9"],
            "days = 1000000000: a run would simulate about 789 billion contacts, from 500"
            " billion new issues over 1,000,000,000 days; the limit is 200 million a run"
            " (SUPPORTSIM_MAX_CONTACTS)",
        ),
        (
            ["arrivals_per_hour=1e12"],
            "arrivals_per_hour = 1e+12: a run would simulate about 7.8e+15 contacts, from"
            " 2.6e+15 new issues over 364 days; the limit is 200 million a run",
        ),
        (
            ["mean_handle_min=1e9"],
            "mean_handle_min = 1e+09: the mean contact would last longer than the measured run"
            " (514,080 min), so none could be answered",
        ),
        (
            ["arrivals_per_hour=1e-9"],
            "arrivals_per_hour = 1e-09: about 2.6e-06 new issues would arrive in the 357"
            " measured days; a run needs at least 1",
        ),
        (
            ["agents=1", "retry_prob=1.0", "mean_patience_min=0.01", "mean_retry_min=0.01"],
            "retry_prob = 1: a run would simulate about 3.6e+12 contacts, as customers"
            " would retry up to 13.1 million times each (mean_patience_min = 0.01,"
            " mean_retry_min = 0.01, offered work 17.7 x the rostered hours)",
        ),
        (
            ["monitor_interval_min=1e-9"],
            "monitor_interval_min = 1e-09: a run would need about 47,672 TB of memory",
        ),
        (
            ["agents=100000"],
            "agents = 100000: a team of 100,000 agents; the limit is 20,000 a run"
            " (SUPPORTSIM_MAX_AGENTS: run time grows with it)",
        ),
        (
            ["days=300000", "arrivals_per_hour=1"],
            "days = 300000: 300,000 simulated days; the limit is 36,500 a run",
        ),
        (
            ["arrivals_per_hour=7000", "agents=2500", "days=700"],
            "arrivals_per_hour = 7000: a run would need about 53.2 GB of memory; the limit is"
            " 16 GB (SUPPORTSIM_MAX_MEMORY_MB); without tables (--summary-only, tables=False)"
            " it would need 1.57 GB",
        ),
    ],
)
def test_what_cannot_run_is_refused_at_once(
    sets: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    start = time.monotonic()
    args = ["run", "--seed", "1"] + [a for s in sets for a in ("--set", s)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("supportsim: error: "), err
    assert message in err
    assert time.monotonic() - start < 5


def test_python_api_refuses_too(small: ss.Scenario) -> None:
    big = small.replace(agents=1_000_000_000)
    with pytest.raises(ss.ConfigError, match=r"^agents = 1000000000: a run would need about"):
        ss.run(big)
    with pytest.raises(ss.ConfigError, match=r"^reps = 1000000000: that makes 2 billion runs;"):
        ss.compare(small, ["flat_salary", "star_bonus"], reps=1_000_000_000, jobs=1)
    with pytest.raises(ss.ConfigError, match=r"^jobs = 100000: at most 8 worker processes"):
        ss.compare(small, ["flat_salary"], reps=2, jobs=100_000)
    for bad in (True, 1.5, -1, "3"):
        with pytest.raises(ss.ConfigError, match=r"^replication = .*: must be a non-negative"):
            ss.run(small, replication=bad)  # type: ignore[arg-type]
    with pytest.raises(ss.ConfigError, match=r"^scenario = 5: must be a scenario name"):
        ss.run(5)  # type: ignore[arg-type]
    with pytest.raises(ss.ConfigError, match=r"^scheme = 5: must be a scheme name"):
        ss.run(small, 5)  # type: ignore[arg-type]
    with pytest.raises(ss.ConfigError, match=r"^schemes = 'flat_salary': must be a list"):
        ss.compare(small, "flat_salary", reps=2)  # type: ignore[arg-type]


def test_a_huge_sweep_is_refused_before_planning(tmp_path: Path) -> None:
    spec = {
        "replications": 1_000_000_000,
        "scenarios": {"s": {"agents": 6, "days": 14}},
        "schemes": {"flat_salary": {}},
    }
    start = time.monotonic()
    with pytest.raises(
        ss.ConfigError,
        match=r"^spec\.replications = 1000000000: that makes 1 billion runs; the limit is 1"
        r" million runs a command \(SUPPORTSIM_MAX_RUNS\)$",
    ):
        ss.sweep(spec, tmp_path / "out")
    grid = {"defect_share": [i / 2001 for i in range(1, 2001)], "skill_sd": list(range(1000))}
    with pytest.raises(
        ss.ConfigError,
        match=r"^spec \[grid\]: 2000 x 1000 = 2,000,000 points: that makes 2 million runs;",
    ):
        ss.sweep({**spec, "replications": 1, "grid": grid}, tmp_path / "out")
    assert time.monotonic() - start < 10
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_limits_come_from_the_environment(
    small: ss.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPORTSIM_MAX_CONTACTS", "100")
    with pytest.raises(ss.ConfigError, match=r"the limit is 100 a run \(SUPPORTSIM_MAX_CONTACTS\)"):
        ss.run(small)
    monkeypatch.setenv("SUPPORTSIM_MAX_CONTACTS", "lots")
    with pytest.raises(
        ss.ConfigError,
        match=r"^environment variable SUPPORTSIM_MAX_CONTACTS = 'lots': must be a number > 0$",
    ):
        ss.run(small)


def test_the_estimate_is_on_the_high_side_but_close(small: ss.Scenario) -> None:
    e = estimate(small, tables=True)
    result = ss.run(small, seed=1)
    assert len(result.contacts) <= e.contacts <= 3 * len(result.contacts)
    assert e.memory_bytes < 1024**3
    assert check_run(small, limits=LIMITS) == e
    assert check_jobs(8, limits=LIMITS) == 8


def test_replication_r_is_reached_directly_and_unchanged() -> None:
    for seed in (0, 1, 12345):
        children = np.random.SeedSequence(seed).spawn(6)
        for r, child in enumerate(children):
            want = child.generate_state(4).tolist()
            assert replication_seed(seed, r).generate_state(4).tolist() == want
            assert replication_seeds(seed, 6)[r].generate_state(4).tolist() == want


def test_a_far_replication_runs_at_once(small: ss.Scenario) -> None:
    start = time.monotonic()
    far = ss.run(small, seed=1, replication=10**12, tables=False)
    assert far.replication == 10**12
    assert time.monotonic() - start < 10
    near = ss.run(small, seed=1, replication=3, tables=False)
    assert far.summary != near.summary
