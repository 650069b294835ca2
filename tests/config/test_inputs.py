"""Every input file ends in one line and exit 2 when it cannot be used: binary, a directory,
nested too deep, or a file of another kind (a sweep spec given as a scenario, ...)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import supportsim as ss
from supportsim.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SWEEP = EXAMPLES / "sweeps" / "defect_share.toml"
POLICY = EXAMPLES / "policies" / "per_call_quota.toml"


def _error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    try:
        code = main(args)
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code  # type: ignore[assignment]
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("supportsim: error: ")
    return captured.err.removeprefix("supportsim: error: ").strip()


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"agents = 3\n\x89PNG\r\n\x1a\n\x00\xff\xfe")
    directory = tmp_path / "dir.toml"
    directory.mkdir()
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    scenario = tmp_path / "center.toml"
    scenario.write_text("agents = 6\n[demand]\narrivals_per_hour = 10.0\n", encoding="utf-8")
    return {"binary": binary, "dir": directory, "deep": deep, "scenario": scenario}


def test_unusable_files(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    b, d = str(files["binary"]), str(files["dir"])
    assert _error(["sweep", b, "--out", "o"], capsys) == (
        f"sweep spec {b!r}: not a text file (byte 0x89 at offset 11 is not UTF-8); expected TOML"
    )
    assert _error(["run", "--scenario", b], capsys) == (
        f"scenario file {b!r}: not a text file (byte 0x89 at offset 11 is not UTF-8); expected TOML"
    )
    assert _error(["evaluate", b, "--out", "r.html"], capsys).startswith(
        f"policy file {b!r}: not a text file"
    )
    assert _error(["sweep", d, "--out", "o"], capsys) == (
        f"sweep spec {d!r}: is a directory, not a .toml file"
    )
    assert _error(["run", "--scenario", str(files["deep"])], capsys) == (
        "deep.toml: not valid TOML (arrays or tables nested too deeply)"
    )
    if os.path.exists("/dev/null"):
        assert _error(["sweep", "/dev/null", "--out", "o"], capsys) == (
            "sweep spec '/dev/null': not a regular file"
        )


def test_a_file_of_another_kind_says_what_it_is(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _error(["run", "--scenario", str(SWEEP)], capsys) == (
        f"defect_share.toml: looks like a sweep spec, not a scenario file; run it with"
        f" 'supportsim sweep {SWEEP} --out DIR'"
    )
    assert _error(["compare", "--scenario", str(POLICY)], capsys) == (
        f"per_call_quota.toml: looks like a policy file, not a scenario file; evaluate it with"
        f" 'supportsim evaluate {POLICY} --out report.html'"
    )
    scenario = str(files["scenario"])
    assert _error(["sweep", scenario, "--out", "o"], capsys) == (
        f"center.toml: looks like a scenario file, not a sweep spec; use it with"
        f" 'supportsim run --scenario {scenario}', or as the base of a [scenarios.<label>]"
        " table in a sweep spec"
    )
    assert _error(["sweep", str(POLICY), "--out", "o"], capsys).startswith(
        "per_call_quota.toml: looks like a policy file, not a sweep spec; evaluate it with"
    )
    assert _error(["evaluate", str(SWEEP), "--out", "r.html"], capsys) == (
        f"defect_share.toml: looks like a sweep spec, not a policy file; run it with"
        f" 'supportsim sweep {SWEEP} --out DIR'"
    )


def test_python_readers_say_the_same(files: dict[str, Path]) -> None:
    with pytest.raises(ss.ConfigError, match=r"looks like a sweep spec, not a scenario file"):
        ss.load_config(SWEEP)
    with pytest.raises(ss.ConfigError, match=r"looks like a scenario file, not a sweep spec"):
        ss.load_spec(files["scenario"])
    with pytest.raises(ss.ConfigError, match=r"is a directory, not a \.toml file"):
        ss.load_spec(files["dir"])
    with pytest.raises(ss.ConfigError, match=r"^out_dir = 3: must be a directory path$"):
        ss.load_sweep(3)  # type: ignore[arg-type]


def test_flags_say_the_true_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert _error(["compare", "--reps", "-2"], capsys) == (
        "argument --reps: '-2' must be an integer >= 1"
    )
    assert _error(["run", "--replication", "x"], capsys) == (
        "argument --replication: 'x' is not an integer"
    )
    assert _error(["sweep", str(SWEEP), "--out", "o", "--scheduler", "not a url"], capsys) == (
        "--scheduler 'not a url': not a scheduler address; expected [tcp://]HOST:PORT,"
        " e.g. tcp://10.0.0.5:8786"
    )


def test_an_unwritable_output_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    small = ["--set", "agents=6", "--set", "days=14", "--set", "arrivals_per_hour=20"]
    err = _error(["run", "--save", str(blocker / "sub"), *small], capsys)
    assert err.startswith(str(blocker / "sub")) and "Not a directory" in err
