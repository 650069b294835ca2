"""A balanced scorecard: several indicators, difficulty-adjusted, small samples shrunk."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field
from pydantic.dataclasses import dataclass

from supportsim.schemes._params import SCHEME_CONFIG, Money, Share
from supportsim.schemes.base import Decision, Observation
from supportsim.schemes.registry import register_scheme


def shrink(mean: np.ndarray, n: np.ndarray, var_within: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Empirical-Bayes shrinkage of agents' means toward the team mean.

    Each mean moves toward the precision-weighted team mean by ``1 - B``, with
    ``B = tau^2 / (tau^2 + sigma^2 / n)``; ``sigma^2`` is the pooled within-agent variance
    and ``tau^2`` the between-agent variance by the method of moments (floored at 0, which
    shrinks everyone to the team mean: "we cannot tell them apart").
    """
    out = np.full(mean.shape, np.nan)
    use = ok & np.isfinite(mean) & (n > 0)
    if use.sum() < 2:
        return np.where(use, mean, np.nan)
    sigma2 = (
        float(np.nanmean(np.where(use, var_within, np.nan)))
        if np.isfinite(var_within[use]).any()
        else 0.0
    )
    sigma2 = sigma2 if np.isfinite(sigma2) else 0.0
    centre = float(np.average(mean[use], weights=n[use]))
    tau2 = max(float(np.var(mean[use], ddof=1)) - float(np.mean(sigma2 / n[use])), 0.0)
    b = tau2 / (tau2 + sigma2 / n[use]) if tau2 + sigma2 > 0 else np.ones(use.sum())
    out[use] = centre + b * (mean[use] - centre)
    return out


def _z(x: np.ndarray) -> np.ndarray:
    """Standard scores of the finite entries (0 elsewhere, and everywhere if they do not
    vary). Plain reductions over the finite entries, not the nan-functions: a best
    responder's foresight calls this thousands of times a review."""
    ok = np.isfinite(x)
    out = np.zeros(x.shape)
    if ok.sum() < 2:
        return out
    v = x[ok]
    sd = v.std()
    if sd == 0:
        return out
    out[ok] = (v - v.mean()) / sd
    return out


@register_scheme("balanced_scorecard")
@dataclass(config=SCHEME_CONFIG, frozen=True, kw_only=True)
class BalancedScorecard:
    """Pays ``salary`` + ``bonus`` to agents whose scorecard is in the top ``top_share``.

    The scorecard is a weighted sum of standardised indicators: the customer rating
    (shrunk toward the team mean by empirical Bayes, so 8 ratings count for less than 40),
    the rubric review of ``sample`` contacts (shrunk with a prior worth ``rubric_prior``
    reviews), and efficiency: handle time *relative to what the agent's mix of issue
    kinds takes* (a password reset and an investigation are not the same unit of work).
    "Several indicators, not one KPI."
    """

    survey: ClassVar[str] = "stars10"

    salary: Money = 1.0
    bonus: Money = 0.2
    top_share: Share = 0.5
    sample: int = Field(default=2, ge=0)
    rubric_prior: float = Field(default=4.0, ge=0.0)
    weight_rating: Share = 0.4
    weight_rubric: Share = 0.4
    weight_efficiency: Share = 0.2

    @property
    def review_sample(self) -> int:
        """Contacts per agent per period the reviewer scores."""
        return self.sample

    def scores(self, obs: Observation) -> np.ndarray:
        """The scorecard per agent (NaN for vacant slots)."""
        active = obs.active & (obs.contacts > 0)
        rating = shrink(obs.rating_mean, obs.ratings_n, obs.rating_var, active)
        rubric = (obs.review_checklist + obs.review_resolved + obs.review_notes) / 3.0
        n = obs.reviewed_n
        centre = (
            np.nanmean(np.where(active, rubric, np.nan))
            if np.isfinite(rubric[active]).any()
            else 0.0
        )
        rubric = np.where(
            n > 0,
            (n * np.nan_to_num(rubric) + self.rubric_prior * centre) / (n + self.rubric_prior),
            centre,
        )
        efficiency = -obs.difficulty_adjusted_handle
        total = (
            self.weight_rating * _z(rating)
            + self.weight_rubric * _z(rubric)
            + self.weight_efficiency * _z(efficiency)
        )
        return np.where(active, total, np.nan)

    def decide(self, obs: Observation, rng: np.random.Generator) -> Decision:
        """Bonus to the top share of the scorecard."""
        score = self.scores(obs)
        ok = np.isfinite(score)
        if not ok.any():
            return Decision(pay=np.full(obs.n_agents, self.salary))
        cut = np.quantile(score[ok], 1.0 - self.top_share)
        earned = ok & (np.nan_to_num(score, nan=-np.inf) >= cut)
        return Decision(pay=self.salary + self.bonus * earned)
