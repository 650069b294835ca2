"""Shared pieces for the built-in schemes' parameter dataclasses."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

SCHEME_CONFIG = ConfigDict(extra="forbid")
Money = Annotated[float, Field(ge=0.0)]
"""Pay in salaries: 1.0 is one period's flat salary."""
Share = Annotated[float, Field(ge=0.0, le=1.0)]
