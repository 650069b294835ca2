"""Make the shipped example contact log: a month of a mid-size center, simulated.

``examples/logs/center_month.csv`` is four weeks (Monday 2024-01-08 to Sunday 2024-02-04)
of the ``default`` world scaled to a mid-size center: 40 new issues an open hour, 15
agents on 40-hour contracts, at fixed effort under flat pay with a fixed team (no quits),
the week of warm-up left out so the log is a window of a running center. Its columns are
those of ``supportsim run --save`` (README, "Your center"). The truth it was made from is
printed, for comparison with ``supportsim calibrate examples/logs/center_month.csv``.

Run: ``python experiments/make_example_log.py`` (a second or two; deterministic).
"""

from __future__ import annotations

from pathlib import Path

import supportsim as ss
from supportsim.calibrate import contact_log

OUT = Path(__file__).resolve().parents[1] / "examples" / "logs" / "center_month.csv"
WARMUP_DAYS = 7
SEED = 2024


def example_scenario() -> ss.Scenario:
    """The center the example log comes from."""
    return ss.get_scenario("default").replace(
        name="center_month",
        arrivals_per_hour=40.0,
        agents=15,
        days=WARMUP_DAYS + 28,
        warmup_days=WARMUP_DAYS,
        learning="fixed",
        people_dynamics=False,
    )


def main() -> None:
    sc = example_scenario()
    result = ss.run(sc, "flat_salary", SEED)
    log = contact_log(result.contacts, sc, from_day=WARMUP_DAYS)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    log.to_csv(OUT, index=False)
    truth = {
        k: sc.to_dict()[k]
        for k in (
            "arrivals_per_hour",
            "daily_rate_cv",
            "mean_handle_min",
            "handle_log_sd",
            "mean_patience_min",
            "retry_prob",
            "mean_retry_min",
            "callback_prob",
            "defect_return_prob",
            "callback_median_hours",
            "callback_log_sd",
            "agents",
        )
    }
    print(f"wrote {OUT} ({len(log)} contacts)")
    for key, value in truth.items():
        print(f"  {key} = {value}")


if __name__ == "__main__":
    main()
