"""Queueing theory for the stationary scenarios: Erlang B, Erlang C (M/M/c) and Erlang A (M/M/c+M).

These are the yardsticks the simulator is validated against (``tests/validation``): with
Poisson arrivals, exponential handle times, exponential patience, FIFO service and no
retrials or callbacks, the simulated center is exactly one of these queues.

Notation: ``c`` agents, arrival rate ``lam`` per minute, mean handle time ``s`` minutes
(service rate ``mu = 1/s``), mean patience ``p`` minutes (abandonment rate
``theta = 1/p``), offered load ``A = lam * s`` Erlangs. Waiting means time in queue, before
an agent answers (or before the customer abandons).

>>> r = erlang_c(agents=10, arrivals_per_min=50 / 60, mean_service_min=10.0)
>>> round(r.p_wait, 4), round(r.mean_wait_min, 3)
(0.4876, 2.926)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

#: The Erlang A chain is truncated once the probability mass (and the mean queue) beyond
#: the last state is provably below this.
TAIL_TOL = 1e-15
#: Longest birth-death chain :func:`erlang_a` will build.
MAX_STATES = 10_000_000


@dataclass(frozen=True)
class ErlangResult:
    """Stationary figures of an Erlang C or Erlang A queue (times in minutes).

    Attributes
    ----------
    agents : int
        Number of agents ``c``.
    offered_load : float
        Offered load ``A = lam * s`` in Erlangs.
    utilisation : float
        Mean share of agents busy (carried load / ``c``); for Erlang C this is ``A / c``.
    p_wait : float
        Probability an arrival has to wait at all, ``P(W > 0)`` (= ``P(N >= c)`` by PASTA).
    mean_wait_min : float
        Mean time in queue over all arrivals, abandoned ones counted up to abandonment.
    mean_wait_served_min : float
        Mean time in queue of the arrivals that were answered (average speed of answer).
    mean_queue : float
        Time-average number of customers waiting, ``E[Q]`` (= ``lam * mean_wait_min``).
    p_abandon : float
        Probability an arrival abandons (0 for Erlang C).
    """

    agents: int
    offered_load: float
    utilisation: float
    p_wait: float
    mean_wait_min: float
    mean_wait_served_min: float
    mean_queue: float
    p_abandon: float


def _check_agents(agents: int) -> int:
    if isinstance(agents, bool) or not isinstance(agents, Integral) or agents < 1:
        raise ValueError(f"agents = {agents!r}: must be an integer >= 1")
    return int(agents)


def _check_positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not 0.0 < float(value) < math.inf:
        raise ValueError(f"{name} = {value!r}: must be a positive finite number")
    return float(value)


def erlang_b(agents: int, offered_load: float) -> float:
    """Erlang B blocking probability of an M/M/c/c loss system.

    Uses the recursion ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))``, which is stable
    for any number of agents and any load (no factorials, no powers).

    Parameters
    ----------
    agents : int
        Number of servers ``c`` (>= 1).
    offered_load : float
        Offered load ``A`` in Erlangs (> 0).

    Returns
    -------
    float
        The probability that an arrival finds all ``c`` servers busy.

    Raises
    ------
    ValueError
        If ``agents`` is not a positive integer or ``offered_load`` is not positive.
    """
    c = _check_agents(agents)
    a = _check_positive("offered_load", offered_load)
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(agents: int, arrivals_per_min: float, mean_service_min: float) -> ErlangResult:
    """Stationary figures of the M/M/c queue (Erlang C): no abandonment, infinite queue.

    Computed from Erlang B (see :func:`erlang_b`) as
    ``C = c B / (c - A (1 - B))``, ``E[W] = C s / (c - A)``, ``E[Q] = lam E[W]``.

    Parameters
    ----------
    agents : int
        Number of agents ``c`` (>= 1).
    arrivals_per_min : float
        Poisson arrival rate ``lam`` per minute (> 0).
    mean_service_min : float
        Mean (exponential) handle time ``s`` in minutes (> 0).

    Returns
    -------
    ErlangResult
        ``p_abandon`` is 0 and ``mean_wait_served_min`` equals ``mean_wait_min``.

    Raises
    ------
    ValueError
        If an input is not positive, or the queue is unstable (``A = lam * s >= c``).

    Examples
    --------
    >>> round(erlang_c(10, 50 / 60, 10.0).p_wait, 4)
    0.4876
    """
    c = _check_agents(agents)
    lam = _check_positive("arrivals_per_min", arrivals_per_min)
    s = _check_positive("mean_service_min", mean_service_min)
    a = lam * s
    if a >= c:
        raise ValueError(
            f"unstable queue: offered load arrivals_per_min * mean_service_min = {a:.6g} Erlangs"
            f" must be < agents = {c} for Erlang C (use erlang_a for a queue with abandonment)"
        )
    b = erlang_b(c, a)
    p_wait = c * b / (c - a * (1.0 - b))
    wait = p_wait * s / (c - a)
    return ErlangResult(
        agents=c,
        offered_load=a,
        utilisation=a / c,
        p_wait=p_wait,
        mean_wait_min=wait,
        mean_wait_served_min=wait,
        mean_queue=lam * wait,
        p_abandon=0.0,
    )


def _log_weights(
    lam: float, c_mu: float, mu: float, theta: float, c: int, n_max: int
) -> np.ndarray:
    """Unnormalised log stationary probabilities of states ``0..n_max`` of the Erlang A chain."""
    n = np.arange(1, n_max + 1, dtype=float)
    death = np.minimum(n, c) * mu + np.maximum(n - c, 0.0) * theta
    return np.concatenate(([0.0], np.cumsum(math.log(lam) - np.log(death))))


def _erlang_a_chain(
    c: int, lam: float, s: float, theta: float, patience: object
) -> tuple[np.ndarray, float]:
    """The stationary distribution of the Erlang A birth-death chain, truncated.

    The chain is built on states ``0..n_max``, ``n_max`` doubling its margin beyond the
    mode until the tail mass and the tail's share of the mean queue are below
    :data:`TAIL_TOL`.

    Parameters
    ----------
    c, lam, s, theta
        Agents, arrival rate, mean handle time and abandonment rate (validated).
    patience
        The caller's ``mean_patience_min``, as given (for the error message).

    Returns
    -------
    tuple[numpy.ndarray, float]
        ``pi`` (probabilities of states ``0..n_max``) and the mean queue ``E[Q]``.

    Raises
    ------
    ValueError
        If the chain would need more than :data:`MAX_STATES` states.
    """
    mu = 1.0 / s
    c_mu = c * mu
    # The mode of the chain: death rate reaches lam at n = c + (lam - c mu) / theta.
    mode = c + max(0.0, (lam - c_mu) / theta)
    margin = 64
    while True:
        n_max = math.ceil(mode) + margin
        if n_max > MAX_STATES:
            raise ValueError(
                f"erlang_a needs more than {MAX_STATES} states: offered load"
                f" {lam * s:.6g} Erlangs on {c} agents with mean_patience_min ="
                f" {patience!r} is too long a patience for an overloaded queue"
            )
        log_w = _log_weights(lam, c_mu, mu, theta, c, n_max)
        top = float(log_w.max())
        w = np.exp(log_w - top)
        pi = w / w.sum()
        # Tail beyond n_max: pi_{n_max + k} <= pi_{n_max} r^k with r = lam / death(n_max + 1) < 1.
        r = lam / (c_mu + (n_max + 1 - c) * theta)
        geo = r / (1.0 - r)
        tail_mass = pi[-1] * geo
        tail_queue = pi[-1] * ((n_max - c) * geo + geo / (1.0 - r))
        queue = np.maximum(np.arange(n_max + 1) - c, 0)
        mean_queue = float(queue @ pi)
        if tail_mass <= TAIL_TOL and tail_queue <= TAIL_TOL * max(mean_queue, 1e-300):
            return pi, mean_queue
        margin *= 2


def _erlang_a_measures(
    pi: np.ndarray, mean_queue: float, c: int, lam: float, s: float, theta: float
) -> ErlangResult:
    """The Erlang A figures from the stationary distribution ``pi`` of the chain.

    See :func:`erlang_a` for the formulas; ``mean_queue`` is ``E[Q]`` under ``pi``.
    """
    n_max = len(pi) - 1
    c_mu = c * (1.0 / s)
    p_wait = float(pi[c:].sum())
    mean_busy = float(np.minimum(np.arange(n_max + 1), c) @ pi)
    p_abandon = theta * mean_queue / lam
    # Answered customers: position j = n - c + 1 for an arrival finding n >= c.
    nu = c_mu + theta * np.arange(1, n_max - c + 2, dtype=float)
    served_wait = c_mu / nu * np.cumsum(1.0 / nu)
    mean_wait_served = float(served_wait @ pi[c:]) / (1.0 - p_abandon)
    return ErlangResult(
        agents=c,
        offered_load=lam * s,
        utilisation=mean_busy / c,
        p_wait=p_wait,
        mean_wait_min=mean_queue / lam,
        mean_wait_served_min=mean_wait_served,
        mean_queue=mean_queue,
        p_abandon=p_abandon,
    )


def erlang_a(
    agents: int,
    arrivals_per_min: float,
    mean_service_min: float,
    mean_patience_min: float | None,
) -> ErlangResult:
    """Stationary figures of the M/M/c+M queue (Erlang A, Palm's model).

    Customers wait FIFO and abandon after an exponential patience. The number in system
    ``N`` is a birth-death chain with birth rate ``lam`` and death rate
    ``min(n, c) mu + max(n - c, 0) theta``; its stationary distribution is computed
    exactly (in logs, so large loads do not overflow) and truncated once the remaining
    tail mass and its contribution to the mean queue are provably below
    :data:`TAIL_TOL` (death rates only grow, so the tail is bounded by a geometric
    series). The chain is stable for any load when ``theta > 0``.

    From the distribution: ``p_wait = P(N >= c)`` (PASTA), ``E[Q] = sum (n - c)+ pi_n``,
    ``mean_wait_min = E[Q] / lam`` (Little, over all arrivals),
    ``p_abandon = theta E[Q] / lam``. For the answered customers: an arrival who finds
    ``n >= c`` joins at position ``j = n - c + 1``; at position ``i`` it moves up at rate
    ``c mu + (i - 1) theta`` and abandons at rate ``theta``, so it is answered with
    probability ``c mu / (c mu + j theta)``, and, given that, waits
    ``sum_{i<=j} 1 / (c mu + i theta)`` on average.

    Parameters
    ----------
    agents : int
        Number of agents ``c`` (>= 1).
    arrivals_per_min : float
        Poisson arrival rate ``lam`` per minute (> 0).
    mean_service_min : float
        Mean (exponential) handle time ``s = 1 / mu`` in minutes (> 0).
    mean_patience_min : float or None
        Mean (exponential) patience ``1 / theta`` in minutes (> 0). ``None`` or ``inf``
        means infinite patience: the result is :func:`erlang_c`'s.

    Returns
    -------
    ErlangResult
        The stationary figures; ``utilisation`` is the carried load per agent,
        ``lam (1 - p_abandon) s / c``.

    Raises
    ------
    ValueError
        If an input is not positive, or (infinite patience) the queue is unstable, or the
        chain would need more than :data:`MAX_STATES` states (an overloaded queue with
        extremely long patience).
    """
    if mean_patience_min is None or (
        isinstance(mean_patience_min, Real) and float(mean_patience_min) == math.inf
    ):
        return erlang_c(agents, arrivals_per_min, mean_service_min)
    c = _check_agents(agents)
    lam = _check_positive("arrivals_per_min", arrivals_per_min)
    s = _check_positive("mean_service_min", mean_service_min)
    theta = 1.0 / _check_positive("mean_patience_min", mean_patience_min)
    pi, mean_queue = _erlang_a_chain(c, lam, s, theta, mean_patience_min)
    return _erlang_a_measures(pi, mean_queue, c, lam, s, theta)
