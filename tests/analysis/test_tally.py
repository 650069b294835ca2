"""The contact tally: the summary's sums are the same however the rows are batched."""

from __future__ import annotations

import math

import numpy as np
import pytest

import supportsim as ss
from supportsim.analysis.reliability import icc_from_moments, icc_oneway
from supportsim.analysis.summary import summary_of
from supportsim.analysis.tally import ContactTally, table_rows


def test_batches_give_the_same_summary_as_one_table(small: ss.Scenario) -> None:
    res = ss.run(small, "resolution_pay", seed=5)
    whole = ContactTally(small)
    whole.add(table_rows(res.contacts, res.issues))
    batched = ContactTally(small)
    rng = np.random.default_rng(0)
    for rows in np.array_split(rng.permutation(len(res.contacts)), 7):
        batched.add(table_rows(res.contacts.iloc[rows], res.issues))
    assert batched.totals["rows"] == len(res.contacts)
    a, b = (
        summary_of(small, whole, res.agent_periods),
        summary_of(small, batched, res.agent_periods),
    )
    for key, x in a.items():
        assert b[key] == pytest.approx(x, rel=1e-9, nan_ok=True), key
    assert not math.isnan(a["rating_icc"])
    np.testing.assert_allclose(batched.note_quality(), whole.note_quality(), rtol=1e-12)


def test_icc_from_moments_is_icc_oneway() -> None:
    rng = np.random.default_rng(1)
    groups = rng.integers(0, 30, 2000)
    blocks = groups // 10
    x = rng.normal(0.0, 1.0, 2000) + rng.normal(0.0, 0.4, 30)[groups] + blocks
    n = np.bincount(groups, minlength=30).astype(float)
    mean = np.bincount(groups, x, minlength=30) / n
    m2 = np.bincount(groups, (x - mean[groups]) ** 2, minlength=30)
    direct = icc_oneway(x, groups, blocks=blocks)
    pooled = icc_from_moments(n, mean, m2, np.arange(30) // 10)
    assert pooled.icc == pytest.approx(direct.icc, rel=1e-12)
    assert (pooled.groups, pooled.n_obs, pooled.blocks) == (30, 2000, 3)
    assert pooled.lo == pytest.approx(direct.lo) and pooled.hi == pytest.approx(direct.hi)
