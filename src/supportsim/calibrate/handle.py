"""Handle time: lognormal fits of talk overall and per type, short contacts apart.

The model (docs/model.md, Issues): the talk a new issue of kind ``k`` needs is lognormal,
``mean_handle_min * difficulty_k * exp(s Z - s^2/2)``, one log-sd ``s`` for every kind.
So each type's log talk is normal with mean ``mu_k = ln(mean_handle_min * difficulty_k) -
s^2/2`` and sd ``s``: ``mu_k`` and a type's own log-sd are fitted by maximum likelihood
(:func:`scipy.stats.lognorm.fit`, location 0), with t and chi-squared intervals; ``s`` is the
pooled within-type log-sd. The model keeps each kind's mean exactly, so the means are the
types' sample means (t intervals; they keep the log's handle time even where talk is not
quite lognormal): ``mean_handle_min`` is their new-issue-share-weighted mean and a type's
difficulty its mean over that. Talks shorter than the cut (default 10
s: often dropped calls or dumping) are counted apart and kept out of the fit. The fit
statistic is the Kolmogorov-Smirnov distance between the talks and the fitted
distribution (a single lognormal, and the model's mixture of the types).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from supportsim.calibrate.values import Est, share, z_of

#: Talks shorter than this many seconds are short contacts, not fitted.
SHORT_SEC = 10.0
#: A type with fewer fitted talks than this is merged into "other".
MIN_TYPE_N = 30
#: At most this many types become kinds (the rest are merged into "other").
MAX_KINDS = 12


@dataclass(frozen=True)
class LognormalFit:
    """A lognormal fit of talk in seconds: ``log_mean`` and ``log_sd`` of ln(seconds)."""

    n: int
    log_mean: Est
    log_sd: Est
    ks: float

    @property
    def mean_s(self) -> float:
        """The fitted mean talk, seconds."""
        return math.exp(self.log_mean.value + self.log_sd.value**2 / 2)


@dataclass(frozen=True)
class KindFit:
    """One type of call as a kind of issue."""

    name: str
    line: str
    share: Est
    fit: LognormalFit
    difficulty: Est
    channel: str = "phone"


@dataclass(frozen=True)
class Handle:
    """Talk-time fits (see the module docstring); times in seconds unless named ``_min``."""

    cut_s: float
    answered: int
    short: Est
    overall: LognormalFit
    kinds: tuple[KindFit, ...]
    log_sd: Est
    mean_min: Est
    mixture_ks: float
    acw_mean_s: float
    basis: str
    fitted_s: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """The talks fitted (seconds), for the report's histogram."""


def fit_lognormal(talk_s: np.ndarray, level: float = 0.95) -> LognormalFit:
    """ML lognormal fit of talks (seconds) with t / chi-squared intervals and the KS distance."""
    n = len(talk_s)
    s, _, scale = stats.lognorm.fit(talk_s, floc=0)
    mu = math.log(scale)
    if n < 3:
        return LognormalFit(n, Est(mu), Est(s), math.nan)
    sd1 = s * math.sqrt(n / (n - 1))  # the unbiased log-sd, for the intervals
    alpha = 1 - level
    t = stats.t.ppf(1 - alpha / 2, n - 1) * sd1 / math.sqrt(n)
    lo = sd1 * math.sqrt((n - 1) / stats.chi2.ppf(1 - alpha / 2, n - 1))
    hi = sd1 * math.sqrt((n - 1) / stats.chi2.ppf(alpha / 2, n - 1))
    ks = stats.kstest(talk_s, stats.lognorm(s, scale=scale).cdf).statistic
    return LognormalFit(n, Est(mu, mu - t, mu + t), Est(sd1, lo, hi), float(ks))


def _types(calls: pd.DataFrame, counts: pd.Series) -> pd.Series:
    """Types as kinds: those with too few talks, and beyond the largest ones, as "other"
    ("other chat" for chat contacts, so a kind stays one channel)."""
    labels = calls["type"]
    big = counts[counts >= MIN_TYPE_N].sort_values(ascending=False).index[:MAX_KINDS]
    rest = "all" if len(big) == 0 else "other"
    if "channel" in calls and (calls["channel"] == "chat").any():
        rest = pd.Series(rest, index=labels.index, dtype="string").where(
            calls["channel"] != "chat", f"{rest} chat"
        )
    if len(big) == 0:
        return pd.Series(rest, index=labels.index, dtype="string")
    return labels.where(labels.isin(big), rest)


def fit_handle(
    talk: pd.DataFrame,
    new: pd.DataFrame,
    cut_s: float = SHORT_SEC,
    level: float = 0.95,
    basis: str = "answered contacts",
) -> Handle:
    """Fit talk time. ``talk``: answered contacts to fit (``talk_s``, ``type``, ``queue``,
    ``acw_s``); ``new``: the new issues (``type``), whose shares are the kinds' shares."""
    is_short = talk["talk_s"] < cut_s
    body = talk[~is_short]
    counts = body["type"].value_counts()
    kind_of = _types(body, counts)
    new_kind = _types(new, counts)
    fits = {
        k: fit_lognormal(body.loc[kind_of == k, "talk_s"].to_numpy(), level)
        for k in kind_of.unique()
    }
    names = sorted(fits, key=lambda k: -fits[k].n)
    dof = sum(fits[k].n - 1 for k in names)
    resid = np.concatenate(
        [
            np.log(body.loc[kind_of == k, "talk_s"].to_numpy()) - fits[k].log_mean.value
            for k in names
        ]
    )
    s = float(np.sqrt(np.sum(resid**2) / max(dof, 1)))
    alpha = 1 - level
    s_ci = Est(
        s,
        s * math.sqrt(dof / stats.chi2.ppf(1 - alpha / 2, dof)),
        s * math.sqrt(dof / stats.chi2.ppf(alpha / 2, dof)),
    )
    n_new = max(int(new_kind.isin(names).sum()), 1)
    shares = {k: share(int((new_kind == k).sum()), n_new, level) for k in names}
    talks = {k: body.loc[kind_of == k, "talk_s"] for k in names}
    means = {k: float(talks[k].mean()) for k in names}
    sems = {k: float(stats.sem(talks[k])) if len(talks[k]) > 1 else math.nan for k in names}
    mean = sum(shares[k].value * means[k] for k in names)
    var = sum((shares[k].value * sems[k]) ** 2 for k in names)
    z = z_of(level)
    kinds = tuple(
        KindFit(
            name=k,
            line=_line(body.loc[kind_of == k, "queue"]),
            channel=_line(body.loc[kind_of == k, "channel"]) if "channel" in body else "phone",
            share=shares[k],
            fit=fits[k],
            difficulty=Est(
                means[k] / mean,
                (means[k] - z * sems[k]) / mean,
                (means[k] + z * sems[k]) / mean,
            ),
        )
        for k in names
    )
    mixture = _mixture_ks(body["talk_s"].to_numpy(), kind_of.to_numpy(), fits, s)
    return Handle(
        cut_s=cut_s,
        answered=len(talk),
        short=share(int(is_short.sum()), len(talk), level),
        overall=fit_lognormal(body["talk_s"].to_numpy(), level),
        kinds=kinds,
        log_sd=s_ci,
        mean_min=Est(mean / 60, (mean - z * math.sqrt(var)) / 60, (mean + z * math.sqrt(var)) / 60),
        mixture_ks=mixture,
        acw_mean_s=float(talk["acw_s"].mean()) if talk["acw_s"].notna().any() else math.nan,
        basis=basis,
        fitted_s=body["talk_s"].to_numpy(dtype=float),
    )


def _line(queues: pd.Series) -> str:
    return str(queues.mode().iloc[0]) if len(queues) else "main"


def _mixture_ks(x: np.ndarray, kind: np.ndarray, fits: dict[str, LognormalFit], s: float) -> float:
    """KS distance between the talks and the model's mixture of the types' lognormals."""
    names = list(fits)
    w = np.array([np.mean(kind == k) for k in names])
    mu = np.array([fits[k].log_mean.value for k in names])

    def cdf(v: np.ndarray) -> np.ndarray:
        z = (np.log(np.asarray(v))[:, None] - mu[None, :]) / s
        return np.asarray(stats.norm.cdf(z) @ w)

    return float(stats.kstest(x, cdf).statistic)
