"""Full-text search, facets and browsing, on a small known corpus (run on SQLite and on PostgreSQL)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Document, Entity, Text
from archive.search import backend, index_document, reindex_all, search
from archive.templatetags.listing import marked
from tests.conftest import annotated, import_text

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

pytestmark = pytest.mark.django_db

KIM = "entity: p:kim-il-sung = Kim Il Sung ; variants = Kim Il-sung | Kim Ir Sen | 김일성"


def document(record, title, body, *, date="1956-08-30/1956-08-31", type="report", lang="en", extra="", status=None):
    """Import a document with the given header values; return it."""
    head = [
        "AAT/1",
        f"record: {record}",
        f"title: {title}",
        f"date: {date}",
        f"type: {type}",
        f"lang: {lang}",
        f"status: {status or 'published'}",
    ]
    if extra:
        head.append(extra.strip("\n"))
    return import_text("\n".join(head) + "\n\n" + body.strip() + "\n", name=f"{record}.txt").document


@pytest.fixture
def corpus(db):
    """Documents whose matches and ranks are known; 'filler' documents keep the rare words rare."""
    docs = {
        1: document(
            1,
            "Plenum of the Central Committee",
            "The meeting discussed grain deliveries. {p:kim-il-sung|Kim Il Sung} spoke. {o:kwp|The Party} agreed.",
            type="decision",
            extra=f"{KIM}\nentity: o:kwp = Workers' Party of Korea\nsource: KCNA\ncollection: August 1956",
        ),
        2: document(
            2,
            "Report on grain",
            "A long report on grain. The plenum was mentioned once in passing. Harvests, tractors and seed.",
            date="1956-09",
            extra="collection: August 1956",
        ),
        3: document(
            3,
            "Letter about <script>",
            "A letter quoting <script>alert(1)</script> and praising economic growth in {pl:pyongyang|Pyongyang}.",
            type="letter",
            date="1961",
            lang="ru",
            extra="entity: pl:pyongyang = Pyongyang\nsource: Rodong Sinmun",
        ),
        4: document(4, "Economic plans", "Economic plans and steady growth of output.", date="XXXX"),
        5: document(
            5,
            "Memorandum on aid",
            "The Soviet government and Sovetskaya Rossiya on {ev:aug-session|the August session} and {t:aid|aid}.",
            type="memorandum",
            date="1955-01-17",
            extra="entity: ev:aug-session = August Session\nentity: t:aid = Fraternal aid",
        ),
        6: document(6, "Speech", "{p:kim-il-sung|Kim Ir Sen} addressed the delegates.", type="speech", date="1958"),
        7: document(7, "Summary note", "Nothing about it in the text.", extra="summary: Minutes of a plenum."),
        8: document(8, "Draft plenum notes", "A plenum draft.", status="draft"),
    }
    for record in range(9, 15):
        docs[record] = document(record, f"Filler {record}", "Filler text about harvests.", date="1970")
    return docs


def records(query, **kwargs):
    return [d.record for d in search(query, **kwargs).ordered()]


def test_backend_follows_the_database():
    assert backend().__name__.rsplit(".", 1)[1] == ("postgres" if connection.vendor == "postgresql" else "sqlite")


def test_title_beats_summary_beats_a_single_body_mention(corpus):
    assert records("plenum") == [1, 7, 2]


def test_a_short_text_about_a_word_beats_a_long_one_that_mentions_it_more(db):
    """Both databases weigh a match by the length of the text it is in (bm25 on SQLite, ts_rank_cd divided by
    one plus the logarithm of the length on PostgreSQL), so a long text does not win by its length alone."""
    document(1, "Note", "The kumquat harvest.")
    filler = " ".join(f"word{n}" for n in range(300))
    document(2, "Survey", f"{filler} kumquat {filler} kumquat {filler}")
    assert records("kumquat") == [1, 2]


def test_drafts_are_not_found(corpus):
    assert 8 not in records("draft plenum")


def test_phrase_versus_words(corpus):
    assert records('"economic growth"') == [3]
    assert sorted(records("economic growth")) == [3, 4]


def test_prefix(corpus):
    assert records("sov*") == [5]
    assert sorted(records("harv*")) == [2, *range(9, 15)]


def test_exclusion(corpus):
    assert records("grain -passing") == [1]
    assert sorted(records("-harvests")) == [1, 3, 4, 5, 6, 7]


def test_or(corpus):
    assert sorted(records("Soviet OR script")) == [3, 5]
    assert sorted(records("Soviet OR script growth")) == [3]


def test_accents_and_case_are_ignored(corpus):
    assert records("SOVIÉT") == [5]


@pytest.mark.parametrize("name", ["Kim Il-sung", "Kim Il Sung", '"Kim Ir Sen"', "김일성", "kim ir*"])
def test_any_name_of_an_entity_finds_every_document_that_mentions_it(corpus, name):
    # Document 1 writes only "Kim Il Sung", document 6 only "Kim Ir Sen".
    assert sorted(records(name)) == [1, 6]


def test_another_spelling_finds_the_documents_naming_the_entity_not_its_words_elsewhere(corpus):
    """The name a search adds is matched among the names of the entities a document mentions: a text that
    only holds its words (unannotated) is found by those words as typed, not by another spelling."""
    document(15, "Unannotated", "Kim Il Sung visited the plant.")
    assert sorted(records("김일성")) == [1, 6]
    assert sorted(records('"Kim Il Sung"')) == [1, 6, 15]
    assert "김일성 was also searched as" in " ".join(search("김일성").query.notes)


def test_postgres_finds_another_spelling_from_the_index_alone(corpus):
    """On PostgreSQL a phrase is checked against the vector of each document holding its words; the name a
    search adds is one lexeme, found without reading a vector."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    document(15, "Out of order", "Sung said Kim went to Il.")

    def plan(expression):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN (ANALYZE, FORMAT JSON) SELECT document_id FROM archive_search_terms "
                "WHERE vector @@ to_tsquery('simple', %s)",
                [expression],
            )
            found = cursor.fetchone()[0]
        nodes, removed = [found[0]["Plan"]], 0
        while nodes:
            node = nodes.pop()
            removed += node.get("Rows Removed by Index Recheck", 0)
            nodes += node.get("Plans", [])
        return found[0]["Plan"]["Actual Rows"], removed

    phrase = backend().compile(search('"Kim Il Sung"').query)[0]
    name = backend().compile(search("김일성").query)[0]
    assert plan(phrase) == (2, 1)  # documents 1 and 6; 15 read and dropped
    assert plan(name) == (2, 0)


def test_reimport_replaces_the_row(corpus):
    document(2, "Report on maize", "Maize only.", date="1956-09")
    assert records("grain") == [1]
    assert records("maize") == [2]


def test_deleted_documents_leave_the_index(corpus):
    corpus[3].delete()
    assert backend().read([corpus[3].pk]) == {}
    assert records("script") == []


def test_reindex_rebuilds_everything(corpus):
    backend().clear()
    assert records("plenum") == []
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert out.getvalue() == f"Indexed {Document.objects.published().count()} documents.\n"
    assert records("plenum") == [1, 7, 2]
    assert reindex_all() == Document.objects.published().count() < Document.objects.count()


def test_a_new_variant_counts_after_reindexing(corpus):
    Entity.objects.get(slug="kim-il-sung").add_variants(["Kim Ilsong"])
    index_document(corpus[6])
    assert records("Ilsong") == [6]


def test_snippets_mark_matches_and_escape_everything_else(corpus):
    results = search("script")
    (snippet,) = results.snippets(results.ordered()).values()
    assert snippet.field == "text"
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in marked(snippet.text)
    assert marked(snippet.title) == "Letter about &lt;<mark>script</mark>&gt;"


def test_snippet_falls_back_to_the_names(corpus):
    # "Ir Sen" alone spells no entity's name otherwise: only the names of record 1 hold it
    results = search('"Ir Sen"')
    snippets = results.snippets(results.ordered())
    assert snippets[corpus[1].pk].field == "names"
    assert "<mark>Ir</mark> <mark>Sen</mark>" in marked(snippets[corpus[1].pk].text)
    assert snippets[corpus[6].pk].field == "text"


def test_another_spelling_of_a_name_is_marked_in_the_text(corpus):
    results = search('"Kim Ir Sen"')
    snippets = results.snippets(results.ordered())
    assert snippets[corpus[1].pk].field == "text"
    assert "<mark>Kim</mark> <mark>Il</mark> <mark>Sung</mark>" in marked(snippets[corpus[1].pk].text)
    assert "Kim Ir Sen was also searched as" in " ".join(results.query.notes)


def test_sorting(corpus):
    results = search("plenum")
    assert [d.record for d in results.ordered("date")] == [1, 7, 2]
    assert [d.record for d in results.ordered("-date")] == [2, 7, 1]
    assert [d.record for d in results.ordered("title")] == [1, 2, 7]


# The page


def page(client, **params):
    response = client.get(reverse("archive:search"), params)
    assert response.status_code == 200
    return response


def facet(response, name):
    """{label: count} of a facet on the page."""
    found = {f.name: f for f in response.context["facets"]}
    return {v.label: v.count for v in found[name].values} if name in found else {}


def test_search_page_shows_count_snippets_and_highlighted_titles(client, corpus):
    response = page(client, q="plenum")
    html = response.content.decode()
    assert "3 documents" in html
    assert [row.document.record for row in response.context["rows"]] == [1, 7, 2]
    assert "<mark>Plenum</mark> of the Central Committee" in html
    assert "<script>" not in html


def test_escaped_snippet_on_the_page(client, corpus):
    html = page(client, q="alert").content.decode()
    assert "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_facets_count_the_published_documents(client, corpus):
    response = page(client)
    assert response.context["page_obj"].paginator.count == 13
    assert facet(response, "type") == {"Report": 9, "Decision": 1, "Letter": 1, "Memorandum": 1, "Speech": 1}
    assert facet(response, "decade") == {"1950s": 5, "1960s": 1, "1970s": 6}
    assert facet(response, "year") == {"1955": 1, "1956": 3, "1958": 1, "1961": 1, "1970": 6, "Year unknown": 1}
    assert facet(response, "language") == {"en": 12, "ru": 1}
    assert facet(response, "source") == {"KCNA": 1, "Rodong Sinmun": 1}
    assert facet(response, "collection") == {"August 1956": 2}
    assert facet(response, "person") == {"Kim Il Sung": 2}
    assert facet(response, "organization") == {"Workers' Party of Korea": 1}
    assert facet(response, "place") == {"Pyongyang": 1}
    assert facet(response, "event") == {"August Session": 1}
    assert facet(response, "topic") == {"Fraternal aid": 1}


FACET_FILTERS = [
    ({"type": "report"}, [7, 2, *range(9, 15), 4]),
    ({"decade": "1950"}, [5, 1, 7, 2, 6]),
    ({"year": "1956"}, [1, 7, 2]),
    ({"year": "unknown"}, [4]),
    ({"month": "1956-08"}, [1, 7]),
    ({"language": "ru"}, [3]),
    ({"source": "kcna"}, [1]),
    ({"collection": "august-1956"}, [1, 2]),
    ({"topic": "TOPIC"}, [5]),
]


def test_each_facet_filters(client, corpus):
    topic = str(Entity.objects.get(kind="topic").pk)
    for params, expected in FACET_FILTERS:
        params = {k: (topic if v == "TOPIC" else v) for k, v in params.items()}
        response = page(client, sort="date", **params)
        assert [row.document.record for row in response.context["rows"]] == expected, params


def test_facet_combines_with_the_query(client, corpus):
    response = page(client, q="grain", type="report")
    assert [row.document.record for row in response.context["rows"]] == [2]
    assert facet(response, "type") == {"Report": 1}
    response = page(client, q="plenum")
    assert facet(response, "type") == {"Decision": 1, "Report": 2}
    assert facet(response, "collection") == {"August 1956": 2}


def test_entity_facets_combine(client, corpus):
    kim = Entity.objects.get(slug="kim-il-sung").pk
    party = Entity.objects.get(slug="kwp").pk
    response = client.get(f"/search/?person={kim}&organization={party}")
    assert [row.document.record for row in response.context["rows"]] == [1]


def test_facet_links_add_the_filter_and_active_filters_remove_it(client, corpus):
    response = page(client, q="plenum")
    report = next(v for f in response.context["facets"] if f.name == "type" for v in f.values if v.value == "report")
    assert report.link == "?q=plenum&type=report"
    response = client.get("/search/" + report.link)
    assert [row.document.record for row in response.context["rows"]] == [7, 2]
    ((active),) = response.context["active_filters"]
    assert (active.label, active.shown, active.link) == ("Type", "Report", "?q=plenum")
    html = response.content.decode()
    assert 'href="?q=plenum"' in html
    assert '<input type="hidden" name="type" value="report">' in html


def test_pagination(client, db):
    for record in range(1, 31):
        document(record, f"Bulletin {record}", "Harvests.", date=f"{1900 + record}")
    first = page(client, q="bulletin", sort="date")
    assert first.context["page_obj"].paginator.count == 30
    assert len(first.context["rows"]) == 25
    second = page(client, q="bulletin", sort="date", page="2")
    assert [row.document.record for row in second.context["rows"]] == list(range(26, 31))
    assert page(client, q="bulletin", page="last").context["page_obj"].number == 2


@pytest.mark.parametrize("number", ["999", "0", "two"])
@pytest.mark.parametrize("path", ["/search/?q=bulletin&page=", "/documents/?page=", "/persons/?page="])
def test_a_page_past_the_end_is_not_found_on_every_list(client, db, path, number):
    document(1, "Bulletin", "Harvests by {p:kim|Kim}.", extra="entity: p:kim = Kim Il Sung")
    assert client.get(path + "1").status_code == 200
    assert client.get(path + number).status_code == 404


def test_query_count_does_not_grow_with_the_results(client, db):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            page(client, q="bulletin", type="report", sort="relevance")
        return len(queries)

    extra = f"{KIM}\nsource: KCNA\ncollection: Bulletins"
    for record in (1, 2):
        document(record, f"Bulletin {record}", "{p:kim-il-sung|Kim} harvests.", extra=extra)
    count_queries()  # the first request reads what later ones find kept (the public documents' ids)
    few = count_queries()
    for record in range(3, 31):
        document(record, f"Bulletin {record}", "{p:kim-il-sung|Kim} harvests.", extra=extra, date=str(1900 + record))
    assert count_queries() == few


def test_empty_state_and_explanations(client, corpus):
    html = page(client, q='"nothing matches this').content.decode()
    assert "No documents match" in html
    assert "A quotation mark without its partner was ignored." in html


HOSTILE_REQUESTS = [
    {"q": '"'},
    {"q": "-"},
    {"q": "OR"},
    {"q": "*"},
    {"q": "NEAR("},
    {"q": "col:term"},
    {"q": "^"},
    {"q": "\x00"},
    {"q": "x" * 10_000},
    {"q": "a " * 5000},
    {"q": "'; DROP TABLE archive_document; --"},
    {"q": "plenum", "sort": "nonsense"},
    {"type": "nonsense"},
    {"year": "0"},
    {"year": "99999"},
    {"decade": "19x0"},
    {"month": "1956-13"},
    {"month": "0000-01"},
    {"person": "abc"},
    {"person": "99999999999999999999999"},
    {"person": ["1"] * 50},
    {"organization": "-1"},
    {"source": "no-such-source"},
    {"collection": "x" * 1000},
    {"language": "x" * 1000},
    {"language": "en\x00"},
    {"source": "\x00"},
    {"collection": "a\x00"},
    {"person": "1\x00"},
    {"decade": "9990"},
    {"year": "9999", "month": "9999-12"},
]


def test_hostile_requests_get_a_page(client, corpus):
    for params in HOSTILE_REQUESTS:
        response = client.get(reverse("archive:search"), params)
        assert response.status_code == 200, params
        assert b"<h1>Search</h1>" in response.content


@pytest.mark.parametrize("number", ["-1", "abc", "1\x00", "9" * 30])
def test_a_page_that_is_not_a_page_number_is_not_found_as_on_every_list(client, corpus, number):
    response = client.get(reverse("archive:search"), {"q": "plenum", "page": number})
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert client.get(reverse("archive:documents"), {"page": number}).status_code == 404


def test_unreadable_filter_is_explained_and_the_rest_applied(client, corpus):
    response = page(client, q="plenum", year="banana", type="report")
    assert "The year filter could not be understood and was ignored." in response.content.decode()
    assert [row.document.record for row in response.context["rows"]] == [7, 2]


if given:

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(q=st.text(max_size=80))
    def test_any_query_is_answered(client, corpus, q):
        response = client.get(reverse("archive:search"), {"q": q})
        assert response.status_code == 200


# Keeping the index current from the admin, and the site's search box


def _change_form_data(response) -> dict:
    """The POST data the admin change form would send unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_admin_edit_of_a_text_is_indexed(admin_client, corpus):
    url = reverse("admin:archive_document_change", args=[corpus[4].pk])
    data = _change_form_data(admin_client.get(url))
    text_prefix = next(key for key in data if key.endswith("-source") and "texts" in key)
    data[text_prefix] = "Economic plans and steady growth of maize."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Text.objects.get(document=corpus[4]).plain.endswith("maize.")
    assert records("maize") == [4]


def test_site_search_box_and_browse_links(client, corpus):
    html = client.get("/").content.decode()
    assert re.search(r'<form class="quick-search"[^>]*action="/search/"', html)
    assert 'href="/browse/dates/"' in html and 'href="/events/timeline/"' in html


# Browsing


def test_browse_dates(client, corpus):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("archive:browse-dates"))
    assert response.status_code == 200
    assert len(queries) == 1
    decades = {d.decade: d for d in response.context["decades"]}
    assert {d: decades[d].count for d in decades} == {1950: 5, 1960: 1, 1970: 6}
    year_1956 = next(y for y in decades[1950].years if y.year == 1956)
    assert year_1956.count == 3
    assert year_1956.months == [("1956-08", "August", 2), ("1956-09", "September", 1)]
    assert next(y for y in decades[1960].years).without_month == 1
    assert response.context["unknown"] == 1
    assert 'href="/search/?month=1956-08"' in response.content.decode()
    # SQLite reads years and months from the dates' text, not through a Python function called for each row.
    assert "django_date_extract" not in queries[0]["sql"]


def test_browse_dates_counts_years_before_1000(client, db):
    document(1, "A chronicle", "Text.", date="0955-03")
    document(2, "A later copy", "Text.", date="0955")
    decades = client.get(reverse("archive:browse-dates")).context["decades"]
    assert [(d.decade, [(y.year, y.count, y.months) for y in d.years]) for d in decades] == [
        (950, [(955, 2, [("0955-03", "March", 1)])])
    ]


def test_timeline_of_events(client, db):
    document(
        1,
        "Two events",
        "{ev:late|Later} and {ev:early|earlier} and {ev:undated|never}.",
        extra="entity: ev:late = Later event ; dates = 1961\n"
        "entity: ev:early = Earlier event ; dates = 1956-08-30\n"
        "entity: ev:undated = Undated event",
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("archive:timeline"))
    assert response.status_code == 200
    assert len(queries) == 2
    groups = response.context["groups"]
    assert [(group.heading, [e.name for e in group.events], group.start) for group in groups] == [
        ("1950s", ["Earlier event"], 1),
        ("1960s", ["Later event"], 2),
        ("Date not known", ["Undated event"], 3),
    ]
    html = response.content.decode()
    assert '<ol class="timeline" start="3">' in html
    assert "Undated event" in html


def test_annotated_builder_documents_are_searchable(db):
    import_text(annotated("A note on {p:kim-il-sung|Kim Il Sung}.", extra=KIM))
    assert records("Kim Ir Sen") == [Document.objects.get().record]


def test_facets_count_a_sample_of_very_large_result_sets(client, db, monkeypatch):
    from archive.search import facets as facet_module

    for n in range(5):
        import_text(annotated(f"The plenum met, time {n}.", title=f"Plenum {n}"))
    monkeypatch.setattr(facet_module, "SAMPLE", 3)
    html = client.get("/search/?q=plenum").content.decode()
    assert "Counts below are from the 3 first results (the most relevant)." in html
    assert '<span class="count">3</span>' in html
    monkeypatch.setattr(facet_module, "SAMPLE", 10)
    html = client.get("/search/?q=plenum").content.decode()
    assert "Counts below are from" not in html
    assert '<span class="count">5</span>' in html


def test_the_index_holds_published_documents_only(corpus):
    assert backend().read([corpus[8].pk]) == {}
    assert backend().size() == Document.objects.published().count()


def test_publishing_and_withdrawing_in_the_admin_update_the_index(admin_client, corpus):
    changelist = reverse("admin:archive_document_changelist")
    admin_client.post(changelist, {"action": "publish", "_selected_action": [corpus[8].pk]})
    assert 8 in records("draft plenum")
    admin_client.post(changelist, {"action": "return_to_draft", "_selected_action": [corpus[1].pk, corpus[8].pk]})
    assert records("plenum") == [7, 2]


def test_the_index_counts_what_the_documents_count(corpus):
    for query in ("plenum", "grain OR growth", "kim", "harvests"):
        results = search(query)
        assert results.everywhere
        assert results.total == results.matches.count() > 0
    assert not search("plenum -grain").everywhere
    assert search("plenum -grain").total == 1  # 1 and 2 speak of grain


def test_very_broad_queries_are_ranked_among_the_newest_matches(client, corpus, monkeypatch):
    import archive.search as search_module

    assert search("harvests").ranked_within is None
    monkeypatch.setattr(search_module, "RANK_WITHIN", 3)
    results = search("harvests")  # 2 and the fillers 9-14 match; the newest three are ranked
    assert results.ranked_within == 3 and results.total == 7
    assert sorted(d.record for d in results.ordered()) == [12, 13, 14]
    assert len(list(results.ordered("date"))) == 7
    html = client.get("/search/?q=harvests").content.decode()
    assert "relevance is ranked among the 3 added most recently" in html
    assert "relevance is ranked" not in client.get("/search/?q=harvests&sort=date").content.decode()


def test_migrate_rebuilds_an_index_out_of_step(corpus):
    from django.core.management.sql import emit_post_migrate_signal

    backend().clear()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert records("plenum") == [1, 7, 2]


def _contains(row, word: str) -> bool:
    from archive.search.query import fold, words

    return any(fold(word) == fold(w) for field in (row.title, row.summary, row.body, row.names) for w in words(field))


@pytest.mark.parametrize("word", ["plenum", "harvests", "filler", "text", "grain", "nowhere"])
def test_the_index_count_equals_a_plain_count_of_the_rows(corpus, word):
    """Counted from the index (a bitmap of its ids on PostgreSQL), as a reading of every row would count."""
    expression = backend().compile(search(word).query)[0]
    rows = backend().read(list(Document.objects.published().values_list("pk", flat=True)))
    assert backend().count(expression) == sum(_contains(row, word) for row in rows.values())


def test_a_word_in_every_document_is_counted_and_ranked(corpus):
    for record in range(15, 20):
        document(record, f"Other {record}", "Harvests again.", date="1971")
    results = search("harvests")
    assert results.total == results.matches.count() == 12
    assert len(list(results.ordered())) == 12


@pytest.mark.parametrize("within", [1, 3, 5, 100])
def test_bounded_ranking_is_the_full_ranking_among_the_newest_matches(corpus, within):
    """Ranking among the `within` newest matches orders them as the full ranking does, window by window."""
    expression = backend().compile(search("harvests OR grain OR plenum OR growth").query)[0]
    full = backend().ranked_ids(expression, None, 0, 1000, 1000)
    newest = set(sorted(full)[-within:])
    expected = [pk for pk in full if pk in newest]
    assert backend().ranked_ids(expression, None, 0, 1000, within) == expected
    assert backend().ranked_ids(expression, None, 1, 2, within) == expected[1:3]


def test_bounded_ranking_within_a_filter(corpus):
    expression = backend().compile(search("harvests OR grain").query)[0]
    chosen = Document.objects.filter(record__in=[1, 2, 9, 10, 11]).values("pk")
    full = backend().ranked_ids(expression, None, 0, 1000, 1000)
    among = [pk for pk in full if pk in {d["pk"] for d in chosen}]
    bounded = backend().ranked_ids(expression, chosen.query.sql_with_params(), 0, 1000, 2)
    assert bounded == [pk for pk in among if pk in set(sorted(among)[-2:])]


def test_sqlite_ranks_within_a_filter_in_one_pass_over_the_matches(corpus):
    """The filter's ids are checked against each match FTS5 yields; handed to FTS5 as a rowid constraint,
    each id would run the whole MATCH again (seconds for a common word at 100,000 documents)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 plans")
    expression = backend().compile(search("harvests").query)[0]
    chosen = Document.objects.filter(record__in=[2, 9, 10]).values("pk")
    with CaptureQueriesContext(connection) as queries:
        ranked = backend().ranked_ids(expression, chosen.query.sql_with_params(), 0, 10, 10)
    assert sorted(ranked) == sorted(Document.objects.filter(record__in=[2, 9, 10]).values_list("pk", flat=True))
    fts = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            fts += [detail for *_, detail in cursor.fetchall() if "VIRTUAL TABLE INDEX" in detail]
    # FTS5's plan names its constraints after the colon: M for MATCH, = for a rowid looked up.
    assert fts and not any("=" in detail.rsplit(":", 1)[1] for detail in fts), fts


def test_postgres_rows_counted_stay_narrow_whatever_the_text(db):
    """On PostgreSQL the table read to count matches holds its vectors out of line: a long text adds
    at most a page to it, not the 300 kB of its vector."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's table layout")

    def sizes():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_relation_size('archive_search_terms'), coalesce(max(pg_column_size(vector)), 0) "
                "FROM archive_search_terms"
            )
            return cursor.fetchone()

    document(1, "Short", "A short text.")
    table, _ = sizes()
    document(2, "Long", " ".join(f"word{n} plenum" for n in range(20000)))
    grown, vector = sizes()
    assert vector > 100_000 and grown - table <= 8192
    assert search("plenum").total == 1 and search("word9999").total == 1


def test_postgres_matches_are_declared_in_the_order_of_magnitude_expected():
    from archive.search.backends import postgres

    assert postgres.ids_function(0) == postgres.ids_function(1) == "archive_search_ids_100"
    assert postgres.ids_function(300) == "archive_search_ids_100"
    assert postgres.ids_function(400) == "archive_search_ids_1000"
    assert postgres.ids_function(85_126) == "archive_search_ids_100000"
    assert postgres.ids_function(10**9) == "archive_search_ids_1000000"


def test_postgres_search_within_filters_names_the_function_fitting_the_planners_estimate(corpus):
    """Every declared function finds what archive_search_ids finds; a search within a filter reads the one
    nearest to how many matches the planner expects, and finds what it found before."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's functions")
    from archive.search.backends import postgres

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_search_terms")
        found = []
        for function in ["archive_search_ids", *(f"archive_search_ids_{n}" for n in postgres.DECLARED)]:
            cursor.execute(f"SELECT array_agg(i ORDER BY i) FROM {function}(to_tsquery('simple', 'harvests')) AS i")
            found.append(cursor.fetchone()[0])
    assert len(found[0]) == 7 and all(ids == found[0] for ids in found)
    for words, expected in (("harvests", [2, 9, 10, 11, 12, 13, 14]), ("tractors", [2])):
        function = postgres.ids_function(postgres.expected(backend().compile(search(words).query)[0], connection))
        with CaptureQueriesContext(connection) as queries:
            found = records(words, queryset=Document.objects.published().filter(doc_type="report"))
        assert sorted(found) == expected
        assert any(f"{function}(" in query["sql"] for query in queries.captured_queries)


def test_postgres_matches_are_kept_in_memory_by_the_functions_returning_them(db):
    """A common word's ids (75,000 at 100,000 documents) fit the work memory of the functions returning them,
    rather than a temporary file."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's functions")
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, proconfig FROM pg_proc WHERE proname LIKE 'archive_search_ids%'")
        functions = dict(cursor.fetchall())
    assert len(functions) == 6 and all("work_mem=64MB" in config for config in functions.values())


def test_postgres_rebuild_leaves_the_planner_statistics_of_what_it_wrote(corpus):
    """The function a search within filters reads is chosen from the statistics of the vectors: a rebuild takes
    them afresh (the rows it wrote are not yet visible to the server's own statistics collector)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statistics")
    reindex_all()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text FROM pg_stats "
            "WHERE tablename = 'archive_search_terms' AND attname = 'vector'"
        )
        (elements,) = cursor.fetchone()
    assert "harvests" in elements
