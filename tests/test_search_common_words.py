"""PostgreSQL ranks its common words ahead: the held ranks must answer as the vectors would, whatever documents
come and go (archive/search/backends/postgres.py)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Document
from archive.search import backend, refresh, reindex_all, search
from tests.conftest import import_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres(monkeypatch):
    """The PostgreSQL backend, holding words found in more than 2 documents, 4 of their newest matches at a time
    (3 to 5 as documents come and go); a search ranks the 3 newest matches."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's ranks held ahead")
    import archive.search
    from archive.search.backends import postgres

    monkeypatch.setattr(archive.search, "RANK_WITHIN", 3)

    for name, value in {"HOLD_FROM": 2, "HOLD": 4, "HOLD_LOW": 3, "HOLD_HIGH": 5}.items():
        monkeypatch.setattr(postgres, name, value)
    return postgres


def add(record: int, body: str, title: str = "") -> Document:
    head = f"AAT/1\nrecord: {record}\ntitle: {title or f'Note {record}'}\ndate: 1960\ntype: report\nlang: en\n"
    return import_text(head + "status: published\n\n" + body + "\n", name=f"{record}.txt").document


# Bodies that rank differently for "harvest": more mentions, a shorter text, a word in the title.
BODIES = [
    "harvest",
    "harvest harvest and grain",
    "grain only, and a long text about tractors, seed, fields and weather",
    "harvest in a long text about tractors, seed, fields, weather and the plan",
    "harvest harvest harvest",
    "grain and harvest",
    "the harvest",
    "harvest grain harvest grain",
    "nothing",
    "a harvest with tractors",
]


@pytest.fixture
def archive(postgres):
    documents = [add(record, body) for record, body in enumerate(BODIES, start=1)]
    documents.append(add(11, "grain", title="Harvest report"))
    reindex_all()
    return documents


def held(postgres) -> dict[str, tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT lexeme, total, held, floor FROM {postgres.COMMON}")
        return {lexeme: (total, count, floor) for lexeme, total, count, floor in cursor.fetchall()}


def unheld_ranking(postgres, monkeypatch, expression: str, offset: int, limit: int, within: int) -> list[int]:
    """The ranking read from the vectors, as for a word that is not common."""
    with monkeypatch.context() as patched:
        patched.setattr(postgres, "_held_ranks", lambda *arguments: None)
        return backend().ranked_ids(expression, None, offset, limit, within)


def assert_consistent(postgres, monkeypatch):
    """Every common word: its total is the index's count, its ranks are those of each match from its floor up
    (and no other), enough are held, and its ranking is the ranking read from the vectors."""
    words = held(postgres)
    assert words
    with connection.cursor() as cursor:
        for lexeme, (total, count, floor) in words.items():
            query = f"'{lexeme}'"
            cursor.execute("SELECT archive_search_count(to_tsquery('simple', %s))", [query])
            assert cursor.fetchone()[0] == total, lexeme
            cursor.execute(
                f"SELECT s.document_id, {postgres.rank('q')} FROM {postgres.TABLE} s, to_tsquery('simple', %s) q "
                "WHERE s.vector @@ q AND s.document_id >= %s ORDER BY 1",
                [query, floor],
            )
            expected = cursor.fetchall()
            cursor.execute(
                f"SELECT r.document_id, r.score FROM {postgres.RANKS} r JOIN {postgres.COMMON} w ON w.id = r.word_id "
                "WHERE w.lexeme = %s ORDER BY 1",
                [lexeme],
            )
            assert cursor.fetchall() == expected, lexeme
            assert count == len(expected)
            assert floor == 0 or count >= postgres.HOLD_LOW
            for offset, limit, within in [(0, 100, 3), (1, 2, 3), (0, 100, 2), (0, 1, 1)]:
                ranked = backend().ranked_ids(query, None, offset, limit, within)
                assert ranked == unheld_ranking(postgres, monkeypatch, query, offset, limit, within), lexeme
    whole = sorted(lexeme for lexeme, (_, _, floor) in words.items() if floor == 0)
    assert len(whole) >= 2
    for pair in itertools.pairwise(whole):  # an OR of two words holding all their matches
        query = f"('{pair[0]}' | '{pair[1]}')"
        with connection.cursor() as cursor:
            assert postgres._held_ranks(cursor, query, 0, 100, 100) is not None, query
        for offset, limit in [(0, 100), (1, 2), (0, 1)]:
            ranked = backend().ranked_ids(query, None, offset, limit, 100)
            assert ranked == unheld_ranking(postgres, monkeypatch, query, offset, limit, 100), query


def test_a_rebuild_holds_the_common_words_only(archive, postgres, monkeypatch):
    words = held(postgres)
    assert {"harvest", "grain", "note", "tractors"} <= set(words)  # in 9, 6, 10 and 3 documents
    assert not {"weather", "nothing", "report"} & set(words)  # in 2, 1 and 1
    harvest = sorted(d.pk for d in search("harvest").ordered(None))
    assert words["harvest"] == (9, 4, harvest[-4])  # its four newest matches, from the fourth newest up
    assert words["tractors"] == (3, 3, 0)  # all of its matches
    assert_consistent(postgres, monkeypatch)


def test_a_common_word_is_counted_and_ranked_without_reading_a_vector(archive, postgres, monkeypatch):
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(
            "CREATE OR REPLACE FUNCTION archive_search_count(query tsquery) RETURNS bigint LANGUAGE plpgsql "
            "AS $$BEGIN RAISE EXCEPTION 'the index was read to count'; END$$"
        )
    results = search("harvest")
    with CaptureQueriesContext(connection) as queries:
        assert results.total == 9
        ranked = [d.pk for d in results.ordered()[:3]]
    assert ranked == unheld_ranking(postgres, monkeypatch, "'harvest'", 0, 3, 3)
    assert Document.objects.get(pk=ranked[0]).title == "Harvest report"  # the word in the title ranks first
    assert not any("ts_rank_cd" in q["sql"] for q in queries)
    with CaptureQueriesContext(connection) as queries:
        list(search("harvest OR tractors").ordered()[:3])  # not one word: read and ranked from the vectors
    assert any("ts_rank_cd" in q["sql"] for q in queries)


def test_an_or_of_words_holding_all_their_matches_is_ranked_from_their_ranks(archive, postgres, monkeypatch):
    add(12, "plough")
    add(13, "plough plough")
    add(14, "plough in the field")
    reindex_all()
    words = held(postgres)
    assert words["plough"] == words["tractors"] == words["the"] == (3, 3, 0)  # every match held
    for expression in ["('tractors' | 'plough')", "'plough' | 'the' | 'plough'"]:
        for offset, limit in [(0, 100), (1, 2), (2, 3), (0, 1)]:
            with CaptureQueriesContext(connection) as queries:
                ranked = backend().ranked_ids(expression, None, offset, limit, 100)
            assert not any("ts_rank_cd" in q["sql"] for q in queries), expression
            assert ranked == unheld_ranking(postgres, monkeypatch, expression, offset, limit, 100), expression
    assert len(backend().ranked_ids("('plough' | 'the')", None, 0, 100, 100)) == 5  # one document holds both
    for expression, within in [
        ("('tractors' | 'harvest')", 100),  # harvest holds its newest matches only
        ("('tractors' | 'seed')", 100),  # seed is in two documents: not held
        ("('tractors' | 'plough')", 5),  # six matches, five ranked: the newest five would be taken
        ("('tractors' <-> 'seed' | 'plough')", 100),  # a phrase
        ("('tractors') & ('plough')", 100),  # both words
    ]:
        with CaptureQueriesContext(connection) as queries:
            ranked = backend().ranked_ids(expression, None, 0, 100, within)
        assert any("ts_rank_cd" in q["sql"] for q in queries), expression
        assert ranked == unheld_ranking(postgres, monkeypatch, expression, 0, 100, within), expression


def test_writes_trim_and_removals_reach_down(archive, postgres, monkeypatch):
    added = [add(record, "harvest " * (record % 3 + 1) + "grain") for record in range(12, 16)]
    assert held(postgres)["harvest"][1] <= postgres.HOLD_HIGH
    assert_consistent(postgres, monkeypatch)
    newest = sorted(d.pk for d in [*archive, *added])[-5:]
    Document.objects.filter(pk__in=newest).update(status="draft")
    refresh(newest)  # withdrawn: the words reach further down
    assert_consistent(postgres, monkeypatch)
    refresh([archive[0].pk, archive[4].pk])  # rewritten in place
    assert_consistent(postgres, monkeypatch)
    Document.objects.filter(pk__in=newest).update(status="published")
    refresh(newest)
    assert_consistent(postgres, monkeypatch)


def test_a_common_word_that_leaves_every_document_is_counted_as_none(archive, postgres):
    harvest = [d.pk for d in search("harvest").ordered(None)]
    Document.objects.filter(pk__in=harvest).update(status="draft")
    refresh(harvest)
    results = search("harvest")
    assert results.total == 0 and list(results.ordered()) == []
