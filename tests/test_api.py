"""The read-only JSON API: its documented examples, filters, pagination, ETags, errors, and no leak."""

import json
import re
from pathlib import Path

import pytest

from archive import publishing
from archive.models import Document, Entity
from tests.conftest import annotated, import_text

DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def documented_examples() -> list[tuple[str, int, object]]:
    """(address, status, the JSON shown) of each example: a `GET` block followed by a json block."""
    text = DOCS.read_text()
    found = re.findall(r"```http\nGET (\S+)\n```\n\n```json\n(.*?)```", text, re.S)
    return [(address, 400 if '"error"' in shown else 200, json.loads(shown)) for address, shown in found]


def holds(actual, shown) -> bool:
    """actual holds what shown shows: its keys with these values, and a list's first items."""
    if isinstance(shown, dict):
        return isinstance(actual, dict) and all(k in actual and holds(actual[k], v) for k, v in shown.items())
    if isinstance(shown, list):
        return isinstance(actual, list) and len(actual) >= len(shown) and all(map(holds, actual, shown))
    return actual == shown


def test_holds_can_fail():
    assert not holds({"a": [1, 2]}, {"a": [2]})
    assert not holds({"a": 1}, {"b": 1})
    assert holds({"a": [1, 2], "b": 3}, {"a": [1]})


def test_every_documented_example_answers_as_shown(client, seeds):
    examples = documented_examples()
    assert len(examples) >= 6
    for address, status, shown in examples:
        response = client.get(address)
        assert response.status_code == status, address
        assert response["Content-Type"] == "application/json"
        assert holds(json.loads(response.content), shown), address


def test_filters_combine_as_on_the_documents_page(client, seeds):
    def records(query):
        response = client.get(f"/api/documents/?{query}&page_size=100")
        assert response.status_code == 200, query
        return [d["record"] for d in json.loads(response.content)["results"]]

    assert records("sort=record") == [1, 2, 3, 4, 5]
    assert records("sort=-record") == [5, 4, 3, 2, 1]
    assert records("source=korean-central-news-agency-kcna&sort=record") == [3, 4]
    molotov = Entity.objects.get(name="Vyacheslav Molotov")
    assert records(f"person={molotov.pk}") == [2]
    assert records("q=plenum&sort=record") == sorted(
        d.record for d in Document.objects.published() if "plenum" in (d.title + " " + d.summary).lower()
    )
    assert records("year_to=1960&sort=record") == [1, 2]


def test_pages_link_each_other_and_cover_the_list(client, seeds):
    seen, url = [], "/api/entities/?page_size=7"
    while url:
        page = json.loads(client.get(url).content)
        assert len(page["results"]) <= 7
        seen += [e["id"] for e in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == page["count"]
    assert page["previous"] and page["page"] == page["pages"]


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/api/documents/?page=0", 404),
        ("/api/documents/?page=x", 400),
        ("/api/documents/?page_size=1000", 400),
        ("/api/documents/?page_size=two", 400),
        ("/api/documents/?colour=red", 400),
        ("/api/documents/?type=poem", 400),
        ("/api/documents/?person=99999999999999999999", 400),
        ("/api/entities/?kind=ship", 400),
        ("/api/entities/?name=x", 400),
        ("/api/documents/99/", 404),
        ("/api/entities/999999/", 404),
    ],
)
def test_bad_requests_are_answered_in_json(client, seeds, address, status):
    response = client.get(address)
    assert response.status_code == status
    assert json.loads(response.content)["error"]


def test_etags_answer_not_modified_until_the_record_changes(client, seeds):
    first = client.get("/api/documents/2/")
    etag = first["ETag"]
    again = client.get("/api/documents/2/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    Document.objects.filter(record=2).update(summary="Another summary.")
    changed = client.get("/api/documents/2/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_no_draft_embargoed_or_withdrawn_document_shows(client, seeds):
    import_text(annotated("Not yet.", record=8, title="Quorvath draft").replace("status: published", "status: draft"))
    publishing.withdraw([Document.objects.get(record=3).pk], "The rights holder objected.")
    listed = json.loads(client.get("/api/documents/?page_size=100").content)
    assert sorted(d["record"] for d in listed["results"]) == [1, 2, 4, 5]
    assert client.get("/api/documents/3/").status_code == 404
    assert client.get("/api/documents/8/").status_code == 404
    assert b"Quorvath" not in client.get("/api/entities/?page_size=100").content


def test_queries_do_not_grow_with_the_page(client, seeds, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/api/entities/?page_size=100")
    with django_assert_max_num_queries(8):
        client.get("/api/documents/2/")
