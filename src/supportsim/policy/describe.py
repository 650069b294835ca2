"""A proposed policy in plain words: what it pays and what it does, rule by rule.

A composed policy (``scheme = "policy"``) is described rule by rule, each under the key its
figures carry (``bonus.0``, ``bonus.0.tier.1``, ``action.0``; see
:mod:`supportsim.analysis.rules`); a registered or Python scheme by its name and
parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from supportsim.schemes.compose.action_rule import Action
from supportsim.schemes.compose.bonus_rule import BonusRule
from supportsim.schemes.compose.conditions import Condition
from supportsim.schemes.compose.grammar import Score, higher_is_better
from supportsim.schemes.compose.model import Parts, PolicyModel, parse_policy
from supportsim.schemes.measures import MEASURES, SHARE

LADDERS = {
    "warn_only": "a written warning each time",
    "warn_and_plan": "a written warning and an improvement plan ({plan:g} weeks, {coach:g}"
    " coaching sessions a week), renewed if still in the group at its end",
    "full": "a written warning and an improvement plan ({plan:g} weeks, {coach:g} coaching"
    " sessions a week); at its end, if still in the group, a final warning ({final:g} weeks);"
    " then dismissal",
}


@dataclass(frozen=True)
class Line:
    """One rule (or one tier of a rule) in words, under its figures' key."""

    key: str
    text: str
    kind: str  # "review", "salary", "bonus", "tier", "action", "phase" or "scheme"
    gate: str = ""  # a pay rule's only_if gates, in words


def value_text(measure: str, value: float) -> str:
    """A threshold in the measure's unit (``80%``, ``9 min``, ``8.0 stars``)."""
    m = MEASURES.get(measure)
    if m.bounds == SHARE and m.unit == "share":
        return f"{100 * value:g}%"
    return f"{value:g} {m.unit}" if m.unit not in ("ratio", "0-1 score") else f"{value:g}"


def score_text(score: Score, min_n: float | None = None) -> str:
    """A measure, or a weighted mix of standardised measures, in words."""
    if isinstance(score, str):
        m = MEASURES.get(score)
        floor = f" (rated from {min_n:g} {m.sample})" if min_n else ""
        return f"{m.label}{floor}"
    parts = [
        f"{100 * w / sum(score.values()):.0f}% {MEASURES.get(n).label}" for n, w in score.items()
    ]
    return " + ".join(parts) + " (each standardised within the team and period)"


def condition_text(c: Condition) -> str:
    """``AHT ≤ 9 min``."""
    op = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "="}.get(c.op, c.op)
    return f"{MEASURES.get(c.measure).label} {op} {value_text(c.measure, c.value)}"


def _pay(share: float) -> str:
    return f"+{100 * share:g}% of the salary"


def _bonus_lines(rule: BonusRule, key: str) -> list[Line]:
    gates = " and ".join(condition_text(c) for c in rule.only_if)
    tail = f", only if {gates}" if gates else ""
    tail += f", capped at {100 * rule.cap:g}% of the salary" if rule.cap != float("inf") else ""
    tail += (
        f", shared from a team pool of {100 * rule.pool:g}% of a salary per agent"
        if rule.pool
        else ""
    )
    if rule.kind == "flat":
        assert rule.pay is not None
        return [Line(key, f"{_pay(rule.pay)}{tail or ' to everyone'}", "bonus", gates)]
    assert rule.measure is not None
    what = score_text(rule.measure, rule.min_n)
    if rule.kind == "rate":
        unit = MEASURES.get(str(rule.measure)).unit.rstrip("s")
        text = f"{rule.rate:g} weekly salaries per {unit} ({what}){tail}"
        return [Line(key, text, "bonus", gates)]
    if rule.kind in ("top", "bottom"):
        share = rule.top if rule.kind == "top" else rule.bottom
        assert share is not None and rule.pay is not None
        text = f"{rule.kind} {100 * share:g}% by {what}: {_pay(rule.pay)}{tail}"
        return [Line(key, text, "bonus", gates)]
    assert rule.tiers is not None
    sign = "≥" if higher_is_better(rule.measure) else "≤"
    name = rule.measure if isinstance(rule.measure, str) else None
    lines = [Line(key, f"{what}, in tiers{tail}", "bonus", gates)]
    for j, t in enumerate(rule.tiers):
        at = value_text(name, t.at) if name else f"{t.at:g}"
        text = f"tier {j + 1} ({sign} {at}): {_pay(t.pay)}"
        lines.append(Line(f"{key}.tier.{j}", text, "tier"))
    return lines


def _action_line(action: Action, key: str) -> Line:
    if action.trigger == "bottom":
        assert action.measure is not None and action.bottom is not None
        who = f"the bottom {100 * action.bottom:g}% by {score_text(action.measure, action.min_n)}"
    elif action.trigger == "when":
        who = "agents with " + " and ".join(condition_text(c) for c in action.when)
    else:
        who = "agents without " + " and ".join(condition_text(c) for c in action.unless)
    does = []
    if action.ladder:
        does.append(
            LADDERS[action.ladder].format(
                plan=action.plan_weeks, coach=action.coaching_per_week, final=action.final_weeks
            )
        )
    if action.coaching:
        does.append(f"{action.coaching:g} coaching sessions a week")
    if action.threaten:
        does.append("told they are at risk")
    return Line(key, f"{who}: {'; '.join(does)}", "action")


def _parts_lines(parts: Parts, prefix: str) -> list[Line]:
    fixed = f"fixed pay: {100 * parts.salary:g}% of the flat salary"
    lines = [Line(f"{prefix}salary", fixed, "salary")]
    for i, rule in enumerate(parts.bonus):
        lines += _bonus_lines(rule, f"{prefix}bonus.{i}")
    lines += [_action_line(a, f"{prefix}action.{i}") for i, a in enumerate(parts.action)]
    return lines


def policy_lines(model: PolicyModel) -> list[Line]:
    """Every rule of a composed policy in words, phase by phase."""
    hidden = ", ratings hidden until the review" if model.display == "hidden" else ""
    review = (
        f"reviewed every {model.review} ({model.review_days} days), survey {model.scale}{hidden}"
    )
    lines = [Line("review", review, "review"), *_parts_lines(model, "")]
    for k, phase in enumerate(model.schedule):
        lines.append(
            Line(
                f"schedule.{k}",
                f"from day {phase.start_day} on, {'announced' if phase.announced else 'unannounced'}:",
                "phase",
            )
        )
        if phase.name is not None:
            params = ", ".join(f"{k2} = {v}" for k2, v in phase.params.items())
            lines.append(Line(f"schedule.{k}.name", f"{phase.name} {params}".strip(), "scheme"))
        else:
            lines += _parts_lines(phase, f"schedule.{k}.")
    return lines


def describe(scheme: str, params: Mapping[str, Any]) -> list[Line]:
    """The proposed policy in words: a composed policy rule by rule, else its name and parameters."""
    if scheme == "policy":
        return policy_lines(parse_policy(params))
    shown = ", ".join(f"{k} = {v}" for k, v in sorted(params.items()))
    return [Line("scheme", f"{scheme}" + (f" with {shown}" if shown else ""), "scheme")]
