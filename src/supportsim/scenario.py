"""The scenario: every parameter of the simulated world, validated in one place.

A :class:`Scenario` is frozen data. Make variants with :meth:`Scenario.replace` (which
re-validates), never by mutation. Time is in minutes unless a name says otherwise.
Defaults describe a mid-size technical-support team; each default's source is in
``docs`` of the field (see ``README.md`` "The default scenario").
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, model_validator
from pydantic.dataclasses import dataclass

from supportsim.errors import ConfigError, check_keys, from_validation_error

Prob = Annotated[float, Field(ge=0.0, le=1.0)]
PosFloat = Annotated[float, Field(gt=0.0)]
NonNeg = Annotated[float, Field(ge=0.0)]
PosInt = Annotated[int, Field(ge=1)]

_CONFIG = ConfigDict(extra="forbid")


@dataclass(config=_CONFIG, frozen=True, kw_only=True)
class IssueKind:
    """A kind of issue: its share of new issues, its relative difficulty and its queue.

    ``difficulty`` multiplies the minutes of work an issue needs (a password reset is a
    fraction of the mean, an investigation several times it); ``defect_weight`` scales
    how likely an issue of this kind is caused by a product defect; ``line`` names the
    product line (queue) it is routed to, whose agents meet that line's product failures.
    """

    name: str
    share: PosFloat
    difficulty: PosFloat = 1.0
    defect_weight: NonNeg = 1.0
    line: str = "main"


DEFAULT_KINDS = (
    IssueKind(name="password_reset", share=0.30, difficulty=0.35, defect_weight=0.3),
    IssueKind(name="how_to", share=0.35, difficulty=0.8, defect_weight=0.8),
    IssueKind(name="billing", share=0.20, difficulty=1.2, defect_weight=1.0),
    IssueKind(name="investigation", share=0.15, difficulty=2.6, defect_weight=2.5),
)

#: Two-humped intraday shape (08:00-18:00), relative weights per open hour.
DEFAULT_INTRADAY = (0.7, 1.1, 1.3, 1.2, 0.9, 0.9, 1.1, 1.1, 0.9, 0.8)
#: Monday-heavy week (Mon-Fri), relative weights per open weekday.
DEFAULT_WEEKLY = (1.15, 1.05, 1.0, 0.95, 0.85)


@dataclass(config=_CONFIG, frozen=True, kw_only=True)
class Scenario:
    """All parameters of one simulated support operation.

    Build one from a built-in name with :func:`supportsim.scenarios.get_scenario`, from a
    TOML file with :func:`supportsim.scenarios.load_scenario`, or directly:

    >>> Scenario(agents=10, arrivals_per_hour=30.0).agents
    10
    """

    name: str = "custom"

    # --- run -------------------------------------------------------------------------
    days: PosInt = 56
    """Simulated days; the run ends at ``days * 1440`` minutes."""
    warmup_days: Annotated[int, Field(ge=0)] = 7
    """Days excluded from every reported figure (queue and callback backlog fill up)."""
    period_days: PosInt = 7
    """Length of a review period: schemes pay and agents learn once per period."""
    monitor_interval_min: NonNeg = 0.0
    """If > 0, sample the queue length this often (for Little's-law checks)."""

    # --- demand ----------------------------------------------------------------------
    arrivals_per_hour: PosFloat = 70.0
    """Mean rate of new issues per open hour (profiles below average to 1)."""
    open_hour: Annotated[int, Field(ge=0, le=23)] = 8
    close_hour: Annotated[int, Field(ge=1, le=24)] = 18
    open_weekdays: Annotated[int, Field(ge=1, le=7)] = 5
    intraday_profile: tuple[PosFloat, ...] = DEFAULT_INTRADAY
    """Relative arrival rate per open hour; empty means flat."""
    weekly_profile: tuple[PosFloat, ...] = DEFAULT_WEEKLY
    """Relative arrival rate per open weekday; empty means flat."""
    daily_rate_cv: NonNeg = 0.16
    """Day-to-day over-dispersion: CV of a gamma multiplier on each day's rate. At 70
    arrivals/hour, 0.16 gives hourly counts with variance about 2.6x the mean
    (Brown et al. 2005)."""

    # --- issues and product defects --------------------------------------------------
    kinds: tuple[IssueKind, ...] = DEFAULT_KINDS
    mean_handle_min: PosFloat = 8.0
    """Mean minutes of talk a new issue needs from an average agent at reference effort."""
    handle_dist: Literal["lognormal", "exponential"] = "lognormal"
    handle_log_sd: PosFloat = 0.88
    """Log-sd of work within a kind (a real bank's calls: log-sd 0.88; Brown et al. 2005)."""
    defect_share: Prob = 0.15
    """Share of new issues caused by a product defect the agent cannot fix."""
    mean_fix_days: PosFloat = 10.0
    """Mean days until engineering ships the fix for a defect (exponential)."""

    incidents_per_30_days: NonNeg = 1.0
    """Product outages per 30 days (Poisson); 0 turns incidents off."""
    incident_hours: PosFloat = 24.0
    """How long an outage lasts; its defects are fixed when it ends."""
    incident_defect_share: Prob = 0.5
    """Share of new issues caused by the outage while it lasts (common cause for everyone)."""

    # --- customers -------------------------------------------------------------------
    mean_patience_min: Annotated[float, Field(gt=0.0)] | None = 6.0
    """Mean patience in queue (exponential, as in Erlang A); ``None`` means infinite."""
    retry_prob: Prob = 0.5
    """Chance an abandoning customer tries again."""
    mean_retry_min: PosFloat = 30.0
    leniency_sd: NonNeg = 0.8
    """Customer-to-customer spread of satisfaction (rating leniency), latent units."""
    always_negative_share: Prob = 0.03
    """Customers who rate the minimum whatever happened."""
    response_propensity_sd: NonNeg = 0.5
    """Log-sd of a customer's propensity to answer surveys."""

    # --- callbacks -------------------------------------------------------------------
    callback_prob: Prob = 0.8
    """Chance an unresolved issue comes back."""
    defect_return_prob: Prob = 0.6
    """Chance a customer with an unfixed defect comes back (else gives up)."""
    callback_median_hours: PosFloat = 6.0
    callback_log_sd: NonNeg = 1.0
    """Delay until a repeat contact: lognormal, median hours (hours to days)."""

    # --- agents ----------------------------------------------------------------------
    agents: PosInt = 20
    line_agents: tuple[PosInt, ...] = ()
    """Agents per product line, in the order the lines first appear in ``kinds``; empty
    means in proportion to each line's offered work (share x difficulty), at least one each."""
    overflow: bool = True
    """An agent whose own line has nobody waiting takes the longest-waiting contact of
    another line (and a new contact goes to another line's idle agent before it queues)."""
    skill_sd: NonNeg = 0.8
    """Spread of agent skill on the resolution log-odds scale."""
    speed_sd: NonNeg = 0.15
    """Log-sd of agent speed (multiplies talk time)."""
    courtesy_sd: NonNeg = 0.3
    """Spread of agent courtesy, latent satisfaction units."""
    max_tenure_years: NonNeg = 4.0
    """Initial tenure is uniform on [0, max]; new hires ramp up."""
    ramp_penalty: NonNeg = 0.8
    """Log-odds of resolution a brand-new hire lacks; it decays with tenure."""
    ramp_days: PosFloat = 60.0

    # --- handling: effort and its effects ------------------------------------------
    reference_thoroughness: Prob = 0.7
    """Thoroughness at which talk time equals the issue's work."""
    rush_floor: Prob = 0.3
    """Talk-time share left at zero thoroughness (rushing shortens calls this far)."""
    resolve_logit: float = 1.6
    """Log-odds of resolving a standard solvable issue at reference effort and skill 0."""
    thoroughness_effect: NonNeg = 2.5
    difficulty_effect: NonNeg = 0.3
    """Log-odds lost per unit of log work (harder issues are resolved less often)."""
    notes_resolve_effect: NonNeg = 1.2
    """Log-odds gained on a repeat contact per unit of note quality left on the issue."""
    rediscovery: NonNeg = 0.4
    """Extra talk on a repeat contact when nothing was noted (scaled by 1 - note quality)."""
    notes_min: NonNeg = 3.0
    """After-contact minutes for complete notes (notes effort 1)."""
    checklist_min: NonNeg = 1.0
    """Talk minutes the full checklist (greeting, links, screenshots, "anything else?") adds."""
    checklist_resolve_effect: NonNeg = 0.1

    # --- satisfaction and surveys ----------------------------------------------------
    sat_resolved: float = 1.2
    sat_unresolved: float = -0.5
    sat_defect: float = -1.2
    """Satisfaction after a contact about an unfixed defect (support's part plus the product's)."""
    sat_defect_support: float = 0.35
    """Support's part of ``sat_defect``: acknowledged, worked around, logged. Assumption:
    midway between an unresolved and a resolved contact. The rest is the product's, which a
    split survey's support question keeps only a halo of."""
    sat_checklist: float = 0.4
    sat_wait_per_min: NonNeg = 0.05
    sat_per_repeat: NonNeg = 0.3
    sat_noise_sd: NonNeg = 0.7
    survey_response: Prob = 0.08
    """Base chance a customer answers the survey (before the U-shape and propensity)."""
    response_u_shape: NonNeg = 0.25
    """How much more extreme experiences answer (Hu, Pavlou & Zhang 2009)."""
    service_level_sec: PosFloat = 20.0
    survey_gaming: bool = False
    """Let agents learn to steer surveys away from unhappy customers (an effort dimension)."""

    # --- quality review --------------------------------------------------------------
    reviewer_hours: NonNeg = 8.0
    """Reviewer hours per period (one quality reviewer a day for the team)."""
    review_min: PosFloat = 12.0
    """Minutes a reviewer spends per sampled contact."""
    reviewer_noise_sd: NonNeg = 0.1

    # --- behaviour -------------------------------------------------------------------
    learning: Literal["imitation", "fixed"] = "imitation"
    """``imitation``: payoff-biased imitation of better-paid peers; ``fixed``: effort never changes."""
    ideal_thoroughness: Prob = 0.7
    ideal_notes: Prob = 0.7
    ideal_checklist: Prob = 0.5
    effort_sd: NonNeg = 0.15
    """Initial spread of effort around the ideal, and the size of exploration steps."""
    revision_rate: Prob = 0.6
    """Chance per period that an agent reconsiders its effort profile."""
    imitation_strength: NonNeg = 6.0
    """Copy chance per unit of pay gap (in salaries) to a better-paid peer."""
    intrinsic_pull: Prob = 0.08
    """Share of the gap to the ideal profile closed each period (motivation to serve well)."""
    threat_weight: NonNeg = 1.0
    """How much a threat (missed quota) raises the eagerness to copy."""

    # --- people over time ------------------------------------------------------------
    people_dynamics: bool = True
    """Morale, quits, dismissals and hiring; off makes the team fixed (as in queueing theory)."""
    morale_baseline: Prob = 0.8
    morale_resolve_effect: NonNeg = 0.5
    """Log-odds of resolution per unit of morale below/above baseline (low morale, less care)."""
    morale_courtesy_effect: NonNeg = 0.5
    """Courtesy (latent satisfaction units) per unit of morale below/above baseline."""
    morale_live_hit: NonNeg = 0.005
    """Morale lost per bad rating an agent sees live (it distracts and sours the next contact)."""
    morale_review_hit: NonNeg = 0.0015
    """Morale lost per bad rating seen at a calm weekly review (ratings hidden until then)."""
    morale_warning_hit: NonNeg = 0.15
    morale_final_hit: NonNeg = 0.2
    morale_plan_hit: NonNeg = 0.03
    """Morale lost per period on an improvement plan (stress)."""
    morale_recovery: Prob = 0.3
    """Share of the gap to baseline morale recovered each period."""
    quit_rate_year: Prob = 0.25
    """Yearly quit probability at baseline morale (published attrition: 30-45%/year)."""
    quit_morale_effect: NonNeg = 8.0
    """Quit hazard multiplies by exp(effect x morale shortfall)."""
    hiring_delay_days: NonNeg = 14.0
    """Days a vacant slot stays empty before a new hire starts."""
    coaching_effect: NonNeg = 0.04
    """Skill (log-odds) gained per coaching session: a modest real effect."""

    # --- money -----------------------------------------------------------------------
    salary_per_period: PosFloat = 900.0
    """Currency per agent per period for a pay of 1.0 (the flat salary)."""
    contract: Literal["per_contact", "per_resolution"] = "per_contact"
    """How the client pays the outsourcer running the center."""
    price_per_contact: NonNeg = 6.0
    price_per_resolution: NonNeg = 9.5

    @model_validator(mode="after")
    def _check_consistency(self) -> Scenario:
        if self.close_hour <= self.open_hour:
            raise ValueError(f"close_hour={self.close_hour} must be > open_hour={self.open_hour}")
        hours = self.close_hour - self.open_hour
        if self.intraday_profile and len(self.intraday_profile) != hours:
            raise ValueError(
                f"intraday_profile has {len(self.intraday_profile)} entries;"
                f" it needs one per open hour ({hours}) or none"
            )
        if self.weekly_profile and len(self.weekly_profile) != self.open_weekdays:
            raise ValueError(
                f"weekly_profile has {len(self.weekly_profile)} entries;"
                f" it needs one per open weekday ({self.open_weekdays}) or none"
            )
        if self.warmup_days >= self.days:
            raise ValueError(f"warmup_days={self.warmup_days} must be < days={self.days}")
        if not self.kinds:
            raise ValueError("kinds must list at least one issue kind")
        lines = self.lines
        if self.agents < len(lines):
            raise ValueError(
                f"agents={self.agents} must be >= the number of product lines ({len(lines)})"
            )
        if self.line_agents:
            if len(self.line_agents) != len(lines):
                raise ValueError(
                    f"line_agents has {len(self.line_agents)} entries; it needs one per"
                    f" product line {list(lines)} or none"
                )
            if sum(self.line_agents) != self.agents:
                raise ValueError(
                    f"line_agents={list(self.line_agents)} sums to {sum(self.line_agents)};"
                    f" it must sum to agents={self.agents}"
                )
        return self

    # --- construction helpers --------------------------------------------------------
    @classmethod
    def field_names(cls) -> list[str]:
        """Names of all parameters."""
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def build(cls, where: str = "scenario", **params: Any) -> Scenario:
        """Validate ``params`` and build a scenario; errors become one-line ``ConfigError``."""
        check_keys(where, params, cls.field_names())
        if "kinds" in params:
            params["kinds"] = tuple(
                k if isinstance(k, IssueKind) else _build_kind(f"{where}.kinds[{i}]", k)
                for i, k in enumerate(params["kinds"])
            )
        for key in ("intraday_profile", "weekly_profile", "line_agents"):
            if isinstance(params.get(key), list):
                params[key] = tuple(params[key])
        try:
            return cls(**params)
        except ValidationError as err:
            raise from_validation_error(where, err) from None

    def replace(self, **changes: Any) -> Scenario:
        """A validated copy with ``changes`` applied."""
        current = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        current.update(changes)
        return Scenario.build(**current)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data view (for JSON reports and records)."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "kinds":
                value = [dataclasses.asdict(k) for k in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @property
    def lines(self) -> tuple[str, ...]:
        """Product lines (queues), in the order they first appear in ``kinds``."""
        return tuple(dict.fromkeys(k.line for k in self.kinds))

    def pooled(self) -> Scenario:
        """This scenario with every kind of issue in one shared queue (one product line)."""
        return self.replace(
            kinds=tuple(dataclasses.replace(k, line="main") for k in self.kinds), line_agents=()
        )

    def agent_lines(self) -> list[int]:
        """The line (index into :attr:`lines`) each agent slot works, slot by slot.

        >>> from supportsim.scenarios import PRODUCT_LINE_KINDS
        >>> Scenario(agents=3, kinds=PRODUCT_LINE_KINDS).agent_lines()
        [0, 1, 1]
        """
        lines = self.lines
        if self.line_agents:
            counts = list(self.line_agents)
        else:
            work = [0.0] * len(lines)
            for k in self.kinds:
                work[lines.index(k.line)] += k.share * k.difficulty
            counts = _apportion(self.agents, work)
        return [line for line, c in enumerate(counts) for _ in range(c)]

    @property
    def open_minutes_per_day(self) -> float:
        """Staffed minutes per open day."""
        return 60.0 * (self.close_hour - self.open_hour)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), at least 1 each."""
    n = len(weights)
    rest = total - n
    quota = [rest * w / sum(weights) for w in weights]
    counts = [1 + int(q) for q in quota]
    by_remainder = sorted(range(n), key=lambda j: int(quota[j]) - quota[j])
    for j in by_remainder[: total - sum(counts)]:
        counts[j] += 1
    return counts


def _build_kind(where: str, raw: Any) -> IssueKind:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} = {raw!r}: must be a table with name, share, difficulty")
    check_keys(where, raw, [f.name for f in dataclasses.fields(IssueKind)])
    try:
        return IssueKind(**raw)
    except ValidationError as err:
        raise from_validation_error(where, err) from None
