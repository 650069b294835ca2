"""The rates that make the paying schemes' defaults budget-neutral on the default scenario.

A paying scheme's default should cost about one salary per agent-period at fixed effort,
so that differences in cost between schemes come from behaviour, not from a bigger budget
(``tests/claims/test_practices.py::test_budget_neutral_defaults`` holds the defaults to it).
This script measures, at fixed effort with no people dynamics, the average agent's
contacts, contacts per hour on duty and shared clean closures per period, and prints the
piece rates that pay one salary on top of each scheme's base:

    python experiments/budget_neutral.py [--reps 5]
"""

from __future__ import annotations

import argparse

import numpy as np

import supportsim as ss


def measure(reps: int) -> dict[str, float]:
    sc = ss.get_scenario("default").replace(learning="fixed", people_dynamics=False)
    rows = []
    for seed in range(reps):
        ap = ss.run(sc, "resolution_pay", seed=seed, tables=False).agent_periods
        ap = ap[(ap["period"] >= 1) & ap["active"]]
        rows.append(
            (ap["contacts"].mean(), ap["contacts_per_hour"].mean(), ap["clean_closures"].mean())
        )
    contacts, per_hour, closures = np.mean(rows, axis=0)
    return {"contacts": contacts, "contacts_per_hour": per_hour, "clean_closures": closures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    m = measure(parser.parse_args().reps)
    pc = ss.make_scheme("per_contact_pay")
    rp = ss.make_scheme("resolution_pay")
    print(
        f"per agent-period at fixed effort: {m['contacts']:.1f} contacts,"
        f" {m['contacts_per_hour']:.2f} contacts per hour on duty,"
        f" {m['clean_closures']:.1f} shared clean closures"
    )
    print(f"per_contact_pay: base {pc.base} -> per_contact = {(1 - pc.base) / m['contacts']:.5f}")
    print(
        f"resolution_pay: base {rp.base} -> per_resolution = {(1 - rp.base) / m['clean_closures']:.5f}"
    )


if __name__ == "__main__":
    main()
