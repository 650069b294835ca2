"""Simulated contact logs of known scenarios, for the calibration tests."""

from __future__ import annotations

from typing import Any

import pandas as pd

import supportsim as ss
from supportsim.calibrate import Calls, contact_log
from supportsim.calibrate.calls import tidy
from supportsim.calibrate.roles import outcome_codes

#: Talk equals the issue's work (no agent speed or effort spread, no checklist time, no
#: rediscovery), every unresolved contact's return is the callback chance (no defects),
#: fixed effort and a fixed team: the truths the estimators should recover.
CLEAN: dict[str, Any] = dict(
    speed_sd=0.0,
    effort_sd=0.0,
    checklist_min=0.0,
    rediscovery=0.0,
    learning="fixed",
    people_dynamics=False,
    defect_share=0.0,
    incidents_per_30_days=0.0,
)


def clean(base: str = "default", **changes: Any) -> ss.Scenario:
    """A built-in scenario with :data:`CLEAN` and ``changes``."""
    return ss.get_scenario(base).replace(**{**CLEAN, **changes})


def simulated_log(scenario: ss.Scenario, seed: int = 1) -> pd.DataFrame:
    """One run of ``scenario`` exported as a contact log."""
    return contact_log(ss.run(scenario, "flat_salary", seed).contacts, scenario)


def as_calls(log: pd.DataFrame) -> Calls:
    """A log DataFrame read as the calibration reads a file."""
    return tidy(log.astype("string"), outcome_codes(None), None, "simulated")
