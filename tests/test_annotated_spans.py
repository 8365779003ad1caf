"""The parser's plain text and spans, and the entity keys the body uses undeclared. Pure Python, no database."""

from archive.annotated import parse, parse_body

from .annotated_files import at, body_of, doc

# --------------------------------------------------------------------------- plain text and spans


def test_plain_text_takes_first_parts_gap_descriptions_and_no_notes():
    text = body_of(
        "The {sic|contrades|comrades} from {reg|Kansen|Kangson} and {abbr|Cde.|Comrade} Kim"
        "{note|The translator's note.} said: {gap reason=illegible|the remainder is illegible}"
        " {sig}{gap} **end**"
    )
    assert text.plain == "The contrades from Kansen and Cde. Kim said: the remainder is illegible  end"
    assert "translator" not in text.plain
    assert "comrades" not in text.plain
    assert "Kangson" not in text.plain


def test_note_spans_are_not_recorded():
    text = body_of("Kim{note|a {sup|supplied} note with {d:1956|1956}}.")
    assert text.plain == "Kim."
    assert text.spans == []


def test_offsets_count_code_points():
    text = body_of(
        "조선로동당 중앙위원회 {o:kwp-cc|전원회의}에서 {p:kim-il-sung role=signatory|김일성} 동지가\n"
        "보고하였다 ({d:1956-08-30/1956-08-31|1956년 8월 30-31일}).\n\n"
        "Second paragraph by {p:kim-il-sung|Kim Il Sung} in {pl:kangson|{reg|Kansen|Kangson}}."
    )
    assert text.plain[: len("조선로동당")] == "조선로동당"
    spans = [(s.name, s.key, s.quote(text.plain)) for s in text.spans]
    assert spans == [
        ("entity", "o:kwp-cc", "전원회의"),
        ("entity", "p:kim-il-sung", "김일성"),
        ("date", "1956-08-30/1956-08-31", "1956년 8월 30-31일"),
        ("entity", "p:kim-il-sung", "Kim Il Sung"),
        ("reg", "", "Kansen"),
        ("entity", "pl:kangson", "Kansen"),
    ]
    kim = text.spans[1]
    assert (kim.start, kim.end) == (19, 22)
    assert text.plain[kim.start : kim.end] == "김일성"
    assert kim.role == "signatory"
    assert (kim.line, kim.column) == at(1, 31)
    first, second = text.blocks
    assert (first.start, first.end) == (0, len(text.plain.split("\n\n")[0]))
    assert second.start == first.end + 2
    assert text.plain[second.start : second.end] == "Second paragraph by Kim Il Sung in Kansen."
    assert second.end == len(text.plain)


def test_spans_are_sorted_by_start_then_longest_first():
    text = body_of("**{o:kwp-cc|KWP CC} Plenum** and {sup|x}")
    assert [(s.name, s.start, s.end) for s in text.spans] == [("hi", 0, 13), ("entity", 0, 6), ("sup", 18, 19)]


def test_empty_marks_have_empty_spans_at_their_place():
    text = body_of("Signed: {sig reason=illegible}, then {gap unit=line}.")
    sig, gap = text.spans
    assert (sig.name, sig.start, sig.end, sig.attrs) == ("sig", 8, 8, {"reason": "illegible"})
    assert (gap.name, gap.start, gap.end) == ("gap", 15, 15)
    assert text.plain == "Signed: , then ."


# --------------------------------------------------------------------------- undeclared keys


def test_undeclared_holds_body_keys_not_in_the_header_with_their_positions():
    parsed = parse(
        doc(
            "{p:kim-il-sung|Kim Il Sung} met {p:mao-zedong|Mao Zedong}\n"
            "and {o:cpc-cc|CPC CC}.\n\n"
            "{p:mao-zedong|毛泽东} {o:kwp-cc|KWP CC}"
        )
    )
    assert parsed.ok  # an undeclared key is no parse error: the import may find it in the archive
    assert parsed.undeclared == {
        "p:mao-zedong": [at(1, 33), at(4, 1)],
        "o:cpc-cc": [at(2, 5)],
    }


def test_same_slug_with_another_kind_is_another_key():
    parsed = parse(doc("{o:kim-il-sung|Kim Il Sung}"))
    assert parsed.undeclared == {"o:kim-il-sung": [at(1, 1)]}


def test_entity_keys_in_the_second_text_are_collected_too():
    parsed = parse(doc("Text.\n\n@text lang=ko type=original\n\n{p:kim-jong-un|김정은}"))
    assert parsed.undeclared == {"p:kim-jong-un": [at(5, 1)]}


def test_parse_body_counts_lines_from_one_and_takes_declared_keys():
    parsed = parse_body(
        "첫 문단\n\n{p:kim-il-sung|김일성} and {p:kim-jong-un|김정은}",
        lang="ko",
        type="original",
        declared={"p:kim-il-sung"},
    )
    assert parsed.ok
    (text,) = parsed.texts
    assert (text.lang, text.type, text.line) == ("ko", "original", 1)
    assert parsed.undeclared == {"p:kim-jong-un": [(3, 25)]}
    bad = parse_body("x\n\ny }")
    assert [(p.line, p.column) for p in bad.errors] == [(3, 3)]
