"""The composed policy as a real scheme: ``policy``, built from a ``[scheme]`` table.

:class:`Policy` compiles a validated :class:`~supportsim.schemes.compose.model.PolicyModel`
into one :class:`Rules` object per phase of its schedule and delegates to the phase in
force (:mod:`supportsim.schemes.phases`, as a scheme schedule does). It tells the
world what it needs to observe: its ``survey``, a ``review_sample`` when a measure needs
the quality reviewer, and ``repeat_window_days`` when a measure needs repeat tracking.
Its ``review_days`` (7 or 28) must be the run's review period.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from supportsim.errors import ConfigError
from supportsim.schemes.base import Decision, Observation, Scheme
from supportsim.schemes.compose.actions import act
from supportsim.schemes.compose.model import Parts, PolicyModel, parse_policy
from supportsim.schemes.compose.rules import Floors, pay_rule
from supportsim.schemes.phases import Phased, Phases
from supportsim.schemes.registry import make_scheme, register_scheme
from supportsim.schemes.surveys import Survey


class Rules:
    """One phase of a composed policy: its survey, what it asks the world to observe, and
    its decision (``detail`` says what each rule decided, under keys ``<prefix>bonus.<i>.pay``,
    ``.tier``, ``.rated``, ``.gated`` and ``<prefix>action.<i>``)."""

    name: ClassVar[str] = "policy"

    def __init__(self, parts: Parts, review_days: int, prefix: str = "") -> None:
        self.parts = parts
        self.prefix = prefix
        self.floors = Floors(dict(parts.min_n))
        weeks = review_days / 7.0
        reviewer, repeats = parts.needs("reviewer"), parts.needs("repeats")
        self.review_sample = round(parts.reviews_per_week * weeks) if reviewer else 0
        self.repeat_window_days = parts.repeat_window_days if repeats else 0.0
        s = parts.survey
        self.survey: str | Survey = (
            s
            if isinstance(s, str)
            else Survey(
                scale=s.scale, split=s.split, halo=s.halo, response_factor=1.0 - s.response_penalty
            )
        )
        self.display = parts.display

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Pay rules in order (salary plus their pay, capped), then actions in order."""
        p = self.parts
        variable = np.zeros(obs.n_agents)
        detail: dict[str, np.ndarray] = {}
        for i, rule in enumerate(p.bonus):
            out = pay_rule(rule, obs, self.floors, rng)
            variable = variable + out.pay
            key = f"{self.prefix}bonus.{i}"
            detail.update({f"{key}.pay": out.pay, f"{key}.tier": out.tier})
            detail.update({f"{key}.rated": out.rated, f"{key}.gated": out.gated})
        if p.cap != math.inf:
            variable = np.minimum(variable, p.cap)
        done = act(p.action, obs, self.floors, rng, self.prefix)
        detail.update(done.groups)
        rung = done.rung
        return Decision(
            pay=p.salary + variable,
            threatened=done.threatened,
            flagged=rung.acted if rung is not None else None,
            warned=rung.warned if rung is not None else None,
            standing=rung.standing if rung is not None else None,
            stage_left=rung.stage_left if rung is not None else None,
            coaching=done.coaching,
            dismiss=rung.dismiss if rung is not None else None,
            detail=detail,
        )


def _phase(model: PolicyModel, k: int, where: str) -> Scheme:
    phase = model.schedule[k]
    if phase.name is None:
        return Rules(phase, model.review_days, prefix=f"schedule.{k}.")
    if phase.name in ("policy", "scheme_schedule"):
        raise ConfigError(
            f"{where} schedule.{k}.name = {phase.name!r}: a phase cannot be a schedule or a policy; write its parts in the phase"
        )
    try:
        return make_scheme(phase.name, **phase.params)
    except ConfigError as err:
        raise ConfigError(f"{where} schedule.{k}: {err}") from None


@register_scheme("policy")
class Policy(Phased):
    """A policy composed in a file: measures, a score, pay rules (tiers, rates, rank cuts,
    gates, caps, pools), actions (the warning ladder, coaching, threats), a review period
    and a schedule; see :mod:`supportsim.schemes.compose`. Its default is a flat salary."""

    #: The keys of a ``[scheme]`` table (``supportsim list schemes`` shows them).
    PARAMETERS: ClassVar[tuple[str, ...]] = tuple(PolicyModel.model_fields)

    def __init__(self, **table: Any) -> None:
        self._setup(parse_policy(table), "scheme policy")

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str) -> Policy:
        """Build from a ``[scheme]`` table; problems name ``where`` (``file.toml [scheme]``)."""
        policy = cls.__new__(cls)
        policy._setup(parse_policy(table, where), where)
        return policy

    def _setup(self, model: PolicyModel, where: str) -> None:
        self.model = model
        first = Rules(model, model.review_days)
        self._phase_table = Phases(
            schemes=(first, *(_phase(model, k, where) for k in range(len(model.schedule)))),
            starts=(0, *(p.start_day for p in model.schedule)),
            told=(False, *(p.announced for p in model.schedule)),
            period_days=model.review_days,
        )

    def table(self) -> dict[str, Any]:
        """The policy as plain data (the keys given, normalised): its identity."""
        return self.model.model_dump(mode="json", exclude_unset=True)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.table(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and other.model == self.model

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Policy({self.table()!r})"

    def tier_counts(self) -> dict[str, int]:
        """Tiers of each tiered pay rule, by its detail key (``bonus.0``, ``schedule.0.bonus.1``)."""
        parts = [
            ("", self.model),
            *((f"schedule.{k}.", p) for k, p in enumerate(self.model.schedule)),
        ]
        return {
            f"{prefix}bonus.{i}": len(rule.tiers)
            for prefix, part in parts
            for i, rule in enumerate(part.bonus)
            if rule.tiers
        }

    @property
    def review_days(self) -> int | None:
        """The review period this policy is written for (7 or 28 days): the one its
        ``review`` says, or the weekly default when its schedule or its reviewer sample
        depend on it; ``None`` when it runs at any review period (rates, tiers, rank cuts
        and the ladder all scale with the period itself)."""
        m = self.model
        parts = [m, *m.schedule]
        pinned = (
            "review" in m.model_fields_set or m.schedule or any(p.needs("reviewer") for p in parts)
        )
        return m.review_days if pinned else None

    @property
    def pays_bonus(self) -> bool:
        """Whether some rule pays a bonus to earn (tiers, rank cuts, flat bonuses)."""
        return any(b.kind != "rate" for b in self.model.bonus)

    @property
    def repeat_window_days(self) -> float:
        """The first phase's repeat window."""
        return float(getattr(self.active(0), "repeat_window_days", 0.0) or 0.0)


def _rebuild(table: dict[str, Any]) -> Policy:
    return Policy(**table)
