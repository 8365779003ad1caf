"""Characters the annotated-text parser refuses: control characters, invalid UTF-8. Pure Python, no database."""

import pytest

from archive.annotated import parse, parse_bytes

from .annotated_files import BODY, HEADER, at, body_of, doc, one_error


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x0c", "\x7f", "\x85"])
def test_control_characters_are_errors(char):
    parsed = parse(doc(f"김일성{char} 동지"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 4)
    assert error.message == f"control character U+{ord(char):04X}"


def test_control_character_in_the_header_is_reported_at_its_position():
    parsed = parse("AAT/1\ntitle: Kim\x08 Il Sung\ndate: 1956\ntype: report\nlang: en\n\nText.\n")
    error = one_error(parsed)
    assert (error.line, error.column) == (2, 11)


def test_tab_is_not_a_control_character_error():
    text = body_of("Kim\tIl Sung")
    assert text.plain == "Kim\tIl Sung"


@pytest.mark.parametrize(
    "char", ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_bidirectional_controls_are_errors(char):
    parsed = parse(doc(f"Kim Il Sung\nfile{char}exe.txt"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(2, 5)
    assert error.message == f"bidirectional control character U+{ord(char):04X}"


@pytest.mark.parametrize(
    "data, line, column, byte",
    [
        ("AAT/1\ntitle: 김일성 ".encode() + b"\xff report\n", 2, 12, "0xff"),
        ((HEADER + "\n첫 줄\n둘째 줄 ").encode() + b"\xc3\x28\n", BODY + 1, 6, "0xc3"),
        (b"\xfeAAT/1\n", 1, 1, "0xfe"),
        (b"AAT/1\ntitle: Kim Il Sung " + "김".encode()[:2] + b"\n", 2, 20, "0xea"),
    ],
)
def test_invalid_utf8_is_reported_with_line_and_column(data, line, column, byte):
    parsed = parse_bytes(data)
    error = one_error(parsed)
    assert (error.line, error.column) == (line, column)
    assert error.message.startswith(f"invalid UTF-8 (byte {byte})")
    assert parsed.texts == []


def test_parse_bytes_of_valid_utf8_equals_parse():
    source = doc("{p:kim-il-sung|김일성} 동지")
    from_bytes, from_text = parse_bytes(source.encode("utf-8")), parse(source)
    assert from_bytes.ok
    assert from_bytes.texts[0].plain == from_text.texts[0].plain == "김일성 동지"
    assert from_bytes.meta == from_text.meta
