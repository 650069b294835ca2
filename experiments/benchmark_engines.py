"""Benchmark: the same M/M/50 queue through supportsim, Ciw and a lean hand-written simpy model.

45 arrivals a minute, exponential service of mean 1 minute, 50 servers (90% busy), five
days (about 320,000 customers), in one process, one after the other, so the three
figures are measured under the same conditions. Reports customers per second for each and
supportsim's ratio to the others:

* **supportsim**: the ``erlang_c`` scenario with those numbers (every agent on duty, fixed
  effort, no defects, callbacks or abandonment), the model alone (:func:`simulate`), which
  also keeps its full contact log and runs its weekly reviews;
* **Ciw** (Palmer et al. 2019), a general queueing-network simulator;
* **lean simpy**: a ``simpy.Store`` of arrivals served by 50 agent processes, the smallest
  simpy program for this queue, recording each customer's wait.

Each figure is timed in CPU seconds of this process (``time.process_time``), so other work
on a shared machine does not count against it. Ciw is part of the ``bench`` extra (``pip install -e .[bench]``); it is not a dependency of
supportsim. Run with ``make bench`` or ``python experiments/benchmark_engines.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import simpy

import supportsim as ss
from supportsim.rng import Streams, replication_seeds
from supportsim.world.center import simulate

RATE, SERVICE, SERVERS = 45.0, 1.0, 50  # per minute, minutes, agents
DAYS = 5


def supportsim_model(seed: int) -> int:
    """Customers that arrived in supportsim's ``erlang_c`` scenario set to the benchmark queue."""
    sc = ss.get_scenario("erlang_c").replace(
        agents=SERVERS,
        arrivals_per_hour=RATE * 60.0,
        mean_handle_min=SERVICE,
        days=DAYS,
        warmup_days=1,
    )
    streams = Streams.from_seed(replication_seeds(seed, 1)[0])
    return len(simulate(sc, ss.make_scheme("flat_salary"), streams).log)


def lean_simpy(seed: int) -> int:
    """A Store of arrivals served by agent processes; returns customers served."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    store: simpy.Store = simpy.Store(env)
    waits: list[float] = []

    def arrivals() -> simpy.events.ProcessGenerator:
        while True:
            yield env.timeout(rng.exponential(1.0 / RATE))
            store.put(env.now)

    def agent() -> simpy.events.ProcessGenerator:
        while True:
            arrived = yield store.get()
            waits.append(env.now - arrived)
            yield env.timeout(rng.exponential(SERVICE))

    env.process(arrivals())
    for _ in range(SERVERS):
        env.process(agent())
    env.run(until=DAYS * 1440.0)
    return len(waits)


def ciw_model(seed: int) -> int:
    """The same queue in Ciw; returns the customers who finished service."""
    import ciw  # the bench extra

    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(RATE)],
        service_distributions=[ciw.dists.Exponential(1.0 / SERVICE)],
        number_of_servers=[SERVERS],
    )
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(DAYS * 1440.0)
    return len(sim.get_all_records())


def measure(fn: Callable[[int], int], repeat: int) -> tuple[float, int]:
    """Median customers per second over ``repeat`` seeds, and customers per run."""
    rates, sizes = [], []
    for seed in range(repeat):
        t0 = time.process_time()
        n = fn(seed)
        rates.append(n / (time.process_time() - t0))
        sizes.append(n)
    return statistics.median(rates), int(statistics.median(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engines: dict[str, Callable[[int], int]] = {
        "supportsim": supportsim_model,
        "lean simpy": lean_simpy,
    }
    try:
        import ciw  # noqa: F401

        engines["Ciw"] = ciw_model
    except ImportError:
        print("(Ciw not installed: pip install -e .[bench] to include it)")
    figures = {name: measure(fn, args.repeat) for name, fn in engines.items()}
    own = figures["supportsim"][0]
    print(
        f"M/M/{SERVERS}, {RATE:g} arrivals/min, mean service {SERVICE:g} min, {DAYS} days,"
        f" median of {args.repeat}"
    )
    print(f"{'engine':<12} {'customers/run':>14} {'customers/s':>12} {'supportsim / engine':>20}")
    for name, (rate, n) in figures.items():
        print(f"{name:<12} {n:>14,} {rate:>12,.0f} {own / rate:>20.2f}")


if __name__ == "__main__":
    main()
