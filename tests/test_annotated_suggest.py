"""Suggested entity marks: finding known names in unmarked text, and writing accepted marks. No database."""

import re
from pathlib import Path

import pytest

from archive.annotated import parse, parse_body
from archive.annotated.suggest import Suggestion, apply, suggest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

NAMES = [
    ("p:kim-il-sung", "Kim Il Sung"),
    ("p:kim-il-sung", "Kim Il-sung"),
    ("p:kim-il-sung", "김일성"),
    ("p:kim-jong-il", "Kim Jong Il"),
    ("p:pak-hon-yong", "Pak Heonyeong"),
    ("p:ri-sung-yop", "Ri Sung Yop"),
    ("p:kuznetsov", "Kuznetsov"),
    ("pl:pyongyang", "Pyongyang"),
    ("pl:korea", "Korea"),
    ("o:wpk", "Workers' Party of Korea"),
    ("o:wpk", "WPK"),
    ("o:wpk", "KWP"),
    ("o:wpk-cc", "Central Committee of the Workers' Party of Korea"),
    ("o:wpk-cc", "C.C., WPK"),
    ("t:classification", "Classification"),
]


def found(source, names=NAMES):
    return [(s.text, s.key, s.reason) for s in suggest(source, names)]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kim Ir Sen", "p:kim-il-sung"),
        ("Kim Il-sŏng", "p:kim-il-sung"),
        ("Pak Hon Yong", "p:pak-hon-yong"),
        ("Pak Hŏn-yŏng", "p:pak-hon-yong"),
        ("Phyongyang", "pl:pyongyang"),
        ("P'yŏngyang", "pl:pyongyang"),
        ("Rhee Sung-yop", "p:ri-sung-yop"),
        ("Lee Sung Yop", "p:ri-sung-yop"),
        ("Yi Seung-yeop", "p:ri-sung-yop"),
    ],
)
def test_romanizations_of_a_known_name_are_suggested(written, key):
    [suggestion] = suggest(f"A report by {written} on the plenum.", NAMES)
    assert (suggestion.text, suggestion.key, suggestion.column) == (written, key, 13)
    assert suggestion.reason == "romanization"
    assert suggestion.matched_name in dict.fromkeys(name for k, name in NAMES if k == key)


def test_a_declared_spelling_is_a_variant_ignoring_case():
    assert found("Kim Il-sung and KIM IL SUNG.") == [
        ("Kim Il-sung", "p:kim-il-sung", "variant"),
        ("KIM IL SUNG", "p:kim-il-sung", "variant"),
    ]


def test_abbreviations_match_exactly_with_their_case():
    assert found("The WPK, the KWP and the C.C., WPK; not wpk nor Kwp.") == [
        ("WPK", "o:wpk", "abbreviation"),
        ("KWP", "o:wpk", "abbreviation"),
        ("C.C., WPK", "o:wpk-cc", "abbreviation"),
    ]


def test_distinct_names_are_not_suggested_for_each_other():
    assert found("Kim Jong Un met Kim Jong Il and Ri Sung Ho in Pyongsong.") == [
        ("Kim Jong Il", "p:kim-jong-il", "variant")
    ]


def test_longest_match_wins_and_its_parts_are_not_suggested_again():
    assert found("the Central Committee of the Workers’ Party of Korea decided") == [
        ("Central Committee of the Workers’ Party of Korea", "o:wpk-cc", "variant")
    ]
    assert found("the Workers' Party of Korea and Korea") == [
        ("Workers' Party of Korea", "o:wpk", "variant"),
        ("Korea", "pl:korea", "variant"),
    ]


def test_whole_words_only():
    assert found("Korean Koreas WPKs Pyongyangite") == []
    assert found("Pyongyang-based, Korea's") == [
        ("Pyongyang", "pl:pyongyang", "variant"),
        ("Korea", "pl:korea", "variant"),
    ]


def test_korean_script_names_match_exactly_even_with_a_particle():
    assert found("김일성 동지와 김일성은") == [
        ("김일성", "p:kim-il-sung", "variant"),
        ("김일성", "p:kim-il-sung", "variant"),
    ]
    assert found("김일") == []  # part of a name is no name
    assert found("대김일성") == []  # a name must start a word


def test_hangul_is_also_compared_by_its_romanization():
    assert found("평양에서", [("pl:pyongyang", "Pyongyang")]) == [("평양", "pl:pyongyang", "romanization")]


def test_every_entity_a_name_could_be_is_suggested():
    names = [("p:kim-chol-1", "Kim Chol"), ("p:kim-chol-2", "Kim Chŏl")]
    assert found("Kim Chol spoke.", names) == [
        ("Kim Chol", "p:kim-chol-1", "variant"),
        ("Kim Chol", "p:kim-chol-2", "romanization"),
    ]


def test_a_word_running_into_a_mark_is_not_a_whole_word():
    names = [("p:netsov", "Netsov"), ("p:kim", "Kim Il")]
    assert found("{sup reason=illegible|Kuz}netsov and {p:kim|Kim Il}sung", names) == []


def test_short_single_names_match_only_as_written():
    names = [("p:yi", "Yi")]
    assert found("I met Lee and Yi.", names) == [("Yi", "p:yi", "variant")]


MARKED_BODY = """\
%% Kim Il Sung in a comment is not text
@fw classification|SECRET, from Pyongyang

# The {p:kim-il-sung|Kim Il Sung} report, by Kim Il-sung

{pl:pyongyang|Pyongyang} and Pyongyang; {sup|Kim Il Sung} and {sic|Kim Il Sung|Kim Il Sung}.
Cde. {sup reason=illegible|Kuz}netsov, **Kim Il Sung** and Kim **Il** Sung,
\\{Kim Il Sung\\} and Kim \\*Il Sung.

@stamp
received by Ri Sung Yop
@end
"""


def test_positions_skip_existing_marks_comments_and_directive_names():
    suggestions = suggest(MARKED_BODY, NAMES)
    where = [(s.line, s.column, s.length, s.text, s.key) for s in suggestions]
    assert where == [
        (2, 33, 9, "Pyongyang", "pl:pyongyang"),
        (4, 46, 11, "Kim Il-sung", "p:kim-il-sung"),
        (6, 30, 9, "Pyongyang", "pl:pyongyang"),
        (7, 42, 11, "Kim Il Sung", "p:kim-il-sung"),
        (8, 3, 11, "Kim Il Sung", "p:kim-il-sung"),
        (11, 13, 11, "Ri Sung Yop", "p:ri-sung-yop"),
    ]
    lines = MARKED_BODY.split("\n")
    for s in suggestions:
        assert lines[s.line - 1][s.column - 1 : s.column - 1 + s.length] == s.text


def test_a_whole_file_skips_its_header_and_counts_the_files_lines():
    source = "AAT/1\ntitle: Kim Il Sung in Pyongyang\ndate: 1956\ntype: report\nlang: en\n\nKim Il Sung spoke.\n"
    assert [(s.line, s.column, s.text) for s in suggest(source, NAMES)] == [(7, 1, "Kim Il Sung")]


def test_apply_writes_marks_that_parse_exactly_over_the_words():
    suggestions = suggest(MARKED_BODY, NAMES)
    result = apply(MARKED_BODY, suggestions)
    original, marked = parse_body(MARKED_BODY), parse_body(result)
    assert not marked.errors
    [text] = marked.texts
    assert text.plain == original.texts[0].plain
    before = {(s.start, s.end, s.key) for s in original.texts[0].entity_spans()}
    added = [s for s in text.entity_spans() if (s.start, s.end, s.key) not in before]
    assert sorted((s.quote(text.plain), s.key) for s in added) == sorted((s.text, s.key) for s in suggestions)
    assert "@fw classification|SECRET, from {pl:pyongyang|Pyongyang}" in result


def test_apply_on_a_whole_file_round_trips_through_the_parser():
    source = (
        "AAT/1\ntitle: A test\ndate: 1956\ntype: report\nlang: en\n"
        "entity: p:kim-il-sung = Kim Il Sung\nentity: o:wpk = Workers' Party of Korea ; variants = WPK\n\n"
        "The WPK and Kim Ir Sen,\nChairman Kim Il-sung.\r\n"
    )
    result = apply(source, suggest(source, NAMES))
    assert result.endswith("The {o:wpk|WPK} and {p:kim-il-sung|Kim Ir Sen},\nChairman {p:kim-il-sung|Kim Il-sung}.\r\n")
    parsed = parse(result)
    assert parsed.ok
    assert [(s.key, s.quote(parsed.texts[0].plain)) for s in parsed.texts[0].entity_spans()] == [
        ("o:wpk", "WPK"),
        ("p:kim-il-sung", "Kim Ir Sen"),
        ("p:kim-il-sung", "Kim Il-sung"),
    ]


def test_apply_refuses_overlapping_suggestions_naming_both():
    names = [("p:kim-chol-1", "Kim Chol"), ("p:kim-chol-2", "Kim Chol")]
    first, second = suggest("Kim Chol spoke.", names)
    with pytest.raises(ValueError, match=r"p:kim-chol-1 at 1:1.*p:kim-chol-2 at 1:1"):
        apply("Kim Chol spoke.", [first, second])
    assert apply("Kim Chol spoke.", [second]) == "{p:kim-chol-2|Kim Chol} spoke."


def test_apply_refuses_a_suggestion_the_source_no_longer_matches():
    stale = Suggestion(1, 5, 11, "Kim Il Sung", "p:kim-il-sung", "Kim Il Sung", "variant")
    with pytest.raises(ValueError, match="1:5"):
        apply("Now Kim Jong Un spoke.", [stale])
    with pytest.raises(ValueError, match="not an entity key"):
        apply("Now Kim Il Sung spoke.", [Suggestion(1, 5, 11, "Kim Il Sung", "kim", "Kim Il Sung", "variant")])


# --------------------------------------------------------------------------- the seed documents


def _escape(plain: str) -> str:
    """A body whose plain text is `plain`: markup characters escaped, nothing marked."""
    lines = [re.sub(r"([{}|\\*])", r"\\\1", line) for line in plain.split("\n")]
    return "\n".join("\\" + line if line.startswith(("@", "#")) else line for line in lines)


def test_suggestions_recover_the_seed_documents_person_and_place_marks():
    """Strip each fixture's marks, suggest with every fixture's declared names, accept the first
    suggestion at each position: most person and place marks come back (115 of 132 when written;
    the rest are titles such as 'General Secretary' or 'THE SOVIET AMBASSADOR', not names)."""
    parsed = [parse(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.txt"))]
    names = [(d.key, name) for p in parsed for d in p.meta.entities.values() for name in [d.name, *d.variants]]
    recovered = total = 0
    for document in parsed:
        for text in document.texts:
            body = _escape(text.plain)
            accepted: list[Suggestion] = []
            for s in suggest(body, names):
                if not accepted or (s.line, s.column) != (accepted[-1].line, accepted[-1].column):
                    accepted.append(s)
            remarked = parse_body(apply(body, accepted)).texts[0]
            assert remarked.plain == text.plain
            for span in text.entity_spans():
                if span.key.startswith(("p:", "pl:")):
                    total += 1
                    recovered += any(
                        new.key == span.key and new.start < span.end and span.start < new.end
                        for new in remarked.entity_spans()
                    )
    assert total > 100
    assert recovered / total >= 0.85
