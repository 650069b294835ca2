"""The manager's policy report: a proposed scheme against a flat salary and the best alternative.

>>> from supportsim.policy import evaluate_policy, load_policy, render_report
>>> ev = evaluate_policy(load_policy("examples/policies/star_bonus_high_threshold.toml"))  # doctest: +SKIP
>>> html = render_report(ev)                                                                  # doctest: +SKIP
"""

from supportsim.policy.evaluate import PolicyEvaluation, default_alternatives, evaluate_policy
from supportsim.policy.html import render_report
from supportsim.policy.spec import Policy, load_policy, policy_from_dict
from supportsim.policy.verdict import Verdict

__all__ = [
    "Policy",
    "PolicyEvaluation",
    "Verdict",
    "default_alternatives",
    "evaluate_policy",
    "load_policy",
    "policy_from_dict",
    "render_report",
]
