"""Ratings hidden until a weekly review: a display policy that combines with any scheme."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.errors import ConfigError
from supportsim.schemes._params import SCHEME_CONFIG
from supportsim.schemes.base import Decision, Observation, Scheme
from supportsim.schemes.registry import SCHEMES, make_scheme, register_scheme


@register_scheme("hidden_ratings")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class HiddenRatings:
    """Runs scheme ``inner`` (with ``inner_params``) but shows agents their ratings only at
    the weekly review, never live.

    A bad rating seen live costs morale at once (it distracts and sours the next contact);
    the same ratings read at a calm weekly review cost much less (the scenario's
    ``morale_live_hit`` and ``morale_review_hit``). Pay and actions are the inner scheme's.
    """

    display: ClassVar[str] = "hidden"

    inner: str = "star_bonus"
    inner_params: dict[str, Any] = Field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.inner == "hidden_ratings":
            raise ConfigError("inner = 'hidden_ratings': a display policy cannot wrap itself")
        SCHEMES.get(self.inner)  # an unknown name raises with a suggestion
        object.__setattr__(self, "_scheme", make_scheme(self.inner, **self.inner_params))

    @property
    def wrapped(self) -> Scheme:
        """The scheme that decides pay."""
        return self._scheme  # type: ignore[attr-defined]

    @property
    def survey(self) -> Any:
        """The inner scheme's survey."""
        return self.wrapped.survey

    @property
    def review_sample(self) -> int:
        """The inner scheme's review sample."""
        return self.wrapped.review_sample

    @property
    def repeat_window_days(self) -> float:
        """The inner scheme's repeat tracking, if any."""
        return float(getattr(self.wrapped, "repeat_window_days", 0.0) or 0.0)

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """The inner scheme decides."""
        return self.wrapped.decide(obs, rng)
