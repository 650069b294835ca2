"""Parameter sections of the team at work: agents, handling, satisfaction and surveys, review."""

from __future__ import annotations

from pydantic.dataclasses import dataclass

from supportsim.scenario.fields import (
    SECTION_CONFIG,
    NonNeg,
    NonNegInt,
    PosFloat,
    PosInt,
    Prob,
    Real,
    param,
)


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class AgentParams:
    """The team: its size, its queues, and how agents differ."""

    agents: PosInt = param(
        25,
        "agents",
        "Agent slots on the team (headcount; at 40 contract hours each, about 20 are on duty"
        " at a time in the default center's 50 open hours).",
    )
    line_agents: tuple[PosInt, ...] = param(
        (),
        "agents",
        "Agents per product line, in the order lines first appear in kinds; empty means in"
        " proportion to each line's work (at least one each).",
    )
    overflow: bool = param(
        True,
        "-",
        "An idle agent takes another line's longest-waiting contact (and a new contact goes"
        " to another line's idle agent before it queues).",
    )
    chat_concurrency: PosInt = param(
        3,
        "chats",
        "Chats a chat agent may hold at once (read only when some kinds come by chat).",
        source="assumption (chat desks commonly allow 2-4 concurrent chats)",
    )
    chat_slowdown: NonNeg = param(
        0.25,
        "share per chat",
        "Each chat's talk is x (1 + chat_slowdown x (chats held - 1)), counting the chats the"
        " agent holds when it starts (itself included).",
        source="assumption; the form follows Tezcan & Zhang 2014 (Oper. Res.): service slows"
        " with concurrency",
    )
    blended_agents: NonNegInt = param(
        0,
        "agents",
        "Agent slots (the first ones, slots being dealt line by line) that take both phone"
        " and chat: a call when one waits, otherwise chats up to chat_concurrency, never a"
        " call while holding a chat.",
    )
    blend_reserve: NonNegInt = param(
        0,
        "agents",
        "Idle blended agents kept for calls: an idle blended agent starts a chat only while at"
        " least this many other blended agents stay idle (0: whenever no call waits).",
        source="the threshold policy of Bhulai & Koole 2003 (IEEE Trans. Autom. Control"
        " 48(8) 1434-1438): keep idle agents for the urgent channel, give the rest to the patient one",
    )
    skill_sd: NonNeg = param(0.8, "log-odds", "Spread of agent skill (log-odds of resolution).")
    speed_sd: NonNeg = param(0.15, "log-sd", "Spread of agent speed (multiplies talk time).")
    courtesy_sd: NonNeg = param(0.3, "sat units", "Spread of agent courtesy.")
    max_tenure_years: NonNeg = param(
        4.0, "years", "Initial tenure is uniform on [0, max]; new hires ramp up."
    )
    ramp_penalty: NonNeg = param(
        0.8, "log-odds", "Log-odds of resolution a brand-new hire lacks; decays with tenure."
    )
    ramp_days: PosFloat = param(60.0, "days", "Time constant of a new hire's ramp-up.")


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class HandlingParams:
    """How effort turns into talk time, resolution and notes on a contact."""

    reference_thoroughness: Prob = param(
        0.7, "0-1", "Thoroughness at which talk time equals the issue's work."
    )
    rush_floor: Prob = param(
        0.3, "share", "Talk-time share left at zero thoroughness (rushing shortens calls this far)."
    )
    resolve_logit: Real = param(
        1.6,
        "log-odds",
        "Log-odds of resolving a standard solvable issue at reference effort and skill 0.",
        source="assumption, giving first-contact resolution near the usual 70%",
    )
    thoroughness_effect: NonNeg = param(
        2.5, "log-odds", "Log-odds of resolution per unit of thoroughness."
    )
    difficulty_effect: NonNeg = param(
        0.3, "log-odds", "Log-odds lost per unit of log work (harder issues are resolved less)."
    )
    notes_resolve_effect: NonNeg = param(
        1.2, "log-odds", "Log-odds gained on a repeat contact per unit of note quality left."
    )
    rediscovery: NonNeg = param(
        0.4, "share", "Extra talk on a repeat contact when nothing was noted (x 1 - note quality)."
    )
    notes_min: NonNeg = param(
        3.0, "min", "After-contact minutes for complete notes (notes effort 1)."
    )
    checklist_min: NonNeg = param(
        1.0, "min", "Talk the full checklist adds (greeting, links, screenshots, anything else?)."
    )
    checklist_resolve_effect: NonNeg = param(
        0.1, "log-odds", "Log-odds of resolution per unit of checklist effort."
    )
    dump_talk_sec: PosFloat = param(
        12.0,
        "s",
        "Mean talk of a dumped contact (uniform between half and 1.5 times this: 6-18 s at the"
        " default), with no notes.",
    )


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class SurveyParams:
    """Customer satisfaction after a contact, and who answers the survey."""

    sat_resolved: Real = param(1.2, "sat units", "Satisfaction after a resolved contact.")
    sat_unresolved: Real = param(-0.5, "sat units", "Satisfaction after an unresolved contact.")
    sat_defect: Real = param(
        -1.2,
        "sat units",
        "Satisfaction after a contact about an unfixed defect (support's part plus the product's).",
    )
    sat_defect_support: Real = param(
        0.35,
        "sat units",
        "Support's part of sat_defect (acknowledged, worked around, logged): midway between"
        " unresolved and resolved; the rest is the product's.",
    )
    sat_checklist: Real = param(0.4, "sat units", "Satisfaction the full checklist adds.")
    sat_wait_per_min: NonNeg = param(0.05, "sat units/min", "Satisfaction lost per minute waited.")
    sat_per_repeat: NonNeg = param(
        0.3, "sat units", "Satisfaction lost per earlier contact on the same issue."
    )
    sat_noise_sd: NonNeg = param(0.7, "sat units", "Contact-to-contact noise in satisfaction.")
    sat_dump_penalty: NonNeg = param(
        1.0,
        "sat units",
        "Extra satisfaction lost when the agent dumps the contact (on top of sat_unresolved).",
    )
    survey_response: Prob = param(
        0.08, "share", "Base chance a customer answers the survey (before the U-shape)."
    )
    response_u_shape: NonNeg = param(
        0.25,
        "per sat unit^2",
        "How much more extreme experiences answer.",
        source="U-shape: Hu, Pavlou & Zhang 2009",
    )


@dataclass(config=SECTION_CONFIG, frozen=True, kw_only=True)
class ReviewParams:
    """The quality reviewer who scores sampled contacts against the checklist."""

    reviewer_hours: NonNeg = param(
        8.0, "hours/week", "Reviewer hours per week (one quality-review day a week for the team)."
    )
    review_min: PosFloat = param(12.0, "min", "Minutes a reviewer spends per sampled contact.")
    reviewer_noise_sd: NonNeg = param(0.1, "0-1", "Reviewer's reading noise on each score.")
