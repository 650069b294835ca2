"""Pay for resolution: issues closed without a repeat contact within N days (the design fix)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme


@register_scheme("resolution_pay")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class ResolutionPay:
    """Pays ``base`` plus ``per_resolution`` (in weekly salaries) for each issue resolved
    that did not come back within ``window_days`` (default 7), shared equally among the
    agents who handled it.

    Sharing the credit is the point: the notes an agent leaves help the next agent close
    the issue, so under this scheme notes pay. Sees: repeat contacts linked by issue id (it
    tracks them). Pay for a closure arrives once its window has passed. Defaults are budget-neutral: at
    fixed effort on the default scenario (about 106 shared closures per agent-week;
    ``experiments/budget_neutral.py``) the average agent earns one salary.
    """

    survey: ClassVar[str] = "stars10"
    review_sample: ClassVar[int] = 0

    base: Money = 0.5
    per_resolution: Money = 0.0047
    window_days: float = Field(default=7.0, gt=0.0)

    @property
    def repeat_window_days(self) -> float:
        """Repeat contacts within this many days undo a closure."""
        return self.window_days

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Base plus pay per clean closure."""
        piece = self.per_resolution * obs.clean_closures / obs.period_weeks
        return Decision(pay=self.base + piece)
