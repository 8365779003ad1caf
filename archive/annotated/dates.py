"""EDTF dates: validation, bounds for sorting and filtering, and wording for readers."""

import calendar
import datetime
import re
from functools import lru_cache

from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_DAY = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?$")


class DateError(ValueError):
    pass


_PLAIN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # ASCII: int() also reads other digits


def _plain_is_valid(value: str) -> bool | None:
    """Fast check of plain calendar dates and intervals of them; None for other EDTF forms."""
    parts = value.split("/")
    if len(parts) > 2:
        return None
    for part in parts:
        match = _PLAIN.match(part)
        if not match:
            return None
        year, month, day = match.groups()
        try:
            datetime.date(int(year) or 1, int(month or 1), int(day or 1))
        except ValueError:
            return False
    return True


@lru_cache(maxsize=4096)
def _parse(value: str):
    return parse_edtf(value)


def validate(value: str) -> None:
    """Raise DateError unless value is an EDTF date this archive can hold."""
    plain = _plain_is_valid(value)
    try:
        if plain is False:
            raise ValueError(value)
        if plain is None:
            _parse(value)
    except (EDTFParseException, ValueError, TypeError) as exc:
        raise DateError(f"'{value}' is not an EDTF date (e.g. 1956-08-30, 1956-08, XXXX-02-26)") from exc
    if "/" in value:
        start, end = bounds(value)
        if start and end and start > end:
            raise DateError(f"the range '{value}' ends before it starts")


def _plain_bounds(value: str) -> tuple[datetime.date, datetime.date] | None:
    """Bounds of a plain calendar date or an interval of them, without the EDTF parser."""
    if _plain_is_valid(value) is not True:
        return None
    first, _, last = value.partition("/")
    low, high = _PLAIN.match(first).groups(), _PLAIN.match(last or first).groups()
    if int(low[0]) == 0 or int(high[0]) == 0:
        return None
    start = datetime.date(int(low[0]), int(low[1] or 1), int(low[2] or 1))
    year, month = int(high[0]), int(high[1] or 12)
    end = datetime.date(year, month, int(high[2] or calendar.monthrange(year, month)[1]))
    return start, end


def bounds(value: str) -> tuple[datetime.date | None, datetime.date | None]:
    """The earliest and latest day the date may mean; None where the year is unknown."""
    if not value or "X" in value.split("/")[0][:4] or value.startswith(".."):
        return None, None
    plain = _plain_bounds(value)
    if plain:
        return plain
    parsed = _parse(value)
    low, high = parsed.lower_strict(), parsed.upper_strict()
    try:
        start = datetime.date(low.tm_year, low.tm_mon, low.tm_mday)
        end = datetime.date(high.tm_year, high.tm_mon, high.tm_mday)
    except (ValueError, AttributeError):  # open ends (1956/.., [..1956]) have no struct_time
        return None, None
    if start.year in (0, 9999) or end.year in (0, 9999):
        return None, None
    return start, end


def _single(value: str) -> str:
    qualifier = ""
    if value.endswith("~") or value.endswith("%"):
        qualifier = "circa "
    uncertain = value.endswith("?") or value.endswith("%")
    core = value.rstrip("~?%")
    match = _DAY.match(core)
    if not match:
        return value
    year, month, day = match.groups()
    parts = []
    if day and day != "XX":
        parts.append(str(int(day)))
    if month and month != "XX":
        parts.append(MONTHS[int(month) - 1])
    if year == "XXXX":
        words = " ".join(parts)
        text = f"{words}, year unknown" if words else "date unknown"
    else:
        parts.append(str(int(year)))
        text = " ".join(parts)
    text = qualifier + text
    if uncertain:
        text += " (uncertain)"
    return text


def describe(value: str) -> str:
    """The date in words: '15 September 1956', '30–31 August 1956', '26 February, year unknown'."""
    if not value:
        return "date unknown"
    if "/" not in value:
        return _single(value)
    first, last = value.split("/", 1)
    a, b = _DAY.match(first), _DAY.match(last)
    if a and b and a.group(1) == b.group(1) and a.group(1) != "XXXX":
        if a.group(2) == b.group(2) and a.group(3) and b.group(3):
            return f"{int(a.group(3))}–{int(b.group(3))} {MONTHS[int(a.group(2)) - 1]} {a.group(1)}"
        if a.group(2) and b.group(2):
            head = _single(first).rsplit(" ", 1)[0]
            return f"{head} – {_single(last)}"
    if first in ("", ".."):
        return f"before {_single(last)}"
    if last in ("", ".."):
        return f"after {_single(first)}"
    return f"{_single(first)} – {_single(last)}"
