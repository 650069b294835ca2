"""Who earns what under the proposed policy, said only as far as the runs support it.

* the share of agent-periods that earn each pay rule and tier, how many bonus payments
  that was over all replications, and what each rule costs per agent-month;
* when almost nobody reaches a threshold, that, plainly;
* how often the bonus comes and goes while an agent's true quality barely moves
  (``bonus_flip_share``);
* whom the bonus money goes to, only when enough bonuses were paid
  (:data:`~supportsim.policy.headlines.MIN_EVENTS`), always with the count.

Every number quoted is one of the evaluation's means (one number, one value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from supportsim.metrics import clip_ci, fmt, fmt_ci
from supportsim.policy.describe import Line
from supportsim.policy.headlines import ALMOST_NOBODY, MIN_EVENTS

PROPOSED = "proposed"
SHARE, MONEY = "bonus_earned_share", "bonus_per_agent_month"


@dataclass(frozen=True)
class EarningRow:
    """One pay rule or tier: its words, the share of agent-periods earning it (mean and CI
    over replications), the payments behind it, and its pay per agent-month (the rule's
    part of ``bonus_per_agent_month``)."""

    text: str
    share: str
    share_ci: str
    payments: str
    spend: str
    tier: bool


@dataclass(frozen=True)
class Earning:
    """The "who earns what" section."""

    unit: str
    rows: tuple[EarningRow, ...]
    sentences: tuple[str, ...]
    payments: int
    enough: bool


def period_unit(period_days: int) -> str:
    """``agent-weeks``, ``agent-months`` or ``agent-periods``."""
    return {7: "agent-weeks", 28: "agent-months"}.get(period_days, "agent-periods")


def _stat(stats: pd.DataFrame, metric: str) -> tuple[float, float, float]:
    """Mean and 95% CI of the proposed policy's ``metric``; a rule's share or spend is cut
    to its range as the catalogue's figures are (a share stays in 0-1, money at or above 0)."""
    row = stats[(stats["scheme"] == PROPOSED) & (stats["metric"] == metric)]
    if not len(row):
        return math.nan, math.nan, math.nan
    r = row.iloc[0]
    lo, hi = float(r["lo"]), float(r["hi"])
    if metric.startswith("rule:"):
        like = MONEY if metric.endswith(":spend") else SHARE
        lo, hi = clip_ci(like, lo, hi)
    return float(r["mean"]), lo, hi


def _total(runs: pd.DataFrame, metric: str) -> int:
    if metric not in runs:
        return 0
    values = runs.loc[runs["scheme"] == PROPOSED, metric]
    return round(float(values.fillna(0).sum()))


def _rows(stats: pd.DataFrame, runs: pd.DataFrame, lines: list[Line]) -> list[EarningRow]:
    rows = []
    for line in lines:
        if line.kind == "bonus":
            metric, spend = f"rule:{line.key}:paid", f"rule:{line.key}:spend"
            payments = str(_total(runs, f"rule:{line.key}:events"))
        elif line.kind == "tier":
            rule, _, j = line.key.rpartition(".tier.")
            metric, spend, payments = f"rule:{rule}:tier.{j}", "", ""
        else:
            continue
        mean, lo, hi = _stat(stats, metric)
        if not math.isfinite(mean):
            continue
        cost = fmt(MONEY, _stat(stats, spend)[0]) if spend else ""
        rows.append(
            EarningRow(
                text=line.text,
                share=fmt(SHARE, mean),
                share_ci=fmt_ci(SHARE, lo, hi),
                payments=payments,
                spend=cost,
                tier=line.kind == "tier",
            )
        )
    return rows


def _nobody(stats: pd.DataFrame, lines: list[Line], unit: str) -> list[str]:
    out = []
    for line in lines:
        if line.kind != "tier":
            continue
        rule, _, j = line.key.rpartition(".tier.")
        tier = _stat(stats, f"rule:{rule}:tier.{j}")[0]
        if math.isfinite(tier) and tier < ALMOST_NOBODY / 2:
            name = line.text.split(":")[0]
            out.append(f"Almost nobody earns {name}: {fmt(SHARE, tier)} of {unit}.")
    for line in lines:
        gated = _stat(stats, f"rule:{line.key}:gated")[0] if line.kind == "bonus" else math.nan
        if math.isfinite(gated) and gated >= ALMOST_NOBODY:
            out.append(
                f"{fmt(SHARE, gated)} of {unit} qualified by {line.text.split(',')[0]} but were"
                f" not paid: they failed the gate ({line.gate})."
            )
    return out


def _overall(stats: pd.DataFrame, unit: str, payments: int, reps: int) -> list[str]:
    share, lo, hi = _stat(stats, SHARE)
    if not math.isfinite(share):
        return []
    if payments == 0:
        return [
            f"Nobody earned a bonus in any of the {reps} replications: no {unit[:-1]} reached"
            " what the policy pays for in this center."
        ]
    money = _stat(stats, MONEY)[0]
    wages = _stat(stats, "wages_per_agent_month")[0]
    lead = "Almost nobody earns a bonus: " if share < ALMOST_NOBODY else ""
    return [
        f"{lead}{fmt(SHARE, share)} of {unit} earned one (paid above a flat salary; 95% CI"
        f" {fmt_ci(SHARE, lo, hi)}; {payments} bonus payments over {reps} replications)."
        f" The policy pays {fmt(MONEY, money)} per agent-month on top of salaries (wages"
        f" {fmt('wages_per_agent_month', wages)} per agent-month)."
    ]


def _flips(stats: pd.DataFrame, unit: str, enough: bool) -> list[str]:
    flip, lo, hi = _stat(stats, "bonus_flip_share")
    if not (enough and math.isfinite(flip)):
        return []
    period = unit.removeprefix("agent-").rstrip("s")
    return [
        f"When an agent's true quality barely moved from one {period} to the next (by less than"
        f" 2 points), its bonus still came or went in {fmt('bonus_flip_share', flip)} of cases"
        f" (95% CI {fmt_ci('bonus_flip_share', lo, hi)}): that much of the bonus follows luck,"
        " not a change in the work."
    ]


def earning(
    stats: pd.DataFrame, runs: pd.DataFrame, lines: list[Line], period_days: int, reps: int
) -> Earning:
    """The section's rows and sentences from an evaluation's statistics and runs."""
    unit = period_unit(period_days)
    payments = _total(runs, "bonus_events")
    enough = payments >= MIN_EVENTS
    sentences = _overall(stats, unit, payments, reps)
    sentences += _nobody(stats, lines, unit)
    sentences += _flips(stats, unit, enough)
    return Earning(
        unit=unit,
        rows=tuple(_rows(stats, runs, lines)),
        sentences=tuple(sentences),
        payments=payments,
        enough=enough,
    )
