"""Text and JSON output of the command line: runs, comparisons, sweeps and the metric catalogue.

Every label, unit and number format comes from the catalogue (:mod:`supportsim.metrics`);
nothing here computes a figure.
"""

from supportsim.report.catalogue import catalogue_json, catalogue_text
from supportsim.report.compare import compare_json, compare_text
from supportsim.report.run import run_json, run_text
from supportsim.report.sweep import SWEEP_HEADLINES, sweep_json, sweep_text

__all__ = [
    "SWEEP_HEADLINES",
    "catalogue_json",
    "catalogue_text",
    "compare_json",
    "compare_text",
    "run_json",
    "run_text",
    "sweep_json",
    "sweep_text",
]
