"""EDTF dates of the annotated-text format: validation, wording and bounds."""

import datetime

import pytest

from archive.annotated import dates
from archive.annotated.dates import DateError

D = datetime.date


@pytest.mark.parametrize(
    "value, words, low, high",
    [
        ("1956-09-15", "15 September 1956", D(1956, 9, 15), D(1956, 9, 15)),
        ("2021-06-30", "30 June 2021", D(2021, 6, 30), D(2021, 6, 30)),
        ("1956-02-29", "29 February 1956", D(1956, 2, 29), D(1956, 2, 29)),
        ("1956-08", "August 1956", D(1956, 8, 1), D(1956, 8, 31)),
        ("1956-02", "February 1956", D(1956, 2, 1), D(1956, 2, 29)),
        ("1955-02", "February 1955", D(1955, 2, 1), D(1955, 2, 28)),
        ("1956", "1956", D(1956, 1, 1), D(1956, 12, 31)),
        ("1956-08-30/1956-08-31", "30–31 August 1956", D(1956, 8, 30), D(1956, 8, 31)),
        ("2023-06-16/2023-06-18", "16–18 June 2023", D(2023, 6, 16), D(2023, 6, 18)),
        ("1956-08-30/1956-09-02", "30 August – 2 September 1956", D(1956, 8, 30), D(1956, 9, 2)),
        ("1956-12-30/1957-01-02", "30 December 1956 – 2 January 1957", D(1956, 12, 30), D(1957, 1, 2)),
        ("1950-06/1953-07", "June 1950 – July 1953", D(1950, 6, 1), D(1953, 7, 31)),
        ("1956/1957", "1956 – 1957", D(1956, 1, 1), D(1957, 12, 31)),
        ("1912-04-15/1994-07-08", "15 April 1912 – 8 July 1994", D(1912, 4, 15), D(1994, 7, 8)),
        ("1956~", "circa 1956", D(1956, 1, 1), D(1956, 12, 31)),
        ("1956-09~", "circa September 1956", D(1956, 9, 1), D(1956, 9, 30)),
        ("1956?", "1956 (uncertain)", D(1956, 1, 1), D(1956, 12, 31)),
        ("1956-09-15?", "15 September 1956 (uncertain)", D(1956, 9, 15), D(1956, 9, 15)),
        ("1956%", "circa 1956 (uncertain)", D(1956, 1, 1), D(1956, 12, 31)),
        ("XXXX-02-26", "26 February, year unknown", None, None),
        ("XXXX-02", "February, year unknown", None, None),
        ("XXXX", "date unknown", None, None),
    ],
)
def test_describe_and_bounds(value, words, low, high):
    dates.validate(value)  # raises nothing
    assert dates.describe(value) == words
    assert dates.bounds(value) == (low, high)


def test_empty_value_is_unknown():
    assert dates.describe("") == "date unknown"
    assert dates.bounds("") == (None, None)


@pytest.mark.parametrize(
    "value, words",
    [
        ("../1956", "before 1956"),
        ("1956-08-30/..", "after 30 August 1956"),
        ("1956/..", "after 1956"),
    ],
)
def test_open_ranges_are_described_and_have_no_bounds(value, words):
    dates.validate(value)
    assert dates.describe(value) == words
    # An open end has no day to give; bounds must not fail on it (DatedModel.save calls it).
    assert dates.bounds(value) == (None, None)


def test_bounds_are_ordered_and_inclusive():
    low, high = dates.bounds("1956-08-30/1956-08-31")
    assert low < high
    assert (high - low).days == 1


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1956-13",
        "1956-00",
        "1956-09-31",
        "1956-02-30",
        "1955-02-29",
        "1956-9-15",
        "56",
        "15.09.1956",
        "September 15, 1956",
        "1956-09-15T",
        "XXXX-13-01",
        "1956-08-30/1956-13-01",
        "abc",
        "１９５６-０９-１５",  # fullwidth digits
        "١٩٥٦",  # Arabic-Indic digits
    ],
)
def test_invalid_values_raise_date_error(value):
    with pytest.raises(DateError) as caught:
        dates.validate(value)
    assert f"'{value}' is not an EDTF date" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_date_error_keeps_the_parser_error_as_its_cause():
    with pytest.raises(DateError) as caught:
        dates.validate("1956-13-45")
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize(
    "value, valid",
    [
        ("1956-09-15", True),
        ("1956-02-29", True),
        ("2000-02-29", True),
        ("1955-02-29", False),  # the EDTF library alone would accept it
        ("1900-02-29", False),  # the EDTF library alone would accept it
        ("1956-04-31", False),
        ("1956-00-10", False),
        ("1956-12-31", True),
        ("1956-08", True),
        ("1956-13", False),
        ("1956", True),
        ("1956-08-30/1956-08-31", True),
        ("1956-08-30/1956-09-31", False),
        ("1956/1957", True),
        ("1956/1957/1958", False),
    ],
)
def test_validate_plain_calendar_dates(value, valid):
    """Plain dates and intervals are checked against the calendar (validate's fast path)."""
    if valid:
        dates.validate(value)
        assert dates.bounds(value)[0] is not None
    else:
        with pytest.raises(DateError):
            dates.validate(value)


def test_a_range_that_ends_before_it_starts_is_an_error():
    with pytest.raises(dates.DateError, match="ends before it starts"):
        dates.validate("1956-08-31/1956-08-30")


@pytest.mark.parametrize(
    "value", ["1956-09-15", "1956-08", "1956", "1960-02", "1900-02", "1956-08-30/1956-09-02", "1955/1956-03"]
)
def test_the_fast_path_agrees_with_the_edtf_parser(value):
    from edtf import parse_edtf

    parsed = parse_edtf(value)
    low, high = parsed.lower_strict(), parsed.upper_strict()
    expected = (
        datetime.date(low.tm_year, low.tm_mon, low.tm_mday),
        datetime.date(high.tm_year, high.tm_mon, high.tm_mday),
    )
    assert dates.bounds(value) == expected
