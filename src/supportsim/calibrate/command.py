"""``supportsim calibrate``: a contact log in, a scenario file (and a fit report) out."""

from __future__ import annotations

from pathlib import Path

from supportsim.calibrate import calibrate_log, read_calls
from supportsim.calibrate.replay import replay, replay_text
from supportsim.calibrate.writing import write_toml


def calibrate_command(
    log: Path,
    out: Path,
    *,
    columns: str | None = None,
    outcome: str | None = None,
    short_sec: float = 10.0,
    report: Path | None = None,
    check: bool = False,
    seed: int = 0,
) -> str:
    """Calibrate ``log``, write the scenario to ``out`` (and the report), and return the
    text to print: the summary, and the replay check if asked for."""
    calls = read_calls(log, columns, outcome)
    name = out.stem
    result = calibrate_log(calls, name=name, short_sec=short_sec, seed=seed)
    header = (
        f"Calibrated from {log.name} by supportsim calibrate (estimates with 95% intervals).\n"
        + result.summary
    )
    path = write_toml(out, result.params, header)
    checked = replay(calls, result.scenario, seed=seed) if check else None
    text = [result.summary, f"scenario: {path}"]
    if report is not None:
        from supportsim.calibrate.report import render_report  # matplotlib only when asked for

        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(
            render_report(result.calibration, result.summary, path.read_text(), checked),
            encoding="utf-8",
        )
        text.append(f"report: {report}")
    if checked is not None:
        text.append(replay_text(checked))
    return "\n".join(text)
