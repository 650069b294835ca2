"""The best alternative to a proposed policy, by a rule stated before looking at the results.

Among the alternatives that are no worse than the proposed policy on each *limit*
(mean cost per resolved contact, and mean attrition when the runs report it), the best is
the one with the highest mean *quality* (true quality when reported, else first-contact
resolution); ties go to fewer callbacks. If no alternative stays within the limits, the
best on quality alone is named and flagged.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from supportsim.metrics import label

PROPOSED = "proposed"
#: Figures an alternative may not be worse (higher) on than the proposed policy, if present.
LIMITS = ("cost_per_resolved", "attrition_rate")


def best_rule(quality: str, limits: Sequence[str]) -> str:
    """The rule, in words."""
    if not limits:
        return f"the alternative with the highest mean {label(quality)} (ties: fewer callbacks)"
    bounds = " and ".join(f"mean {label(k)}" for k in limits)
    return (
        f"among the alternatives whose {bounds} {'are' if len(limits) > 1 else 'is'} no higher"
        f" than the proposed policy's, the one with the highest mean {label(quality)} (ties:"
        f" fewer callbacks); if none qualifies, the highest {label(quality)} regardless"
    )


def pick_best(
    stats: pd.DataFrame, candidates: Sequence[str], quality: str, limits: Sequence[str]
) -> tuple[pd.DataFrame, str | None, bool]:
    """Apply the rule.

    Parameters
    ----------
    stats
        ``scheme, metric, mean`` (and more) with a ``"proposed"`` scheme.
    candidates
        Alternative scheme labels.
    quality
        The figure to maximise (higher is better).
    limits
        Figures on which an alternative may not exceed the proposed policy's mean.

    Returns
    -------
    tuple
        The candidates table (``scheme, <quality>, <limits...>, callback_rate, eligible``),
        the best label (``None`` without candidates), and whether no candidate was eligible.
    """
    means = stats.pivot_table(index="scheme", columns="metric", values="mean", aggfunc="first")

    def value(scheme: str, key: str) -> float:
        ok = scheme in means.index and key in means.columns
        return float(means.at[scheme, key]) if ok else float("nan")

    def within(scheme: str, key: str) -> bool:
        cap, v = value(PROPOSED, key), value(scheme, key)
        return not np.isfinite(cap) or (np.isfinite(v) and v <= cap)

    rows: list[dict[str, object]] = []
    for s in candidates:
        row: dict[str, object] = {"scheme": s, quality: value(s, quality)}
        row.update({k: value(s, k) for k in limits})
        row["callback_rate"] = value(s, "callback_rate")
        row["eligible"] = all(within(s, k) for k in limits)
        rows.append(row)
    cols = list(dict.fromkeys(["scheme", quality, *limits, "callback_rate", "eligible"]))
    table = pd.DataFrame(rows, columns=cols)
    if table.empty:
        return table, None, False
    pool = table[table["eligible"]] if table["eligible"].any() else table
    ranked = pool.assign(
        _q=pool[quality].fillna(-np.inf), _c=pool["callback_rate"].fillna(np.inf)
    ).sort_values(["_q", "_c"], ascending=[False, True], kind="stable")
    return table, str(ranked["scheme"].iloc[0]), not bool(table["eligible"].any())
