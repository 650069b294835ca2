"""Schemes by name: register your own, build any with validated parameters.

A name is a registered scheme (``star_bonus``) or a Python class as ``"module:Class"``
(see :mod:`supportsim.schemes.custom`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from supportsim.errors import ConfigError, check_keys, from_validation_error
from supportsim.registry import Registry
from supportsim.schemes.base import Scheme
from supportsim.schemes.custom import is_python_name, python_class

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


def scheme_class(name: str) -> type:
    """The class of a registered scheme, or of a Python scheme named ``"module:Class"``."""
    return python_class(name) if is_python_name(name) else SCHEMES.get(name)


def known_params(name: str) -> list[str] | None:
    """Parameter names a scheme declares (its ``PARAMETERS``, or its dataclass fields);
    ``None`` when it declares none (its constructor decides)."""
    cls = scheme_class(name)
    declared = getattr(cls, "PARAMETERS", None)
    if declared is not None:
        return list(declared)
    return [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else None


def scheme_params(name: str) -> list[str]:
    """Parameter names a scheme accepts (empty when it declares none)."""
    return known_params(name) or []


def make_scheme(name: str, **params: Any) -> Scheme:
    """Build the scheme ``name`` (registered, or ``"module:Class"``) with ``params``; bad
    input -> ``ConfigError``."""
    cls = scheme_class(name)
    declared = known_params(name)
    if declared is not None:
        check_keys(f"scheme {name}", params, declared)
    try:
        scheme = cls(**params)
    except ValidationError as err:
        raise from_validation_error(name, err) from None
    except TypeError as err:
        raise ConfigError(f"scheme {name}: {err}") from None
    except ValueError as err:
        if not is_python_name(name):
            raise
        raise ConfigError(
            f"scheme {name}: {str(err).splitlines()[0] if str(err) else err!r}"
        ) from None
    if not isinstance(scheme, Scheme):
        error = ConfigError if is_python_name(name) else TypeError
        raise error(
            f"scheme {name!r} does not implement the Scheme protocol (name, survey, review_sample, decide)"
        )
    return scheme
