"""Incentive schemes: each turns what management observes into pay and threats.

Built-in schemes are registered by name; see :data:`SCHEMES`. Write your own with
:func:`register_scheme` (see :mod:`supportsim.schemes.base`).
"""

from supportsim.schemes import flat_salary, per_contact_pay, rubric_review, star_bonus
from supportsim.schemes.base import Decision, Observation, Scheme
from supportsim.schemes.registry import SCHEMES, make_scheme, register_scheme, scheme_params

del flat_salary, per_contact_pay, rubric_review, star_bonus

__all__ = [
    "SCHEMES",
    "Decision",
    "Observation",
    "Scheme",
    "make_scheme",
    "register_scheme",
    "scheme_params",
]
