"""The one pipeline for documents: the list and an empty search agree, old forms redirect, and every page that
lists documents shows them through the one result list."""

import pytest
from django.urls import reverse

from archive.models import Document, Entity
from tests.conftest import KIM, published

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

pytestmark = pytest.mark.django_db

ENTITY_SLUGS = {
    "person": ["kim-il-sung", "pak-hon-yong", "kwp"],
    "organization": ["kwp"],
    "place": ["pyongyang"],
    "event": ["aug-session"],
    "topic": ["aid", "abc"],
}
VALUES = {  # valid values and some that are not (ignored with a note on both pages)
    "type": ["report", "letter", "decision", "poem"],
    "language": ["en", "ru", "ko", "fr"],
    "source": ["kcna", "rodong-sinmun", "no-such"],
    "collection": ["august-1956", "x"],
    "decade": ["1950", "1960", "1970", "19x0"],
    "year": ["1956", "1970", "unknown", "0"],
    "month": ["1956-08", "1956-09", "1956-13"],
    "year_from": ["1950", "1957", "1961", "abc"],
    "year_to": ["1956", "1960", "1971"],
    "sort": ["date", "-date", "title", "-title", "record", "-record", "relevance", "nonsense"],
}


def records(client, path: str, params: list[tuple[str, str]]) -> list[int]:
    response = client.get(path, params)
    assert response.status_code == 200, (path, params)
    return [row.document.record for row in response.context["rows"]]


def entity_values(draw_slugs) -> list[tuple[str, str]]:
    ids = dict(Entity.objects.values_list("slug", "pk"))
    return [(kind, str(ids.get(slug, slug))) for kind, slug in draw_slugs]


PARAMETERS = st.lists(
    st.one_of(
        *(st.tuples(st.just(name), st.sampled_from(values)) for name, values in VALUES.items()),
        *(st.tuples(st.just(kind), st.sampled_from(slugs)) for kind, slugs in ENTITY_SLUGS.items()),
    ),
    max_size=6,
)

if given:

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(drawn=PARAMETERS)
    def test_the_list_and_an_empty_search_give_the_same_documents(client, varied, drawn):
        entities = [(name, value) for name, value in drawn if name in ENTITY_SLUGS]
        params = [(name, value) for name, value in drawn if name not in ENTITY_SLUGS] + entity_values(entities)
        listed = records(client, reverse("archive:documents"), params)
        assert listed == records(client, reverse("archive:search"), [("q", ""), *params]), params


EVERY_FILTER = [
    [("type", "report"), ("language", "en"), ("decade", "1950"), ("year", "1956"), ("year_from", "1956")],
    [("source", "kcna"), ("collection", "august-1956"), ("month", "1956-08"), ("year_to", "1956")],
    [("person", "kim-il-sung"), ("organization", "kwp"), ("sort", "-date")],
    [("place", "pyongyang"), ("topic", "aid"), ("sort", "title")],
    [("event", "aug-session"), ("person", "pak-hon-yong")],
]


@pytest.mark.parametrize("drawn", EVERY_FILTER)
def test_every_filter_gives_the_same_documents_on_both_pages(client, varied, drawn):
    params = [(n, v) for n, v in drawn if n not in ENTITY_SLUGS] + entity_values(
        [(n, v) for n, v in drawn if n in ENTITY_SLUGS]
    )
    listed = records(client, reverse("archive:documents"), params)
    assert listed  # each combination keeps some document
    assert listed == records(client, reverse("archive:search"), [("q", ""), *params])


def test_the_list_is_in_date_order_and_search_by_relevance(client, varied):
    assert records(client, "/documents/", []) == [5, 1, 2, 6, 3, 8, 4]
    assert records(client, "/documents/", [("sort", "-record")]) == [8, 6, 5, 4, 3, 2, 1]
    assert sorted(records(client, "/search/", [("q", "report")])) == [2, 8]


def test_search_rows_keep_their_snippets_and_other_lists_their_summaries(client, varied):
    html = client.get("/search/", {"q": "grain"}).content.decode()
    assert "Report on <mark>grain</mark></a>" in html
    assert '<p class="snippet">Report on <mark>grain</mark> was written.' in html
    Document.objects.filter(record=2).update(summary="Grain deliveries in autumn.")
    html = client.get("/documents/").content.decode()
    assert "<mark>" not in html and '<p class="doc-summary">Grain deliveries in autumn.</p>' in html


def test_a_query_that_is_markup_is_shown_as_text(client, db):
    published(1, "About <b>bold</b> & <script>", "1956", extra=(KIM,), marks="{p:kim-il-sung|Kim} <script>x</script>")
    html = client.get("/search/", {"q": "<script>"}).content.decode()
    assert "<script>x" not in html and "About &lt;b&gt;bold&lt;/b&gt; &amp; &lt;<mark>script</mark>&gt;" in html


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/documents/?q=grain&type=report", "/search/?q=grain&type=report"),
        ("/documents/?q=&type=report", "/documents/?type=report"),
        ("/documents/?sort=title,record", "/documents/?sort=title"),
        ("/search/?q=grain&sort=-date,title", "/search/?q=grain&sort=-date"),
    ],
)
def test_a_bookmarked_old_form_moves_for_good_to_the_new_one(client, varied, old, new):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


SORTS_OF_THE_FORMER_LIST = [
    ("title", [3, 5, 1, 8, 2, 6, 4]),
    ("-title", [4, 6, 2, 8, 1, 5, 3]),
    ("record", [1, 2, 3, 4, 5, 6, 8]),
    ("-record", [8, 6, 5, 4, 3, 2, 1]),
    ("date", [5, 1, 2, 6, 3, 8, 4]),
    ("-date", [8, 3, 6, 2, 1, 5, 4]),
]


@pytest.mark.parametrize(("sort", "expected"), SORTS_OF_THE_FORMER_LIST)
def test_the_sorts_of_the_former_list_keep_their_meaning(client, varied, sort, expected):
    assert records(client, "/documents/", [("sort", sort)]) == expected
    assert records(client, "/search/", [("sort", sort)]) == expected


def test_a_collection_lists_through_the_pipeline_in_its_own_order(client, varied):
    assert records(client, "/collections/august-1956/", []) == [1, 2]
    assert records(client, "/collections/august-1956/", [("type", "report")]) == [2]


def test_entity_and_home_pages_use_the_one_result_list(client, varied):
    kim = Entity.objects.get(slug="kim-il-sung")
    html = client.get(kim.get_absolute_url()).content.decode()
    assert html.count('<li class="doc-row">') == 3
    assert f'href="/documents/?person={kim.pk}"' in html
    assert client.get("/").content.decode().count('<li class="doc-row">') == 7


if given:

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(params=st.dictionaries(st.sampled_from([*VALUES, *ENTITY_SLUGS, "page"]), st.text(max_size=30), max_size=4))
    def test_any_value_of_any_filter_gets_a_page(client, varied, params):
        for path in ("/documents/", "/search/", "/collections/august-1956/"):
            response = client.get(path, params)
            assert response.status_code in (200, 301, 404), (path, params)
            assert response.status_code != 404 or params.get("page", "1") != "1"
