"""Confidence intervals across replications stay inside each figure's range."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import supportsim as ss
from supportsim.analysis.stats import ci_table, mean_ci
from supportsim.metrics import BY_KEY


def test_every_reported_figure_has_a_range() -> None:
    for key in ss.METRICS:
        lo, hi = BY_KEY[key].range
        assert lo < hi, key


def test_intervals_are_cut_to_the_range_without_moving_the_mean() -> None:
    runs = pd.DataFrame(
        {
            "scheme": ["a"] * 5,
            "attrition_rate": [0.0, 0.0, 0.0, 0.0, 1.2],  # rare quits: t-interval dips below 0
            "fcr": [0.99, 1.0, 1.0, 0.98, 1.0],
            "my_figure": [-1.0, 0.0, 0.0, 0.0, 1.2],  # no known range: left alone
            "rating_icc": [np.nan] * 5,
        }
    )
    table = ci_table(runs, "scheme", ["attrition_rate", "fcr", "my_figure", "rating_icc"])
    row = table.set_index("metric")
    m, lo, hi = mean_ci(runs["attrition_rate"])
    assert lo < 0 and row.loc["attrition_rate", "lo"] == 0.0
    assert row.loc["attrition_rate", "hi"] == hi and row.loc["attrition_rate", "mean"] == m
    assert row.loc["fcr", "hi"] == 1.0 and row.loc["fcr", "lo"] < 1.0
    assert row.loc["my_figure", "lo"] == mean_ci(runs["my_figure"])[1] < 0
    assert math.isnan(row.loc["rating_icc", "lo"])
