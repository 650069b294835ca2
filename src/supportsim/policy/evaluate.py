"""Evaluate a proposed policy: against a flat salary and against the best registered alternative.

Every scheme runs the same replications of the center (common random numbers), through a
sweep (:func:`supportsim.experiments.run_sweep`), so the runs are parallel and resumable.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from supportsim.analysis.paired import paired_differences
from supportsim.analysis.stats import ci_table
from supportsim.errors import ConfigError, unknown_name
from supportsim.experiments.results import split_columns
from supportsim.experiments.spec import ScenarioSpec, SchemeSpec, SweepSpec
from supportsim.experiments.sweep import run_sweep
from supportsim.policy.best import LIMITS, best_rule, pick_best
from supportsim.policy.describe import Line, describe
from supportsim.policy.earning import Earning, earning, period_unit
from supportsim.policy.headlines import HEADLINES, quality_key
from supportsim.policy.spec import Policy
from supportsim.policy.vary import Vary, parse_vary, variants, vary_table
from supportsim.policy.verdict import Verdict, judge
from supportsim.runner import RunResult, run
from supportsim.schemes import SCHEMES, make_scheme
from supportsim.schemes.custom import is_python_name

PROPOSED = "proposed"
BASELINE = "flat_salary"


@dataclass(frozen=True)
class PolicyEvaluation:
    """Everything the report shows, as data.

    Attributes
    ----------
    policy
        The evaluated policy.
    runs
        One row per scheme and replication: ``scheme, replication`` and every figure.
        The proposed policy is the scheme labelled ``"proposed"``.
    stats
        Mean and 95% CI per scheme and figure (``scheme, metric, mean, lo, hi, n``).
    vs_flat
        Paired differences of every scheme from ``flat_salary``.
    vs_best
        Paired differences of the proposed policy from the best alternative (empty if none).
    candidates
        The alternatives considered for "best" (see :func:`~supportsim.policy.best.pick_best`).
    best
        The best alternative's label (``None`` if there is no alternative).
    best_unconstrained
        True when no alternative stayed within the limits, so ``best`` is best on quality alone.
    limits
        Figures the best alternative may not be worse on (see :mod:`supportsim.policy.best`).
    quality
        The figure that ranked the alternatives (``true_quality`` when the runs have it).
    rule
        The rule that picked ``best``, in words.
    same_as_proposed
        Registered schemes whose default parameters are the proposed policy itself.
    verdict
        The plain-language verdict and its reasons.
    example
        Replication 0 of the proposed policy (for the pay-against-quality picture).
    lines
        The proposed policy in words, rule by rule (:mod:`supportsim.policy.describe`).
    earning
        Who earns what (:mod:`supportsim.policy.earning`).
    vary
        The varied setting and its values (``--vary``), if any.
    vary_table
        ``value, metric, mean, lo, hi`` of each variant (empty without ``vary``).
    """

    policy: Policy
    runs: pd.DataFrame
    stats: pd.DataFrame
    vs_flat: pd.DataFrame
    vs_best: pd.DataFrame
    candidates: pd.DataFrame
    best: str | None
    best_unconstrained: bool
    limits: tuple[str, ...]
    quality: str
    rule: str
    same_as_proposed: tuple[str, ...]
    verdict: Verdict
    example: RunResult
    lines: tuple[Line, ...] = ()
    earning: Earning | None = None
    vary: Vary | None = None
    vary_table: pd.DataFrame = field(default_factory=pd.DataFrame)

    def mean(self, scheme: str, metric: str) -> float:
        """Mean of ``metric`` under ``scheme`` over the replications (NaN if absent)."""
        row = self.stats[(self.stats["scheme"] == scheme) & (self.stats["metric"] == metric)]
        return float(row["mean"].iloc[0]) if len(row) else float("nan")


#: Registered names that are not policies a manager could adopt as they stand: a schedule's
#: default phases are a demonstration of an unannounced switch, and a composed policy's
#: default is a flat salary.
NOT_ALTERNATIVES = frozenset({"scheme_schedule", "policy"})


def default_alternatives() -> list[str]:
    """Every registered scheme that can be built with its default parameters (schedules excluded)."""
    names = []
    for name in SCHEMES:
        if name in NOT_ALTERNATIVES:
            continue
        try:
            make_scheme(name)
        except (ConfigError, TypeError):
            continue
        names.append(name)
    return names


def _spec(policy: Policy, alternatives: Sequence[str], vary: Vary | None) -> SweepSpec:
    schemes = {PROPOSED: SchemeSpec(scheme=policy.scheme, params=dict(policy.params))}
    for name in dict.fromkeys([BASELINE, *alternatives]):
        schemes[name] = SchemeSpec(scheme=name)
    if vary is not None:
        for label, (name, params) in variants(policy.scheme, policy.params, vary).items():
            schemes[label] = SchemeSpec(scheme=name, params=params)
    return SweepSpec(
        name="policy",
        seed=policy.seed,
        replications=policy.replications,
        scenarios={"center": ScenarioSpec(overrides=policy.scenario.to_dict())},
        schemes=schemes,
        baseline=BASELINE,
        where="policy",
    )


def evaluate_policy(
    policy: Policy,
    *,
    alternatives: Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    executor: Executor | None = None,
    progress: bool | None = None,
    vary: Vary | str | None = None,
) -> PolicyEvaluation:
    """Run the proposed policy, ``flat_salary`` and the alternatives; compare and judge.

    Parameters
    ----------
    policy
        The policy (:func:`~supportsim.policy.spec.load_policy`).
    alternatives
        Scheme names to consider as the best alternative, at their default parameters
        (default: :func:`default_alternatives`).
    out_dir
        Keep the runs there (resumable, as a sweep); default a temporary directory.
    executor
        Where runs execute (default: a process pool on all local cores).
    progress
        Progress bar (``None``: on a terminal or in a notebook).
    vary
        Also run the policy at several values of one setting (:mod:`supportsim.policy.vary`;
        a string is read as the command line's ``PATH=V1,V2,...``).

    Returns
    -------
    PolicyEvaluation
    """
    names = list(alternatives) if alternatives is not None else default_alternatives()
    for n in names:
        if n not in SCHEMES and not is_python_name(n):
            raise unknown_name("scheme", n, SCHEMES.names())
    varied = parse_vary(vary) if isinstance(vary, str) else vary
    spec = _spec(policy, names, varied)
    with tempfile.TemporaryDirectory(prefix="supportsim-policy-") as tmp:
        outcome = run_sweep(spec, out_dir or tmp, executor=executor, progress=progress)
    table = outcome.table
    _, figures = split_columns(table)
    runs = table[["scheme", "replication", *figures]].reset_index(drop=True)
    first = table[table["replication"] == 0].set_index("scheme")["task"]
    same = tuple(s for s in names if s != PROPOSED and first[s] == first[PROPOSED])
    stats = ci_table(runs, "scheme", figures)
    extra = set(varied.labels()) if varied is not None else set()
    return _judged(policy, runs[~runs["scheme"].isin(extra)], stats, names, same, varied)


def _judged(
    policy: Policy,
    runs: pd.DataFrame,
    all_stats: pd.DataFrame,
    names: list[str],
    same: tuple[str, ...],
    vary: Vary | None,
) -> PolicyEvaluation:
    """Compare the proposed policy with a flat salary and the best alternative; judge it."""
    stats = all_stats[all_stats["scheme"].isin(set(runs["scheme"]))].reset_index(drop=True)
    figures = list(dict.fromkeys(stats["metric"]))
    quality = quality_key(figures)
    limits = [k for k in LIMITS if k in figures]
    candidates = [s for s in dict.fromkeys([BASELINE, *names]) if s not in same]
    cand_table, best, unconstrained = pick_best(stats, candidates, quality, limits)
    headline = [k for k in HEADLINES if k in figures]
    vs_flat = paired_differences(runs, BASELINE, headline)
    vs_best = (
        paired_differences(runs[runs["scheme"].isin([PROPOSED, best])], best, headline)
        if best is not None
        else vs_flat.iloc[0:0]
    )
    unit = period_unit(policy.scenario.run.period_days)
    verdict = judge(
        stats, vs_flat, vs_best, best, unconstrained, quality, policy.replications, unit
    )
    lines = describe(policy.scheme, policy.params)
    return PolicyEvaluation(
        policy=policy,
        runs=runs,
        stats=stats,
        vs_flat=vs_flat,
        vs_best=vs_best,
        candidates=cand_table,
        best=best,
        best_unconstrained=unconstrained,
        limits=tuple(limits),
        quality=quality,
        rule=best_rule(quality, limits),
        same_as_proposed=same,
        verdict=verdict,
        example=run(policy.scenario, policy.build_scheme(), policy.seed, replication=0),
        lines=tuple(lines),
        earning=earning(stats, runs, lines, policy.scenario.run.period_days, policy.replications),
        vary=vary,
        vary_table=vary_table(all_stats, vary) if vary is not None else pd.DataFrame(),
    )
