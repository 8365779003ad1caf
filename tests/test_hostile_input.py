"""Hostile and heavy input: the parser, the raw-page importer and the search query parser answer
anything with their own clear problems, never an exception; a large file parses correctly."""

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.annotated import parse, parse_body
from archive.annotated.inline import MAX_NESTING
from archive.annotated.model import Parsed, Problem
from archive.annotated.raw import draft_bytes
from archive.annotated.render import render_text
from archive.previews import preview
from archive.search.query import MAX_TERMS, Query
from archive.search.query import parse as parse_query
from tests.conftest import FIXTURES, annotated

# Pieces of the format and of web pages, glued at random: more markup than random text would hold.
MARKUP = [
    "{", "}", "|", "**", "\\", "\\{", "{p:kim-il-sung|", "{sup|", "{note|", "{d:1956-08|", "{sic|a|b}",
    "{gap}", "{zz}", "{p:|", "{ role=author|", "@stamp\n", "@end\n", "@text lang=ko type=original\n",
    "@dateline|", "@fw classification|", "@bogus", "# ", "### ", "%%", "\n", "\n\n", "\r", "\r\n", "\t",
    "\x00", "\x85", "\u202e", "\ufeff", "\ufffd", "김일성", "Молотов", "Kim Il Sung", " ", "é", "😀", ":",
    "entity: p:x = X", "title: T", "AAT/1\n", "[signature]", "[[Kuz]]", "[Stamp: Secret]",
    "Date: 26/02/2023 | Source: KCNA", "Back to top button", "Translation from Korean",
]  # fmt: skip
pieces = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=8)), max_size=60).map("".join)
HEADER = annotated("x").partition("\n\n")[0] + "\n\n"


def assert_clear(parsed: Parsed, source: str) -> None:
    """A Parsed whose problems all say where, in the file's lines, and what."""
    assert isinstance(parsed, Parsed)
    last_line = max(1, source.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1)
    for problem in parsed.problems:
        assert isinstance(problem, Problem)
        assert 0 <= problem.line <= last_line and problem.column >= 0
        assert problem.message.strip()
    if parsed.ok:
        for text in parsed.texts:
            render_text(text, lambda key: None)
            assert all(0 <= span.start <= span.end <= len(text.plain) for span in text.spans)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_parser_answers_any_text_with_problems(text):
    assert_clear(parse(text), text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces)
def test_the_parser_answers_any_body_with_problems(body):
    assert_clear(parse(HEADER + body), HEADER + body)
    assert_clear(parse_body(body), body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces)
def test_the_raw_importer_drafts_any_page(page):
    result = draft_bytes(page.encode("utf-8", "surrogatepass"))
    assert_clear(parse(result.text), result.text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_the_raw_importer_drafts_any_bytes(data):
    result = draft_bytes(data)
    assert isinstance(result.text, str)
    assert all(isinstance(flag, str) and flag for flag in result.flags)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(['"', "-", "*", "OR", "AND", "(", ")", ":", "^", "~", "NEAR", "\x00"]), st.text(max_size=10)
        ),
        max_size=80,
    ).map(" ".join)
)
def test_the_query_parser_reads_any_search(text):
    query = parse_query(text)
    assert isinstance(query, Query)
    assert sum(len(group) for group in query.groups) + len(query.excluded) <= MAX_TERMS
    assert all(isinstance(note, str) and note for note in query.notes)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=pieces, raw=st.booleans())
def test_the_import_preview_answers_any_upload(seeds, body, raw):
    """What a curator uploads reaches the preview and the dry-run import (PostgreSQL included)."""
    source = body if raw else HEADER + body
    result = preview(1, "upload.txt", source, is_raw=raw)
    assert all(excerpt.message for excerpt in result.excerpts)
    errors = [excerpt for excerpt in result.excerpts if excerpt.severity == "error"]
    assert result.importable == (not errors and result.parsed.ok)  # refused only with a stated error
    if result.importable:
        assert result.rendered  # what readers would see is shown


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 500, sys.getrecursionlimit() * 2])
def test_marks_nested_too_deep_are_one_clear_problem(depth):
    body = "Before " + "{sup|" * depth + "deep" + "}" * depth + " after.\n\nNext paragraph."
    parsed = parse(HEADER + body)
    expected = f"marks are nested more than {MAX_NESTING} deep here: close some first"
    assert [p.message for p in parsed.errors] == [expected]
    assert (parsed.errors[0].line, parsed.errors[0].column) == (8, 8 + 5 * MAX_NESTING)


def test_marks_nested_up_to_the_limit_parse():
    depth = MAX_NESTING
    parsed = parse(HEADER + "{sup|" * depth + "deep" + "}" * depth)
    assert parsed.ok
    assert parsed.texts[0].plain == "deep"
    assert len(parsed.texts[0].spans) == depth


def test_a_two_megabyte_file_parses_correctly():
    source = (FIXTURES / "0001-kwp-cc-plenum-decision-1956.txt").read_text(encoding="utf-8")
    head, _, body = source.partition("\n\n")
    [small] = parse(source).texts
    copies = 2_000_000 // len(body.encode())
    parsed = parse(head + "\n\n" + "\n\n".join([body.strip("\n")] * copies) + "\n")
    assert parsed.ok, [p.format() for p in parsed.problems[:5]]
    [large] = parsed.texts
    assert large.plain == "\n\n".join([small.plain] * copies)
    assert len(large.spans) == copies * len(small.spans)
    # The last copy's marks: the same words, one body further down per copy, in offsets and lines.
    shift, lines = (copies - 1) * (len(small.plain) + 2), (copies - 1) * (body.strip("\n").count("\n") + 2)
    last = large.spans[-len(small.spans) :]
    assert [(s.start - shift, s.end - shift, s.key, s.line - lines, s.column) for s in last] == [
        (s.start, s.end, s.key, s.line, s.column) for s in small.spans
    ]


def test_control_characters_are_found_where_they_are():
    parsed = parse(HEADER + "One\x07 line\nand \u202eanother")
    assert [(p.line, p.column, p.message) for p in parsed.errors] == [
        (8, 4, "control character U+0007"),
        (9, 5, "bidirectional control character U+202E"),
    ]
