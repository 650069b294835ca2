"""Scenarios: every parameter of the simulated world, in typed sections, and the built-in ones.

See :class:`Scenario` for the sections and :data:`SCENARIOS` for the built-in scenarios.
Building a scenario from a file, a base and overrides is :mod:`supportsim.config`'s job.
"""

from supportsim.scenario.builtins import CHAT_KINDS, PRODUCT_LINE_KINDS, SCENARIOS
from supportsim.scenario.people import BehaviourParams, ContractParams, PeopleParams
from supportsim.scenario.scenario import (
    SECTION_OF,
    SECTIONS,
    Scenario,
    flatten,
    parameter_rows,
)
from supportsim.scenario.staffing import Break, ShiftPattern, StaffingParams
from supportsim.scenario.team import AgentParams, HandlingParams, ReviewParams, SurveyParams
from supportsim.scenario.world import (
    DEFAULT_KINDS,
    CustomerParams,
    DemandParams,
    IssueKind,
    IssueParams,
    RunParams,
)

__all__ = [
    "CHAT_KINDS",
    "DEFAULT_KINDS",
    "PRODUCT_LINE_KINDS",
    "SCENARIOS",
    "SECTIONS",
    "SECTION_OF",
    "AgentParams",
    "BehaviourParams",
    "Break",
    "ContractParams",
    "CustomerParams",
    "DemandParams",
    "HandlingParams",
    "IssueKind",
    "IssueParams",
    "PeopleParams",
    "ReviewParams",
    "RunParams",
    "Scenario",
    "ShiftPattern",
    "StaffingParams",
    "SurveyParams",
    "flatten",
    "parameter_rows",
]
