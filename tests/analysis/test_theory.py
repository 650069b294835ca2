"""Unit tests of the queueing-theory yardsticks (Erlang B, C and A)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportsim.analysis.theory import erlang_a, erlang_b, erlang_c


def _erlang_c_exact(c: int, load: Fraction) -> Fraction:
    """P(wait) from the textbook closed form, in exact rational arithmetic."""
    top = load**c / math.factorial(c) * Fraction(c) / (c - load)
    bottom = sum(load**k / math.factorial(k) for k in range(c)) + top
    return top / bottom


def _erlang_a_dense(
    c: int, lam: float, mu: float, theta: float, n_max: int = 400
) -> tuple[float, float, float]:
    """(P(wait), E[Q], E[wait | answered]) by brute force on a truncated chain.

    The stationary law solves the generator's balance equations with a dense linear
    solve; the answered customers' wait comes from a first-step recursion over the
    tagged customer's queue position, not from the telescoped formula in the module.
    """
    q = np.zeros((n_max + 1, n_max + 1))
    for n in range(n_max):
        q[n, n + 1] = lam
        q[n + 1, n] = min(n + 1, c) * mu + max(n + 1 - c, 0) * theta
    np.fill_diagonal(q, -q.sum(axis=1))
    a = np.vstack([q.T, np.ones(n_max + 1)])
    b = np.zeros(n_max + 2)
    b[-1] = 1.0
    pi = np.linalg.lstsq(a, b, rcond=None)[0]
    p_wait = float(pi[c:].sum())
    mean_queue = float(np.maximum(np.arange(n_max + 1) - c, 0) @ pi)
    # Position j (j - 1 ahead): moves up at rate c mu + (j - 1) theta, abandons at theta.
    # From position j the sojourn ~ Exp(rate) is independent of where the customer goes
    # next, so s_j = move_j s_{j-1} and f_j = s_j / rate_j + move_j f_{j-1}, with
    # s_j = P(answered | j), f_j = E[W 1{answered} | j], s_0 = 1, f_0 = 0.
    served, w_served = 1.0, 0.0
    ew_served = 0.0
    for n in range(c, n_max):
        j = n - c + 1
        rate = c * mu + j * theta
        move = (c * mu + (j - 1) * theta) / rate
        served = move * served
        w_served = served / rate + move * w_served
        ew_served += pi[n] * w_served
    p_served = 1.0 - theta * mean_queue / lam
    return p_wait, mean_queue, ew_served / p_served


class TestErlangB:
    def test_table_value(self) -> None:
        # Standard Erlang B table: 10 circuits, 5 Erlangs -> 1.84% blocking.
        assert erlang_b(10, 5.0) == pytest.approx(0.018384, abs=1e-6)

    def test_single_server(self) -> None:
        assert erlang_b(1, 3.0) == pytest.approx(3.0 / 4.0)

    def test_huge_system_is_stable(self) -> None:
        b = erlang_b(5000, 4900.0)
        assert 0.0 < b < 0.05


class TestErlangC:
    def test_textbook_value_default_scenario(self) -> None:
        # 10 agents, 50 calls/hour, 10-minute calls: 8.33 Erlangs.
        r = erlang_c(10, 50 / 60, 10.0)
        exact = float(_erlang_c_exact(10, Fraction(25, 3)))
        assert r.p_wait == pytest.approx(exact, rel=1e-12)
        assert r.p_wait == pytest.approx(0.4876, abs=5e-5)
        assert r.mean_wait_min == pytest.approx(exact * 10.0 / (10 - 25 / 3), rel=1e-12)
        assert r.mean_wait_min == pytest.approx(2.926, abs=5e-4)
        assert r.mean_queue == pytest.approx(50 / 60 * r.mean_wait_min)
        assert r.utilisation == pytest.approx(25 / 30)
        assert r.p_abandon == 0.0
        assert r.mean_wait_served_min == r.mean_wait_min

    def test_textbook_value_8_erlangs(self) -> None:
        # Classic table value: 10 agents, 8 Erlangs -> P(wait) = 0.409.
        r = erlang_c(10, 0.8, 10.0)
        assert r.p_wait == pytest.approx(0.4092, abs=1e-4)
        assert r.p_wait == pytest.approx(float(_erlang_c_exact(10, Fraction(8))), rel=1e-12)

    def test_mm1_closed_form(self) -> None:
        r = erlang_c(1, 0.6, 1.0)
        assert r.p_wait == pytest.approx(0.6)
        assert r.mean_wait_min == pytest.approx(0.6 / 0.4)
        assert r.mean_queue == pytest.approx(0.36 / 0.4)

    def test_large_system_is_stable(self) -> None:
        r = erlang_c(2000, 1980 / 5.0, 5.0)
        assert 0.0 < r.p_wait < 1.0
        assert math.isfinite(r.mean_wait_min)

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            ((10, 1.0, 10.0), r"unstable queue: .*10 Erlangs must be < agents = 10"),
            ((10, 2.0, 10.0), "unstable queue"),
            ((0, 0.5, 10.0), r"agents = 0: must be an integer >= 1"),
            ((2.5, 0.5, 1.0), r"agents = 2.5: must be an integer"),
            ((True, 0.5, 1.0), "agents = True"),
            ((10, -0.5, 10.0), r"arrivals_per_min = -0.5: must be a positive finite number"),
            ((10, 0.5, 0.0), r"mean_service_min = 0.0: must be a positive"),
            ((10, math.nan, 1.0), r"arrivals_per_min = nan"),
            ((10, 0.5, math.inf), r"mean_service_min = inf"),
        ],
    )
    def test_invalid_input_raises(self, args: tuple[float, float, float], match: str) -> None:
        with pytest.raises(ValueError, match=match):
            erlang_c(*args)  # type: ignore[arg-type]


class TestErlangA:
    def test_tiny_abandonment_converges_to_erlang_c(self) -> None:
        c_res = erlang_c(10, 50 / 60, 10.0)
        a_res = erlang_a(10, 50 / 60, 10.0, mean_patience_min=1e9)
        for field in (
            "p_wait",
            "mean_wait_min",
            "mean_wait_served_min",
            "mean_queue",
            "utilisation",
        ):
            assert getattr(a_res, field) == pytest.approx(getattr(c_res, field), rel=1e-6), field
        assert a_res.p_abandon == pytest.approx(0.0, abs=1e-8)

    @pytest.mark.parametrize("patience", [None, math.inf])
    def test_infinite_patience_is_erlang_c(self, patience: float | None) -> None:
        assert erlang_a(10, 0.5, 10.0, patience) == erlang_c(10, 0.5, 10.0)
        with pytest.raises(ValueError, match="unstable"):
            erlang_a(10, 1.5, 10.0, patience)

    def test_instant_abandonment_is_erlang_b(self) -> None:
        # Patience -> 0: everyone who finds all agents busy leaves at once (a loss system).
        r = erlang_a(10, 1.0, 10.0, mean_patience_min=1e-9)
        b = erlang_b(10, 10.0)
        assert r.p_wait == pytest.approx(b, rel=1e-6)
        assert r.p_abandon == pytest.approx(b, rel=1e-6)
        assert r.mean_wait_min == pytest.approx(0.0, abs=1e-8)
        assert r.mean_wait_served_min == pytest.approx(0.0, abs=1e-8)
        assert r.utilisation == pytest.approx(10.0 * (1 - b) / 10, rel=1e-6)

    def test_heavy_overload_abandons_the_excess(self) -> None:
        # 50 Erlangs on 10 agents: agents are always busy, the excess 80% abandons and the
        # queue sits near its fluid level (lam - c mu) / theta = 40.
        r = erlang_a(10, 5.0, 10.0, mean_patience_min=10.0)
        assert r.utilisation == pytest.approx(1.0, abs=1e-6)
        assert r.p_wait == pytest.approx(1.0, abs=1e-6)
        assert r.p_abandon == pytest.approx(0.8, abs=1e-6)
        assert r.mean_queue == pytest.approx(40.0, rel=0.01)

    def test_default_scenario_values(self) -> None:
        # The built-in erlang_a scenario: 10 agents, 60/hour, 10-minute calls, 5-minute patience.
        r = erlang_a(10, 1.0, 10.0, 5.0)
        assert r.p_wait == pytest.approx(0.46557, abs=1e-5)
        assert r.p_abandon == pytest.approx(0.14601, abs=1e-5)
        assert r.mean_wait_min == pytest.approx(0.73005, abs=1e-5)
        assert r.mean_wait_served_min == pytest.approx(0.62032, abs=1e-5)

    @pytest.mark.parametrize(
        ("c", "lam", "mu", "theta"),
        [(1, 0.9, 1.0, 0.5), (3, 2.0, 0.5, 0.3), (5, 6.0, 1.0, 2.0), (8, 5.0, 1.0, 0.05)],
    )
    def test_matches_brute_force_chain(self, c: int, lam: float, mu: float, theta: float) -> None:
        r = erlang_a(c, lam, 1.0 / mu, 1.0 / theta)
        p_wait, mean_queue, wait_served = _erlang_a_dense(c, lam, mu, theta)
        assert r.p_wait == pytest.approx(p_wait, rel=1e-8)
        assert r.mean_queue == pytest.approx(mean_queue, rel=1e-8)
        assert r.mean_wait_served_min == pytest.approx(wait_served, rel=1e-8)

    def test_large_load_does_not_overflow(self) -> None:
        r = erlang_a(800, 85.0, 10.0, 3.0)  # 850 Erlangs: e^850 would overflow a float
        assert all(math.isfinite(v) for v in (r.p_wait, r.mean_queue, r.mean_wait_served_min))
        assert 0.0 < r.p_abandon < 1.0

    def test_overloaded_with_endless_patience_is_refused(self) -> None:
        with pytest.raises(ValueError, match=r"more than \d+ states"):
            erlang_a(10, 2.0, 10.0, 1e12)

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            ((10, 1.0, 10.0, 0.0), r"mean_patience_min = 0.0: must be a positive finite number"),
            ((10, 1.0, 10.0, -5.0), r"mean_patience_min = -5.0"),
            ((10, 1.0, 10.0, math.nan), r"mean_patience_min = nan"),
            ((0, 1.0, 10.0, 5.0), r"agents = 0"),
            ((10, 0.0, 10.0, 5.0), r"arrivals_per_min = 0.0"),
            ((10, 1.0, -1.0, 5.0), r"mean_service_min = -1.0"),
        ],
    )
    def test_invalid_input_raises(
        self, args: tuple[float, float, float, float], match: str
    ) -> None:
        with pytest.raises(ValueError, match=match):
            erlang_a(*args)  # type: ignore[arg-type]

    @settings(max_examples=60, deadline=None)
    @given(
        c=st.integers(1, 60),
        rho=st.floats(0.05, 3.0),
        service=st.floats(0.5, 30.0),
        patience_ratio=st.floats(0.01, 100.0),
    )
    def test_identities(self, c: int, rho: float, service: float, patience_ratio: float) -> None:
        lam = rho * c / service
        patience = patience_ratio * service
        r = erlang_a(c, lam, service, patience)
        assert 0.0 <= r.p_abandon <= r.p_wait <= 1.0 + 1e-12
        # Little's law and the abandonment flow: theta E[Q] = lam P(abandon).
        assert r.mean_queue == pytest.approx(lam * r.mean_wait_min, rel=1e-12)
        assert r.p_abandon == pytest.approx(r.mean_wait_min / patience, rel=1e-12)
        # Flow balance: carried load = answered arrivals x service time.
        assert r.utilisation * c == pytest.approx(
            lam * (1 - r.p_abandon) * service, rel=1e-9, abs=1e-12
        )
        # Whoever is answered waited less than the full patience of a lone waiter, and
        # the all-arrivals mean mixes answered and abandoned waits.
        assert (
            0.0 <= r.mean_wait_served_min <= r.mean_wait_min / max(1 - r.p_abandon, 1e-300) + 1e-12
        )
        # More patience means more waiting and less abandonment.
        longer = erlang_a(c, lam, service, patience * 1.5)
        assert longer.p_wait >= r.p_wait - 1e-12
        assert longer.p_abandon <= r.p_abandon + 1e-12
