"""Pay per contact, with a volume quota and its threat (the outsourcer's pay-per-call)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme


@register_scheme("per_contact_pay")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class PerContactPay:
    """Pays ``base`` plus ``per_contact`` for every contact handled (``per_contact`` is in
    weekly salaries, so a monthly review pays the same per contact); agents below
    ``quota_per_hour`` contacts per staffed hour are threatened (they lose their
    supervisor's protection). ``quota_bonus`` (default 0) adds a bonus at the quota.

    Sees: contacts handled and hours on duty. Defaults are budget-neutral: at fixed effort
    on the default scenario (about 170 contacts per agent-week, 4.2 per hour on duty;
    ``experiments/budget_neutral.py``) the average agent earns one salary, so cost differences come from behaviour; about half of pay is piece rate.
    The quota is a threat, not a bonus: a bonus at the quota pays the outsourcer's extra
    callback revenue straight back out as wages (measured: with ``quota_bonus = 0.1`` the
    outsourcer's margin is no higher than under ``resolution_pay``).
    """

    survey: ClassVar[str] = "stars10"
    review_sample: ClassVar[int] = 0

    base: Money = 0.57
    per_contact: Money = 0.0025
    quota_per_hour: float = Field(default=4.5, ge=0.0)
    quota_bonus: Money = 0.0

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Volume pay plus the quota bonus; threat below quota."""
        met = obs.contacts_per_hour >= self.quota_per_hour
        piece = self.per_contact * obs.contacts / obs.period_weeks
        pay = self.base + piece + self.quota_bonus * met
        return Decision(pay=pay, threatened=~met)
