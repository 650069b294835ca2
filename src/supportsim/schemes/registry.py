"""Schemes by name: register your own, build any with validated parameters."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from supportsim.errors import ConfigError, check_keys, from_validation_error
from supportsim.registry import Registry
from supportsim.schemes.base import Scheme

SCHEMES: Registry[type] = Registry("scheme")
S = TypeVar("S", bound=type)


def register_scheme(name: str) -> Callable[[S], S]:
    """Class decorator: make a scheme available by ``name`` (CLI, TOML, :func:`make_scheme`).

    The decorator also gives the class its ``name``, so the name is written once."""

    def deco(cls: S) -> S:
        declared = cls.__dict__.get("name")
        if declared is not None and declared != name:
            raise ValueError(
                f"scheme {cls.__name__} says name = {declared!r} but registers as {name!r}"
            )
        SCHEMES.add(name, cls)
        cls.name = name  # type: ignore[attr-defined]
        return cls

    return deco


def scheme_params(name: str) -> list[str]:
    """Parameter names a registered scheme accepts."""
    cls = SCHEMES.get(name)
    return [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else []


def make_scheme(name: str, **params: Any) -> Scheme:
    """Build the scheme registered as ``name`` with ``params``; bad input -> ``ConfigError``."""
    cls = SCHEMES.get(name)
    if dataclasses.is_dataclass(cls):
        check_keys(f"scheme {name}", params, scheme_params(name))
    try:
        scheme = cls(**params)
    except ValidationError as err:
        raise from_validation_error(name, err) from None
    except TypeError as err:
        raise ConfigError(f"scheme {name}: {err}") from None
    if not isinstance(scheme, Scheme):
        raise TypeError(
            f"scheme {name!r} does not implement the Scheme protocol (name, survey, review_sample, decide)"
        )
    return scheme
