"""The scenario: every parameter of the simulated world, in typed sections, validated in one place.

A :class:`Scenario` is frozen data made of sections (:data:`SECTIONS`): ``sc.demand``,
``sc.team``, ``sc.people`` ... Each part of the model takes only the sections it reads, so
its signature shows what it depends on. Users keep the flat names: ``Scenario(agents=30)``,
``sc.replace(defect_share=0.3)``, ``--set agents=30`` and TOML files all use them (a TOML
file may also use the section tables, ``[demand]``), and ``sc.agents`` reads through to
``sc.team.agents``. Make variants with :meth:`Scenario.replace` (which re-validates), never by
mutation. Time is in minutes unless a name says otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from supportsim.errors import ConfigError, at, check_keys, from_validation_error
from supportsim.scenario.fields import describe
from supportsim.scenario.people import BehaviourParams, ContractParams, PeopleParams
from supportsim.scenario.staffing import Break, ShiftPattern, StaffingParams
from supportsim.scenario.team import AgentParams, HandlingParams, ReviewParams, SurveyParams
from supportsim.scenario.world import (
    CustomerParams,
    DemandParams,
    IssueKind,
    IssueParams,
    RunParams,
)

#: Section name -> its parameter class, in the order parameters are listed.
SECTIONS: dict[str, type] = {
    "run": RunParams,
    "demand": DemandParams,
    "issues": IssueParams,
    "customers": CustomerParams,
    "team": AgentParams,
    "staffing": StaffingParams,
    "handling": HandlingParams,
    "surveys": SurveyParams,
    "review": ReviewParams,
    "behaviour": BehaviourParams,
    "people": PeopleParams,
    "money": ContractParams,
}


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


#: Flat parameter name -> the section that holds it.
SECTION_OF: dict[str, str] = {f: s for s, cls in SECTIONS.items() for f in _fields(cls)}


@dataclasses.dataclass(frozen=True, init=False)
class Scenario:
    """All parameters of one simulated support operation, in sections.

    Build one from a built-in name with :func:`supportsim.scenario.get_scenario`, from a
    file with :func:`supportsim.config.load_config`, or directly with flat names:

    >>> sc = Scenario(agents=10, arrivals_per_hour=30.0)
    >>> sc.team.agents, sc.agents, sc.demand.arrivals_per_hour
    (10, 10, 30.0)
    """

    name: str
    run: RunParams
    demand: DemandParams
    issues: IssueParams
    customers: CustomerParams
    team: AgentParams
    staffing: StaffingParams
    handling: HandlingParams
    surveys: SurveyParams
    review: ReviewParams
    behaviour: BehaviourParams
    people: PeopleParams
    money: ContractParams

    def __init__(self, *, name: str = "custom", **params: Any) -> None:
        _fill(self, name, _sections("scenario", params))

    # --- construction -----------------------------------------------------------------
    @classmethod
    def field_names(cls) -> list[str]:
        """Every parameter's flat name (and ``name``), section by section."""
        return ["name", *SECTION_OF]

    @classmethod
    def section_names(cls) -> list[str]:
        """Names of the sections (also accepted as tables in files and by :meth:`build`)."""
        return list(SECTIONS)

    @classmethod
    def build(cls, where: str = "scenario", **params: Any) -> Scenario:
        """Validate ``params`` (flat names and/or section tables) and build a scenario;
        errors become one-line :class:`~supportsim.errors.ConfigError` naming ``where``."""
        name = params.pop("name", "custom")
        if not isinstance(name, str):
            raise ConfigError(f"{where}.name = {name!r}: must be a string")
        out = object.__new__(cls)
        _fill(out, name, _sections(where, params))
        return out

    def replace(self, **changes: Any) -> Scenario:
        """A validated copy with ``changes`` (flat names and/or section tables) applied."""
        current = self.to_dict()
        current.update(flatten("scenario", changes))
        return Scenario.build(**current)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with flat names (for JSON reports, records and task ids)."""
        out: dict[str, Any] = {"name": self.name}
        for section in SECTIONS:
            part = getattr(self, section)
            for f in dataclasses.fields(part):
                out[f.name] = _plain_data(getattr(part, f.name))
        return out

    def __getattr__(self, flat: str) -> Any:
        """``sc.agents`` reads ``sc.team.agents``: flat names read through to their section."""
        section = SECTION_OF.get(flat)
        if section is None:
            raise AttributeError(f"'Scenario' has no parameter {flat!r}")
        return getattr(object.__getattribute__(self, section), flat)

    # --- what several sections decide together -------------------------------------------
    @property
    def lines(self) -> tuple[str, ...]:
        """Product lines (queues), in the order they first appear in the issue kinds."""
        return self.issues.lines

    def pooled(self) -> Scenario:
        """This scenario with every kind of issue in one shared queue (one product line; chat
        kinds, if any, in one ``chat`` queue)."""
        kinds = tuple(
            dataclasses.replace(k, line="main" if k.channel == "phone" else "chat")
            for k in self.issues.kinds
        )
        return self.replace(kinds=kinds, line_agents=())

    def agent_lines(self) -> list[int]:
        """The line (index into :attr:`lines`) each agent slot works, slot by slot.

        >>> from supportsim.scenario import PRODUCT_LINE_KINDS
        >>> Scenario(agents=3, kinds=PRODUCT_LINE_KINDS).agent_lines()
        [0, 1, 1]
        """
        lines = self.lines
        if self.team.line_agents:
            counts = list(self.team.line_agents)
        else:
            work = [0.0] * len(lines)
            for k in self.issues.kinds:
                work[lines.index(k.line)] += k.share * k.difficulty
            if self.issues.has_chat:  # a chat agent works chat_capacity() chats' worth
                cap = self.chat_capacity()
                work = [
                    w / cap if c else w for w, c in zip(work, self.issues.line_chat, strict=True)
                ]
            counts = _apportion(self.team.agents, work)
        return [line for line, c in enumerate(counts) for _ in range(c)]

    def chat_capacity(self) -> float:
        """A chat agent's throughput relative to a phone agent's when it holds
        ``chat_concurrency`` chats: ``c / (1 + chat_slowdown·(c − 1))``."""
        c = self.team.chat_concurrency
        return c / (1.0 + self.team.chat_slowdown * (c - 1))


def _plain_data(value: Any) -> Any:
    """Tuples as lists and records (issue kinds, shift patterns) as tables."""
    if isinstance(value, tuple):
        return [_plain_data(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def flatten(where: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters given as flat names and/or section tables, as flat names.

    A section table may be a mapping or a section object; a parameter given twice (flat and
    in its table) is an error. Unknown names fail with a suggestion.
    """
    out: dict[str, Any] = {}
    tables = {k: v for k, v in params.items() if k in SECTIONS}
    for section, table in tables.items():
        if dataclasses.is_dataclass(table) and not isinstance(table, type):
            table = {f.name: getattr(table, f.name) for f in dataclasses.fields(table)}
        if not isinstance(table, Mapping):
            raise ConfigError(f"{where}.{section} = {table!r}: must be a table of parameters")
        check_keys(f"{where} [{section}]", table, _fields(SECTIONS[section]))
        out.update(table)
    for key, value in params.items():
        if key in SECTIONS:
            continue
        if key in out:
            raise ConfigError(
                f"{where}: {key!r} is given twice (flat and in [{SECTION_OF.get(key, '?')}])"
            )
        out[key] = value
    return out


def _sections(where: str, params: dict[str, Any]) -> dict[str, Any]:
    """Validated section objects from flat names and/or section tables."""
    flat = flatten(where, params)
    check_keys(where, flat, list(SECTION_OF))
    grouped: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
    for key, value in flat.items():
        grouped[SECTION_OF[key]][key] = _plain(where, key, value)
    built = {}
    for section, cls in SECTIONS.items():
        try:
            built[section] = cls(**grouped[section])
        except ValidationError as err:
            raise from_validation_error(where, err) from None
    _check_across(where, built)
    return built


def _plain(where: str, key: str, value: Any) -> Any:
    """A user's value as the section expects it: arrays become tuples, kinds tables become
    :class:`IssueKind`; a true/false where a number belongs is refused."""
    info = dataclasses.fields(SECTIONS[SECTION_OF[key]])
    kind = next(f.type for f in info if f.name == key)
    if isinstance(value, bool) and "bool" not in str(kind):
        raise ConfigError(
            f"{at(where, key)} = {str(value).lower()}: must be a number, not a boolean"
        )
    record = _RECORDS.get(key)
    if record is not None and isinstance(value, list | tuple):
        return tuple(_record(f"{at(where, key)}[{i}]", v, record) for i, v in enumerate(value))
    if isinstance(value, list):
        return tuple(value)
    return value


#: Parameters that are lists of records (tables in a file), and the record each holds.
_RECORDS: dict[str, type] = {"kinds": IssueKind, "shifts": ShiftPattern}


def _record(where: str, raw: Any, cls: type) -> Any:
    """One record of a list parameter (an issue kind, a shift pattern) from a table."""
    if isinstance(raw, cls):
        return raw
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} = {raw!r}: must be a table of {', '.join(_fields(cls))}")
    check_keys(where, raw, _fields(cls))
    raw = dict(raw)
    if cls is ShiftPattern and isinstance(raw.get("breaks"), list | tuple):
        raw["breaks"] = tuple(
            _record(f"{where}.breaks[{i}]", b, Break) for i, b in enumerate(raw["breaks"])
        )
    try:
        return cls(**raw)
    except ValidationError as err:
        raise from_validation_error(where, err) from None


def _check_across(where: str, s: dict[str, Any]) -> None:
    """Rules that tie two sections together (the team and the product lines)."""
    lines, team = s["issues"].lines, s["team"]
    if team.agents < len(lines):
        raise ConfigError(
            f"{where}: agents={team.agents} must be >= the number of product lines ({len(lines)})"
        )
    if team.blended_agents > team.agents:
        raise ConfigError(
            f"{where}: blended_agents={team.blended_agents} must be <= agents={team.agents}"
        )
    if team.blend_reserve > team.blended_agents:
        raise ConfigError(
            f"{where}: blend_reserve={team.blend_reserve} must be <= blended_agents="
            f"{team.blended_agents} (it keeps idle blended agents for calls)"
        )
    if team.line_agents and len(team.line_agents) != len(lines):
        raise ConfigError(
            f"{where}: line_agents has {len(team.line_agents)} entries; it needs one per"
            f" product line {list(lines)} or none"
        )
    shifts = s["staffing"].shifts
    if shifts and sum(p.agents for p in shifts) != team.agents:
        raise ConfigError(
            f"{where}: the shift patterns staff {sum(p.agents for p in shifts)} agents;"
            f" they must add up to agents={team.agents}"
        )
    if team.line_agents and sum(team.line_agents) != team.agents:
        raise ConfigError(
            f"{where}: line_agents={list(team.line_agents)} sums to {sum(team.line_agents)};"
            f" it must sum to agents={team.agents}"
        )


def _fill(sc: Scenario, name: str, sections: dict[str, Any]) -> None:
    object.__setattr__(sc, "name", name)
    for section, value in sections.items():
        object.__setattr__(sc, section, value)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), at least 1 each."""
    n = len(weights)
    rest = total - n
    quota = [rest * w / sum(weights) for w in weights]
    counts = [1 + int(q) for q in quota]
    by_remainder = sorted(range(n), key=lambda j: int(quota[j]) - quota[j])
    for j in by_remainder[: total - sum(counts)]:
        counts[j] += 1
    return counts


def parameter_rows() -> list[dict[str, Any]]:
    """Every parameter: name, group (section), default, unit, meaning and source."""
    rows = []
    for section, cls in SECTIONS.items():
        for name, info in cls.__pydantic_fields__.items():  # type: ignore[attr-defined]
            unit, meaning, source = describe(info)
            default = info.default
            default = [k.name for k in default] if name == "kinds" else _plain_data(default)
            rows.append(
                {
                    "name": name,
                    "group": section,
                    "default": default,
                    "unit": unit,
                    "meaning": meaning,
                    "source": source,
                }
            )
    return rows
