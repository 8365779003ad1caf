"""Entity declarations in the annotated-text header. Pure Python, no database."""

import pytest

from archive.annotated import parse

from .annotated_files import one_error, where


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
