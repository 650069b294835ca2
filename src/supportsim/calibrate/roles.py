"""What each column of a contact log means: roles, their usual names, and outcome codes.

A *role* is what a column holds (the date, the time the call entered the queue, the wait
in seconds ...). :func:`map_columns` finds each role's column by its usual names (any case,
punctuation ignored: ``Q_Start``, ``q start`` and ``qstart`` are one name) unless
``--columns role=name`` says which; :func:`outcome_codes` reads ``--outcome
answered=AGENT,abandoned=HANG``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from supportsim.errors import ConfigError, suggest

#: Role -> (what it holds, the column names it is found under, most specific first).
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": ("date of the call", ("date", "calldate", "callday", "day")),
    "arrival": (
        "time (of day, or date and time) the call entered the queue",
        (
            "arrivaltime",
            "arrival",
            "arrive",
            "qstart",
            "queuestart",
            "queueentry",
            "enqueued",
            "datetime",
            "timestamp",
            "calltime",
            "starttime",
            "start",
            "time",
        ),
    ),
    "answer": (
        "time an agent answered",
        ("answertime", "answer", "answered", "serstart", "servicestart", "pickuptime", "pickup"),
    ),
    "end": (
        "time the talk ended (or the caller hung up)",
        ("endtime", "end", "ended", "serexit", "serviceend", "disconnect"),
    ),
    "wait": (
        "seconds in queue",
        ("waitsec", "wait", "waitseconds", "waittime", "qtime", "queuetime", "queuesec"),
    ),
    "talk": (
        "seconds of talk",
        ("talksec", "talk", "talkseconds", "talktime", "sertime", "servicetime"),
    ),
    "acw": (
        "seconds of after-contact work",
        ("acwsec", "acw", "aftercallwork", "aftercontactwork", "wrapup", "wrapupsec", "wrap"),
    ),
    "outcome": (
        "outcome code (answered, hung up, other)",
        ("outcome", "result", "disposition", "callresult", "status"),
    ),
    "agent": ("agent who answered", ("agent", "agentid", "server", "agentname", "rep")),
    "customer": (
        "customer id (0 or blank when unknown)",
        ("customer", "customerid", "caller", "callerid", "account", "accountid", "clientid"),
    ),
    "queue": ("queue (product line)", ("queue", "line", "vruline", "skill", "skillset")),
    "type": (
        "type of call (kind of issue)",
        ("type", "calltype", "kind", "category", "issuetype", "reason"),
    ),
    "channel": (
        "channel: phone or chat (see CHANNELS)",
        ("channel", "mediatype", "media", "contactchannel"),
    ),
    "rating": ("survey answer", ("rating", "score", "csat", "stars", "surveyscore")),
    "resolved": ("resolved flag (1/0)", ("resolved", "fcr", "isresolved", "resolution")),
}

#: Outcome class -> the codes understood without ``--outcome`` (any case).
DEFAULT_OUTCOMES: dict[str, tuple[str, ...]] = {
    "answered": ("AGENT", "ANSWERED", "ANSWER", "ANS", "SERVED", "HANDLED", "COMPLETED"),
    "abandoned": ("HANG", "HANGUP", "ABANDONED", "ABANDON", "ABAN", "ABD", "ABN", "LOST"),
    "other": ("PHANTOM", "OTHER"),
}
#: Channel -> the values of a channel column that mean it (any case, punctuation ignored).
CHANNELS: dict[str, tuple[str, ...]] = {
    "phone": ("phone", "voice", "call", "telephone", "tel", "inbound", "inboundcall"),
    "chat": ("chat", "webchat", "livechat", "messaging", "message", "im"),
}
#: Agent values that mean no agent; customer values that mean an unknown customer.
NO_AGENT = frozenset({"", "NO_SERVER", "NOSERVER", "NONE", "NULL", "NAN", "NA", "0", "-"})
NO_CUSTOMER = frozenset({"", "0", "NONE", "NULL", "NAN", "NA", "-", "UNKNOWN"})


def norm(name: str) -> str:
    """A column name as matched: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def parse_pairs(flag: str, text: str) -> list[tuple[str, str]]:
    """``a=b,c=d`` as pairs; a malformed item is a one-line error naming ``flag``."""
    pairs = []
    for item in (t.strip() for t in text.split(",")):
        key, sep, value = item.partition("=")
        if not item:
            continue
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"{flag} {item!r}: expected name=value pairs, e.g. {flag} a=b,c=d")
        pairs.append((key.strip(), value.strip()))
    return pairs


def map_columns(
    columns: Iterable[str], given: Mapping[str, str] | None = None, where: str = "log"
) -> dict[str, str]:
    """Role -> column: the ``given`` mapping (checked against ``columns``), then each other
    role's first usual name found among the columns not yet used."""
    cols = list(columns)
    out: dict[str, str] = {}
    for role, col in (given or {}).items():
        if role not in ROLES:
            raise ConfigError(
                f"--columns {role}={col}: unknown role {role!r}.{suggest(role, ROLES)}"
                f" Roles: {', '.join(ROLES)}"
            )
        if col not in cols:
            raise ConfigError(
                f"--columns {role}={col}: {where} has no column {col!r}.{suggest(col, cols)}"
                f" Columns: {', '.join(cols)}"
            )
        out[role] = col
    by_norm: dict[str, str] = {}
    for c in cols:
        by_norm.setdefault(norm(c), c)
    used = set(out.values())
    for role, (_, names) in ROLES.items():
        if role in out:
            continue
        for name in names:
            found = by_norm.get(name)
            if found is not None and found not in used:
                out[role] = found
                used.add(found)
                break
    return out


def outcome_codes(text: str | None) -> dict[str, str]:
    """Code (upper case) -> outcome class, from ``--outcome answered=A,abandoned=H,...``
    (repeat a class for several codes), or the default codes."""
    if not text:
        return {code: cls for cls, codes in DEFAULT_OUTCOMES.items() for code in codes}
    out: dict[str, str] = {}
    for cls, code in parse_pairs("--outcome", text):
        if cls not in DEFAULT_OUTCOMES:
            raise ConfigError(
                f"--outcome {cls}={code}: unknown outcome {cls!r}.{suggest(cls, DEFAULT_OUTCOMES)}"
                f" Outcomes: {', '.join(DEFAULT_OUTCOMES)}"
            )
        out[code.upper()] = cls
    return out
