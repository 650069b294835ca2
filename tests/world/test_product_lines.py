"""Product lines: staffing, validation, and the exposure differences they create.

(Queueing theory for the routing itself is in ``tests/validation/test_line_queues.py``; routing
invariants over random scenarios in ``test_invariants.py``.)
"""

from __future__ import annotations

import numpy as np
import pytest

import supportsim as ss


def test_staffing_follows_each_lines_offered_work() -> None:
    sc = ss.get_scenario("product_lines")
    assert sc.lines == ("accounts", "product")
    # offered work: accounts 0.30 x 0.35 + 0.20 x 1.2 = 0.345, product 0.67 -> 9 : 16 (largest remainder, at least one each)
    assert sc.agent_lines() == [0] * 9 + [1] * 16
    assert sc.replace(line_agents=(5, 20)).agent_lines() == [0] * 5 + [1] * 20
    assert ss.get_scenario("default").agent_lines() == [0] * 25
    assert sc.pooled().lines == ("main",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"line_agents": [5]}, r"line_agents has 1 entries; it needs one per product line"),
        ({"line_agents": [5, 5]}, r"line_agents=\[5, 5\] sums to 10; it must sum to agents=25"),
        ({"agents": 1}, r"agents=1 must be >= the number of product lines \(2\)"),
        ({"line_agent": [1, 2]}, r"unknown key 'line_agent'\. Did you mean 'line_agents'\?"),
    ],
)
def test_bad_line_settings_get_one_clear_line(change: dict[str, object], message: str) -> None:
    with pytest.raises(ss.ConfigError, match=message):
        ss.get_scenario("product_lines").replace(**change)


def test_product_line_agents_meet_more_defects() -> None:
    """The point of lines (MODEL.md "Queue"): some agents meet far more product failures.

    With dedicated lines the ratio of defect shares follows the kinds' defect weights;
    overflow mixes the lines a little and narrows it; one shared queue removes it."""

    def ratio(sc: ss.Scenario) -> float:
        ap = ss.run(sc, "flat_salary", seed=8).agent_periods
        share = ap[ap["period"] >= 1].groupby("agent")["defect_share"]
        per_agent = share.mean().to_numpy()
        line = np.asarray(sc.agent_lines())
        if len(sc.lines) == 1:  # compare the same slots as the two-line runs
            line = np.asarray(ss.get_scenario("product_lines").agent_lines())
        return float(per_agent[line == 1].mean() / per_agent[line == 0].mean())

    sc = ss.get_scenario("product_lines").replace(people_dynamics=False, days=56)
    dedicated, overflow, pooled = ratio(sc.replace(overflow=False)), ratio(sc), ratio(sc.pooled())
    assert dedicated > overflow > 1.3
    assert pooled == pytest.approx(1.0, abs=0.1)
