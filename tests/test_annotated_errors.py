"""How the annotated-text parser reports its problems: all at once, in file order. Pure Python, no database."""

from archive.annotated import parse
from archive.annotated.model import Problem

from .annotated_files import BODY, at, doc, one_error


def test_all_errors_are_reported_at_once_in_file_order():
    source = (
        "AAT/1\ntitle: Decision\ndate: 1956-09-31\ntype: decision\nlang: en\n"
        "\n"
        "The {p:kim-il-sung|Kim Il Sung\n"
        "\n"
        "@stamp\nIncoming No 367vn\n"
    )
    parsed = parse(source)
    assert [(p.line, p.column) for p in parsed.errors] == [(3, 7), (7, 5), (9, 1)]
    messages = [p.message for p in parsed.errors]
    assert "is not an EDTF date" in messages[0]
    assert "unclosed '{'" in messages[1]
    assert messages[2] == "@stamp is never closed with @end"
    assert not parsed.ok


def test_many_body_errors_are_all_reported():
    parsed = parse(doc("a }\n\nb {foo|x}\n\n@fw secret|X\n\n@end\n\nc \\q\n\nd {sic|x}"))
    assert [p.line for p in parsed.errors] == [at(n, 1)[0] for n in (1, 3, 5, 7, 9, 11)]


def test_problem_format_gives_file_line_column():
    parsed = parse(doc("Kim Il Sung }"))
    error = one_error(parsed)
    assert error.format("0001.txt") == f"0001.txt:{BODY}:13: stray '}}' with no open '{{' (write \\}} for a brace)"
    assert error.format() == f"{BODY}:13: stray '}}' with no open '{{' (write \\}} for a brace)"
    assert Problem(3, 1, "a new entity", severity="warning").format("f.txt") == "f.txt:3:1: warning: a new entity"
