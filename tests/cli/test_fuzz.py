"""Fuzzing the command line and the file readers: whatever comes in, the answer is exit 0 or
2, at most two lines of error on stderr (besides warning and note lines), never a traceback,
and soon.

Inputs: random bytes as a scenario file, a sweep spec and a policy file; random TOML of the
right shape with wrong values (scenario parameters, scheme parameters, spec and policy
keys given numbers, booleans, strings, arrays, tables, NaN, infinities, huge integers);
random flag values. The resource guard's limits are set tiny here, so that whatever passes
them runs in a moment, and examples are few and fixed (the whole module takes about half a
minute); ``SUPPORTSIM_FUZZ_EXAMPLES=500`` fuzzes deeper, with fresh examples each time.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supportsim.cli import main
from supportsim.scenario import SECTION_OF, SECTIONS
from supportsim.schemes import SCHEMES, scheme_params

#: Limits of the resource guard while fuzzing: tiny, so that what passes runs at once.
LIMITS = {
    "SUPPORTSIM_MAX_CONTACTS": "6000",
    "SUPPORTSIM_MAX_AGENTS": "40",
    "SUPPORTSIM_MAX_DAYS": "40",
    "SUPPORTSIM_MAX_RUNS": "6",
    "SUPPORTSIM_MAX_TOTAL_CONTACTS": "30000",
    "SUPPORTSIM_MAX_JOBS": "1",
}
#: A center that runs in a blink; random values go on top of it.
TINY: dict[str, Any] = {"agents": 4, "days": 9, "warmup_days": 2, "arrivals_per_hour": 8.0}
#: Examples per test; ``SUPPORTSIM_FUZZ_EXAMPLES=500`` fuzzes deeper (and at random).
EXAMPLES = int(os.environ.get("SUPPORTSIM_FUZZ_EXAMPLES", "0")) or 12
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=15),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize="SUPPORTSIM_FUZZ_EXAMPLES" not in os.environ,
    database=None,
)
#: Time one command may take, however nasty its input.
SECONDS = 15.0


@pytest.fixture(autouse=True, scope="module")
def _tiny_limits() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in LIMITS}
    os.environ.update(LIMITS)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _check(argv: list[str]) -> tuple[int, str]:
    """Run the command line in-process; assert the contract; its exit code and stderr."""
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's usage errors
            code = stop.code  # type: ignore[assignment]
    elapsed = time.monotonic() - start
    text = err.getvalue()
    lines = text.splitlines()
    assert "Traceback" not in text, text
    assert code in (0, 2), (argv, text)
    assert all(line.startswith("supportsim: ") for line in lines), text
    errors = [
        ln for ln in lines if not ln.startswith(("supportsim: warning:", "supportsim: note:"))
    ]
    assert len(errors) <= 2, text
    assert (code == 2) == any(ln.startswith("supportsim: error: ") for ln in errors), text
    assert elapsed < SECONDS, (argv, elapsed)
    return code, text


# --- values and TOML --------------------------------------------------------------------
ATOMS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 2, 10**9, 2**63 - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-9, 0.5, 1e9, 1e300, 5e-324]),
    st.booleans(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),
    st.sampled_from(["default", "erlang_c", "star_bonus", "lognormal", "x.toml", ""]),
)
VALUES = st.recursive(
    ATOMS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=5,
)


def _key(k: str) -> str:
    return json.dumps(str(k), ensure_ascii=False)


def toml_value(v: Any) -> str:
    """A value in TOML (inline arrays and tables)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def toml(doc: dict[str, Any]) -> str:
    """A document: plain keys first, then one ``[table]`` per dict (nested as dotted)."""
    lines = [f"{_key(k)} = {toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for key, table in doc.items():
        if isinstance(table, dict):
            lines += _table([key], table)
    return "\n".join(lines) + "\n"


def _table(path: list[str], table: dict[str, Any]) -> list[str]:
    lines = ["[" + ".".join(_key(p) for p in path) + "]"]
    lines += [f"{_key(k)} = {toml_value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for key, sub in table.items():
        if isinstance(sub, dict):
            lines += _table([*path, key], sub)
    return lines


PARAMS = sorted(SECTION_OF)
OVERRIDE_KEYS = st.sampled_from([*PARAMS, *SECTIONS, "base", "name", "agnets", "star_bonus"])
OVERRIDES = st.dictionaries(OVERRIDE_KEYS, VALUES, max_size=3)


@st.composite
def scheme_tables(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A scheme name (registered, mostly) and parameters of it with random values."""
    name = draw(st.sampled_from([*SCHEMES.names(), "star_bonu"]))
    keys = scheme_params(name) if name in SCHEMES else ["x"]
    params = draw(st.dictionaries(st.sampled_from([*keys, "bogus"]), VALUES, max_size=2))
    return name, params


def _files(kind: str, text: str | bytes) -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{kind}.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        yield path, Path(tmp)


# --- the tests --------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_in_every_reader(data: bytes) -> None:
    for path, tmp in _files("input", data):
        _check(["run", "--scenario", str(path)])
        _check(["sweep", str(path), "--out", str(tmp / "out"), "--jobs", "1", "--no-progress"])
        _check(["evaluate", str(path), "--out", str(tmp / "r.html"), "--jobs", "1"])


@FUZZ
@given(OVERRIDES, st.dictionaries(st.sampled_from(sorted(SECTIONS)), OVERRIDES, max_size=1))
def test_scenario_files_with_wrong_values(flat: dict[str, Any], tables: dict[str, Any]) -> None:
    doc = {**TINY, **flat, **tables}
    for path, _ in _files("center", toml(doc)):
        _check(["run", "--scenario", str(path), "--summary-only"])


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["seed", "replications", "name", "baseline"]), VALUES, max_size=2
    ),
    OVERRIDES,
    scheme_tables(),
    st.dictionaries(
        st.sampled_from([*PARAMS[:20], "demand.arrivals_per_hour", "s.x"]), VALUES, max_size=2
    ),
)
def test_sweep_specs_with_wrong_values(
    top: dict[str, Any],
    scenario: dict[str, Any],
    scheme: tuple[str, dict[str, Any]],
    grid: dict[str, Any],
) -> None:
    name, params = scheme
    doc: dict[str, Any] = {
        "replications": 1,
        **top,
        "scenarios": {"s": {**TINY, **scenario}},
        "schemes": {"s": {"scheme": name, **params}},
        "grid": grid,
    }
    for path, tmp in _files("spec", toml(doc)):
        _check(["sweep", str(path), "--out", str(tmp / "out"), "--jobs", "1", "--no-progress"])


@FUZZ
@given(
    st.dictionaries(st.sampled_from(["title", "description", "extra"]), VALUES, max_size=2),
    scheme_tables(),
    OVERRIDES,
    st.dictionaries(st.sampled_from(["replications", "seed", "x"]), VALUES, max_size=2),
)
def test_policy_files_with_wrong_values(
    top: dict[str, Any],
    scheme: tuple[str, dict[str, Any]],
    center: dict[str, Any],
    evaluation: dict[str, Any],
) -> None:
    name, params = scheme
    doc: dict[str, Any] = {
        **top,
        "scheme": {"name": name, "params": params},
        "center": {**TINY, **center},
        "evaluation": {"replications": 2, **evaluation},
    }
    for path, tmp in _files("policy", toml(doc)):
        args = ["evaluate", str(path), "--out", str(tmp / "r.html"), "--jobs", "1"]
        _check([*args, "--alternatives", "flat_salary", "--no-progress"])


FLAG_VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["nan", "1e9", "-0", "1_000", "true", "star_bonus", "agents=1e9", "x=y"]),
)


@FUZZ
@given(
    st.sampled_from(["run", "compare"]),
    st.lists(
        st.tuples(
            st.sampled_from(
                ["--seed", "--replication", "--scheme", "--set", "--format", "--reps", "--schemes"]
            ),
            FLAG_VALUES,
        ),
        max_size=3,
    ),
)
def test_random_flag_values(command: str, flags: list[tuple[str, str]]) -> None:
    base = [command, "--set", "agents=4", "--set", "days=9", "--set", "warmup_days=2"]
    base += ["--set", "arrivals_per_hour=8"]
    base += ["--no-progress"] if command == "compare" else []
    base += ["--reps", "2"] if command == "compare" else []
    argv = base + [f"{flag}={value}" for flag, value in flags]
    _check(argv)


@pytest.mark.parametrize(
    "args",
    [
        ["sweep", "{binary}", "--out", "{tmp}/out"],
        ["run", "--scenario", "{spec}"],
        ["run", "--set", "agents=1000000000"],
    ],
)
def test_no_traceback_escapes_the_installed_command(args: list[str], tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(bytes(range(256)))
    spec = tmp_path / "spec.toml"
    spec.write_text('replications = 1\n[schemes.flat_salary]\n[grid]\nagents = [true, "x"]\n')
    argv = [a.format(binary=binary, spec=spec, tmp=tmp_path) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "supportsim.cli", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, **LIMITS},
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("supportsim: error: ")
    assert "Traceback" not in proc.stderr
