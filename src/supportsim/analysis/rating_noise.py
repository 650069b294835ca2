"""Rating noise: how much of a survey answer is the agent, and what that means for a period score.

Survey answers are grouped by the agent who handled the contact within a review period;
the agent's share of their variance (ICC(1), see :mod:`supportsim.analysis.reliability`)
sets how reliable a score averaging an agent's ratings can be, and how many ratings a
reliable one would need. Most negative answers are about product defects the agent could
only acknowledge: that share is reported beside the ICC.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from supportsim.analysis.reliability import ICC, icc_oneway, ratings_needed, spearman_brown

#: Grouping of a rating: the agent within a review period (what a period score averages).
AGENT_PERIOD = ("period", "agent")


def rated(contacts: pd.DataFrame) -> pd.DataFrame:
    """Answered contacts whose survey came back (finite ``rating``)."""
    return contacts[(contacts["agent"] >= 0) & contacts["rating"].notna()]


def rating_icc(
    contacts: pd.DataFrame, by: Sequence[str] = AGENT_PERIOD, level: float = 0.95
) -> ICC:
    """Agent share of the variance of single ratings: ICC(1) of ``rating`` grouped by ``by``.

    Parameters
    ----------
    contacts
        A contacts table (pass measured contacts only, see
        :func:`~supportsim.analysis.scores.measured_contacts`).
    by
        Grouping columns; all but the last are blocks whose means are removed first.
        ``("period", "agent")`` (default) asks how much of a rating is the agent *within
        a review period*, the variance a period score averages over, net of what a
        period does to everyone (incidents, a product failure); ``("agent",)`` pools
        periods (an agent whose effort changes then looks less consistent).
    level
        Confidence level of the interval.

    Returns
    -------
    ICC
        The ICC does not depend on the scale's units, so raw ratings serve on every scale.
    """
    r = rated(contacts)
    groups = _frame_codes(r, list(by))
    blocks = _frame_codes(r, list(by[:-1])) if len(by) > 1 else None
    return icc_oneway(r["rating"].to_numpy(), groups, level, blocks)


def _frame_codes(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One integer code per distinct combination of ``columns``."""
    keys = pd.MultiIndex.from_frame(df[columns]) if len(columns) > 1 else df[columns[0]]
    return np.asarray(pd.factorize(keys)[0])


@dataclass(frozen=True)
class RatingNoise:
    """Where rating variance comes from, and what it means for a period score.

    ``icc`` is the agent share of single-rating variance (within a period);
    ``reliability`` is Spearman-Brown at ``ratings_per_agent`` (mean ratings per
    agent-period); ``ratings_for_07`` and ``ratings_for_08`` are the ratings per agent
    needed for reliability 0.7 and 0.8; ``negative_from_defects`` is the share of
    negative answers about an unfixed product defect.
    """

    icc: ICC
    negative_from_defects: float
    ratings_per_agent: float
    reliability: float
    ratings_for_07: float
    ratings_for_08: float


def rating_noise(
    contacts: pd.DataFrame, by: Sequence[str] = AGENT_PERIOD, level: float = 0.95
) -> RatingNoise:
    """Decompose the ratings of ``contacts``: agent share, defect share, reliability.

    Parameters
    ----------
    contacts
        A contacts table (pass measured contacts only, see
        :func:`~supportsim.analysis.scores.measured_contacts`).
    by, level
        As for :func:`rating_icc`.

    Returns
    -------
    RatingNoise
    """
    icc = rating_icc(contacts, by, level)
    neg = rated(contacts)
    neg = neg[neg["negative"].astype(bool)]
    n_bar = icc.mean_n
    return RatingNoise(
        icc=icc,
        negative_from_defects=float(neg["defect"].mean()) if len(neg) else float("nan"),
        ratings_per_agent=n_bar,
        reliability=float(spearman_brown(icc.icc, n_bar)),
        ratings_for_07=ratings_needed(icc.icc, 0.7),
        ratings_for_08=ratings_needed(icc.icc, 0.8),
    )
