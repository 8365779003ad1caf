"""The annotated-text parser (AAT/1): header, body, inline marks, plain text. Pure Python, no database."""

from pathlib import Path

import pytest

from archive.annotated import parse, parse_body, parse_bytes
from archive.annotated.model import Mark, Problem
from archive.annotated.vocab import RIGHTS_STATEMENTS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# A header of fixed length, so that the body's first line is always line BODY.
HEADER = """AAT/1
title: Decision of the KWP CC Plenum, 30-31 August 1956
date: 1956-09-15
type: decision
lang: en
entity: p:kim-il-sung = Kim Il Sung ; variants = Kim Il-sung | 김일성 ; role = signatory
entity: o:kwp-cc = Central Committee of the Korean Workers' Party ; variants = KWP CC
entity: pl:kangson = Kangson ; variants = Kansen | 강선
entity: pl:ussr = USSR ; variants = Soviet Union
"""
BODY = HEADER.count("\n") + 2  # the header's lines, then one blank line


def doc(body: str) -> str:
    return HEADER + "\n" + body + "\n"


def at(body_line: int, column: int) -> tuple[int, int]:
    """(line, column) in the file of a position given by its line within the body."""
    return BODY + body_line - 1, column


def where(parsed) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in parsed.errors]


def one_error(parsed) -> Problem:
    assert len(parsed.errors) == 1, where(parsed)
    return parsed.errors[0]


def body_of(source: str):
    """Parse a body that must be valid; return its first text."""
    parsed = parse(doc(source))
    assert parsed.ok, where(parsed)
    return parsed.texts[0]


def only_node(text):
    """The single mark of a one-block, one-node body."""
    (block,) = text.blocks
    (node,) = block.nodes
    assert isinstance(node, Mark)
    return node


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


# --------------------------------------------------------------------------- provenance


def provenance_file(*lines: str, entities: str = "") -> str:
    head = "AAT/1\ntitle: Memorandum\ndate: 1955-01-17\ntype: memorandum\nlang: en\n" + entities
    return head + "".join(f"provenance: {line}\n" for line in lines) + "\nText.\n"


def test_provenance_steps_keep_their_order_keys_and_lines():
    source = provenance_file(
        "created ; date = 1955-01-17 ; note = Signed by V. Molotov and M. Suslov",
        "held ; agent = o:avprf ; citation = AVPRF F. 0102 Op. 11 P. 65 D. 45 ; place = Moscow",
        "translated ; date = 1956-09-12 ; agent = p:rozanov ; note = Korean to Russian",
        "retrieved ; agent = KCNA Watch ; url = https://kcnawatch.org/newstream/1687124456-1/",
        entities="entity: o:avprf = Archive of Foreign Policy of the Russian Federation\nentity: p:rozanov = Rozanov\n",
    )
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.undeclared == {}
    steps = parsed.meta.provenance
    assert [s.activity for s in steps] == ["created", "held", "translated", "retrieved"]
    assert [s.line for s in steps] == [8, 9, 10, 11]
    assert steps[0].date == "1955-01-17"
    assert steps[0].note == "Signed by V. Molotov and M. Suslov"
    assert steps[0].agent == steps[0].agent_key == ""
    assert steps[1].citation == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    assert steps[1].place == "Moscow"
    assert steps[3].url == "https://kcnawatch.org/newstream/1687124456-1/"


def test_provenance_agent_is_a_key_or_a_plain_name():
    parsed = parse(
        provenance_file(
            "held ; agent = o:avprf",
            "retrieved ; agent = KCNA Watch",
            "published ; agent = History and Public Policy Program Digital Archive",
        )
    )
    held, retrieved, published = parsed.meta.provenance
    assert (held.agent_key, held.agent) == ("o:avprf", "")
    assert (retrieved.agent_key, retrieved.agent) == ("", "KCNA Watch")
    assert published.agent == "History and Public Policy Program Digital Archive"
    # The key is not declared in the header: it is listed where the header uses it.
    assert parsed.undeclared == {"o:avprf": [(6, 1)]}
    assert parsed.ok


def test_provenance_escaped_semicolon_stays_in_the_value():
    parsed = parse(provenance_file(r"held ; citation = F. 0102\; Op. 11\; P. 65 ; note = a\|b and c\\d"))
    assert parsed.ok, where(parsed)
    (step,) = parsed.meta.provenance
    assert step.citation == "F. 0102; Op. 11; P. 65"
    assert step.note == "a|b and c\\d"


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("stolen ; agent = KGB", "provenance starts with an activity, one of: created, held"),
        ("Held ; agent = AVPRF", "provenance starts with an activity"),
        ("held ; agent", "expected 'key = value', found 'agent'"),
        ("held ; citation = F. 0102; Op. 11", "expected 'key = value', found 'Op. 11'"),
        ("held ; archive = AVPRF", "unknown key 'archive'"),
        ("held ; agent = AVPRF ; agent = RGANI", "'agent' is given twice"),
        ("translated ; date = 12 September 1956", "'12 September 1956' is not an EDTF date"),
        ("retrieved ; url = kcnawatch.org", "url must be an http or https address"),
    ],
)
def test_bad_provenance_step_is_reported_at_its_value(line, fragment):
    parsed = parse(provenance_file(line))
    error = one_error(parsed)
    assert (error.line, error.column) == (6, len("provenance: ") + 1)
    assert fragment in error.message


# --------------------------------------------------------------------------- entity declarations


def entity_file(*lines: str) -> str:
    head = "AAT/1\ntitle: Report\ndate: 2023-06-19\ntype: report\nlang: en\n"
    return head + "".join(f"entity: {line}\n" for line in lines) + "\nText.\n"


def test_entity_declaration_with_every_key():
    parsed = parse(
        entity_file(
            "p:kim-il-sung = Kim Il Sung ; variants = Kim Il-sung | 김일성 | Ким Ир Сен ; "
            "role = signatory | author ; desc = Chairman of the KWP CC\\; premier ; dates = 1912-04-15/1994-07-08 ; "
            "wikidata = Q39464 ; viaf = 56618309"
        )
    )
    assert parsed.ok, where(parsed)
    decl = parsed.meta.entities["p:kim-il-sung"]
    assert (decl.key, decl.kind, decl.slug, decl.name, decl.line) == (
        "p:kim-il-sung",
        "person",
        "kim-il-sung",
        "Kim Il Sung",
        6,
    )
    assert decl.variants == ["Kim Il-sung", "김일성", "Ким Ир Сен"]
    assert decl.roles == ["signatory", "author"]
    assert decl.desc == "Chairman of the KWP CC; premier"
    assert decl.dates == "1912-04-15/1994-07-08"
    assert (decl.wikidata, decl.viaf) == ("Q39464", "56618309")


@pytest.mark.parametrize(
    "key, kind, slug",
    [
        ("p:kim-il-sung", "person", "kim-il-sung"),
        ("o:wpk-cc", "organization", "wpk-cc"),
        ("pl:pyongyang", "place", "pyongyang"),
        ("ev:kwp-cc-plenum-1956-08", "event", "kwp-cc-plenum-1956-08"),
        ("t:juche", "topic", "juche"),
    ],
)
def test_entity_key_prefix_gives_the_kind(key, kind, slug):
    parsed = parse(entity_file(f"{key} = Name"))
    assert parsed.ok, where(parsed)
    decl = parsed.meta.entities[key]
    assert (decl.kind, decl.slug) == (kind, slug)


def test_entity_declaration_spanning_continuation_lines():
    source = (
        "AAT/1\ntitle: T\ndate: 1956\ntype: report\nlang: en\n"
        "entity: o:wpk = Workers' Party of Korea ; variants = WPK | Korean Workers' Party | KWP |\n"
        "  조선로동당 ; role = mentioned\n\nText.\n"
    )
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.meta.entities["o:wpk"].variants == ["WPK", "Korean Workers' Party", "KWP", "조선로동당"]


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("p:kim-il-sung = Kim Il Sung ; role = dictator", "role 'dictator' is not one of: author, signatory"),
        ("p:kim-il-sung = Kim Il Sung ; role = author | Signatory", "role 'Signatory' is not one of"),
        ("p:Kim-Il-Sung = Kim Il Sung", "malformed entity key 'p:Kim-Il-Sung'"),
        ("p:kim_il_sung = Kim Il Sung", "malformed entity key 'p:kim_il_sung'"),
        ("x:kim-il-sung = Kim Il Sung", "malformed entity key 'x:kim-il-sung'"),
        ("person:kim-il-sung = Kim Il Sung", "malformed entity key"),
        ("kim-il-sung = Kim Il Sung", "malformed entity key 'kim-il-sung'"),
        ("p:김일성 = 김일성", "malformed entity key 'p:김일성'"),
        ("p:kim-il-sung", "an entity reads 'KEY = Name ; key = value ...'"),
        ("p:kim-il-sung =", "an entity reads 'KEY = Name"),
        ("p:kim-il-sung = Kim Il Sung ; born = 1912", "unknown key 'born'"),
        ("p:kim-il-sung = Kim Il Sung ; desc", "expected 'key = value', found 'desc'"),
        ("p:kim-il-sung = Kim Il Sung ; desc = a ; desc = b", "'desc' is given twice"),
        ("p:kim-il-sung = Kim Il Sung ; dates = 1912-04-15/1994-13", "is not an EDTF date"),
        ("p:kim-il-sung = Kim Il Sung ; wikidata = 39464", "wikidata takes an item identifier such as Q42"),
        ("p:kim-il-sung = Kim Il Sung ; viaf = n79-1234", "viaf takes digits"),
        ("pl:pyongyang = Pyongyang ; place = pl:pyongyang", "place and orgs describe events (ev:) only"),
        ("o:wpk = Workers' Party of Korea ; orgs = o:wpk-cc", "place and orgs describe events (ev:) only"),
        ("ev:plenum = Plenum ; place = o:wpk", "place takes a place key such as pl:pyongyang, not 'o:wpk'"),
        ("ev:plenum = Plenum ; place = Pyongyang", "place takes a place key"),
        (
            "ev:plenum = Plenum ; orgs = o:wpk | pl:pyongyang",
            "orgs takes organization keys such as o:wpk, not 'pl:pyongyang'",
        ),
    ],
)
def test_bad_entity_declaration_is_reported_at_its_value(line, fragment):
    parsed = parse(entity_file(line))
    error = one_error(parsed)
    assert (error.line, error.column) == (6, len("entity: ") + 1)
    assert fragment in error.message


def test_duplicate_entity_key_names_the_first_line():
    parsed = parse(entity_file("p:kim-il-sung = Kim Il Sung", "o:wpk = WPK", "p:kim-il-sung = 김일성"))
    error = one_error(parsed)
    assert (error.line, error.column) == (8, 9)
    assert error.message == "entity 'p:kim-il-sung' is declared twice (first on line 6)"
    assert parsed.meta.entities["p:kim-il-sung"].name == "Kim Il Sung"


def test_event_place_and_orgs_are_kept_and_checked_against_the_header():
    parsed = parse(
        entity_file(
            "ev:wpk-cc-8th-plenary-2023-06 = 8th Enlarged Plenary Meeting ; dates = 2023-06-16/2023-06-18 ; "
            "place = pl:pyongyang ; orgs = o:wpk-cc | o:wpk",
            "o:wpk-cc = Central Committee of the Workers' Party of Korea",
        )
    )
    assert parsed.ok, where(parsed)
    decl = parsed.meta.entities["ev:wpk-cc-8th-plenary-2023-06"]
    assert decl.place == "pl:pyongyang"
    assert decl.orgs == ["o:wpk-cc", "o:wpk"]
    # Declared keys are resolved; the others are listed at the declaring line.
    assert parsed.undeclared == {"pl:pyongyang": [(6, 1)], "o:wpk": [(6, 1)]}


def test_escaped_pipe_stays_inside_one_variant():
    parsed = parse(entity_file(r"o:kcna = Korean Central News Agency ; variants = KCNA \| Pyongyang | 조선중앙통신"))
    assert parsed.meta.entities["o:kcna"].variants == ["KCNA | Pyongyang", "조선중앙통신"]


# --------------------------------------------------------------------------- body: blocks


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


# --------------------------------------------------------------------------- inline marks


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


# --------------------------------------------------------------------------- characters


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


# --------------------------------------------------------------------------- all errors at once


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


# --------------------------------------------------------------------------- the seed fixtures

FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))


def test_there_are_seed_fixtures():
    assert len(FIXTURE_FILES) >= 5


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_every_fixture_parses_cleanly(path):
    parsed = parse_bytes(path.read_bytes())
    assert parsed.problems == [], [p.format(path.name) for p in parsed.problems]
    assert parsed.undeclared == {}
    assert parsed.meta.record == int(path.name[:4])
    assert parsed.meta.title
    spans = [span for text in parsed.texts for span in text.entity_spans()]
    assert spans, "the fixture has no entity mark"
    for text in parsed.texts:
        for span in text.entity_spans():
            assert span.key in parsed.meta.entities
            assert span.quote(text.plain).strip()


def test_fixture_0004_drops_page_clutter_and_has_no_year():
    (path,) = FIXTURES.glob("0004-*.txt")
    parsed = parse_bytes(path.read_bytes())
    assert parsed.ok
    assert parsed.meta.date == "XXXX-02-26"
    plain = "\n\n".join(text.plain for text in parsed.texts)
    assert "Back to top button" not in plain
    assert "Back to top" not in plain
    assert "Kim Jong Un" in plain
