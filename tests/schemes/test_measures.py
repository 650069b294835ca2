"""Every measure ``supportsim list measures`` lists is usable everywhere a policy reads one:
as a score with tiers, in an ``only_if`` gate, as a ranking for a rank cut and for an
action, in a weighted mix, and (for counts) with a rate. A conformance test over the list."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_conformance import _observation

import supportsim as ss
from supportsim.cli import main
from supportsim.schemes.measures import MEASURES


def _listed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["list", "measures", "--format", "json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_the_list_is_the_registry_with_what_a_manager_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _listed(capsys)
    assert [r["name"] for r in rows] == MEASURES.names()
    names = set(MEASURES.names())
    assert {"mean_stars", "negative_share", "contacts_per_hour", "aht_min", "qa_score"} <= names
    assert {"first_contact_resolution", "clean_closures"} <= names
    for r in rows:
        assert (
            str(r["definition"]).endswith(".") and r["unit"] and r["better"] in ("higher", "lower")
        )
        assert isinstance(r["min_n"], int | float) and r["min_n"] >= 0
    assert main(["list", "measures"]) == 0
    text = capsys.readouterr().out
    assert all(n in text for n in names) and "not rated below" in text


def _policy(name: str, threshold: float) -> ss.Scheme:
    m = MEASURES.get(name)
    up = m.better == "higher"
    sign = ">=" if up else "<="
    tiers = [{"at": threshold, "pay": 0.1}]
    bonus = [
        {"score": name, "min_n": 0, "tiers": tiers, "only_if": [f"{name} {sign} {threshold!r}"]},
        {"rank": name, "top": 0.5, "pay": 0.05},
        {"rank": {name: 1.0, "contacts": 1.0}, "top": 0.3, "pay": 0.05},
    ]
    if m.count:
        bonus.append({"score": name, "rate": 0.001})
    action = [{"rank": name, "bottom": 0.2, "ladder": "warn_only"}]
    return ss.make_scheme("policy", bonus=bonus, action=action)


@pytest.mark.parametrize("name", MEASURES.names())
def test_every_measure_works_in_score_tiers_gates_and_rank(name: str, small: ss.Scenario) -> None:
    obs = _observation()
    value, rated = MEASURES.get(name).values(obs, 0)
    assert value.shape == rated.shape == (obs.n_agents,)
    threshold = float(np.nanmedian(value[rated])) if rated.any() else 0.5
    scheme = _policy(name, round(threshold, 3))
    d = scheme.decide(obs, np.random.default_rng(0)).checked(obs, "policy")
    assert np.all(np.isfinite(d.pay)) and d.detail is not None
    assert d.detail["bonus.1.pay"].sum() > 0  # the top half by the measure is paid
    assert d.flagged is not None and d.flagged.any()  # the bottom fifth is warned
    res = ss.run(small, scheme, seed=1, tables=False)
    assert res.summary["contacts"] > 0
    assert any(c.startswith("rule:bonus.0") for c in res.agent_periods.columns)


def test_measures_read_the_observation_only() -> None:
    obs = _observation()
    for name in MEASURES.names():
        m = MEASURES.get(name)
        value, n = m.compute(obs)
        assert value.shape == n.shape == (obs.n_agents,), name
    # not rated below the minimum sample, nor on a vacant slot
    stars = MEASURES.get("mean_stars")
    _, rated = stars.values(obs, 30)
    assert not (rated & (obs.ratings_n < 30)).any()
