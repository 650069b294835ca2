"""A policy composed in a file: measures, a score, pay rules, actions, a review period, a schedule.

The ``[scheme]`` table of a policy file (or a sweep's ``[schemes.<label>]`` with
``scheme = "policy"``, or a scenario file's ``[policy]`` table) is compiled in three steps,
each in its own module:

1. **parse**: :mod:`~supportsim.schemes.compose.grammar` (shared words),
   :mod:`~supportsim.schemes.compose.bonus_rule`, :mod:`~supportsim.schemes.compose.action_rule`
   and :mod:`~supportsim.schemes.compose.model` validate the table (pydantic), every rule
   of the language in one place, each problem one line
   (:mod:`~supportsim.schemes.compose.problems`); conditions such as ``"aht_min <= 9"``
   are read by :mod:`~supportsim.schemes.compose.conditions`, without ``eval``;
2. **decide**: :mod:`~supportsim.schemes.compose.rules` (scores, tiers, rates, rank cuts,
   gates, pools, caps) and :mod:`~supportsim.schemes.compose.actions` (who is singled
   out, the warning ladder, coaching) are pure functions of an observation;
3. **scheme**: :class:`~supportsim.schemes.compose.scheme.Policy`, registered as
   ``policy``, runs wherever a scheme runs.

The measures are :data:`supportsim.schemes.measures.MEASURES`.
"""

from supportsim.schemes.compose.model import PolicyModel, parse_policy
from supportsim.schemes.compose.scheme import Policy, Rules

__all__ = ["Policy", "PolicyModel", "Rules", "parse_policy"]
