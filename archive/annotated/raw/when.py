"""Dates as pages write them, turned into EDTF with the precision the words give, no more."""

from __future__ import annotations

import datetime
import re

from ..dates import MONTHS, DateError, validate

_NAMES = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_NAMES.update({name[:3].lower(): number for name, number in list(_NAMES.items())})
_NAMES["sept"] = 9
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # fmt: skip
DASH = r"\s*[-–—]\s*"

_FORMS = [
    # (pattern, builder(groups) -> EDTF or None)
    (rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", "ymd"),
    (rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})", "ymd"),
    (rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}}){DASH}(?P<d2>\d{{1,2}}),?\s+(?P<y>\d{{4}})", "range"),
    (rf"(?P<d>\d{{1,2}}){DASH}(?P<d2>\d{{1,2}})\s+(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})", "range"),
    (rf"(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})", "ym"),
    (r"(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})", "ymd"),
    (r"(?P<y>\d{4})", "y"),
    (r"(?:c\.|ca\.|circa|about)\s*(?P<y>\d{4})", "circa"),
    (rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})", "md"),
    (rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})", "md"),
]
_COMPILED = [(re.compile(rf"^{pattern}$", re.IGNORECASE), kind) for pattern, kind in _FORMS]
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# A month and day inside running text ("on February 26", "June 16 to 18, 2023").
MONTH_DAY_IN_TEXT = re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})\b(?:,\s+(?P<y>\d{{4}})\b)?")
# A day or days with a year: 'June 16 to 18, Juche 112 (2023)', 'March 2, 2006'.
DAY_WITH_YEAR = re.compile(
    rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:\s*(?:[-–—]|to|and)\s*(?P<d2>\d{{1,2}}))?,?\s+"
    r"(?:Juche\s+(?P<juche>\d{2,3})\b(?:\s*\((?P<jy>\d{4})\))?|(?P<y>\d{4})\b)"
)
JUCHE_OFFSET = 1911  # Juche 1 = 1912
REPORT_LAG_DAYS = 7


def _month(word: str) -> int:
    key = word.rstrip(".").lower()
    return _NAMES.get(key) or _NAMES[key[:3]]


def _day(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year or 2000, month, day)  # 2000: a leap year, for days without a year
    except ValueError:
        return False
    return True


def _checked(value: str) -> str | None:
    try:
        validate(value)
    except DateError:
        return None
    return value


def to_edtf(phrase: str) -> str | None:
    """'September 15, 1956' -> '1956-09-15'; '30-31 August 1956' -> a range; 'June 19' -> 'XXXX-06-19'.

    None when the phrase is not a date on its own (or names a day that does not exist)."""
    phrase = " ".join(phrase.split()).strip(" ,.")
    if len(phrase) > 40:
        return None
    for pattern, kind in _COMPILED:
        match = pattern.match(phrase)
        if not match:
            continue
        groups = match.groupdict()
        year = int(groups["y"]) if groups.get("y") else 0
        month = int(groups["mn"]) if groups.get("mn") else (_month(groups["m"]) if groups.get("m") else 0)
        day = int(groups["d"]) if groups.get("d") else 0
        if kind == "y":
            return _checked(f"{year:04d}")
        if kind == "circa":
            return _checked(f"{year:04d}~")
        if kind == "ym":
            return _checked(f"{year:04d}-{month:02d}")
        if not _day(year, month, day):
            return None
        if kind == "md":
            return _checked(f"XXXX-{month:02d}-{day:02d}")
        if kind == "range":
            last = int(groups["d2"])
            if not _day(year, month, last) or last <= day:
                return None
            return _checked(f"{year:04d}-{month:02d}-{day:02d}/{year:04d}-{month:02d}-{last:02d}")
        return _checked(f"{year:04d}-{month:02d}-{day:02d}")
    return None


def day_first(written: str) -> str | None:
    """'30/06/2021' (day/month/year, as the page's label says) -> '2021-06-30'."""
    match = DAY_MONTH_YEAR.match(written.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if not 1 <= month <= 12 or not _day(year, month, day):
        return None
    return _checked(f"{year:04d}-{month:02d}-{day:02d}")


def has_year(value: str) -> bool:
    return bool(value) and not value.startswith("XXXX")


def years_just_before(text: str, value: str) -> dict[int, str]:
    """The years the text states for days shortly before the undated day `value` ('XXXX-06-19'),
    each with its words: a report dated June 19 of a meeting held 'from June 16 to 18, Juche 112
    (2023)' states 2023. Only days 1 to REPORT_LAG_DAYS before it, in the same month, count: the
    same day of another year is an anniversary, and older dates are the history the text recalls."""
    month, day = int(value[5:7]), int(value[8:10])
    years: dict[int, str] = {}
    for match in DAY_WITH_YEAR.finditer(text):
        if _month(match.group("m")) != month:
            continue
        last = int(match.group("d2") or match.group("d"))
        if not 1 <= day - last <= REPORT_LAG_DAYS:
            continue
        juche, stated = match.group("juche"), match.group("jy") or match.group("y")
        if juche and stated and int(stated) != int(juche) + JUCHE_OFFSET:
            continue  # the two calendars disagree: the text states no clear year
        years.setdefault(int(stated) if stated else int(juche) + JUCHE_OFFSET, match.group(0))
    return years


def with_year(value: str, year: int) -> str:
    """'XXXX-06-19' with 2023 -> '2023-06-19' (None-safe for days that do not exist in that year)."""
    return _checked(f"{year:04d}{value[4:]}") or value
