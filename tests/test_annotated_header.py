"""The annotated-text header: keys, values, continuation lines, supplied values. Pure Python, no database."""

import pytest

from archive.annotated import parse
from archive.annotated.vocab import RIGHTS_STATEMENTS

from .annotated_files import one_error, where

# --------------------------------------------------------------------------- header

BASE = {
    "title": "title: Decision of the KWP CC Plenum",
    "date": "date: 1956-09-15",
    "type": "type: decision",
    "lang": "lang: en",
}


def with_header_line(line: str, body: str = "Text.") -> tuple[str, int]:
    """A file whose header is BASE with `line` last (replacing BASE's line of the same key).

    Returns the file and the line number of `line`."""
    key = line.split(":", 1)[0]
    lines = [value for name, value in BASE.items() if name != key] + [line]
    return "AAT/1\n" + "\n".join(lines) + "\n\n" + body + "\n", len(lines) + 1


def test_minimal_file_parses_cleanly():
    parsed = parse("AAT/1\ntitle: Minimal\ndate: 1956\ntype: report\nlang: ko\n\n김일성 동지\n")
    assert parsed.ok
    assert parsed.problems == []
    assert parsed.meta.title == "Minimal"
    assert parsed.meta.lang == "ko"
    assert parsed.meta.status == "draft"
    assert parsed.meta.record is None
    assert parsed.texts[0].plain == "김일성 동지"


@pytest.mark.parametrize("first", ["", "title: No format line", "aat/1", "AAT"])
def test_missing_format_line_stops_parsing(first):
    source = first + "\ntitle: T\ndate: 1956\ntype: report\nlang: en\n\nText.\n"
    parsed = parse(source)
    error = one_error(parsed)
    assert (error.line, error.column) == (1, 1)
    assert "format line 'AAT/1'" in error.message
    assert parsed.texts == []
    assert parsed.meta.title == ""


@pytest.mark.parametrize("first", ["AAT/2", "AAT/1.0", "AAT/0"])
def test_wrong_format_version_is_an_error_but_the_header_is_still_read(first):
    parsed = parse(f"{first}\ntitle: Kim Il Sung's report\ndate: 1956\ntype: report\nlang: en\n\nText.\n")
    error = one_error(parsed)
    assert (error.line, error.column) == (1, 1)
    assert f"(found '{first}')" in error.message
    assert parsed.meta.title == "Kim Il Sung's report"
    assert not parsed.ok


def test_byte_order_mark_before_the_format_line_is_accepted():
    parsed = parse("\ufeffAAT/1\ntitle: T\ndate: 1956\ntype: report\nlang: en\n\nText.\n")
    assert parsed.ok, where(parsed)


def test_crlf_line_endings_count_lines_like_lf():
    parsed = parse("AAT/1\r\ntitle: T\r\ndate: 1956\r\ntype: report\r\nlang: en\r\n\r\nText }\r\n")
    error = one_error(parsed)
    assert (error.line, error.column) == (7, 6)
    assert parsed.texts[0].plain == "Text "


def test_continuation_lines_join_with_one_space():
    source = (
        "AAT/1\n"
        "title: Decision of the KWP CC Plenum, 30-31 August 1956, 'The Results of the Work of the\n"
        "  Government Delegation which Visited Fraternal Countries'\n"
        "date: 1956-09-15\ntype: decision\nlang: en\n"
        "summary: The resolution discusses economic growth\n"
        "\t   in North Korea and\n"
        "    the promises of fraternal aid.\n"
        "\nText.\n"
    )
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.title == (
        "Decision of the KWP CC Plenum, 30-31 August 1956, 'The Results of the Work of the "
        "Government Delegation which Visited Fraternal Countries'"
    )
    assert (
        parsed.meta.summary
        == "The resolution discusses economic growth in North Korea and the promises of fraternal aid."
    )


def test_continuation_line_before_any_key_is_an_error():
    parsed = parse("AAT/1\n  stray continuation\ntitle: T\ndate: 1956\ntype: report\nlang: en\n\nText.\n")
    error = one_error(parsed)
    assert (error.line, error.column) == (2, 1)
    assert "continuation line" in error.message


def test_continuation_line_is_validated_with_its_value():
    # The continuation joins the value before validation: 'en ko' is no language code.
    source, line = with_header_line("lang: en\n  ko")
    error = one_error(parse(source))
    assert error.line == line
    assert "'en ko' is not a BCP 47 language code" in error.message


@pytest.mark.parametrize("line", ["Title: Capitalized key", "summary:no space", "no colon at all", "-: dash"])
def test_header_line_without_key_colon_is_an_error(line):
    source = "AAT/1\ntitle: T\ndate: 1956\ntype: report\nlang: en\n" + line + "\n\nText.\n"
    parsed = parse(source)
    error = one_error(parsed)
    assert (error.line, error.column) == (6, 1)
    assert "must read 'key: value'" in error.message
    assert parsed.meta.summary == ""


def test_unknown_key_is_reported_and_the_rest_still_applies():
    source, line = with_header_line("author: Kim Il Sung")
    parsed = parse(source)
    error = one_error(parsed)
    assert (error.line, error.column) == (line, 1)
    assert error.message == "unknown header key 'author'"
    assert parsed.meta.title == "Decision of the KWP CC Plenum"
    assert parsed.meta.type == "decision"


@pytest.mark.parametrize(
    "key, first, second",
    [
        ("title", "Decision of the KWP CC Plenum", "Another title"),
        ("date", "1956-09-15", "1956-09-16"),
        ("lang", "en", "ko"),
        ("status", "draft", "published"),
        ("rights.notice", "Reuse welcome", "No reuse"),
    ],
)
def test_repeated_single_key_is_an_error_and_the_first_value_stays(key, first, second):
    lines = [*BASE.values()]
    if key not in BASE:
        lines.append(f"{key}: {first}")
    first_line = 1 + next(i for i, text in enumerate(lines, start=1) if text.startswith(f"{key}:"))
    source = "AAT/1\n" + "\n".join([*lines, f"{key}: {second}"]) + "\n\nText.\n"
    parsed = parse(source)
    error = one_error(parsed)
    assert (error.line, error.column) == (len(lines) + 2, 1)
    assert error.message == f"'{key}' appears twice (first on line {first_line})"
    attribute = key.replace(".", "_")
    assert getattr(parsed.meta, attribute) == first


def test_repeatable_keys_keep_every_value_in_order():
    source = (
        "AAT/1\ntitle: T\ndate: 1956\ntype: report\nlang: en\n"
        "classification: SECRET\nclassification: Copy Nº 1\n"
        "collection: The August 1956 Plenum\ncollection: Sino-Soviet relations\n"
        "related: 2\nrelated: 17\n"
        "note: first curator note\nnote: second curator note\n"
        "\nText.\n"
    )
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.classifications == ["SECRET", "Copy Nº 1"]
    assert parsed.meta.collections == ["The August 1956 Plenum", "Sino-Soviet relations"]
    assert parsed.meta.related == [2, 17]
    assert parsed.meta.notes == ["first curator note", "second curator note"]


@pytest.mark.parametrize("missing", ["title", "date", "type", "lang"])
def test_each_required_key_missing_is_reported(missing):
    lines = [value for key, value in BASE.items() if key != missing]
    parsed = parse("AAT/1\n" + "\n".join(lines) + "\n\nText.\n")
    error = one_error(parsed)
    assert error.message == f"the header lacks the required key '{missing}'"
    assert error.line == len(lines) + 1  # reported at the header's last line


@pytest.mark.parametrize("empty", ["title", "date", "type", "lang"])
@pytest.mark.parametrize("blank", ["", " ", " \t "])
def test_required_key_with_empty_value_is_reported_as_empty_at_its_line(empty, blank):
    lines = [f"{empty}:{blank}" if name == empty else value for name, value in BASE.items()]
    parsed = parse("AAT/1\n" + "\n".join(lines) + "\nsummary: after the empty key\n\nText.\n")
    error = one_error(parsed)
    assert error.message == f"the required key '{empty}' is empty: write its value after '{empty}:'"
    assert (error.line, error.column) == (list(BASE).index(empty) + 2, 1)


def test_required_key_continued_on_the_next_line_is_not_empty():
    parsed = parse("AAT/1\ntitle:\n  Continued title\ndate: 1956\ntype: report\nlang: en\n\nText.\n")
    assert parsed.ok, where(parsed)
    assert parsed.meta.title == "Continued title"


def test_all_required_keys_missing_gives_four_errors():
    parsed = parse("AAT/1\nsummary: nothing else\n\nText.\n")
    messages = [p.message for p in parsed.errors]
    assert messages == [f"the header lacks the required key '{key}'" for key in ("title", "date", "type", "lang")]


def test_header_without_a_body_is_an_error():
    parsed = parse("AAT/1\ntitle: T\ndate: 1956\ntype: report\nlang: en")
    error = one_error(parsed)
    assert "no body" in error.message
    assert error.line == 5


def test_empty_body_is_an_error():
    parsed = parse("AAT/1\ntitle: T\ndate: 1956\ntype: report\nlang: en\n\n\n%% only a comment\n")
    assert one_error(parsed).message == "the body holds no text"


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("record: 0", "record must be a positive whole number, not '0'"),
        ("record: -3", "record must be a positive whole number"),
        ("record: 12a", "record must be a positive whole number, not '12a'"),
        ("related: Nº 4", "related takes a record number, not 'Nº 4'"),
        ("slug: Kim_Il_Sung", "slug takes lower-case letters, digits and hyphens"),
        ("slug: kwp--plenum", "slug takes lower-case letters"),
        ("slug: -plenum", "slug takes lower-case letters"),
        ("slug: 김일성", "slug takes lower-case letters"),
        ("date: 1956-13-01", "'1956-13-01' is not an EDTF date"),
        ("date: 1956-02-30", "'1956-02-30' is not an EDTF date"),
        ("date: September 15, 1956", "is not an EDTF date"),
        ("date: 15.09.1956", "is not an EDTF date"),
        ("type: decree", "type 'decree' is not one of: decision, memorandum"),
        ("type: Decision", "type 'Decision' is not one of"),
        ("lang: english", "'english' is not a BCP 47 language code"),
        ("lang: ko_KP", "'ko_KP' is not a BCP 47 language code"),
        ("lang: 한국어", "is not a BCP 47 language code"),
        ("lang.original: Korean", "'Korean' is not a BCP 47 language code"),
        ("status: final", "status must be draft, published or withdrawn, not 'final'"),
        ("status: Published", "status must be draft, published or withdrawn"),
        ("rights: http://example.org/licence/", "is not a rights statement URI of the controlled list"),
        ("rights: In Copyright", "is not a rights statement URI"),
        ("rights: http://rightsstatements.org/vocab/InC/2.0/", "is not a rights statement URI"),
        ("source.url: ftp://digitalarchive.wilsoncenter.org/document/114180", "source.url must be an http or https"),
        ("source.url: www.kcna.kp/en/article", "source.url must be an http or https"),
        ("source.url: https://kcnawatch.org/a b", "source.url must be an http or https"),
    ],
)
def test_value_that_does_not_parse_is_reported_at_the_value(line, fragment):
    source, number = with_header_line(line)
    parsed = parse(source)
    error = one_error(parsed)
    key = line.split(":", 1)[0]
    assert (error.line, error.column) == (number, len(key) + 3)
    assert fragment in error.message


@pytest.mark.parametrize(
    "line, attribute, value",
    [
        ("record: 1", "record", 1),
        ("record: 10234", "record", 10234),
        ("slug: kwp-cc-plenum-1956", "slug", "kwp-cc-plenum-1956"),
        ("date: 1956-08", "date", "1956-08"),
        ("date: 1956-08-30/1956-08-31", "date", "1956-08-30/1956-08-31"),
        ("date: 1956~", "date", "1956~"),
        ("date: 1956?", "date", "1956?"),
        ("date: XXXX-02-26", "date", "XXXX-02-26"),
        ("date: XXXX", "date", "XXXX"),
        ("date.written: 30/06/2021", "date_written", "30/06/2021"),
        ("type: news-article", "type", "news-article"),
        ("lang: ko", "lang", "ko"),
        ("lang: zh-Hant", "lang", "zh-Hant"),
        ("lang.original: ru", "lang_original", "ru"),
        ("status: published", "status", "published"),
        ("source: Rodong Sinmun", "source", "Rodong Sinmun"),
        (
            "source.url: https://kcnawatch.org/newstream/1687124456-1/",
            "source_url",
            "https://kcnawatch.org/newstream/1687124456-1/",
        ),
        (
            "source.url: http://www.kcna.kp/en/article/q/abc.kcmsf",
            "source_url",
            "http://www.kcna.kp/en/article/q/abc.kcmsf",
        ),
        ("summary: 김일성 동지의 보고", "summary", "김일성 동지의 보고"),
    ],
)
def test_valid_values_reach_the_metadata(line, attribute, value):
    source, _ = with_header_line(line)
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert getattr(parsed.meta, attribute) == value


@pytest.mark.parametrize("uri", sorted(RIGHTS_STATEMENTS))
def test_every_listed_rights_uri_is_accepted_as_written(uri):
    source, _ = with_header_line(f"rights: {uri}")
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.rights == uri


@pytest.mark.parametrize(
    "written, stored",
    [
        ("https://rightsstatements.org/vocab/InC-EDU/1.0/", "http://rightsstatements.org/vocab/InC-EDU/1.0/"),
        ("http://rightsstatements.org/vocab/UND/1.0", "http://rightsstatements.org/vocab/UND/1.0/"),
        ("https://rightsstatements.org/vocab/NoC-US/1.0", "http://rightsstatements.org/vocab/NoC-US/1.0/"),
        ("http://creativecommons.org/licenses/by/4.0/", "https://creativecommons.org/licenses/by/4.0/"),
        ("https://creativecommons.org/publicdomain/zero/1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ],
)
def test_rights_uri_scheme_and_trailing_slash_are_normalized(written, stored):
    source, _ = with_header_line(f"rights: {written}")
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.rights == stored


# --------------------------------------------------------------------------- supplied values


def test_supplied_values_are_read_with_their_notes_in_order():
    source, _ = with_header_line(
        "lang.original: ko\nsource: KCNA\n"
        "supplied: lang.original ; note = inferred from the text\\; not stated\n"
        "supplied: title\n"
        "supplied: source ; note = inferred from\n  the report's style"
    )
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.supplied == {
        "lang.original": "inferred from the text; not stated",
        "title": "",
        "source": "inferred from the report's style",
    }
    assert list(parsed.meta.supplied) == ["lang.original", "title", "source"]


@pytest.mark.parametrize(
    "key, line",
    [
        ("title", "title: T"),
        ("date", "date: 1956"),
        ("date.written", "date.written: 1956"),
        ("type", "type: report"),
        ("lang", "lang: en"),
        ("lang.original", "lang.original: ko"),
        ("summary", "summary: S"),
        ("source", "source: Rodong Sinmun"),
        ("source.url", "source.url: https://example.org/a"),
        ("rights", "rights: http://rightsstatements.org/vocab/UND/1.0/"),
        ("rights.notice", "rights.notice: All rights reserved."),
    ],
)
def test_every_single_valued_field_can_be_supplied(key, line):
    source, _ = with_header_line(f"{line}\nsupplied: {key} ; note = why")
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.supplied == {key: "why"}


@pytest.mark.parametrize(
    "lines, message, column",
    [
        (["supplied: author ; note = x"], "supplied takes the key of a single-valued field", 11),
        (["supplied: classification"], "not 'classification'", 11),
        (["supplied: status"], "not 'status'", 11),
        (["supplied: record"], "not 'record'", 11),
        (["supplied: title ; why = composed"], "unknown key 'why' (known: note)", 11),
        (["supplied: title ; composed by the editor"], "expected 'key = value'", 11),
        (["supplied: title ; note = a ; note = b"], "'note' is given twice", 11),
        (
            ["supplied: source ; note = inferred"],
            "'source' is marked supplied but the header gives no 'source:' value",
            11,
        ),
        (["source:", "supplied: source"], "'source' is marked supplied but the header gives no 'source:' value", 11),
        (
            ["supplied: title", "supplied: title ; note = again"],
            "'title' is marked supplied twice (first on line 6)",
            11,
        ),
    ],
)
def test_supplied_errors_are_reported_at_their_line_and_column(lines, message, column):
    source = "AAT/1\n" + "\n".join([*BASE.values(), *lines]) + "\n\nText.\n"
    parsed = parse(source)
    error = one_error(parsed)
    assert message in error.message
    assert (error.line, error.column) == (len(BASE) + len(lines) + 1, column)


def test_supplied_is_refused_for_a_value_that_does_not_parse():
    source = "AAT/1\n" + "\n".join([*BASE.values(), "rights: not-a-uri", "supplied: rights"]) + "\n\nText.\n"
    messages = [message for _, _, message in where(parse(source))]
    assert len(messages) == 1 and "not a rights statement URI" in messages[0]
