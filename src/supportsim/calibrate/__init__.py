"""Calibrate a scenario from a center's contact log ("is this my center?").

Reading and mapping (:mod:`.reading`, :mod:`.roles`, :mod:`.parsing`, :mod:`.calls`),
estimators that are functions of a DataFrame (:mod:`.arrivals`, :mod:`.handle`,
:mod:`.patience`, :mod:`.repeats`, :mod:`.staff`, :mod:`.ratings`, gathered by
:func:`calibrate`), the scenario file (:mod:`.writing`), the text summary and the HTML
fit report, the replay check (:mod:`.replay`), and the export of a run as a contact log
(:mod:`.export`).

>>> from supportsim.calibrate import read_calls, calibrate   # doctest: +SKIP
>>> cal = calibrate(read_calls("calls.csv"))                  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supportsim.calibrate.calls import Calls, tidy
from supportsim.calibrate.export import LOG_COLUMNS, contact_log
from supportsim.calibrate.fit import Calibration, calibrate
from supportsim.calibrate.moments import match_repeats
from supportsim.calibrate.reading import read_log
from supportsim.calibrate.repeats import repeat_moments
from supportsim.calibrate.replay import ReplayCheck, replay, replay_text
from supportsim.calibrate.roles import ROLES, outcome_codes, parse_pairs
from supportsim.calibrate.summary import summary_text
from supportsim.calibrate.writing import calibrated_scenario, scenario_params, write_toml
from supportsim.config import get_scenario
from supportsim.scenario import Scenario

__all__ = [
    "LOG_COLUMNS",
    "ROLES",
    "Calibrated",
    "Calibration",
    "Calls",
    "ReplayCheck",
    "calibrate",
    "calibrate_log",
    "contact_log",
    "read_calls",
    "replay",
    "replay_text",
    "write_toml",
]


def read_calls(
    path: str | Path,
    columns: Mapping[str, str] | str | None = None,
    outcomes: str | None = None,
) -> Calls:
    """Read a contact log (CSV, TSV or Parquet) into its usable calls.

    ``columns`` maps roles to column names (a mapping, or ``"role=name,..."``); ``outcomes``
    maps outcome codes (``"answered=AGENT,abandoned=HANG"``).
    """
    given = dict(parse_pairs("--columns", columns)) if isinstance(columns, str) else columns
    return tidy(read_log(path), outcome_codes(outcomes), given, Path(path).name)


@dataclass(frozen=True)
class Calibrated:
    """A calibration, its scenario parameters and scenario, and the summary text."""

    calibration: Calibration
    params: dict[str, Any]
    scenario: Scenario
    tuned: dict[str, float]
    summary: str


def calibrate_log(
    calls: Calls,
    *,
    name: str = "center",
    base: str = "default",
    short_sec: float = 10.0,
    level: float = 0.95,
    seed: int = 0,
) -> Calibrated:
    """Calibrate ``calls`` and build the scenario on ``base``; with customer ids, pilot runs
    tune the repeat contacts to the log's (:func:`match_repeats`). ``seed`` seeds the
    pilot runs and the chat slowdown's bootstrap."""
    base_sc = get_scenario(base)
    cal = calibrate(calls, short_sec=short_sec, level=level, base=base_sc, seed=seed)
    params = scenario_params(cal, base_sc)
    tuned: dict[str, float] = {}
    if cal.repeats is not None:
        params, tuned = match_repeats(
            params,
            repeat_moments(cal.linked),
            name=name,
            base=base,
            seed=seed,
            notes_quality=base_sc.behaviour.ideal_notes,
            rediscovery=base_sc.handling.rediscovery,
        )
    scenario = calibrated_scenario(params, name, base)
    return Calibrated(cal, params, scenario, tuned, summary_text(cal, tuned))
