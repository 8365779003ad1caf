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
JUCHE = re.compile(r"\bJuche\s+(\d{2,3})\b(?:\s*\((\d{4})\))?")
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH}\s+\d{{1,2}}(?:\s*(?:[-–—]|to)\s*\d{{1,2}})?,\s+(\d{{4}})\b")


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


def stated_years(text: str) -> dict[int, str]:
    """The years the text states for its dates, each with the words that state it.

    'Juche 112 (2023)' and 'Juche 112' give 2023 (Juche 1 = 1912); 'June 16 to 18, 2023' gives 2023."""
    years: dict[int, str] = {}
    for match in JUCHE.finditer(text):
        juche, year = int(match.group(1)), match.group(2)
        value = int(year) if year else juche + 1911
        if year and int(year) != juche + 1911:
            continue  # the two calendars disagree: the text states no clear year
        years.setdefault(value, match.group(0))
    for match in MONTH_DAY_YEAR.finditer(text):
        years.setdefault(int(match.group(1)), match.group(0))
    return years


def with_year(value: str, year: int) -> str:
    """'XXXX-06-19' with 2023 -> '2023-06-19' (None-safe for days that do not exist in that year)."""
    return _checked(f"{year:04d}{value[4:]}") or value
