"""``supportsim calibrate`` and ``run --save``: the command, the scenario file, the report,
the replay check, and one-line errors with exit 2 for logs it cannot use."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import supportsim as ss
from supportsim.calibrate import LOG_COLUMNS
from supportsim.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "logs" / "center_month.csv"
README = Path(__file__).resolve().parents[2] / "README.md"


def test_calibrate_the_example_log_with_report_and_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "center.toml", tmp_path / "fit.html"
    args = ["calibrate", str(EXAMPLE), "--out", str(out), "--report", str(report), "--check"]
    assert main(args) == 0
    text = capsys.readouterr().out
    for words in ("arrivals", "handle", "patience", "retrials", "repeats", "staffing", "ratings"):
        assert f"\n{words}" in text, words
    assert "replay check" in text and "observed" in text and "simulated" in text
    for figure in ("calls per day", "abandonment", "mean wait", "ASA", "AHT", "service level"):
        assert figure in text, figure
    assert "verdict: credible" in text  # the example log replays within tolerance
    scenario, _ = ss.load_config(out)  # the file loads as it is
    assert scenario.name == "center" and scenario.demand.open_weekdays == 5
    assert sum(p.agents for p in scenario.staffing.shifts) == scenario.team.agents
    assert out.read_text().startswith("# Calibrated from center_month.csv")
    html = report.read_text()
    assert html.count("data:image/png;base64,") == 3 and "Replay check" in html


def test_run_save_writes_the_documented_contact_log(tmp_path: Path) -> None:
    small = ["--set", "agents=5", "--set", "arrivals_per_hour=15", "--set", "days=14"]
    assert main(["run", "--save", str(tmp_path), *small]) == 0
    log = pd.read_csv(tmp_path / "contact_log.csv")
    assert list(log.columns) == [c for c in LOG_COLUMNS if c != "channel"]  # phone only
    assert set(log["outcome"]) <= {"AGENT", "HANG"}
    assert (log.loc[log["outcome"] == "HANG", "agent"] == "NO_SERVER").all()
    readme = README.read_text()
    for column in LOG_COLUMNS:  # the README documents every column
        assert f"| `{column}` |" in readme, column


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


GOOD_HEADER = "date,arrival_time,wait_sec,talk_sec,outcome\n"


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        (
            "empty.csv",
            "",
            [],
            "empty.csv: the file is empty; a contact log needs a header row and one row per contact",
        ),
        (
            "binary.csv",
            b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
            [],
            "binary.csv: not a text table (binary content at byte 7);"
            " give a CSV, TSV or Parquet contact log",
        ),
        (
            "center.toml",
            'base = "default"\nagents = 30\n[demand]\narrivals_per_hour = 50.0\n',
            [],
            "center.toml: this is a TOML file (a scenario?), not a contact log;"
            " give a CSV, TSV or Parquet file with one row per call",
        ),
        (
            "scenario.csv",
            "agents = 30\n[demand]\narrivals_per_hour = 50.0\n",
            [],
            "scenario.csv: this is a TOML file (a scenario?), not a contact log;"
            " give a CSV, TSV or Parquet file with one row per call",
        ),
        (
            "header_only.csv",
            GOOD_HEADER,
            [],
            "header_only.csv: no rows under the header; a contact log needs one row per call",
        ),
        (
            "no_arrival.csv",
            "date,wait_sec,talk_sec,outcome\n2024-01-08,3,100,AGENT\n",
            [],
            "no_arrival.csv: no column for the arrival time (when a call entered the queue);"
            " looked for arrivaltime, arrival, arrive, qstart, queuestart, queueentry ...;"
            " map one with --columns arrival=NAME",
        ),
        (
            "no_date.csv",
            "arrival_time,wait_sec,talk_sec,outcome\n8:00:00,3,100,AGENT\n",
            [],
            "no_date.csv column 'arrival_time' (arrival) holds times of day but no_date.csv has"
            " no date column; map one with --columns date=NAME",
        ),
        (
            "bad_times.csv",
            GOOD_HEADER + "2024-01-08,8h05,3,100,AGENT\n2024-01-08,8h07,0,50,AGENT\n",
            [],
            "bad_times.csv column 'arrival_time' (arrival), row 1: '8h05' is not a time of day"
            " (H:MM:SS)",
        ),
        (
            "bad_dates.csv",
            GOOD_HEADER + "31st Jan,8:05:00,3,100,AGENT\n",
            [],
            "bad_dates.csv column 'date' (date), row 1: '31st Jan' is not a date"
            " (e.g. 2024-01-31, 20240131 or 990201)",
        ),
        (
            "bad_waits.csv",
            GOOD_HEADER + "990201,8:05:00,soon,100,AGENT\n",
            [],
            "bad_waits.csv column 'wait_sec' (wait), row 1: 'soon' is not a number of seconds",
        ),
        (
            "codes.csv",
            GOOD_HEADER + "990201,8:05:00,3,100,OK\n990201,8:06:00,30,0,KO\n",
            [],
            "codes.csv column 'outcome' (outcome): no code is mapped to answered or abandoned"
            " (codes seen: OK, KO); map them with --outcome answered=CODE,abandoned=CODE",
        ),
        (
            "mapped.csv",
            GOOD_HEADER + "990201,8:05:00,3,100,AGENT\n",
            ["--columns", "talk=talk_secs"],
            "--columns talk=talk_secs: mapped.csv has no column 'talk_secs'. Did you mean"
            " 'talk_sec'? Columns: date, arrival_time, wait_sec, talk_sec, outcome",
        ),
        (
            "role.csv",
            GOOD_HEADER + "990201,8:05:00,3,100,AGENT\n",
            ["--columns", "duration=talk_sec"],
            "--columns duration=talk_sec: unknown role 'duration'. Did you mean 'rating'? Roles:"
            " date, arrival, answer,"
            " end, wait, talk, acw, outcome, agent, customer, queue, type, channel, rating, resolved",
        ),
        (
            "tiny.csv",
            GOOD_HEADER + "990201,8:05:00,3,100,AGENT\n990201,8:06:00,30,0,HANG\n",
            [],
            "tiny.csv: 2 usable calls on 1 day; a calibration needs at least 100 calls over 5 days",
        ),
    ],
)
def test_bad_logs_fail_with_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str | bytes,
    extra: list[str],
    message: str,
) -> None:
    log = _write(tmp_path / name, content)
    assert main(["calibrate", str(log), "--out", str(tmp_path / "o.toml"), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"supportsim: error: {message}\n"
    assert not (tmp_path / "o.toml").exists()


def test_a_missing_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.toml")]) == 2
    assert (
        capsys.readouterr().err
        == f"supportsim: error: contact log {str(tmp_path / 'nope.csv')!r}: no such file\n"
    )


def test_the_json_of_a_calibration_is_not_needed_but_the_toml_is_valid(tmp_path: Path) -> None:
    out = tmp_path / "c.toml"
    assert main(["calibrate", str(EXAMPLE), "--out", str(out)]) == 0
    text = out.read_text()
    assert "[demand]" in text and "[issues]" in text and "[[staffing.shifts]]" in text
    assert json.dumps(ss.load_config(out)[0].to_dict())  # plain data all the way down


def test_a_minimal_log_calibrates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Date, arrival time, wait and outcome only: no customers (every call a new issue,
    no retrials or repeats), no talk (handle time stays the base's), no agents."""
    full = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    log = tmp_path / "minimal.csv"
    full[["date", "arrival_time", "wait_sec", "outcome"]].to_csv(log, index=False)
    out = tmp_path / "minimal.toml"
    assert main(["calibrate", str(log), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "no customer ids" in text and "no talk times" in text
    scenario, _ = ss.load_config(out)
    default = ss.get_scenario("default")
    assert scenario.customers.retry_prob == 0.0 and scenario.customers.callback_prob == 0.0
    assert scenario.issues.mean_handle_min == default.issues.mean_handle_min
    calls_per_open_hour = len(full) / (20 * 10)  # every call is an arrival: 20 days, 10 hours
    assert scenario.demand.arrivals_per_hour == pytest.approx(calls_per_open_hour, rel=1e-3)
