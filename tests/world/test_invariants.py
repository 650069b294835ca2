"""Invariants of the world over random small scenarios (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import supportsim as ss


def _scenario(agents: int, routing: str, **params: object) -> ss.Scenario:
    """A small default-like scenario: one shared queue, or two product lines with or without
    overflow."""
    if routing == "pooled":
        return ss.get_scenario("default").replace(agents=agents, **params)
    sc = ss.get_scenario("product_lines")
    return sc.replace(agents=max(agents, 2), overflow=routing == "overflow", **params)


scenarios = st.builds(
    lambda agents, routing, rate, handle, patience, defect, cb, days, learning, dump: _scenario(
        agents,
        routing,
        arrivals_per_hour=rate,
        mean_handle_min=handle,
        mean_patience_min=patience,
        defect_share=defect,
        callback_prob=cb,
        days=days,
        warmup_days=1,
        learning=learning,
        call_dumping=dump > 0,
        ideal_dumping=dump,
    ),
    agents=st.integers(1, 6),
    routing=st.sampled_from(["pooled", "overflow", "dedicated"]),
    rate=st.floats(1.0, 40.0),
    handle=st.floats(1.0, 20.0),
    patience=st.one_of(st.none(), st.floats(0.5, 30.0)),
    defect=st.floats(0.0, 1.0),
    cb=st.floats(0.0, 1.0),
    days=st.integers(2, 9),
    learning=st.sampled_from(["imitation", "fixed"]),
    dump=st.sampled_from([0.0, 0.0, 0.3]),  # call dumping off, or agents dumping
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sc=scenarios, seed=st.integers(0, 2**32 - 1), scheme=st.sampled_from(sorted(ss.SCHEMES)))
def test_every_arrival_ends_exactly_once(sc: ss.Scenario, seed: int, scheme: str) -> None:
    res = ss.run(sc, scheme, seed)
    c = res.contacts
    # one row per arrival: (issue, attempt) pairs are unique and dense per issue
    assert not c.duplicated(["issue", "attempt"]).any()
    per_issue = c.groupby("issue")["attempt"].agg(["max", "size"])
    assert (per_issue["max"] + 1 == per_issue["size"]).all()
    # each row is in exactly one end state
    assert set(c["status"].unique()) <= {"served", "abandoned", "open"}
    assert c["status"].notna().all()
    # every new issue that arrived before the end shows up
    arrived = res.issues[res.issues["attempts"] > 0]
    assert len(arrived) == res.issues["created_min"].lt(sc.days * 1440).sum()
    served = c[c["status"] == "served"]
    assert (served["wait_min"] >= -1e-9).all()
    assert (served["start_min"] + served["handle_min"] <= sc.days * 1440 + 1e-6).all()
    # handled contacts on an issue are numbered 0, 1, 2, ... in time order
    handled = c[c["seq"] >= 0].sort_values(["issue", "start_min"])
    expect = handled.groupby("issue").cumcount().to_numpy()
    assert np.array_equal(handled["seq"].to_numpy(), expect)
    # nothing is resolved twice: no contact after a resolving one
    after = handled.groupby("issue")["outcome"].transform(
        lambda s: (s == "resolved").cumsum().shift(fill_value=0)
    )
    assert (after == 0).all()


@settings(max_examples=15, deadline=None)
@given(sc=scenarios, seed=st.integers(0, 2**32 - 1))
def test_agents_never_serve_two_contacts_at_once(sc: ss.Scenario, seed: int) -> None:
    c = ss.run(sc, "per_contact_pay", seed).contacts
    served = c[c["seq"] >= 0].sort_values(["agent", "start_min"])
    end = served["start_min"] + served["handle_min"]
    nxt = served.groupby("agent")["start_min"].shift(-1)
    ok = nxt.isna() | (nxt >= end - 1e-9)
    assert ok.all()


@settings(max_examples=15, deadline=None)
@given(sc=scenarios, seed=st.integers(0, 2**32 - 1))
def test_routing_respects_lines_and_never_idles_an_agent_a_contact_could_use(
    sc: ss.Scenario, seed: int
) -> None:
    """Without overflow an agent only answers its own line; with one (or one queue) no
    contact waits while an agent is free (work conservation). Every agent on duty all the
    time (shifts are tested in test_roster.py) and no vacant slots."""
    sc = sc.replace(people_dynamics=False, roster="all_hours")
    res = ss.run(sc, "flat_salary", seed)
    c = res.contacts
    served = c[c["seq"] >= 0]
    lines = list(sc.lines)
    line_of_kind = {k.name: lines.index(k.line) for k in sc.kinds}
    issue_line = served["kind"].map(line_of_kind).to_numpy(dtype=int)
    agent_line = np.asarray(sc.agent_lines())[served["agent"].to_numpy()]
    if not sc.overflow:
        assert np.array_equal(issue_line, agent_line)
        return
    # Whenever an agent finishes while some contact is waiting, it starts another at once.
    served = served.sort_values(["agent", "start_min"])
    end = (served["start_min"] + served["handle_min"]).to_numpy()
    nxt = served.groupby("agent")["start_min"].shift(-1).to_numpy()
    waiting = c[c["wait_min"] > 1e-6]
    w_from, w_to = waiting["arrive_min"].to_numpy(), waiting["start_min"].to_numpy()
    for e, n in list(zip(end, nxt, strict=True))[:2000]:
        someone_waits = np.any((w_from < e - 1e-7) & (w_to > e + 1e-7))
        if someone_waits:
            assert abs(n - e) < 1e-6, (e, n)
