"""The writer is the parser's inverse: parse(write(meta, texts)) gives back meta and the texts."""

import dataclasses
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.annotated import parse
from archive.annotated.header import SUPPLIABLE_KEYS
from archive.annotated.model import EntityDecl, Meta, ProvenanceDecl
from archive.annotated.vocab import (
    DOCUMENT_TYPES,
    PROVENANCE_ACTIVITIES,
    RIGHTS_STATEMENTS,
    ROLES,
    TEXT_TYPES,
)
from archive.annotated.writer import write
from archive.kinds import BY_PREFIX
from tests.conftest import FIXTURES

# Characters a curator may type in a header value: Latin, Korean, Cyrillic, CJK, the header's own
# separators and escape, and white space (tabs and no-break spaces included).
AWKWARD = "aZ09 ;|\\=:,.#@{}*%-\t\u00a0김일성조선로동당Молотов毛泽东Nº–'\""
EDTF = ["1956-09-15", "1956-08", "1956", "1956-08-30/1956-08-31", "1956~", "1956?", "XXXX-02-26", "XXXX"]
LANGS = ["en", "ko", "ru", "zh-Hant"]
URLS = ["https://example.org/a;b|c\\d", "http://kcnawatch.org/newstream/1?x=1&y=2"]

value = st.text(alphabet=AWKWARD, min_size=1, max_size=150).map(str.strip).filter(bool)
# long enough to be wrapped, with runs of white space where a line might be broken
long_value = st.lists(st.tuples(value, st.sampled_from([" ", " ", "  ", " \t"])), min_size=1, max_size=8).map(
    lambda parts: "".join(text + space for text, space in parts).strip()
)
optional = st.one_of(st.just(""), value)
slug = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def entity(draw):
    prefix, name = draw(st.sampled_from(sorted(BY_PREFIX))), draw(slug)
    event = prefix == "ev"
    return EntityDecl(
        key=f"{prefix}:{name}",
        kind=BY_PREFIX[prefix].name,
        slug=name,
        name=draw(long_value),
        line=0,
        variants=draw(st.lists(value, max_size=4)),
        roles=draw(st.lists(st.sampled_from(ROLES), max_size=3)),
        desc=draw(st.one_of(st.just(""), long_value)),
        sort=draw(st.one_of(st.just(""), value)),
        dates=draw(st.sampled_from(["", *EDTF])),
        wikidata=draw(st.sampled_from(["", "Q39464", "Q1"])),
        viaf=draw(st.sampled_from(["", "12345678"])),
        place=draw(st.sampled_from(["", "pl:pyongyang"])) if event else "",
        orgs=draw(st.lists(slug.map("o:{}".format), max_size=3)) if event else [],
    )


@st.composite
def provenance(draw):
    agent_key = draw(st.sampled_from(["", "p:rozanov", "o:avprf"]))
    return ProvenanceDecl(
        activity=draw(st.sampled_from(sorted(PROVENANCE_ACTIVITIES))),
        agent_key=agent_key,
        # a plain name is never itself an entity key: the parser would read it as one
        agent="" if agent_key else draw(optional.filter(lambda name: ":" not in name)),
        date=draw(st.sampled_from(["", *EDTF])),
        citation=draw(optional),
        place=draw(optional),
        url=draw(st.sampled_from(["", *URLS])),
        note=draw(st.one_of(st.just(""), long_value)),
    )


@st.composite
def metas(draw):
    entities = draw(st.lists(entity(), max_size=5, unique_by=lambda decl: decl.key))
    meta = Meta(
        record=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=10**6))),
        title=draw(long_value),
        slug=draw(st.one_of(st.just(""), slug)),
        date=draw(st.sampled_from(EDTF)),
        date_written=draw(optional),
        type=draw(st.sampled_from(sorted(DOCUMENT_TYPES))),
        lang=draw(st.sampled_from(LANGS)),
        lang_original=draw(st.sampled_from(["", *LANGS])),
        status=draw(st.sampled_from(["draft", "published"])),
        summary=draw(st.one_of(st.just(""), long_value)),
        classifications=draw(st.lists(value, max_size=3)),
        source=draw(optional),
        source_url=draw(st.sampled_from(["", *URLS])),
        rights=draw(st.sampled_from(["", *RIGHTS_STATEMENTS])),
        rights_notice=draw(st.one_of(st.just(""), long_value)),
        provenance=draw(st.lists(provenance(), max_size=4)),
        entities={decl.key: decl for decl in entities},
        collections=draw(st.lists(value, max_size=3)),
        related=draw(st.lists(st.integers(min_value=1, max_value=9999), max_size=3)),
        notes=draw(st.lists(long_value, max_size=3)),
    )
    # any of the values the header gives may be marked supplied, with or without a note
    given = [key for key in SUPPLIABLE_KEYS if getattr(meta, key.replace(".", "_"))]
    marked = draw(st.lists(st.sampled_from(given), unique=True, max_size=len(given))) if given else []
    meta.supplied = {key: draw(st.one_of(st.just(""), long_value)) for key in marked}
    return meta


# Bodies: paragraphs of words (Korean among them) with marks, headings and directives.
word = st.text(alphabet="abcXYZ김일성평양Молотов.,'()[]-", min_size=1, max_size=12)
line = st.lists(word, min_size=1, max_size=12).map(" ".join)
block = st.one_of(
    st.lists(line, min_size=1, max_size=3).map("\n".join),
    line.map("# {}".format),
    line.map("@fw classification|{}".format),
    line.map("{{sup|{0}}} and **{0}**".format),
    st.lists(line, min_size=1, max_size=3).map(lambda lines: "@stamp\n" + "\n".join(lines) + "\n@end"),
)
body = st.lists(block, min_size=1, max_size=5).map("\n\n".join)


@st.composite
def documents(draw):
    meta = draw(metas())
    texts = [(meta.lang, "translation", draw(body))]
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        texts.append((draw(st.sampled_from(LANGS)), draw(st.sampled_from(TEXT_TYPES)), draw(body)))
    return meta, texts


def without_lines(meta: Meta) -> Meta:
    """meta without the line numbers the parser records (where, not what)."""
    return dataclasses.replace(
        meta,
        provenance=[dataclasses.replace(step, line=0) for step in meta.provenance],
        entities={key: dataclasses.replace(decl, line=0) for key, decl in meta.entities.items()},
    )


@settings(max_examples=150, deadline=None)
@given(documents())
def test_parse_inverts_write(document):
    meta, texts = document
    parsed = parse(write(meta, texts))
    assert parsed.ok, [p.format() for p in parsed.problems]
    assert without_lines(parsed.meta) == meta
    assert [(t.lang, t.type, t.source) for t in parsed.texts] == texts


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda path: path.name)
def test_fixtures_survive_a_rewrite(path):
    first = parse(path.read_text(encoding="utf-8"))
    written = write(first.meta, [(t.lang, t.type, t.source) for t in first.texts])
    again = parse(written)
    assert again.ok, [p.format() for p in again.problems]
    assert without_lines(again.meta) == without_lines(first.meta)
    assert [(t.lang, t.type, t.source, t.plain) for t in again.texts] == [
        (t.lang, t.type, t.source, t.plain) for t in first.texts
    ]


def test_values_with_separators_are_escaped_and_long_lines_wrapped():
    meta = Meta(
        title="Kim; Pak | Choe",
        date="1956",
        type="report",
        lang="en",
        summary=" ".join(["word"] * 40),
        entities={"p:kim": EntityDecl("p:kim", "person", "kim", "Kim; the elder", 0, variants=["김 | 일성", "a\\b"])},
    )
    written = write(meta, [("en", "translation", "Text.")])
    assert "title: Kim; Pak | Choe\n" in written
    assert "entity: p:kim = Kim\\; the elder ; variants = 김 \\| 일성 | a\\\\b\n" in written
    lines = written.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    continued = list(itertools.takewhile(lambda line: line.startswith("  "), lines[first + 1 :]))
    assert continued and all(len(line) <= 100 for line in [lines[first], *continued])
    assert parse(written).meta.summary == meta.summary


def test_supplied_values_are_written_in_the_order_of_the_format():
    meta = Meta(
        title="T", date="1956", type="report", lang="en", source="KCNA",
        supplied={"source": "inferred from the style; not stated", "title": ""},
    )  # fmt: skip
    written = write(meta, [("en", "translation", "Text.")])
    assert "supplied: title\nsupplied: source ; note = inferred from the style\\; not stated\n" in written
    assert parse(written).meta.supplied == meta.supplied


def test_a_first_text_the_format_cannot_describe_is_refused():
    meta = Meta(title="T", date="1956", type="report", lang="en")
    with pytest.raises(ValueError, match="first text"):
        write(meta, [("ko", "original", "원문")])
