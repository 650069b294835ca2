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
    """Pays ``base`` plus ``per_contact`` for every contact handled, and ``quota_bonus`` to
    agents at or above ``quota_per_hour`` contacts per staffed hour. Agents below the quota
    are threatened (they lose their supervisor's protection).

    Sees: contacts handled and staffed hours. Defaults: at the default scenario's volume
    (about 240 contacts per agent-week) an average agent earns about one salary.
    """

    name: ClassVar[str] = "per_contact_pay"
    survey: ClassVar[str] = "stars10"
    review_sample: ClassVar[int] = 0

    base: Money = 0.5
    per_contact: Money = 0.002
    quota_per_hour: float = Field(default=4.5, ge=0.0)
    quota_bonus: Money = 0.1

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Volume pay plus the quota bonus; threat below quota."""
        met = obs.contacts_per_hour >= self.quota_per_hour
        pay = self.base + self.per_contact * obs.contacts + self.quota_bonus * met
        return Decision(pay=pay, threatened=~met)
