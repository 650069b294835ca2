"""Tune the repeat-contact parameters so the calibrated model reproduces the log's repeats.

How many contacts come back depends on more of the model than ``callback_prob`` (the
share it leaves unresolved, unfixed defects that come back again and again), and how long
a repeat contact takes on which issues come back. So two parameters are set by the
simulated method of moments, each from pilot runs of the calibrated scenario itself
(flat pay, fixed effort, common random numbers across the runs):

* ``callback_prob`` (with ``defect_return_prob`` equal to it), from its direct estimate
  by fixed-point steps (the share grows about in proportion to it), so the share of
  answered contacts followed by another call within 72 h matches the log's (within 0.3
  points, at most four pilot runs);
* ``rediscovery`` (extra talk on a repeat contact), so the ratio of the mean talk of
  repeat contacts to that of first contacts matches the log's (one correction step:
  talk on a repeat scales with ``1 + rediscovery (1 - ideal_notes)``).
"""

from __future__ import annotations

import math
from typing import Any

from supportsim.calibrate.episodes import linked
from supportsim.calibrate.repeats import repeat_moments
from supportsim.calibrate.replay import simulated_calls
from supportsim.calibrate.writing import calibrated_scenario

#: Pilot length (days after warm-up), the most pilot runs, and the return share's tolerance.
PILOT_DAYS = 28
STEPS = 4
TOLERANCE = 0.003


def _pilot(params: dict[str, Any], name: str, base: str, seed: int) -> tuple[float, float]:
    sc = calibrated_scenario(params, name, base)
    return repeat_moments(linked(simulated_calls(sc, PILOT_DAYS, seed, 0).frame))


def _with(params: dict[str, Any], section: str, **values: float) -> dict[str, Any]:
    out = {k: dict(v) for k, v in params.items()}
    out.setdefault(section, {}).update(values)
    return out


def match_repeats(
    params: dict[str, Any],
    target: tuple[float, float],
    *,
    name: str,
    base: str,
    seed: int = 0,
    notes_quality: float = 0.7,
    rediscovery: float = 0.4,
) -> tuple[dict[str, Any], dict[str, float]]:
    """``params`` with ``callback_prob``/``defect_return_prob`` and ``rediscovery`` tuned to
    the log's ``target`` (return share, repeat/first talk ratio); also the pilot's values."""
    back, ratio = target
    if not math.isfinite(back):
        return params, {}
    prob = float(params.get("customers", {}).get("callback_prob", back)) or back
    best: tuple[float, float, float, float] | None = None  # (|gap|, prob, share, ratio)
    for _ in range(STEPS):
        p = _with(params, "customers", callback_prob=prob, defect_return_prob=prob)
        sim_back, sim_ratio = _pilot(p, name, base, seed)
        if best is None or abs(sim_back - back) < best[0]:
            best = (abs(sim_back - back), prob, sim_back, sim_ratio)
        if abs(sim_back - back) <= TOLERANCE or sim_back <= 0:
            break
        # the return share grows about in proportion to the chance of coming back
        prob = round(min(1.0, max(1e-3, prob * back / sim_back)), 4)
    assert best is not None
    _, prob, sim_back, sim_ratio = best
    p = _with(params, "customers", callback_prob=prob, defect_return_prob=prob)
    info = {"callback_prob": prob, "pilot_return_share": sim_back}
    if math.isfinite(ratio) and math.isfinite(sim_ratio) and sim_ratio > 0:
        scale = (1 + rediscovery * (1 - notes_quality)) * ratio / sim_ratio
        new = max(0.0, (scale - 1) / max(1 - notes_quality, 1e-6))
        p = _with(p, "handling", rediscovery=round(new, 4))
        info.update(rediscovery=round(new, 4), pilot_talk_ratio=sim_ratio)
    return p, info
