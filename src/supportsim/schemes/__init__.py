"""Incentive schemes: each turns what management observes into pay and threats.

Built-in schemes are registered by name; see :data:`SCHEMES`. Write your own with
:func:`register_scheme` (see :mod:`supportsim.schemes.base`), name a Python class as
``"module:Class"`` (:mod:`supportsim.schemes.custom`), or compose a policy from measures
and rules in a file (``policy``, :mod:`supportsim.schemes.compose`; the measures are
:data:`MEASURES`).
"""

from supportsim.schemes import (
    balanced_scorecard,
    compose,
    flat_salary,
    hidden_ratings,
    negative_share_ranking,
    per_contact_pay,
    resolution_pay,
    rubric_review,
    scheme_schedule,
    split_survey,
    star_bonus,
)
from supportsim.schemes.base import Decision, Observation, Scheme
from supportsim.schemes.measures import MEASURES, Measure
from supportsim.schemes.registry import (
    SCHEMES,
    make_scheme,
    register_scheme,
    scheme_class,
    scheme_params,
)
from supportsim.schemes.surveys import SCALES, Scale, Survey, survey_of

del flat_salary, per_contact_pay, star_bonus, rubric_review, split_survey, negative_share_ranking
del hidden_ratings, balanced_scorecard, resolution_pay, scheme_schedule, compose

__all__ = [
    "MEASURES",
    "SCALES",
    "SCHEMES",
    "Decision",
    "Measure",
    "Observation",
    "Scale",
    "Scheme",
    "Survey",
    "make_scheme",
    "register_scheme",
    "scheme_class",
    "scheme_params",
    "survey_of",
]
