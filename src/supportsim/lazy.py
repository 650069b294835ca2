"""Heavy libraries loaded on first use, so ``import supportsim`` and the command line's
cheap paths (``--help``, ``list``) do not pay for them (scipy alone is ~60 MB resident)."""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for module ``name``; imports it at the first attribute read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._name), attr)


#: ``scipy.stats``, imported when first used.
stats: Any = LazyModule("scipy.stats")
