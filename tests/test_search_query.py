"""The reader's query parser and the highlighter (with the filter that shows its parts): no database;
hostile input never raises."""

import random

import pytest

from archive.search.query import MAX_LENGTH, MAX_TERMS, Query, Term, fold, folded_words, parse
from archive.search.snippets import _matches, highlight, snippet
from archive.templatetags.listing import marked

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None


def test_words_must_all_match():
    query = parse("Kim plenum")
    assert query.groups == ((Term(("Kim",)),), (Term(("plenum",)),))
    assert query.excluded == ()
    assert query.notes == ()


def test_phrase_prefix_exclusion_and_or():
    query = parse('"cult of personality" sov* -congress Pak OR Ri')
    assert query.groups == (
        (Term(("cult", "of", "personality")),),
        (Term(("sov",), prefix=True),),
        (Term(("Pak",)), Term(("Ri",))),
    )
    assert query.excluded == (Term(("congress",)),)
    assert str(query) == '"cult of personality" sov* Pak OR Ri -congress'


def test_excluded_phrase_and_prefix_phrase():
    query = parse('-"fraternal aid" "economic gro"*')
    assert query.excluded == (Term(("fraternal", "aid")),)
    assert query.groups == ((Term(("economic", "gro"), prefix=True),),)


def test_punctuation_inside_a_word_makes_a_phrase():
    assert parse("Il-sung").groups == ((Term(("Il", "sung")),),)
    assert parse("title:plenum").groups == ((Term(("title", "plenum")),),)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ('"', "quotation mark"),
        ('"unbalanced phrase', "quotation mark"),
        ("-", "minus sign"),
        ("OR", "OR needs"),
        ("plenum OR", "OR needs"),
        ("OR plenum", "OR needs"),
        ("a OR OR b", "OR needs"),
        ("a OR -b", "cannot join"),
        ("*", "ignored: *"),
        ("^", "ignored: ^"),
        ("a AND b", "AND is not needed"),
        ("s*", "needs at least 2 letters"),
    ],
)
def test_what_cannot_be_read_is_explained(text, note):
    query = parse(text)
    assert note in " ".join(query.notes)


def test_unbalanced_quote_reads_the_words_literally():
    query = parse('"economic growth')
    assert query.groups == ((Term(("economic",)),), (Term(("growth",)),))


def test_fts_syntax_is_read_as_words():
    query = parse("NEAR(kim plenum) col:term ^title {a b}")
    assert [t.words for t in query.terms()] == [
        ("NEAR", "kim"),
        ("plenum",),
        ("col", "term"),
        ("title",),
        ("a",),
        ("b",),
    ]
    assert all(not t.prefix for t in query.terms())


def test_a_lone_or_keeps_the_words():
    query = parse("OR plenum")
    assert query.groups == ((Term(("plenum",)),),)


def test_negation_only_query_is_kept():
    query = parse("-congress")
    assert query.groups == ()
    assert query.excluded == (Term(("congress",)),)
    assert not query.is_empty


def test_empty_and_blank_queries():
    for text in ("", "   ", '""', "- * ^"):
        assert parse(text).is_empty
    assert parse(None).is_empty  # type: ignore[arg-type]


def test_long_input_is_cut_and_explained():
    query = parse("word " * 5000)
    assert f"first {MAX_LENGTH:,} characters" in " ".join(query.notes)
    assert query.groups == ((Term(("word",)),),)  # repeated words count once


def test_too_many_terms_are_cut():
    query = parse(" ".join(f"w{i}" for i in range(100)))
    assert len(query.terms()) == MAX_TERMS
    assert f"first {MAX_TERMS}" in " ".join(query.notes)


def test_very_long_word_is_ignored():
    query = parse("x" * 150 + " plenum")
    assert query.groups == ((Term(("plenum",)),),)
    assert "longer than" in " ".join(query.notes)


def test_unicode_words():
    query = parse("김일성 Сталин Mao-Zedong")
    assert [t.words for t in query.terms()] == [("김일성",), ("Сталин",), ("Mao", "Zedong")]


def test_fold_is_case_and_accent_blind_and_keeps_hangul():
    assert fold("Pétain") == "petain"
    assert fold("KIM") == "kim"
    assert fold("김일성") == "김일성"


def test_highlight_escapes_and_marks_only_matches():
    parts, count = highlight("A <script>alert('x')</script> about Kim Il Sung & co", parse("kim script"))
    assert "".join(text for text, _ in parts) == "A <script>alert('x')</script> about Kim Il Sung & co"
    html = marked(parts)
    assert count == 3
    assert "<script>" not in html and "</script>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "<mark>Kim</mark>" in html
    assert "&amp; co" in html


def test_highlight_phrase_only_where_the_words_follow_each_other():
    parts, _ = highlight("economic plans and growth; economic growth", parse('"economic growth"'))
    assert marked(parts) == "economic plans and growth; <mark>economic</mark> <mark>growth</mark>"


def test_highlight_prefix_and_accents():
    parts, _ = highlight("Soviet and Sovetskaya and Pétain", parse("sov* petain"))
    assert marked(parts) == "<mark>Soviet</mark> and <mark>Sovetskaya</mark> and <mark>Pétain</mark>"


def test_snippet_window_is_cut_around_the_matches():
    text = " ".join(f"w{i}" for i in range(500)) + " plenum " + " ".join(f"v{i}" for i in range(500))
    label, parts, count = snippet([("text", text)], parse("plenum"), window=20)
    html = marked(parts)
    assert (label, count) == ("text", 1)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>plenum</mark>" in html
    assert len(html.split()) <= 23


def test_snippet_prefers_the_field_with_most_matches():
    label, _, count = snippet([("summary", "one kim"), ("text", "kim and kim again")], parse("kim"))
    assert (label, count) == ("text", 2)


def test_snippet_without_matches_shows_the_start():
    label, parts, count = snippet([("summary", ""), ("text", "Nothing <here>")], Query())
    assert (label, marked(parts), count) == ("text", "Nothing &lt;here&gt;", 0)


HOSTILE = [
    '"',
    "-",
    "OR",
    "*",
    "NEAR(",
    "col:term",
    "^",
    "AND OR NOT",
    '"""',
    "-*",
    "--x",
    '-"',
    "(",
    ")",
    "\x00",
    "\ud800",
]


@pytest.mark.parametrize("text", [*HOSTILE, "x" * 10_000, '"' * 10_001, "OR " * 4000, "🙂" * 3000])
def test_hostile_input_never_raises(text):
    query = parse(text)
    assert isinstance(query, Query)
    assert len(query.terms()) + len(query.excluded) <= MAX_TERMS
    for term in [*query.terms(), *query.excluded]:
        assert all(word.isalnum() for word in term.words)
    highlight(text, query)


if given:

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=300))
    def test_any_text_parses_into_plain_words(text):
        query = parse(text)
        for term in [*query.terms(), *query.excluded]:
            assert term.words and all(w.isalnum() and w in text for w in term.words)
        highlight(text, query)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(['"', "-", "OR", "*", "AND", "kim", "Il-sung", "(", ":", " ", "^"]), max_size=30))
    def test_operator_soup_reads_back_as_shown(pieces):
        query = parse("".join(pieces))
        again = parse(str(query))
        assert (again.groups, again.excluded) == (query.groups, query.excluded)
        assert again.notes == ()


def _matched_by_reading_every_word(term: Term, folded: list[str]) -> set[int]:
    """What a term matches, by trying it at every word of the text: the rule the highlighter must keep."""
    wanted = [fold(word) for word in term.words]
    last = len(wanted) - 1
    found = set()
    for i in range(len(folded) - last):
        if all(
            folded[i + k].startswith(w) if (k == last and term.prefix) else folded[i + k] == w
            for k, w in enumerate(wanted)
        ):
            found.update(range(i, i + last + 1))
    return found


def test_terms_match_where_reading_every_word_would():
    rng = random.Random(7)
    vocabulary = ["kim", "kimchi", "il", "sung", "il-sung", "Ri", "ri", "Pétain", "petain", "hwa", "chun"]
    terms = [
        Term(words, prefix)
        for words in [("kim",), ("kim", "il"), ("kim", "il", "sung"), ("hwa", "chun", "ri"), ("il", "il"), ("ri",)]
        for prefix in (False, True)
    ] + [Term(("ki",), True), Term(("hwa", "ch"), True), Term(("petain",))]
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(0, 30)))
        folded = folded_words(text)
        for term in terms:
            assert _matches(term, folded) == _matched_by_reading_every_word(term, folded), (term, text)
