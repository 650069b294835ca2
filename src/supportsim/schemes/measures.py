"""What management can measure per agent and review period, by name: the policy language's words.

Every :class:`Measure` is computed from an :class:`~supportsim.schemes.base.Observation`
only (never the truth) and gives, per agent slot, a value and the sample behind it; an
agent whose sample is below the measure's minimum (``min_n``) is *not rated* on it, and a
rule that needs the measure neither pays nor singles that agent out.

``supportsim list measures`` prints the catalogue (``--format json`` for every field).

>>> MEASURES.get("aht_min").unit
'min'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from supportsim.registry import Registry
from supportsim.schemes.base import Observation

Needs = Literal["", "stars", "reviewer", "repeats"]
Better = Literal["higher", "lower"]
#: What a measure gives: its value and its sample, per agent slot.
Values = tuple[np.ndarray, np.ndarray]

#: Weights of the reviewer's three scores in ``qa_score`` (those of ``rubric_review``).
QA_WEIGHTS = (0.4, 0.4, 0.2)


@dataclass(frozen=True)
class Measure:
    """One thing management can observe per agent and period.

    Attributes
    ----------
    name
        How a policy file names it (``aht_min``).
    label
        Short words for reports (``AHT``).
    unit
        Unit of the value (``min``, ``share``, ``stars``...).
    definition
        One sentence: exactly what is computed, from which observed fields.
    better
        Which way management counts as better: ``top`` and ``bottom`` rank cuts, tiers
        and the sign of a standardised score follow it.
    count
        A count per period (contacts, closures, hours): a ``rate`` may pay per unit.
    needs
        What the world must provide: ``stars`` (a 1-10 or 1-5 star survey), ``reviewer``
        (the quality reviewer's sample) or ``repeats`` (repeat tracking); ``""`` nothing.
    min_n
        Default minimum sample below which an agent is not rated.
    sample
        What ``min_n`` counts (``answers``, ``reviewed contacts``...).
    bounds
        Values the measure can take (``None`` where the survey scale decides).
    compute
        ``Observation -> (value, sample)``.
    """

    name: str
    label: str
    unit: str
    definition: str
    better: Better
    count: bool
    needs: Needs
    min_n: float
    sample: str
    bounds: tuple[float, float] | None
    compute: Callable[[Observation], Values]

    def values(self, obs: Observation, min_n: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(value, rated)``: the value per agent, and who is rated (an active slot with a
        finite value on a sample of at least ``min_n``, default the measure's own)."""
        value, n = self.compute(obs)
        floor = self.min_n if min_n is None else min_n
        with np.errstate(invalid="ignore"):
            rated = obs.active & np.isfinite(value) & (n >= floor)
        return value, rated

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready record (``supportsim list measures --format json``)."""
        return {
            "name": self.name,
            "label": self.label,
            "unit": self.unit,
            "definition": self.definition,
            "better": self.better,
            "count": self.count,
            "needs": self.needs or None,
            "min_n": self.min_n,
            "sample": self.sample,
            "bounds": list(self.bounds) if self.bounds else None,
        }


def _div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), np.nan)


def _qa(obs: Observation) -> Values:
    c, r, n = QA_WEIGHTS
    score = (c * obs.review_checklist + r * obs.review_resolved + n * obs.review_notes) / max(
        c + r + n, 1e-12
    )
    return score, obs.reviewed_n


MEASURES: Registry[Measure] = Registry("measure")
SHARE = (0.0, 1.0)
ANY = (0.0, float("inf"))


def _add(*measures: Measure) -> None:
    for m in measures:
        MEASURES.add(m.name, m)


_add(
    Measure("mean_stars", "mean stars", "stars",
            "Mean survey answer on the star scale (1-10, or 1-5), over the answers that came back.",
            "higher", False, "stars", 5, "answers", None,
            lambda o: (o.rating_mean, o.ratings_n)),
    Measure("top_box_share", "top-box share", "share",
            "Share of the answers that came back in the top box (9-10 of 10 stars, or 5 of 5).",
            "higher", False, "stars", 5, "answers", SHARE,
            lambda o: (o.top_box_share, o.ratings_n)),
    Measure("negative_share", "negative share", "share",
            "Share of the answers that came back that were negative (1-4 of 10 stars, 1-2 of 5, or 'no').",
            "lower", False, "", 5, "answers", SHARE,
            lambda o: (o.negative_share, o.ratings_n)),
    Measure("ratings", "answers", "answers",
            "Survey answers that came back in the period (a count).",
            "higher", True, "", 0, "answers", ANY,
            lambda o: (o.ratings_n, o.ratings_n)),
    Measure("survey_response", "survey response", "share",
            "Survey answers per survey sent in the period.",
            "higher", False, "", 20, "surveys sent", SHARE,
            lambda o: (_div(o.ratings_n, o.surveys_sent), o.surveys_sent)),
    Measure("contacts", "contacts", "contacts",
            "Contacts answered in the period (a count).",
            "higher", True, "", 0, "contacts", ANY,
            lambda o: (o.contacts, o.contacts)),
    Measure("contacts_per_hour", "contacts per hour", "contacts/hour",
            "Contacts answered per hour on duty (shifts less breaks).",
            "higher", False, "", 0, "hours on duty", ANY,
            lambda o: (o.contacts_per_hour, o.staffed_hours)),
    Measure("aht_min", "AHT", "min",
            "Average handle time: talk plus after-contact minutes per contact answered (the report's AHT).",
            "lower", False, "", 10, "contacts", ANY,
            lambda o: (o.handle_min, o.contacts)),
    Measure("acw_min", "after-contact work", "min",
            "After-contact minutes (notes) per contact answered.",
            "lower", False, "", 10, "contacts", ANY,
            lambda o: (_div(o.acw_min, o.contacts), o.contacts)),
    Measure("relative_aht", "relative AHT", "ratio",
            "Handle time relative to what the agent's mix of issue kinds takes at the team's average (1 = average).",
            "lower", False, "", 10, "contacts", ANY,
            lambda o: (o.difficulty_adjusted_handle, o.contacts)),
    Measure("qa_score", "QA score", "0-1 score",
            "Quality reviewer's rubric score: 0.4 checklist + 0.4 resolution + 0.2 notes, mean over the reviewed contacts.",
            "higher", False, "reviewer", 1, "reviewed contacts", SHARE,
            _qa),
    Measure("qa_checklist", "QA checklist", "0-1 score",
            "Quality reviewer's checklist score (greeting, links, screenshots, 'anything else?'), mean over the reviewed contacts.",
            "higher", False, "reviewer", 1, "reviewed contacts", SHARE,
            lambda o: (o.review_checklist, o.reviewed_n)),
    Measure("qa_resolution", "QA resolution", "share",
            "Share of the reviewed contacts the reviewer found resolved.",
            "higher", False, "reviewer", 1, "reviewed contacts", SHARE,
            lambda o: (o.review_resolved, o.reviewed_n)),
    Measure("qa_notes", "QA notes", "0-1 score",
            "Quality reviewer's score of the notes left, mean over the reviewed contacts.",
            "higher", False, "reviewer", 1, "reviewed contacts", SHARE,
            lambda o: (o.review_notes, o.reviewed_n)),
    Measure("first_contact_resolution", "first-contact resolution (tracked)", "share",
            "Resolution without a repeat: clean-closure credit (an issue resolved and not back within the repeat window, shared among the agents who handled it) per contact whose window ended in the period.",
            "higher", False, "repeats", 20, "contacts judged", ANY,
            lambda o: (_div(o.clean_closures, o.closures_checked), o.closures_checked)),
    Measure("clean_closures", "clean closures", "closures",
            "Clean-closure credit of the period: issues resolved and not back within the repeat window, shared among the agents who handled them (a count).",
            "higher", True, "repeats", 0, "closures", ANY,
            lambda o: (o.clean_closures, o.closures_checked)),
    Measure("hours_on_duty", "hours on duty", "hours",
            "Hours on duty in the period (shifts less breaks; a count).",
            "higher", True, "", 0, "hours", ANY,
            lambda o: (o.staffed_hours, o.staffed_hours)),
    Measure("tenure_days", "tenure", "days",
            "Days since the agent was hired.",
            "higher", False, "", 0, "days", ANY,
            lambda o: (o.tenure_days, o.tenure_days)),
)  # fmt: skip
