"""The measured scores management can rank agents by, oriented so that higher is better.

Every analysis that compares a measurement with the truth (ranking accuracy, the Goodhart
gap, selection and regression to the mean) names its score here, so "higher is better"
means the same thing everywhere: ``negative_share`` enters as ``-negative_share`` and
handle time as ``-handle_min``.

Also here: which rows of a run's tables are *measured* (after the warm-up), so every
analysis and figure excludes the same rows as :func:`supportsim.analysis.summary.summarise`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.errors import ConfigError, unknown_name
from supportsim.lazy import stats
from supportsim.scenario import Scenario
from supportsim.world.calendar import DAY


@dataclass(frozen=True)
class Score:
    """A measured score: a weighted sum of agent-period columns (higher is better)."""

    name: str
    terms: tuple[tuple[str, float], ...]
    label: str

    def __call__(self, agent_periods: pd.DataFrame) -> pd.Series:
        """The score of every agent-period row (NaN where a column is NaN)."""
        missing = [c for c, _ in self.terms if c not in agent_periods.columns]
        if missing:
            raise ConfigError(f"score {self.name!r} needs column(s) {missing}; not in the table")
        total = sum(w for _, w in self.terms if w > 0) or 1.0
        out = sum(w * agent_periods[c].astype(float) for c, w in self.terms)
        return pd.Series(
            np.asarray(out, dtype=float) / total, index=agent_periods.index, name=self.name
        )


#: Built-in scores, by name. ``review_score`` weighs the rubric like the ``rubric_review``
#: scheme's defaults (checklist 0.4, resolved 0.4, notes 0.2).
SCORES: dict[str, Score] = {
    s.name: s
    for s in (
        Score("rating_score", (("rating_score", 1.0),), "mean rating (0-1)"),
        Score("negative_share", (("negative_share", -1.0),), "- share of negative answers"),
        Score("contacts_per_hour", (("contacts_per_hour", 1.0),), "contacts per staffed hour"),
        Score("handle_min", (("handle_min", -1.0),), "- average handle time (min)"),
        Score("review_checklist", (("review_checklist", 1.0),), "reviewed checklist score (0-1)"),
        Score("review_resolved", (("review_resolved", 1.0),), "reviewed resolution share"),
        Score("review_notes", (("review_notes", 1.0),), "reviewed notes score (0-1)"),
        Score(
            "review_score",
            (("review_checklist", 0.4), ("review_resolved", 0.4), ("review_notes", 0.2)),
            "rubric score (0-1)",
        ),
    )
}


def score_values(agent_periods: pd.DataFrame, score: str) -> pd.Series:
    """Values of the built-in score ``score`` (see :data:`SCORES`), higher is better.

    Raises
    ------
    ConfigError
        If ``score`` is not a built-in score name.
    """
    if score not in SCORES:
        raise unknown_name("score", score, SCORES)
    return SCORES[score](agent_periods)


def available_scores(agent_periods: pd.DataFrame) -> list[str]:
    """Scores with at least three finite, non-constant values in ``agent_periods``."""
    out = []
    for name, s in SCORES.items():
        if any(c not in agent_periods.columns for c, _ in s.terms):
            continue
        v = s(agent_periods).to_numpy()
        v = v[np.isfinite(v)]
        if v.size >= 3 and np.ptp(v) > 0:
            out.append(name)
    return out


def first_measured_period(sc: Scenario) -> int:
    """Index of the first review period that starts after the warm-up."""
    return int(np.ceil(sc.run.warmup_days / sc.run.period_days))


def measured_agent_periods(sc: Scenario, agent_periods: pd.DataFrame) -> pd.DataFrame:
    """Agent-periods of review periods that start after the warm-up (all rows if none do).

    Vacant slots (``active`` False, between a departure and the replacement's start) have
    no truth and no pay and are dropped.
    """
    ap = agent_periods[agent_periods["period"] >= first_measured_period(sc)]
    ap = agent_periods if ap.empty else ap
    return ap[ap["active"].astype(bool)] if "active" in ap.columns else ap


def person(agent_periods: pd.DataFrame) -> pd.Series:
    """An id per person: the agent slot, told apart by hire date when a slot is re-filled."""
    if "hired_day" not in agent_periods.columns:
        return agent_periods["agent"].rename("person")
    keys = pd.MultiIndex.from_arrays([agent_periods["agent"], agent_periods["hired_day"].round(6)])
    return pd.Series(pd.factorize(keys)[0], index=agent_periods.index, name="person")


def measured_contacts(sc: Scenario, contacts: pd.DataFrame) -> pd.DataFrame:
    """Contacts answered in measured review periods (those :func:`measured_agent_periods` keeps)."""
    first = first_measured_period(sc)
    answered = contacts[contacts["seq"] >= 0]
    kept = answered[answered["period"] >= first]
    return answered if kept.empty else kept


def add_day(contacts: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``contacts`` with ``day``: the day (from 0) a contact was answered or arrived."""
    when = contacts["start_min"].fillna(contacts["arrive_min"])
    return contacts.assign(day=(when // DAY).astype(int))


def rank_correlation(x: np.ndarray | pd.Series, y: np.ndarray | pd.Series) -> float:
    """Spearman correlation over pairs where both are finite; NaN with < 3 pairs or a constant side."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    if a.size < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    return float(stats.spearmanr(a, b).statistic)


def pay_driver(agent_periods: pd.DataFrame, default: str = "rating_score") -> str:
    """The built-in score that best explains pay: largest |Spearman rho| with ``pay``.

    Schemes are black boxes to the analysis; this names the measure a scheme most likely
    pays on (``default`` when pay does not vary, as under a flat salary).
    """
    pay = agent_periods["pay"].to_numpy(dtype=float)
    finite = pay[np.isfinite(pay)]
    if finite.size < 3 or np.ptp(finite) == 0:
        return default
    best, best_rho = default, 0.0
    for name in available_scores(agent_periods):
        rho = rank_correlation(score_values(agent_periods, name).to_numpy(), pay)
        if np.isfinite(rho) and abs(rho) > best_rho + 1e-12:
            best, best_rho = name, abs(rho)
    return best
