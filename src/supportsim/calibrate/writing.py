"""The calibrated scenario: parameters from a :class:`Calibration`, as a scenario and as a
TOML file (written with ``tomli-w``) that :func:`supportsim.load_config` loads as it is.

How the estimates become parameters, beyond the one-to-one ones (the assumptions, also
written at the top of the file):

* work: the fitted talk includes the base scenario's checklist time (``checklist_min x
  ideal_checklist``), which is taken off ``mean_handle_min``;
* after-contact work: ``notes_min = mean after-contact minutes / ideal_notes`` (agents
  at fixed effort write notes of quality ``ideal_notes``);
* repeat contacts: the model sends back only contacts that did not resolve the issue,
  with one chance for unresolved and unfixed-defect contacts alike (``callback_prob =
  defect_return_prob``), tuned by pilot runs so the model's share of answered contacts
  that return within 72 h is the log's; ``rediscovery`` is tuned so repeat contacts are
  as much longer than first contacts as in the log (:mod:`supportsim.calibrate.moments`);
* without customer ids, retrials and repeats are off (every call is a new issue);
* chat (a channel column): each kind carries its channel, chat customers their own
  patience (``chat_patience_min``), and a chat agent as many places as the most chats one
  agent of the log held at once (``chat_concurrency``), and ``chat_slowdown`` fitted to
  the log's chat talks against the chats their agent held
  (:func:`supportsim.calibrate.channels.fit_slowdown`), or the base's when too few chats
  were answered while their agent held another; ``blended_agents``: the agents who took
  both channels (at most the rostered agents), ``blend_reserve`` staying the base's.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import tomli_w

from supportsim.calibrate.fit import Calibration
from supportsim.calibrate.values import Est
from supportsim.config import build_scenario
from supportsim.scenario import Scenario

#: Patience written when nobody abandoned (TOML has no "none"): effectively infinite.
NO_ABANDONMENT_MIN = 1.0e5


def _r(x: float, digits: int = 4) -> float:
    return float(round(float(x), digits))


def _profile(values: tuple[Est, ...]) -> list[float]:
    return [_r(max(v.value, 1e-3)) for v in values]


def scenario_params(cal: Calibration, base: Scenario) -> dict[str, Any]:
    """Scenario parameters (section tables) from ``cal`` on top of ``base`` (repeat contacts
    at their direct estimate; :func:`supportsim.calibrate.moments.match_repeats` tunes them)."""
    a = cal.arrivals
    cv = a.daily_cv.value
    out: dict[str, dict[str, Any]] = {
        "demand": {
            "arrivals_per_hour": _r(a.rate.value),
            "open_hour": a.open_hour,
            "close_hour": a.close_hour,
            "open_weekdays": a.open_weekdays,
            "intraday_profile": _profile(a.intraday),
            "weekly_profile": _profile(a.weekly),
            "daily_rate_cv": _r(cv if math.isfinite(cv) else 0.0),
        },
        "team": {
            "agents": cal.staffing.agents,
            "line_agents": list(cal.staffing.line_agents) if len(cal.staffing.lines) > 1 else [],
        },
        "staffing": {
            "shifts": [
                {"start": p.start, "hours": _r(p.hours), "days": list(p.days), "agents": p.agents}
                for p in cal.staffing.shifts
            ]
        },
    }
    h = cal.handle
    if h is not None:
        checklist = base.handling.checklist_min * base.behaviour.ideal_checklist
        out["issues"] = {
            "kinds": [
                {
                    "name": k.name,
                    "share": _r(k.share.value),
                    "difficulty": _r(k.difficulty.value),
                    "line": k.line,
                    **({"channel": k.channel} if cal.chat_share is not None else {}),
                }
                for k in h.kinds
            ],
            "mean_handle_min": _r(max(h.mean_min.value - checklist, 0.05)),
            "handle_log_sd": _r(h.log_sd.value),
        }
        if math.isfinite(h.acw_mean_s):
            out["handling"] = {"notes_min": _r(h.acw_mean_s / 60 / base.behaviour.ideal_notes)}
    out["customers"] = _customers(cal)
    if cal.chat_concurrency > 0:
        out["team"]["chat_concurrency"] = cal.chat_concurrency
    if cal.chat_slowdown is not None:
        out["team"]["chat_slowdown"] = _r(cal.chat_slowdown.s.value)
    if cal.blended_agents > 0:  # the first slots take both channels (docs/model.md)
        out["team"]["blended_agents"] = min(cal.blended_agents, cal.staffing.agents)
    return out


def _customers(cal: Calibration) -> dict[str, Any]:
    p = cal.patience
    out: dict[str, Any] = {}
    if p is not None:
        theta = p.mean_min.value
        out["mean_patience_min"] = _r(theta) if math.isfinite(theta) else NO_ABANDONMENT_MIN
    if cal.chat_patience is not None:
        theta = cal.chat_patience.mean_min.value
        out["chat_patience_min"] = _r(theta) if math.isfinite(theta) else NO_ABANDONMENT_MIN
    r = cal.repeats
    if r is None:
        return {**out, "retry_prob": 0.0, "callback_prob": 0.0, "defect_return_prob": 0.0}
    back = callback_prob(cal)
    out.update(
        {
            "retry_prob": _r(_finite(r.retry.value, 0.0)),
            "callback_prob": _r(back),
            "defect_return_prob": _r(back),
        }
    )
    if math.isfinite(r.retry_mean_min.value) and r.retry_mean_min.value > 0:
        out["mean_retry_min"] = _r(r.retry_mean_min.value)
    if math.isfinite(r.delay_median_h.value) and r.delay_median_h.value > 0:
        out["callback_median_hours"] = _r(r.delay_median_h.value)
        out["callback_log_sd"] = _r(_finite(r.delay_log_sd.value, 1.0))
    return out


def _finite(x: float, default: float) -> float:
    return x if math.isfinite(x) else default


def callback_prob(cal: Calibration) -> float:
    """The direct estimate of the chance an unresolved contact comes back: the share of
    contacts flagged unresolved that return, else the share of all answered ones."""
    r = cal.repeats
    if r is None:
        return 0.0
    direct = r.after_unresolved if math.isfinite(r.after_unresolved.value) else r.returns["72h"]
    return min(1.0, _finite(direct.value, 0.0))


def calibrated_scenario(params: dict[str, Any], name: str, base: str = "default") -> Scenario:
    """The scenario ``params`` make on ``base`` (validated like a scenario file)."""
    return build_scenario(base, {**params, "name": name}, where=f"{name}.toml")[0]


def write_toml(
    path: str | Path, params: dict[str, Any], header: str, base: str = "default"
) -> Path:
    """Write the scenario file: ``header`` as comments, ``base``, then the section tables."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    body = tomli_w.dumps({"base": base, **params})
    p.write_text(comment + "\n" + body, encoding="utf-8")
    return p
