"""Rewriting the keys of entity marks, and nothing else."""

from archive.annotated import parse_body
from archive.annotated.rekey import rekey


def test_every_mark_with_the_key_is_rewritten_and_nothing_else():
    source = (
        "{p:d-kuznetsov|Kuznetsov} and \\{p:d-kuznetsov\\} then {p:d-kuznetsov role=author|K.}, {p:kim|Kim}.\r\n"
        "\r\n"
        "# {p:d-kuznetsov|Кузнецов} p:d-kuznetsov\n"
        "{sup|{p:d-kuznetsov|D. K.}}"
    )
    rewritten = rekey(source, {"p:d-kuznetsov": "p:kuznetsov", "p:kim": "p:kim"})
    assert rewritten == (
        "{p:kuznetsov|Kuznetsov} and \\{p:d-kuznetsov\\} then {p:kuznetsov role=author|K.}, {p:kim|Kim}.\n"
        "\n"
        "# {p:kuznetsov|Кузнецов} p:d-kuznetsov\n"
        "{sup|{p:kuznetsov|D. K.}}"
    )
    before, after = parse_body(source).texts[0], parse_body(rewritten).texts[0]
    assert after.plain == before.plain
    assert [span.key for span in after.entity_spans()] == ["p:kuznetsov", "p:kuznetsov", "p:kim", "p:kuznetsov",
                                                           "p:kuznetsov"]  # fmt: skip


def test_nothing_to_rewrite_leaves_the_text_as_it_is():
    assert rekey("{p:kim|Kim}", {}) == "{p:kim|Kim}"
    assert rekey("{p:kim|Kim}", {"p:other": "p:kim"}) == "{p:kim|Kim}"
