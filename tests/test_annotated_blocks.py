"""The annotated-text body's blocks: paragraphs, headings, directives, fences, texts. Pure Python, no database."""

import pytest

from archive.annotated import parse

from .annotated_files import BODY, at, body_of, doc, one_error, where


def test_every_block_directive():
    text = body_of(
        "@fw classification|SECRET\n"
        "@fw copy|Copy Nº 1\n"
        "@fw archive|AVPRF F. 0102 Op. 11\n"
        "@fw number|Nº 83/M\n"
        "@dateline|Pyongyang, June 19 (KCNA) --\n"
        "@byline|Political News Team\n"
        "\n"
        "# DECISION OF THE {o:kwp-cc|KWP CC} PLENUM\n"
        "## On the work of the delegation\n"
        "\n"
        "Having heard the report.\n"
        "\n"
        "@signed|{p:kim-il-sung|KIM IL SUNG}\n"
        "@stamp\n"
        "Incoming No 367vn\n"
        "17 January 1955\n"
        "@end\n"
        "@opener\n"
        "To Cde. {p:kim-il-sung|Kim Il Sung}\n"
        "@end\n"
        "@closer\n"
        "With communist greetings\n"
        "@end"
    )
    kinds = [(b.kind, b.subtype, b.level) for b in text.blocks]
    assert kinds == [
        ("fw", "classification", 0),
        ("fw", "copy", 0),
        ("fw", "archive", 0),
        ("fw", "number", 0),
        ("dateline", "", 0),
        ("byline", "", 0),
        ("head", "", 1),
        ("head", "", 2),
        ("p", "", 0),
        ("signed", "", 0),
        ("stamp", "", 0),
        ("opener", "", 0),
        ("closer", "", 0),
    ]
    assert [b.line for b in text.blocks] == [BODY + i for i in (0, 1, 2, 3, 4, 5, 7, 8, 10, 12, 13, 17, 20)]
    assert text.plain.split("\n\n") == [
        "SECRET",
        "Copy Nº 1",
        "AVPRF F. 0102 Op. 11",
        "Nº 83/M",
        "Pyongyang, June 19 (KCNA) --",
        "Political News Team",
        "DECISION OF THE KWP CC PLENUM",
        "On the work of the delegation",
        "Having heard the report.",
        "KIM IL SUNG",
        "Incoming No 367vn\n17 January 1955",
        "To Cde. Kim Il Sung",
        "With communist greetings",
    ]
    assert [s.quote(text.plain) for s in text.entity_spans()] == ["KWP CC", "KIM IL SUNG", "Kim Il Sung"]


def test_single_line_directives_report_inline_errors_at_their_true_column():
    parsed = parse(doc("@fw classification|SECRET }\n@dateline|Pyongyang {bad|x}\n@signed|V. \\q Molotov"))
    assert [(p.line, p.column) for p in parsed.errors] == [at(1, 27), at(2, 21), at(3, 12)]


def test_heading_columns_count_the_hashes():
    parsed = parse(doc("## 결정 }"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 7)


@pytest.mark.parametrize("line", ["#No space", "#", "##"])
def test_malformed_heading_is_an_error(line):
    parsed = parse(doc(f"Text.\n\n{line}"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(3, 1)
    assert "a heading reads '# Heading'" in error.message


def test_hash_inside_a_paragraph_is_text():
    text = body_of("Order\n# 27 of 1956")
    assert [b.kind for b in text.blocks] == ["p"]
    assert text.plain == "Order\n# 27 of 1956"


def test_line_break_inside_a_paragraph_is_kept_and_blank_lines_separate_blocks():
    text = body_of("Line one of paragraph one\nline two\n\n\n\nParagraph two")
    assert [b.kind for b in text.blocks] == ["p", "p"]
    assert text.plain == "Line one of paragraph one\nline two\n\nParagraph two"
    assert [b.line for b in text.blocks] == [BODY, BODY + 5]


def test_comments_are_ignored_even_inside_a_paragraph_and_a_fence():
    text = body_of(
        "%% curator: check the date\nFirst line\n%% a comment between lines\nsecond line\n\n"
        "@stamp\n%% in a stamp\nNº 933\n@end"
    )
    assert text.plain == "First line\nsecond line\n\nNº 933"
    assert "curator" not in text.plain


def test_fence_lines_keep_their_breaks_and_marks():
    text = body_of(
        "@stamp\nSecretariat of Cde. {sup reason=illegible|Kuz}netsov\nIncoming No 367vn\n17 January 1955\n@end"
    )
    (block,) = text.blocks
    assert block.kind == "stamp"
    assert block.line == BODY
    assert text.plain == "Secretariat of Cde. Kuznetsov\nIncoming No 367vn\n17 January 1955"
    assert block.nodes[1].name == "sup"
    assert (block.nodes[1].line, block.nodes[1].column) == at(2, 21)


def test_text_directive_starts_a_further_text():
    parsed = parse(
        doc(
            "{p:kim-il-sung|Kim Il Sung} spoke.\n\n@text lang=ko type=original\n\n# 결정\n\n{p:kim-il-sung|김일성} 동지"
        )
    )
    assert parsed.ok, where(parsed)
    first, second = parsed.texts
    assert (first.lang, first.type, first.line) == ("en", "translation", BODY)
    assert (second.lang, second.type, second.line) == ("ko", "original", BODY + 2)
    assert first.plain == "Kim Il Sung spoke."
    assert second.plain == "결정\n\n김일성 동지"
    assert [b.kind for b in second.blocks] == ["head", "p"]
    assert first.source == "{p:kim-il-sung|Kim Il Sung} spoke."
    assert second.source == "# 결정\n\n{p:kim-il-sung|김일성} 동지"
    assert [s.quote(second.plain) for s in second.entity_spans()] == ["김일성"]


def test_text_directive_type_defaults_to_translation():
    parsed = parse(doc("Text.\n\n@text lang=ru\n\nТекст."))
    assert parsed.ok, where(parsed)
    assert (parsed.texts[1].lang, parsed.texts[1].type) == ("ru", "translation")


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("@text lang=ko type=draft", "@text type must be one of: translation, original, transcript"),
        ("@text type=original", "@text needs lang= with a BCP 47 language code"),
        ("@text lang=korean", "@text needs lang="),
        ("@text lang=ko original", "@text takes lang=CODE and type=TYPE, not 'original'"),
        ("@text lang=ko script=Hang", "not 'script=Hang'"),
    ],
)
def test_bad_text_directive(line, fragment):
    parsed = parse(doc(f"Text.\n\n{line}\n\n원문."))
    error = one_error(parsed)
    assert (error.line, error.column) == at(3, 1)
    assert fragment in error.message


@pytest.mark.parametrize(
    "line, column, fragment",
    [
        ("@fw secret|SECRET", 1, "@fw reads '@fw TYPE|text' with TYPE one of: classification, copy, archive, number"),
        ("@fw classification SECRET", 1, "@fw reads '@fw TYPE|text'"),
        ("@fw|SECRET", 1, "@fw reads"),
        ("@dateline Pyongyang, June 19", 10, "@dateline reads '@dateline|text'"),
        ("@byline: Political News Team", 8, "@byline reads '@byline|text'"),
        ("@signed V. Molotov", 8, "@signed reads '@signed|text'"),
        ("@stamp Incoming No 367vn\n@end", 7, "@stamp stands alone on its line"),
    ],
)
def test_malformed_directive_line(line, column, fragment):
    parsed = parse(doc(line))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, column)
    assert fragment in error.message


def test_directive_in_mid_paragraph_is_an_error():
    parsed = parse(doc("Having heard the report of the delegation\n@signed|Kim Il Sung"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(2, 1)
    assert "a directive must start a block" in error.message
    assert parsed.texts[0].plain == "Having heard the report of the delegation"


def test_escaped_directive_and_heading_characters_are_text():
    text = body_of("\\@signed|not a signature\n\n\\# not a heading")
    assert [b.kind for b in text.blocks] == ["p", "p"]
    assert text.plain == "@signed|not a signature\n\n# not a heading"


def test_end_without_fence():
    parsed = parse(doc("Text.\n\n@end"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(3, 1)
    assert error.message == "@end without an open @stamp, @opener or @closer"


@pytest.mark.parametrize("fence", ["stamp", "opener", "closer"])
def test_fence_never_closed_is_reported_at_the_fence_line(fence):
    parsed = parse(doc(f"Text.\n\n@{fence}\nTo the Central Committee\n\nof the CPSU\nmore text"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(3, 1)
    assert error.message == f"@{fence} is never closed with @end"


@pytest.mark.parametrize("line", ["@note|text", "@Signed|Kim", "@ signed|Kim", "@@"])
def test_unknown_directive(line):
    parsed = parse(doc(f"Text.\n\n{line}"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(3, 1)
    assert "unknown directive" in error.message
