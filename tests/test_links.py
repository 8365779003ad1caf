"""Links that add and remove filters, facet values' links, links to filtered lists, and old forms redirected."""

import pytest
from django.http import QueryDict

from archive import links
from archive.filters import Chosen
from archive.search.facets import Facet, Value

pytestmark = pytest.mark.django_db


def test_adding_a_value_replaces_a_single_filter_and_joins_a_multiple_one():
    params = QueryDict("q=plenum&type=report&person=4&page=3")
    assert links.adding(params, "type", "letter") == "?q=plenum&person=4&type=letter"
    assert links.adding(params, "person", "9", multiple=True) == "?q=plenum&type=report&person=4&person=9"
    assert links.adding(params, "person", "4", multiple=True) == "?q=plenum&type=report&person=4"


def test_removing_a_value_keeps_the_others_and_returns_to_the_first_page():
    params = QueryDict("q=plenum&person=4&person=9&page=2")
    assert links.removing(params, "person", "4") == "?q=plenum&person=9"
    assert links.removing(QueryDict("type=report"), "type", "report") == "?"


def test_removing_every_filter_keeps_the_query_and_the_order():
    params = QueryDict("q=kim&type=report&sort=date&person=4&page=2")
    assert links.without_filters(params) == "?q=kim&sort=date"


def test_a_search_form_carries_the_filters_but_not_the_words_or_the_order():
    params = QueryDict("q=kim&type=report&sort=date&person=4&person=9")
    assert links.carried(params) == [("type", "report"), ("person", "4"), ("person", "9")]


def test_a_value_that_looks_like_markup_or_a_parameter_stays_one_value():
    link = links.adding(QueryDict(""), "q", '"><script>&type=x')
    assert link == "?q=%22%3E%3Cscript%3E%26type%3Dx"
    assert QueryDict(link[1:]).dict() == {"q": '"><script>&type=x'}


def test_active_filters_link_to_the_page_without_them():
    params = QueryDict("q=plenum&person=4&person=9&decade=1950")
    chosen = [Chosen("person", "Person", "4", "Kim Il Sung"), Chosen("decade", "Decade", "1950", "1950s")]
    active = links.active_filters(params, chosen)
    assert [(a.label, a.shown, a.link) for a in active] == [
        ("Person", "Kim Il Sung", "?q=plenum&decade=1950&person=9"),
        ("Decade", "1950s", "?q=plenum&person=4&person=9"),
    ]


def test_facet_values_add_or_remove_themselves():
    facets = [
        Facet("type", "Type", [Value("report", "Report", 3), Value("letter", "Letter", 1)]),
        Facet("person", "Persons", [Value("4", "Kim Il Sung", 2), Value("9", "Pak Hon Yong", 1)], multiple=True),
    ]
    linked = links.linked_facets(facets, QueryDict("type=report&person=4&page=2"))
    assert [(v.label, v.count, v.active, v.link) for f in linked for v in f.values] == [
        ("Report", 3, True, "?person=4"),
        ("Letter", 1, False, "?person=4&type=letter"),
        ("Kim Il Sung", 2, True, "?type=report"),
        ("Pak Hon Yong", 1, False, "?type=report&person=4&person=9"),
    ]
    assert [(f.name, f.label) for f in linked] == [("type", "Type"), ("person", "Persons")]


def test_links_from_other_pages_to_filtered_lists():
    assert links.to_list(source="kcna") == "/documents/?source=kcna"
    assert links.to_list("search", year="unknown") == "/search/?year=unknown"
    assert links.to_list() == "/documents/"


OLD_FORMS = [
    ("documents", "q=plenum&type=report", "/search/?q=plenum&type=report"),
    ("documents", "q=&type=report", "/documents/?type=report"),
    ("documents", "q=", "/documents/"),
    ("documents", "sort=title,-date&person=4", "/documents/?sort=title&person=4"),
    ("search", "q=kim&sort=-date,title", "/search/?q=kim&sort=-date"),
    ("documents", "type=report&sort=-record", None),
    ("search", "q=plenum", None),
]


@pytest.mark.parametrize(("view", "query", "moved"), OLD_FORMS)
def test_old_forms_have_a_current_form(view, query, moved):
    assert links.current_form(QueryDict(query), view) == moved
