"""The verdict: a few transparent rules over paired confidence intervals, said in plain words.

A change is *clear* when its 95% paired confidence interval (common random numbers)
excludes zero and it is at least the figure's ``material`` size (the catalogue's smallest
change a manager would act on: 2 points a year of attrition, any size for the others);
anything else is within the noise of the replications, or too small to matter.

1. The policy is **not recommended** if it clearly worsens the service customers get
   (callbacks, note quality, true quality, first-contact resolution, attrition) against a
   flat salary, or if it clearly costs more without clearly improving any of them.
2. Otherwise, if the best alternative (see :mod:`supportsim.policy.best`) clearly beats it
   on quality while staying within its cost and attrition, **consider the alternative**.
3. Otherwise it is **recommended, with monitoring** if it clearly improves the service
   (**at a lower cost** if it is also clearly cheaper per resolved contact);
   **better service at a higher cost** if that improvement costs clearly more;
   **cheaper, with no measurable change in the service** if only the cost moved, down;
   and **no measurable effect** if nothing moved clearly.

The reasons given are those that support the verdict; changes that point the other way
(an improvement under a verdict against the policy, say) are listed apart, as the other
side, never as a reason against. Warnings are added whatever the verdict: a bonus that
mostly rewards agents below the median true quality (only when enough bonuses were paid
to say so, :data:`~supportsim.policy.headlines.MIN_EVENTS`, with the count), a bonus almost
nobody earns, and ratings that are mostly noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from supportsim.metrics import BY_KEY, fmt, fmt_ci
from supportsim.policy.headlines import ALMOST_NOBODY, COST, MIN_EVENTS, SERVICE

Tone = Literal["good", "neutral", "bad"]
PROPOSED = "proposed"
LOTTERY_SHARE = 0.4
NOISY_RATINGS = 0.8


@dataclass(frozen=True)
class Verdict:
    """A one-line verdict, its tone, the reasons behind it, what points the other way, and
    warnings (plain sentences)."""

    headline: str
    tone: Tone
    reasons: tuple[str, ...]
    other_side: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def direction(row: pd.Series, key: str) -> Literal["better", "worse"] | None:
    """Whether a paired difference is clearly better, clearly worse, or neither (inside the
    noise, or smaller than the figure's ``material`` size)."""
    lo, hi = float(row["lo"]), float(row["hi"])
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo <= 0 <= hi:
        return None
    if abs(float(row["diff"])) < BY_KEY[key].material:
        return None
    up = lo > 0
    return "better" if up == (BY_KEY[key].better == "higher") else "worse"


def _row(diffs: pd.DataFrame, key: str) -> pd.Series | None:
    sub = diffs[(diffs["scheme"] == PROPOSED) & (diffs["metric"] == key)]
    return sub.iloc[0] if len(sub) else None


def _sentence(row: pd.Series, key: str, against: str) -> str:
    m = BY_KEY[key]
    verb = "up" if float(row["diff"]) > 0 else "down"
    name, why = m.label[:1].upper() + m.label[1:], m.why or m.definition.rstrip(".")
    return (
        f"{name}: {verb} from {fmt(key, row['baseline_mean'])} under {against}"
        f" to {fmt(key, row['mean'])} ({fmt(key, row['diff'], signed=True)},"
        f" 95% CI {fmt_ci(key, row['lo'], row['hi'], signed=True)}): {why}."
    )


def judge(
    stats: pd.DataFrame,
    vs_flat: pd.DataFrame,
    vs_best: pd.DataFrame,
    best: str | None,
    best_unconstrained: bool,
    quality: str,
    replications: int | None = None,
    unit: str = "agent-periods",
) -> Verdict:
    """Apply the rules of this module to an evaluation's tables (``replications``: how many
    runs the means are over, to count the bonus payments behind a claim; ``unit``: what an
    agent-period is called, ``agent-weeks`` for weekly reviews)."""
    worse: list[str] = []
    better: list[str] = []
    for key in SERVICE:
        row = _row(vs_flat, key)
        d = direction(row, key) if row is not None else None
        if row is not None and d is not None:
            (worse if d == "worse" else better).append(_sentence(row, key, "a flat salary"))
    cost_row = _row(vs_flat, COST)
    cost_d = direction(cost_row, COST) if cost_row is not None else None
    cost = [_sentence(cost_row, COST, "a flat salary")] if cost_row is not None and cost_d else []
    q_row = _row(vs_best, quality) if best is not None else None
    alt_better = (
        q_row is not None and not best_unconstrained and direction(q_row, quality) == "worse"
    )
    alt = [_alternative(best, quality, q_row)] if alt_better and q_row is not None else []
    head, tone, reasons, other = _decide(worse, better, cost_d, cost, alt, best)
    return Verdict(
        headline=head,
        tone=tone,
        reasons=tuple(reasons),
        other_side=tuple(other),
        warnings=tuple(_warnings(stats, replications, unit)),
    )


def _alternative(best: str | None, quality: str, q_row: pd.Series) -> str:
    return (
        f"{best} does better at no higher cost or attrition: {BY_KEY[quality].label}"
        f" {fmt(quality, q_row['baseline_mean'])} against {fmt(quality, q_row['mean'])}"
        f" for the proposed policy (95% CI of the gap"
        f" {fmt_ci(quality, -q_row['hi'], -q_row['lo'], signed=True)})."
    )


def _decide(
    worse: list[str],
    better: list[str],
    cost_d: str | None,
    cost: list[str],
    alt: list[str],
    best: str | None,
) -> tuple[str, Tone, list[str], list[str]]:
    """Headline, tone, the reasons for it and what points the other way."""
    pricier, cheaper = (cost, []) if cost_d == "worse" else ([], cost)
    if worse:
        return (
            "Not recommended: it makes the service worse",
            "bad",
            worse + pricier,
            better + cheaper,
        )
    if cost_d == "worse" and not better:
        return "Not recommended: it costs more for no measurable gain", "bad", pricier, []
    if alt:
        return f"Consider {best} instead", "neutral", alt + pricier, better + cheaper
    if better and cost_d == "worse":
        return "Better service, at a higher cost", "neutral", better + pricier, []
    if better and cost_d == "better":
        return "Recommended: better service at a lower cost", "good", better + cheaper, []
    if better:
        return "Recommended, with monitoring", "good", better, []
    if cost_d == "better":
        head = "Cheaper per resolved contact, with no measurable change in the service"
        return head, "good", cheaper, []
    none = (
        "None of callbacks, note quality, true quality, first-contact resolution or"
        " attrition changed clearly (and by enough to matter) against a flat salary."
    )
    return "No measurable effect on the service", "neutral", [none], []


def _mean(stats: pd.DataFrame, metric: str) -> float:
    row = stats[(stats["scheme"] == PROPOSED) & (stats["metric"] == metric)]
    return float(row["mean"].iloc[0]) if len(row) else float("nan")


def _warnings(stats: pd.DataFrame, replications: int | None, unit: str) -> list[str]:
    out = []
    payments = _mean(stats, "bonus_events") * (replications or 0)
    earned = _mean(stats, "bonus_earned_share")
    if replications and math.isfinite(earned) and 0 < earned < ALMOST_NOBODY:
        out.append(
            f"Almost nobody earns the bonus: {fmt('bonus_earned_share', earned)} of"
            f" {unit} ({payments:.0f} bonus payments over {replications} replications)."
        )
    share = _mean(stats, "bonus_to_below_median")
    enough = replications is None or payments >= MIN_EVENTS
    if math.isfinite(share) and share >= LOTTERY_SHARE and enough:
        count = f" (over {payments:.0f} bonus payments)" if replications else ""
        out.append(
            f"{fmt('bonus_to_below_median', share)} of the bonus money goes to agents below"
            f" the median true quality{count}; about half would be a lottery: the bonus"
            " rewards luck as much as good work."
        )
    noise = _mean(stats, "rating_noise")
    if math.isfinite(noise) and noise >= NOISY_RATINGS:
        out.append(
            f"Rating noise is {fmt('rating_noise', noise)}: agents' ratings mostly reflect"
            " product failures, customers' moods and chance, not how well they solve problems."
        )
    return out
