"""The header keys of the publication workflow: an embargo, and the withdrawal of a record.

    status: withdrawn
    withdrawn: 2026-11-02
    withdrawn.reason: The rights holder asked us to take the text down.
    title.withheld: yes
    embargo: 2027-01-01

`embargo` may accompany any status (it applies once the document is published); the three
`withdrawn`/`title.withheld` keys belong to a withdrawn record only, which must give a reason.
"""

from __future__ import annotations

import datetime

from .model import Meta, Problem

KEYS = ("embargo", "withdrawn", "withdrawn.reason", "title.withheld")
WITHDRAWN_KEYS = ("withdrawn", "withdrawn.reason", "title.withheld")
YES_NO = {"yes": True, "no": False}


def _day(key: str, value: str, bad) -> str:
    """value when it is a calendar day written YYYY-MM-DD; otherwise reported, and ''."""
    try:
        if len(value) == 10 and datetime.date.fromisoformat(value):
            return value
    except ValueError:
        pass
    bad(f"{key} takes a day written YYYY-MM-DD, not '{value}'")
    return ""


def apply(key: str, value: str, meta: Meta, bad) -> None:
    """Set the meta field of one publication key (value is not empty)."""
    if key == "embargo":
        meta.embargo = _day(key, value, bad)
    elif key == "withdrawn":
        meta.withdrawn = _day(key, value, bad)
    elif key == "withdrawn.reason":
        meta.withdrawn_reason = value
    elif key == "title.withheld":
        if value in YES_NO:
            meta.title_withheld = YES_NO[value]
        else:
            bad(f"title.withheld takes yes or no, not '{value}'")


def check(entries: list[list], meta: Meta, problems: list[Problem]) -> None:
    """The keys' agreement with the status: [key, value, line, column] entries of the header."""
    lines = {key: line for key, value, line, _ in entries if value}
    if meta.status == "withdrawn":
        if not meta.withdrawn_reason:
            problems.append(Problem(lines.get("status", 1), 1, "a withdrawn record needs a withdrawn.reason"))
        return
    for key in WITHDRAWN_KEYS:
        if key in lines:
            problems.append(Problem(lines[key], 1, f"{key} is given only with status: withdrawn"))
