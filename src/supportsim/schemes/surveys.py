"""Surveys a scheme asks for: the rating scale, split questions, and what agents see.

A scheme names the survey the center sends (its ``survey``: a scale name or a
:class:`Survey`); the world turns a customer's latent satisfaction (0 = neutral) into the
answer of that scale. Response is U-shaped in satisfaction (extreme experiences answer
more; Hu, Pavlou & Zhang 2009); that part lives in the contact handler.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from supportsim.registry import Registry
from supportsim.schemes.base import Scheme, active_scheme

F = TypeVar("F", float, np.ndarray)


@dataclass(frozen=True)
class Scale:
    """A rating scale: ``answer(sat)`` gives the rating; ratings <= ``negative_max`` are
    negative, ratings >= ``top_box_min`` are the top box (9-10 of 10 stars, 5 of 5)."""

    name: str
    low: int
    high: int
    mid: float  # rating at neutral satisfaction
    slope: float  # rating points per unit of latent satisfaction
    negative_max: int
    top_box_min: int

    def answer(self, sat: float) -> int:
        """The rating a customer with latent satisfaction ``sat`` gives."""
        r = round(self.mid + self.slope * sat)
        return self.low if r < self.low else self.high if r > self.high else r

    def score(self, rating: F) -> F:
        """Rating rescaled to 0-1 (so scores on different scales compare)."""
        return (rating - self.low) / (self.high - self.low)


SCALES: Registry[Scale] = Registry("survey scale")
#: 1-10 stars: neutral customers give 6-7; a product failure typically 3-4.
SCALES.add("stars10", Scale("stars10", 1, 10, mid=6.5, slope=1.8, negative_max=4, top_box_min=9))
SCALES.add("stars5", Scale("stars5", 1, 5, mid=3.3, slope=0.9, negative_max=2, top_box_min=5))
#: "Did we solve your problem?" 1 = yes, 0 = no; "no" whenever satisfaction is below neutral.
SCALES.add("yesno", Scale("yesno", 0, 1, mid=0.5, slope=1000.0, negative_max=0, top_box_min=1))


@dataclass(frozen=True)
class Survey:
    """How the center surveys customers, and what agents see of the answers.

    * ``scale``: the rating scale of the question the scheme reads;
    * ``split``: ask two questions ("how did support treat you?" and "how do you feel about
      the product?"); the support answer keeps only ``halo`` of the product experience
      (a defect's dissatisfaction), the rest goes to the product question;
    * ``response_factor``: multiplies the response rate (each extra question costs answers:
      short forms got about 28% more; Roszkowski & Bean 1990, so two questions ~ 1/1.28);
    * ``display``: ``live`` (agents see each rating as it arrives) or ``hidden`` (only at a
      weekly review).
    """

    scale: str = "stars10"
    split: bool = False
    halo: float = 1.0
    response_factor: float = 1.0
    display: str = "live"


def survey_of(scheme: Scheme, period: int = 0) -> Survey:
    """The survey a scheme runs in ``period``: its ``survey`` (a scale name or a
    :class:`Survey`), from the scheme in force if it is a schedule, with the outer scheme's
    ``display`` if it sets one (``hidden_ratings`` wraps any scheme)."""
    inner = active_scheme(scheme, period)
    spec = getattr(inner, "survey", "stars10")
    survey = spec if isinstance(spec, Survey) else Survey(scale=str(spec))
    SCALES.get(survey.scale)  # fail early on an unknown scale
    display = getattr(scheme, "display", None) or getattr(inner, "display", None)
    if display is not None and display != survey.display:
        survey = replace(survey, display=str(display))
    return survey
