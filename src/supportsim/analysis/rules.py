"""What each rule of a composed policy did: its columns in the agent-period table, and its figures.

A composed policy's decisions carry a ``detail`` per rule (see
:class:`~supportsim.schemes.base.Decision`); a run adds them to its agent-period table as
columns ``rule:<key>`` (``rule:bonus.0.pay``, ``rule:bonus.0.tier``, ``rule:action.0``...;
NaN in periods where the rule was not in force). :func:`rule_figures` sums them up over the
measured active agent-periods, one figure per rule and statistic, named
``rule:<rule>:<statistic>``:

* ``paid``: share of agent-periods the rule paid (its ``events`` count them);
* ``tier.<j>``: share whose highest tier reached (and paid) was tier ``j``;
* ``rated``: share rated on the rule's score; ``gated``: share whose score qualified but
  whose ``only_if`` gates stopped the pay;
* ``spend``: the rule's pay per agent-month, in currency;
* for an action, ``share`` and ``events``: agent-periods singled out.

``rule:periods`` counts the measured active agent-periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from supportsim.analysis.scores import measured_agent_periods
from supportsim.analysis.workforce import MONTH_DAYS
from supportsim.scenario import Scenario

PREFIX = "rule:"


def detail_frame(details: Sequence[Mapping[str, np.ndarray] | None], agents: int) -> pd.DataFrame:
    """One row per period and agent slot (the agent-period table's order), one float column
    per detail key (``rule:<key>``); empty when no decision had a detail."""
    keys = list(dict.fromkeys(k for d in details if d for k in d))
    if not keys:
        return pd.DataFrame(index=range(len(details) * agents))
    cols = {}
    for key in keys:
        parts = [
            np.asarray(d[key], dtype=float) if d and key in d else np.full(agents, np.nan)
            for d in details
        ]
        cols[f"{PREFIX}{key}"] = np.concatenate(parts)
    return pd.DataFrame(cols)


def _rules(columns: Sequence[str]) -> tuple[list[str], list[str]]:
    """The pay rules (``bonus.0``...) and actions (``action.0``...) among detail columns."""
    keys = [c.removeprefix(PREFIX) for c in columns if c.startswith(PREFIX)]
    bonus = [k.removesuffix(".pay") for k in keys if k.endswith(".pay")]
    actions = [k for k in keys if k.rpartition(".")[0].endswith("action")]
    return bonus, actions


def rule_figures(
    sc: Scenario, agent_periods: pd.DataFrame, tiers: Mapping[str, int] | None = None
) -> dict[str, float]:
    """Per-rule figures of a run (see the module docstring); empty without rule columns.

    ``tiers`` gives the number of tiers of each tiered rule (a rule it leaves out has
    none), so a tier nobody reached is reported as 0 rather than left out; without it,
    the tiers reached are reported."""
    bonus, actions = _rules(list(agent_periods.columns))
    if not bonus and not actions:
        return {}
    ap = measured_agent_periods(sc, agent_periods)  # active slots only
    month = sc.money.salary_per_week * MONTH_DAYS / 7.0
    out: dict[str, float] = {f"{PREFIX}periods": float(len(ap))}
    for rule in bonus:
        pay = ap[f"{PREFIX}{rule}.pay"]
        live = pay.notna()
        if not live.any():
            continue
        paid = pay[live] > 0
        tier = ap.loc[live, f"{PREFIX}{rule}.tier"]
        key = f"{PREFIX}{rule}:"
        out[f"{key}paid"] = float(paid.mean())
        out[f"{key}events"] = float(paid.sum())
        out[f"{key}rated"] = float(ap.loc[live, f"{PREFIX}{rule}.rated"].mean())
        out[f"{key}gated"] = float(ap.loc[live, f"{PREFIX}{rule}.gated"].mean())
        out[f"{key}spend"] = float(pay[live].mean()) * month
        reached = int(np.nanmax(tier.to_numpy(), initial=-1)) + 1
        count = tiers.get(rule, 0) if tiers is not None else reached
        for j in range(count):
            out[f"{key}tier.{j}"] = float(((tier == j) & paid).mean())
    for action in actions:
        group = ap[f"{PREFIX}{action}"].dropna()
        if len(group):
            out[f"{PREFIX}{action}:share"] = float(group.mean())
            out[f"{PREFIX}{action}:events"] = float(group.sum())
    return out
