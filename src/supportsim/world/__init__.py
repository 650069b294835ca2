"""The simulated world: demand, agents, contact handling, the queue and its records."""
