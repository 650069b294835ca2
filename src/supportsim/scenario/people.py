"""Parameter sections of people over time: how agents learn, morale and attrition, money."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic.dataclasses import dataclass

from supportsim.errors import unknown_name
from supportsim.scenario.fields import SECTION_CONFIG, NonNeg, PosFloat, Prob, param

ATTRITION = "published contact-center attrition of 30-45%/year (its midpoint, under flat pay)"
EREV_ROTH = (
    "Erev & Roth 1998, AER 88(4) 848-881: the three-parameter reinforcement model"
    " (s(1) = 9, forgetting 0.1, experimentation 0.2)"
)

#: The learning rules a scenario may name: exactly those registered in
#: :data:`supportsim.behaviour.LEARNING` (a test pins the two together; the scenario cannot
#: import the rules, which read the scenario).
LEARNING_RULES = ("best_response", "fixed", "imitation", "reinforcement")

#: At least two levels on an effort grid (0 and 1).
Levels = Annotated[int, Field(ge=2, le=101)]


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class BehaviourParams:
    """How agents choose and change their effort profile under a scheme."""

    learning: str = param(
        "imitation",
        "-",
        "How agents learn what pays: imitation (trial and error plus payoff-biased imitation"
        " of better-paid peers), reinforcement (Roth-Erev), best_response (agents who know the"
        " formula) or fixed (effort never changes).",
    )
    ideal_thoroughness: Prob = param(
        0.7, "0-1", "Thoroughness an agent would choose to serve customers well."
    )
    ideal_notes: Prob = param(0.7, "0-1", "Notes effort an agent would choose unprompted.")
    ideal_checklist: Prob = param(0.5, "0-1", "Checklist effort an agent would choose unprompted.")
    effort_sd: NonNeg = param(
        0.15, "0-1", "Initial spread of effort around the ideal, and the size of exploration steps."
    )
    revision_rate: Prob = param(
        0.6, "per period", "Chance per period that an agent reconsiders its effort profile."
    )
    imitation_strength: NonNeg = param(
        6.0,
        "per salary",
        "Imitation: chance per salary of pay gap of copying a better-paid peer, and per salary"
        " of gain of keeping a trial.",
    )
    intrinsic_pull: Prob = param(
        0.08,
        "per period",
        "Share of the gap to the ideal profile closed each period (motivation to serve well).",
    )
    threat_weight: NonNeg = param(
        1.0, "-", "How much a threat (missed quota, warning) raises the eagerness to copy."
    )
    survey_gaming: bool = param(
        False, "-", "Let agents learn to steer surveys away from unhappy customers."
    )
    call_dumping: bool = param(
        False,
        "-",
        "Let agents learn to dump contacts (end them at once without working them: a hang-up"
        " or a blind transfer); off locks dumping at 0.",
    )
    ideal_dumping: Prob = param(
        0.0,
        "share",
        "Share of contacts an agent dumps unprompted (only with call_dumping; above 0 sets a"
        " level of dumping to study, e.g. at fixed effort).",
    )
    ideal_weight: NonNeg = param(
        1.0,
        "salary per unit^2",
        "What departing from the ideal profile costs an agent, per period: ideal_weight x the"
        " sum over free dimensions of (effort - ideal)^2 (reinforcement's intrinsic payoff,"
        " best response's effort cost).",
        source="derived: intrinsic_pull / (revision_rate x imitation_strength x effort_sd^2)"
        " = 0.99 at the defaults, so a best responder to a linear pay slope settles as far"
        " from the ideal as imitation's trial and error does",
    )
    effort_levels: Levels = param(
        11,
        "levels",
        "Levels of each effort dimension that reinforcement learns over and best response"
        " searches: 0, 1/(levels - 1), ..., 1.",
    )
    initial_strength: PosFloat = param(
        9.0,
        "x mean payoff",
        "Reinforcement: initial propensities sum to this times the mean first-period payoff"
        " (s(1)); the larger, the slower early learning.",
        source=EREV_ROTH,
    )
    forgetting: Prob = param(
        0.1,
        "per period",
        "Reinforcement: share of every propensity forgotten each period (phi).",
        source=EREV_ROTH,
    )
    experimentation: Prob = param(
        0.2,
        "share",
        "Reinforcement: share of a payoff that reinforces the neighbouring levels instead of"
        " the level played (epsilon; local, as for ordered strategies in Roth & Erev 1995).",
        source=EREV_ROTH,
    )

    @field_validator("learning")
    @classmethod
    def _known_rule(cls, name: str) -> str:
        if name not in LEARNING_RULES:
            raise unknown_name("learning rule", name, LEARNING_RULES)
        return name


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class PeopleParams:
    """Morale, coaching, quits and hiring."""

    people_dynamics: bool = param(
        True,
        "-",
        "Morale, quits, dismissals and hiring; off makes the team fixed (as in queueing theory).",
    )
    morale_baseline: Prob = param(0.8, "0-1", "Morale an agent returns to when left alone.")
    morale_resolve_effect: NonNeg = param(
        0.5, "log-odds", "Log-odds of resolution per unit of morale above or below baseline."
    )
    morale_courtesy_effect: NonNeg = param(
        0.5, "sat units", "Courtesy per unit of morale above or below baseline."
    )
    morale_live_hit: NonNeg = param(
        0.005, "0-1", "Morale lost per bad rating an agent sees live (it sours the next contact)."
    )
    morale_review_hit: NonNeg = param(
        0.0015, "0-1", "Morale lost per bad rating seen at a calm weekly review (ratings hidden)."
    )
    morale_warning_hit: NonNeg = param(0.15, "0-1", "Morale lost at a written warning.")
    morale_final_hit: NonNeg = param(0.2, "0-1", "Morale lost at a final warning.")
    morale_plan_hit: NonNeg = param(
        0.03, "0-1 per week", "Morale lost per week on an improvement plan (stress)."
    )
    morale_recovery: Prob = param(
        0.3, "per week", "Share of the gap to baseline morale recovered in a week."
    )
    quit_rate_year: Prob = param(
        0.19,
        "per year",
        "Yearly quit rate at baseline morale; calibrated so that flat pay, whose morale settles"
        " below baseline, loses 37.5%/year over long runs (experiments/calibrate_attrition.py;"
        " rerun with quits counted by their chances it gives 0.18-0.19, and at 0.19 flat pay"
        " loses 0.38/year).",
        source=ATTRITION,
    )
    quit_morale_effect: NonNeg = param(
        8.0, "per unit morale", "Quit hazard multiplies by exp(effect x morale shortfall)."
    )
    hiring_delay_days: NonNeg = param(
        14.0, "days", "Days a vacant slot stays empty before a new hire starts."
    )
    coaching_effect: NonNeg = param(
        0.04, "log-odds", "Skill gained per coaching session: a modest real effect."
    )


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class ContractParams:
    """Money: salaries, and how the client pays the outsourcer running the center."""

    salary_per_week: PosFloat = param(
        900.0,
        "currency/week",
        "An agent's flat salary per week; a scheme's pay of 1.0 is one period's flat salary.",
    )
    contract: Literal["per_contact", "per_resolution"] = param(
        "per_contact", "-", "How the client pays the outsourcer running the center."
    )
    price_per_contact: NonNeg = param(
        6.0, "currency", "What the client pays per answered contact (per-contact contract)."
    )
    price_per_resolution: NonNeg = param(
        9.5, "currency", "What the client pays per resolved contact (per-resolution contract)."
    )
