"""Inline marks in the annotated-text body: parts, attributes, nesting, escapes, errors. Pure Python, no database."""

import pytest

from archive.annotated import parse
from archive.annotated.model import Mark

from .annotated_files import at, body_of, doc, one_error, only_node, where


@pytest.mark.parametrize(
    "source, name, key, attrs, parts",
    [
        ("{p:kim-il-sung|Cde. Kim Il Sung}", "entity", "p:kim-il-sung", {}, [["Cde. Kim Il Sung"]]),
        (
            "{p:kim-il-sung role=signatory|KIM IL SUNG}",
            "entity",
            "p:kim-il-sung",
            {"role": "signatory"},
            [["KIM IL SUNG"]],
        ),
        ("{o:kwp-cc|KWP CC}", "entity", "o:kwp-cc", {}, [["KWP CC"]]),
        ("{pl:ussr|USSR}", "entity", "pl:ussr", {}, [["USSR"]]),
        ("{ev:kwp-cc-plenum-1956-08|August Plenum}", "entity", "ev:kwp-cc-plenum-1956-08", {}, [["August Plenum"]]),
        ("{t:juche|Juche idea}", "entity", "t:juche", {}, [["Juche idea"]]),
        ("{d:1956-08-30/1956-08-31|30-31 August 1956}", "date", "1956-08-30/1956-08-31", {}, [["30-31 August 1956"]]),
        ("{d:XXXX-02-26|February 26}", "date", "XXXX-02-26", {}, [["February 26"]]),
        ("{sup|should be}", "sup", "", {}, [["should be"]]),
        ("{sup reason=illegible|Kuz}", "sup", "", {"reason": "illegible"}, [["Kuz"]]),
        ("{unc|Kansen}", "unc", "", {}, [["Kansen"]]),
        ("{unc reason=faded|Kansen}", "unc", "", {"reason": "faded"}, [["Kansen"]]),
        (
            "{gap reason=illegible|the remainder is illegible}",
            "gap",
            "",
            {"reason": "illegible"},
            [["the remainder is illegible"]],
        ),
        ("{gap}", "gap", "", {}, []),
        ("{gap unit=line extent=2}", "gap", "", {"unit": "line", "extent": "2"}, []),
        ("{sig}", "sig", "", {}, []),
        ("{sig reason=illegible}", "sig", "", {"reason": "illegible"}, []),
        ("{add place=margin|Mao Zedong}", "add", "", {"place": "margin"}, [["Mao Zedong"]]),
        ("{add place=above hand=molotov|agreed}", "add", "", {"place": "above", "hand": "molotov"}, [["agreed"]]),
        ("{del|word}", "del", "", {}, [["word"]]),
        ("{del rend=strikethrough|word}", "del", "", {"rend": "strikethrough"}, [["word"]]),
        ("{note|Translated from the Korean}", "note", "", {}, [["Translated from the Korean"]]),
        ("{sic|contrades|comrades}", "sic", "", {}, [["contrades"], ["comrades"]]),
        ("{reg|Kansen|Kangson}", "reg", "", {}, [["Kansen"], ["Kangson"]]),
        ("{abbr|Cde.|Comrade}", "abbr", "", {}, [["Cde."], ["Comrade"]]),
        ("**Kim Jong Un**", "hi", "", {}, [["Kim Jong Un"]]),
    ],
)
def test_every_mark_with_its_parts_and_attributes(source, name, key, attrs, parts):
    parsed = parse(doc(f"Before {source} after"))
    assert parsed.errors == [], where(parsed)
    (block,) = parsed.texts[0].blocks
    before, mark, after = block.nodes
    assert (before, after) == ("Before ", " after")
    assert (mark.name, mark.key, mark.attrs, mark.parts) == (name, key, attrs, parts)
    assert (mark.line, mark.column) == at(1, 8)


def test_attributes_accept_every_listed_value():
    for role in ("author", "signatory", "recipient", "translator", "subject", "mentioned"):
        assert only_node(body_of(f"{{p:kim-il-sung role={role}|Kim}}")).attrs == {"role": role}
    for place in ("margin", "above", "below", "inline"):
        assert only_node(body_of(f"{{add place={place}|x}}")).attrs == {"place": place}


def test_entity_nests_a_regularization():
    text = body_of("{pl:kangson|{reg|Kansen|Kangson}}")
    mark = only_node(text)
    assert (mark.name, mark.key) == ("entity", "pl:kangson")
    (inner,) = mark.parts[0]
    assert (inner.name, inner.parts) == ("reg", [["Kansen"], ["Kangson"]])
    assert (inner.line, inner.column) == at(1, 13)
    assert text.plain == "Kansen"
    entity = next(s for s in text.spans if s.name == "entity")
    reg = next(s for s in text.spans if s.name == "reg")
    assert (entity.start, entity.end) == (reg.start, reg.end) == (0, 6)


def test_marks_nest_inside_bold_and_bold_inside_marks():
    text = body_of("**Respected {p:kim-il-sung|Kim Il Sung}** and {o:kwp-cc|the **KWP** CC}")
    quotes = {(s.name, s.quote(text.plain)) for s in text.spans}
    assert quotes == {
        ("hi", "Respected Kim Il Sung"),
        ("entity", "Kim Il Sung"),
        ("entity", "the KWP CC"),
        ("hi", "KWP"),
    }


def test_mark_content_may_span_lines_of_a_paragraph():
    text = body_of("the {o:kwp-cc|Central Committee\nof the Party} met")
    (span,) = text.entity_spans()
    assert span.quote(text.plain) == "Central Committee\nof the Party"


def test_escapes_stand_for_the_character():
    text = body_of(r"\{ \} \| \* \\ \@ \# and 2\*\*3 and {sup|a\|b\}}")
    assert text.plain == "{ } | * \\ @ # and 2**3 and a|b}"
    (block,) = text.blocks
    assert next(n for n in block.nodes if isinstance(n, Mark)).parts == [["a|b}"]]


@pytest.mark.parametrize("escape, column", [(r"\q", 5), (r"\n", 5), ("\\", 5)])
def test_unknown_escape_is_an_error_at_the_backslash(escape, column):
    parsed = parse(doc(f"Kim {escape}"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, column)
    assert "unknown escape" in error.message


def test_unclosed_brace_is_reported_where_it_opened():
    parsed = parse(doc("First line of the paragraph\n김일성 동지는 {p:kim-il-sung|Kim Il Sung\nand the rest"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(2, 9)
    assert "unclosed '{'" in error.message


def test_unclosed_outer_brace_after_a_closed_inner_mark():
    parsed = parse(doc("Text\n\nSee {pl:kangson|{reg|Kansen|Kangson} and more"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(3, 5)
    assert "unclosed '{'" in error.message


def test_unclosed_brace_at_the_end_of_the_head():
    parsed = parse(doc("The {p:kim-il-sung"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 5)
    assert "unclosed '{'" in error.message


def test_mark_head_broken_by_a_line_end_is_malformed():
    parsed = parse(doc("The {p:kim-il-sung\n|Kim}"))
    errors = parsed.errors
    assert (errors[0].line, errors[0].column) == at(1, 5)
    assert "malformed mark" in errors[0].message


def test_unclosed_brace_does_not_run_into_the_next_block():
    parsed = parse(doc("The {sup|supplied\n\nNext paragraph}"))
    assert [(p.line, p.column) for p in parsed.errors] == [at(1, 5), at(3, 15)]
    assert "unclosed '{'" in parsed.errors[0].message
    assert "stray '}'" in parsed.errors[1].message


@pytest.mark.parametrize(
    "body, line, column",
    [
        ("Kim Il Sung}", 1, 12),
        ("김일성 동지}", 1, 7),
        ("first line\n\tsecond }", 2, 9),
        ("{sup|a}} b", 1, 8),
    ],
)
def test_stray_closing_brace_location(body, line, column):
    parsed = parse(doc(body))
    error = one_error(parsed)
    assert (error.line, error.column) == at(line, column)
    assert "stray '}'" in error.message


@pytest.mark.parametrize(
    "body, positions",
    [
        ("The **respected General Secretary", [(1, 5)]),
        ("**one** and **two", [(1, 13)]),
        ("first\nthen **bold", [(2, 6)]),
        ("**a {sup|b** c}", [(1, 1), (1, 11)]),
    ],
)
def test_unbalanced_bold(body, positions):
    parsed = parse(doc(body))
    assert [(p.line, p.column) for p in parsed.errors] == [at(*pos) for pos in positions]
    assert all("unbalanced '**'" in p.message for p in parsed.errors)


def test_bold_may_span_lines_of_a_paragraph():
    text = body_of("**Kim\nJong Un**")
    (span,) = text.spans
    assert (span.name, span.quote(text.plain)) == ("hi", "Kim\nJong Un")


@pytest.mark.parametrize(
    "mark, label, want, found",
    [
        ("{sic|contrades}", "sic", "2", 1),
        ("{sic|a|b|c}", "sic", "2", 3),
        ("{reg|Kansen}", "reg", "2", 1),
        ("{abbr|Cde.}", "abbr", "2", 1),
        ("{sig|V. Molotov}", "sig", "0", 1),
        ("{sup}", "sup", "1", 0),
        ("{sup|a|b}", "sup", "1", 2),
        ("{unc}", "unc", "1", 0),
        ("{add place=margin}", "add", "1", 0),
        ("{del}", "del", "1", 0),
        ("{note}", "note", "1", 0),
        ("{gap|a|b}", "gap", "0 to 1", 2),
        ("{p:kim-il-sung}", "p:kim-il-sung", "1", 0),
        ("{p:kim-il-sung|Kim|Il Sung}", "p:kim-il-sung", "1", 2),
        ("{d:1956-09-15}", "1956-09-15", "1", 0),
    ],
)
def test_wrong_number_of_parts(mark, label, want, found):
    parsed = parse(doc(f"On {mark}."))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 4)
    assert error.message == f"the mark '{label}' takes {want} '|' part(s), found {found}"


@pytest.mark.parametrize(
    "mark, fragment",
    [
        ("{person|Kim}", "unknown mark 'person'"),
        ("{SUP|x}", "unknown mark 'SUP'"),
        ("{b|x}", "unknown mark 'b'"),
        ("{x:kim|Kim}", "unknown mark 'x:kim' (entity prefixes: p, o, pl, ev, t; dates: d)"),
        ("{}", "empty mark '{}'"),
        ("{ |x}", "empty mark '{}'"),
    ],
)
def test_unknown_or_empty_mark(mark, fragment):
    parsed = parse(doc(f"A {mark} b"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 3)
    assert fragment in error.message


@pytest.mark.parametrize(
    "mark, fragment",
    [
        ("{sup why=faded|x}", "the mark 'sup' takes no attribute 'why'"),
        ("{sic lang=ko|a|b}", "the mark 'sic' takes no attribute 'lang'"),
        ("{p:kim-il-sung reason=x|Kim}", "the mark 'p:kim-il-sung' takes no attribute 'reason'"),
        ("{d:1956 role=author|1956}", "takes no attribute 'role'"),
        ("{sup reason|x}", "malformed attribute 'reason': write key=value"),
        ("{sup reason=|x}", "malformed attribute 'reason='"),
        ("{add place=top|x}", "place=top is not one of: margin, above, below, inline"),
        ("{p:kim-il-sung role=leader|Kim}", "role=leader is not one of: author, signatory"),
        ("{p:Kim-Il-Sung|Kim}", "malformed entity key 'p:Kim-Il-Sung'"),
        ("{d:1956-13-01|x}", "'1956-13-01' is not an EDTF date"),
        ("{d:15.09.1956|x}", "'15.09.1956' is not an EDTF date"),
    ],
)
def test_bad_attribute_or_key_in_a_mark(mark, fragment):
    parsed = parse(doc(f"A {mark} b"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 3)
    assert fragment in error.message


@pytest.mark.parametrize(
    "body, column",
    [
        ("Text{note|compare {p:kim-il-sung|Kim Il Sung}}", 19),
        ("Text{note|see {sup|{p:kim-il-sung|Kim}}}", 20),
    ],
)
def test_entity_mark_in_a_note_is_an_error(body, column):
    parsed = parse(doc(body))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, column)
    assert error.message == "a note holds no entity marks"
    assert parsed.texts[0].entity_spans() == []


@pytest.mark.parametrize("name", ["sic", "reg", "abbr"])
def test_entity_mark_in_the_second_part_is_an_error(name):
    parsed = parse(doc(f"The {{{name}|Kim|{{p:kim-il-sung|Kim Il Sung}}}}"))
    error = one_error(parsed)
    assert (error.line, error.column) == at(1, 5)
    assert error.message == f"entity marks go in the first part of '{name}'"


def test_entity_mark_in_the_first_part_of_sic_is_fine():
    text = body_of("{sic|{p:kim-il-sung|Kim Il Sumg}|Kim Il Sung}")
    (span,) = text.entity_spans()
    assert span.quote(text.plain) == "Kim Il Sumg"


def test_entity_mark_nested_deeper_in_the_second_part_is_an_error():
    parsed = parse(doc("The {sic|Kim|{sup|{p:kim-il-sung|Kim Il Sung}}}"))
    assert "entity marks go in the first part of 'sic'" in [p.message for p in parsed.errors]
