"""The metric catalogue: one complete record per reported figure, and the tables built from it."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import get_args

import pandas as pd
import pytest

import supportsim as ss
from supportsim.analysis.stats import ci_table
from supportsim.cli import main
from supportsim.experiments import DERIVED
from supportsim.metrics import BY_KEY, CATALOGUE, METRICS, Kind, Metric, Unit, clip_ci, fmt, fmt_ci
from supportsim.policy.headlines import HEADLINES, SERVICE

SRC = Path(__file__).resolve().parents[2] / "src" / "supportsim"


@pytest.fixture(scope="module")
def summary() -> dict[str, float]:
    sc = ss.get_scenario("erlang_c").replace(days=14, warmup_days=7)
    return ss.run(sc, "flat_salary", seed=1).summary


def test_summary_keys_and_catalogue_agree(summary: dict[str, float]) -> None:
    assert list(summary) == [m.key for m in CATALOGUE if m.summary]
    assert list(ss.METRICS) == list(summary)
    assert ss.METRICS is METRICS or ss.METRICS == METRICS
    assert set(DERIVED) == {m.key for m in CATALOGUE if not m.summary} == {"bonus_misclassified"}


def test_summary_values_lie_in_their_range(summary: dict[str, float]) -> None:
    for key, value in summary.items():
        lo, hi = BY_KEY[key].range
        assert math.isnan(value) or lo <= value <= hi, (key, value)


@pytest.mark.parametrize("m", CATALOGUE, ids=lambda m: m.key)
def test_every_record_is_complete(m: Metric) -> None:
    for field in ("key", "label", "axis", "definition"):
        assert getattr(m, field).strip(), field
    assert m.unit in get_args(Unit) and m.kind in get_args(Kind)
    lo, hi = m.range
    assert lo < hi and not (math.isnan(lo) or math.isnan(hi))
    assert m.better in (None, "higher", "lower")
    assert m.why is None or (m.why.strip() and not m.why.endswith("."))
    assert m.label == m.label.strip() and m.axis == m.axis.strip()


@pytest.mark.parametrize("m", CATALOGUE, ids=lambda m: m.key)
def test_definition_is_one_sentence(m: Metric) -> None:
    d = m.definition
    assert d[0].isupper() and d.endswith(".")
    assert not re.search(r"[.!?]\s+[A-Z]", d), d  # no second sentence


def test_labels_and_axis_labels_are_unique() -> None:
    for field in ("key", "label", "axis"):
        values = [getattr(m, field) for m in CATALOGUE]
        assert len(values) == len(set(values)), field


def test_a_bad_record_is_refused() -> None:
    with pytest.raises(ValueError, match="invalid range"):
        Metric("x", "cost", "x", "x (currency)", "currency", (1.0, 0.0), None, "money", "X.")
    with pytest.raises(ValueError, match="invalid unit"):
        Metric("x", "cost", "x", "x", "furlongs", (0.0, 1.0), None, "money", "X.")  # type: ignore[arg-type]


def test_headline_figures_say_which_way_is_better_and_why() -> None:
    for key in (*HEADLINES, *SERVICE):
        assert BY_KEY[key].better is not None and BY_KEY[key].why, key


def test_cost_is_per_resolved_contact_everywhere() -> None:
    m = BY_KEY["cost_per_resolved"]
    for text in (m.label, m.axis, m.definition, m.why or ""):
        assert "resolved contact" in text and "issue" not in text


def test_clip_ci_uses_the_catalogue_range() -> None:
    for m in CATALOGUE:
        lo, hi = m.range
        assert clip_ci(m.key, -math.inf, math.inf) == (lo, hi)
    assert clip_ci("not_a_metric", -5.0, 5.0) == (-5.0, 5.0)
    t = ci_table(pd.DataFrame({"g": ["a"] * 3, "fcr": [0.9, 1.0, 1.0]}), "g", ["fcr"])
    assert t["hi"].item() == BY_KEY["fcr"].range[1]


def test_formatter_follows_the_kind() -> None:
    assert fmt("callback_rate", 0.2345) == "23.4%"
    assert fmt("callback_rate", 0.2345, percent=False) == "0.234"
    assert fmt("callback_rate", -0.0001, signed=True) == "+0.0 pts"
    assert fmt("cost_per_resolved", 1234.5) == "1,234.50"
    assert fmt("contacts", 1219.0) == "1,219"
    assert fmt("aht_min", 10.6) == "10.60"
    assert fmt("pay_quality_corr", -0.25, signed=True) == "-0.250"
    assert fmt("note_quality", float("nan")) == "n/a"
    assert fmt_ci("fcr", 0.2, 0.25) == "[20.0%, 25.0%]"
    assert fmt_ci("fcr", float("nan"), 0.25) == ""


def test_list_metrics_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "metrics", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in doc] == [m.key for m in CATALOGUE]
    for r in doc:
        assert {"key", "label", "definition", "unit", "range", "better"} <= set(r)
        assert len(r["range"]) == 2 and all(x is None or isinstance(x, float) for x in r["range"])
    icc = next(r for r in doc if r["key"] == "rating_icc")
    assert icc["range"] == [None, 1.0]


def test_list_metrics_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "metrics"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(CATALOGUE)
    assert lines[0].startswith("rating_noise") and "rating noise [share]" in lines[0]
    capsys.readouterr()
    assert main(["list", "schemes", "--format", "json"]) == 0
    schemes = json.loads(capsys.readouterr().out)
    assert {s["name"] for s in schemes} == set(ss.SCHEMES)
    assert all(s["summary"] and isinstance(s["params"], dict) for s in schemes)


def test_the_old_tables_are_gone() -> None:
    text = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    for name in (
        "WORKFORCE_METRICS",
        "DOMAINS",
        "LABELS:",
        "METRIC_LABELS",
        "_WORDS",
        "class Headline",
    ):
        assert name not in text, name
    assert not (SRC / "report.py").exists() and not (SRC / "experiments" / "text.py").exists()
    assert not (SRC / "analysis" / "domains.py").exists()


def test_readme_table_is_the_catalogue() -> None:
    readme = (SRC.parents[1] / "README.md").read_text()
    for m in CATALOGUE:
        if m.summary:
            assert f"| `{m.key}` | {m.label} | {m.unit} | {m.definition} |" in readme, m.key
