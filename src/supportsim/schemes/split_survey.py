"""Split survey: the star bonus, read from the "how did support treat you?" question only."""

from __future__ import annotations

from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Share
from supportsim.schemes.registry import register_scheme
from supportsim.schemes.star_bonus import StarBonus
from supportsim.schemes.surveys import Survey


@register_scheme("split_survey")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class SplitSurvey(StarBonus):
    """Star bonus on the support question of a two-question survey.

    The survey asks "how did support treat you?" and "how do you feel about the product?"
    (1-10 stars each). The support answer keeps ``halo`` of the product experience (a
    defect's dissatisfaction leaks into it); the second question costs ``response_penalty``
    of the answers (short forms got ~28% more answers, Roszkowski & Bean 1990, so
    1 - 1/1.28 = 0.22). Pays as :class:`~supportsim.schemes.star_bonus.StarBonus` does
    (``salary`` + ``bonus`` when the mean support answer is at least ``threshold`` over at
    least ``min_ratings`` answers).
    """

    halo: Share = 0.3
    response_penalty: Share = 0.22

    @property
    def survey(self) -> Survey:  # type: ignore[override]
        """Two questions; the scheme reads the support one."""
        return Survey(
            scale="stars10", split=True, halo=self.halo, response_factor=1.0 - self.response_penalty
        )
