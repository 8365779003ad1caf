"""An OAI-PMH request read and checked: its verb, its arguments, or the errors the protocol names."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

# verb: (required arguments, optional arguments); a resumptionToken excludes every other argument.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", re.ASCII)


@dataclass
class OaiError:
    code: str  # badArgument, badVerb, badResumptionToken, cannotDisseminateFormat, idDoesNotExist, ...
    message: str


class ProtocolError(Exception):
    def __init__(self, *errors: OaiError):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)


@dataclass
class OaiRequest:
    verb: str
    arguments: dict[str, str] = field(default_factory=dict)
    start: datetime.datetime | None = None  # from, inclusive
    end: datetime.datetime | None = None  # until, inclusive to its last moment (an instant before `end`)


def read(params) -> OaiRequest:
    """Check a QueryDict (GET or POST) against the protocol; raise ProtocolError with every error found."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        reason = "no verb" if not verbs else "the verb is repeated" if len(verbs) > 1 else f"'{verbs[0]}' is not a verb"
        raise ProtocolError(OaiError("badVerb", f"Illegal OAI verb: {reason}."))
    verb = verbs[0]
    required, optional = VERBS[verb]
    errors = []
    arguments = {}
    for name in params:
        if name == "verb":
            continue
        values = params.getlist(name)
        if name not in required | optional:
            errors.append(OaiError("badArgument", f"{verb} takes no argument '{name}'."))
        elif len(values) > 1:
            errors.append(OaiError("badArgument", f"The argument '{name}' is repeated."))
        else:
            arguments[name] = values[0]
    if "resumptionToken" in arguments:
        others = sorted(set(arguments) - {"resumptionToken"})
        if others:
            errors.append(OaiError("badArgument", f"resumptionToken is exclusive; also given: {', '.join(others)}."))
    else:
        for name in sorted(required - set(arguments)):
            errors.append(OaiError("badArgument", f"{verb} requires the argument '{name}'."))
    request = OaiRequest(verb, arguments)
    try:
        request.start, request.end = date_bounds(arguments.get("from"), arguments.get("until"))
    except ValueError as exc:
        errors.append(OaiError("badArgument", str(exc)))
    if errors:
        raise ProtocolError(*errors)
    return request


def date_bounds(start: str | None, until: str | None) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """from and until as instants (until as the moment after its day or second); ValueError if malformed."""
    kinds = [_granularity(value, name) for name, value in (("from", start), ("until", until)) if value]
    if len(set(kinds)) > 1:
        raise ValueError("from and until must have the same granularity.")
    low = _instant(start, "from") if start else None
    high = None
    if until:
        step = datetime.timedelta(days=1) if _DAY.match(until) else datetime.timedelta(seconds=1)
        high = _instant(until, "until") + step
    if low and high and low >= high:
        raise ValueError("from is later than until.")
    return low, high


def _granularity(value: str, name: str) -> str:
    if _DAY.match(value):
        return "day"
    if _SECOND.match(value):
        return "second"
    raise ValueError(f"{name} '{value}' is neither YYYY-MM-DD nor YYYY-MM-DDThh:mm:ssZ.")


def _instant(value: str, name: str) -> datetime.datetime:
    try:
        if _DAY.match(value):
            day = datetime.date.fromisoformat(value)
            return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
        return datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.UTC)
    except ValueError as exc:
        raise ValueError(f"{name} '{value}' is not a date.") from exc
