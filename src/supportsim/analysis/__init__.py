"""Analysis: pure functions from tables to tables (summary metrics, statistics, theory)."""
