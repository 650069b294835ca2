"""How a scenario parameter is declared: its type, rule, default, unit, meaning and source.

Every parameter of every section is declared with :func:`param`, so ``supportsim list
params`` and ``docs/model.md`` can print each one's group, default, unit, one-line meaning
and where the default comes from, from the code itself.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field
from pydantic.fields import FieldInfo

Prob = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
PosFloat = Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
NonNeg = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Real = Annotated[float, Field(allow_inf_nan=False)]
PosInt = Annotated[int, Field(ge=1)]
NonNegInt = Annotated[int, Field(ge=0)]

#: Sections reject unknown keys (a misspelt parameter is an error, never ignored).
SECTION_CONFIG = ConfigDict(extra="forbid")

ASSUMPTION = "assumption"


def param(default: Any, unit: str, meaning: str, *, source: str = ASSUMPTION) -> Any:
    """Declare a parameter: ``default``, its ``unit`` ("-" for none), a one-line ``meaning``
    and the ``source`` of the default ("assumption" when it is a plausible choice)."""
    return Field(default, description=meaning, json_schema_extra={"unit": unit, "source": source})


def describe(info: FieldInfo) -> tuple[str, str, str]:
    """``(unit, meaning, source)`` of a field declared with :func:`param`."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("unit", "-")), info.description or "", str(extra.get("source", ""))
