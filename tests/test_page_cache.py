"""The page cache: pages are kept until anything they could show changes, and only public pages are kept."""

import gzip
import threading

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from archive import history, pagecache, publishing
from archive.models import Document, Entity, StagedFile

from .conftest import annotated, import_text

# Real commits: the edition moves when a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_cache(settings):
    settings.PLENUM_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def document():
    import_text(
        annotated(
            "{p:kim-il-sung|Kim Il Sung} spoke.",
            record=7,
            title="Plenum decision",
            extra="entity: p:kim-il-sung = Kim Il Sung",
        )
    )
    return Document.objects.get(record=7)


def test_a_page_seen_once_is_served_without_the_database(client, page_cache, document, django_assert_num_queries):
    first = client.get("/documents/7/")
    with django_assert_num_queries(0):
        again = client.get("/documents/7/")
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_saved_change_is_shown_at_once(client, page_cache, document):
    assert b"Kim Il Sung" in client.get("/documents/7/").content
    with transaction.atomic():
        entity = Entity.objects.get(slug="kim-il-sung")
        entity.name = "Kim Il-sung"
        entity.save()
    assert b"Kim Il-sung" in client.get(f"/persons/{entity.pk}/").content
    assert b"Kim Il-sung" in client.get("/documents/7/").content


def test_bulk_writes_move_the_edition_too(client, page_cache, document):
    assert client.get("/documents/7/").status_code == 200
    Document.objects.filter(record=7).update(status=Document.Status.DRAFT)
    assert client.get("/documents/7/").status_code == 404


def test_a_rolled_back_write_leaves_the_edition(page_cache, document):
    before = pagecache.edition()
    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.filter(record=7).update(title="Never")
        raise RuntimeError
    assert pagecache.edition() == before
    with transaction.atomic():
        Document.objects.filter(record=7).update(title="Now")
    assert pagecache.edition() != before


def test_staged_uploads_do_not_empty_the_cache(page_cache, document):
    before = pagecache.edition()
    StagedFile.objects.create(name="a.txt", text="AAT/1\n", user=User.objects.create_user("c"))
    assert pagecache.edition() == before


def test_answers_other_than_200_are_not_kept(client, page_cache):
    assert client.get("/documents/8/").status_code == 404
    import_text(annotated("Text.", record=8))
    assert client.get("/documents/8/").status_code == 200


def test_a_kept_page_answers_conditional_requests(client, page_cache, document):
    etag = client.get("/documents/7/")["ETag"]
    client.get("/documents/7/")
    assert client.get("/documents/7/", headers={"if-none-match": etag}).status_code == 304


def test_each_host_has_its_own_copy(client, page_cache, document, settings):
    settings.ALLOWED_HOSTS = ["testserver", "archive.example.org"]
    client.get("/documents/7/")
    other = client.get("/documents/7/", headers={"host": "archive.example.org"})
    assert b"http://archive.example.org/documents/7/" in other.content


def test_admin_pages_and_signed_in_readers_are_never_served_from_the_cache(
    client, page_cache, document, django_assert_num_queries
):
    client.force_login(User.objects.create_superuser("curator", "c@example.org", "pw"))
    client.get("/admin/")
    assert client.get("/admin/").status_code == 200
    client.get("/documents/7/")
    response = client.get("/documents/7/")
    assert response.status_code == 200
    assert not pagecache.caches[pagecache.CACHE].get(pagecache.page_key(response.wsgi_request))


def test_the_cache_can_be_turned_off(client, document, django_assert_max_num_queries):
    client.get("/documents/7/")
    with django_assert_max_num_queries(20) as captured:
        client.get("/documents/7/")
    assert len(captured) > 0


def test_an_unknown_host_is_refused_not_cached(client, page_cache):
    assert client.get("/documents/", headers={"host": "evil.example"}).status_code == 400


def test_pages_are_kept_plain_and_compressed_for_each_reader_who_accepts_gzip(client, page_cache, document):
    compressed = client.get("/documents/7/", headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    plain = client.get("/documents/7/")  # from the cache, for a reader who does not accept gzip
    assert not plain.has_header("Content-Encoding")
    assert "Kim Il Sung" in plain.content.decode()
    again = client.get("/documents/7/", headers={"accept-encoding": "gzip"})
    assert again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain.content


# Scoped generations: a write moves on only the pages it changes ----------------------------------


def served_from_cache(client, url, django_assert_num_queries):
    """Whether url is answered without the database (from the cache), its body."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured) == 0, response.content.decode()


@pytest.fixture
def other():
    import_text(
        annotated(
            "{p:nam-il|Nam Il} answered.",
            record=20,
            title="Another report",
            extra="entity: p:nam-il = Nam Il",
        ),
        name="other.txt",
    )
    return Document.objects.get(record=20)


def test_an_import_leaves_the_pages_of_other_records_and_entities_in_the_cache(
    client, page_cache, document, other, django_assert_num_queries
):
    nam_il = Entity.objects.get(slug="nam-il")
    for url in ("/documents/20/", f"/persons/{nam_il.pk}/", "/documents/"):
        client.get(url)
    import_text(
        annotated("{p:kim-il-sung|Kim Il Sung} came back.", record=9, title="Third report"),
        name="third.txt",
    )
    assert served_from_cache(client, "/documents/20/", django_assert_num_queries)[0]
    assert served_from_cache(client, f"/persons/{nam_il.pk}/", django_assert_num_queries)[0]
    assert not served_from_cache(client, "/documents/9/", django_assert_num_queries)[0]


def later(monkeypatch, seconds: float) -> None:
    """The clock of the page cache moved on by seconds."""
    now = pagecache.time.time()
    monkeypatch.setattr(pagecache.time, "time", lambda: now + seconds)


def test_a_new_record_is_on_its_page_at_once_and_in_the_lists_within_their_time(
    client, page_cache, document, monkeypatch, django_assert_num_queries
):
    for url in ("/documents/", "/search/?q=came", "/"):
        client.get(url)
    import_text(annotated("{p:kim-il-sung|Kim Il Sung} came back.", record=9, title="Third report"), name="3.txt")
    assert "Third report" in client.get("/documents/9/").content.decode()
    for url in ("/documents/", "/search/?q=came", "/"):
        cached, page = served_from_cache(client, url, django_assert_num_queries)
        assert cached and "Third report" not in page, url
    later(monkeypatch, pagecache.ADDITIONS_SHOWN_WITHIN - 1)
    assert served_from_cache(client, "/documents/", django_assert_num_queries)[0]
    later(monkeypatch, pagecache.ADDITIONS_SHOWN_WITHIN)
    for url in ("/documents/", "/search/?q=came", "/"):
        cached, page = served_from_cache(client, url, django_assert_num_queries)
        assert not cached and "Third report" in page, url


def test_the_lists_wait_from_the_first_addition_not_the_last(client, page_cache, document, monkeypatch):
    client.get("/documents/")
    import_text(annotated("A first report.", record=9, title="Third report"), name="3.txt")
    later(monkeypatch, pagecache.ADDITIONS_SHOWN_WITHIN - 1)
    import_text(annotated("A second report.", record=10, title="Fourth report"), name="4.txt")
    later(monkeypatch, pagecache.ADDITIONS_SHOWN_WITHIN)
    listing = client.get("/documents/").content.decode()
    assert "Third report" in listing and "Fourth report" in listing


@pytest.mark.parametrize(
    "change",
    [
        lambda document: publishing.withdraw([document.pk], "The rights holder objected."),
        lambda document: publishing.return_to_draft([document.pk]),
        lambda document: import_text(annotated("Nobody spoke.", record=7, title="Plenum resolution"), name="7.txt"),
    ],
    ids=["withdrawn", "returned to draft", "imported again"],
)
def test_a_change_to_a_record_leaves_the_lists_at_once_with_any_addition_waiting(
    client, page_cache, document, change, django_assert_num_queries
):
    assert "Plenum decision" in client.get("/documents/").content.decode()
    import_text(annotated("A report.", record=9, title="Third report"), name="3.txt")
    change(document)
    cached, listing = served_from_cache(client, "/documents/", django_assert_num_queries)
    assert not cached and "Plenum decision" not in listing and "Third report" in listing


def test_an_import_reaches_the_pages_of_the_entities_it_mentions_within_their_time(
    client, page_cache, document, other, monkeypatch, django_assert_num_queries
):
    kim = Entity.objects.get(slug="kim-il-sung")
    assert "Third report" not in client.get(f"/persons/{kim.pk}/").content.decode()
    import_text(
        annotated("{p:kim-il-sung|Kim Il Sung} came back.", record=9, title="Third report"),
        name="third.txt",
    )
    cached, page = served_from_cache(client, f"/persons/{kim.pk}/", django_assert_num_queries)
    assert cached and "Third report" not in page
    later(monkeypatch, pagecache.ADDITIONS_SHOWN_WITHIN)
    assert "Third report" in client.get(f"/persons/{kim.pk}/").content.decode()
    assert client.get("/search/?q=came").content.decode().count("Third report")


def test_a_change_to_an_entitys_page_waits_for_no_addition(client, page_cache, document, django_assert_num_queries):
    kim = Entity.objects.get(slug="kim-il-sung")
    client.get(f"/persons/{kim.pk}/")
    import_text(annotated("{p:kim-il-sung|Kim} again.", record=9, title="Third report"), name="3.txt")
    with transaction.atomic(), history.recorded("Renamed"):
        kim.name = "Kim Il-sung"
        kim.save()
    cached, page = served_from_cache(client, f"/persons/{kim.pk}/", django_assert_num_queries)
    assert not cached and "Kim Il-sung" in page and "Third report" in page


def test_a_reimport_moves_on_the_pages_of_the_entities_it_no_longer_mentions(client, page_cache, document):
    kim = Entity.objects.get(slug="kim-il-sung")
    assert "Plenum decision" in client.get(f"/persons/{kim.pk}/").content.decode()
    import_text(annotated("Nobody spoke.", record=7, title="Plenum decision"), name="again.txt")
    assert "Plenum decision" not in client.get(f"/persons/{kim.pk}/").content.decode()


def test_a_renamed_entity_shows_on_every_page_that_names_it_and_no_other_is_moved_on(
    client, page_cache, document, other, django_assert_num_queries
):
    client.get("/documents/7/")
    client.get("/documents/20/")
    with transaction.atomic(), history.recorded("Renamed"):
        kim = Entity.objects.get(slug="kim-il-sung")
        kim.name = "Kim Il-sung"
        kim.save()
    assert "Kim Il-sung" in client.get("/documents/7/").content.decode()
    assert "Kim Il-sung" in client.get(f"/persons/{kim.pk}/").content.decode()
    assert served_from_cache(client, "/documents/20/", django_assert_num_queries)[0]


def test_a_retitled_document_shows_on_the_pages_of_its_related_records(client, page_cache, document, other):
    from archive import history

    document.related.add(other)
    assert "Plenum decision" in client.get("/documents/20/").content.decode()
    with transaction.atomic(), history.recorded("Retitled"):
        document.title = "Plenum resolution"
        document.save()
    assert "Plenum resolution" in client.get("/documents/20/").content.decode()


def test_a_write_without_a_revision_moves_every_page_on(client, page_cache, document, other):
    from django.db import connection

    client.get("/documents/20/")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE archive_document SET title = %s WHERE record = %s", ["Raw title", 20])
    assert "Raw title" in client.get("/documents/20/").content.decode()


def test_a_revision_rolled_back_to_a_savepoint_does_not_vouch_for_other_writes(client, page_cache, document, other):
    from archive import history

    client.get("/documents/20/")
    with transaction.atomic():
        Document.objects.filter(record=20).update(title="Bulk title")
        with pytest.raises(RuntimeError), transaction.atomic():
            with history.recorded("Undone"):  # the revision is kept, then rolled back with its savepoint
                document.title = "Never"
                document.save()
            raise RuntimeError
    assert "Bulk title" in client.get("/documents/20/").content.decode()


def test_a_rolled_back_import_moves_nothing_on(client, page_cache, document):
    before = pagecache.tokens(["lists", "document:7"])
    report = import_file_dry_run()
    assert report.ok
    assert pagecache.tokens(["lists", "document:7"]) == before


def import_file_dry_run():
    from archive.importing import import_file

    source = annotated("{p:kim-il-sung|Kim Il Sung} again.", record=7, title="Dry")
    return import_file(source.encode(), name="dry.txt", dry_run=True)


def test_a_merge_shows_on_the_pages_of_the_merged_entities_documents(client, page_cache, document, other, settings):
    from archive.merging import merge_entities

    kim, nam = Entity.objects.get(slug="kim-il-sung"), Entity.objects.get(slug="nam-il")
    urls = ("/documents/7/", "/documents/20/", f"/persons/{kim.pk}/", "/persons/")
    kept = {url: client.get(url).content for url in urls}
    merge_entities(kim, [nam])
    served = {url: client.get(url).content for url in urls}
    settings.PLENUM_PAGE_CACHE_SECONDS = 0
    fresh = {url: client.get(url).content for url in urls}
    assert served == fresh
    assert served["/documents/20/"] != kept["/documents/20/"]


def test_an_entity_renamed_in_bulk_inside_a_revision_shows_on_the_documents_that_name_it(
    client, page_cache, document, other
):
    from archive import history

    assert "Kim Il Sung" in client.get("/documents/7/").content.decode()
    kim = Entity.objects.get(slug="kim-il-sung")
    with transaction.atomic(), history.recorded("Renamed in bulk", manual=True):
        Entity.objects.filter(pk=kim.pk).update(name="Kim Il-sung")
        history.add(Entity.objects.get(pk=kim.pk))
    assert "Kim Il-sung" in client.get("/documents/7/").content.decode()


def test_a_page_another_request_is_rendering_is_waited_for_not_rendered_again(
    client, page_cache, document, django_assert_num_queries
):
    key = pagecache.page_key(RequestFactory().get("/documents/7/"))
    cache = caches[pagecache.CACHE]
    cache.add(pagecache.rendering_key(key), 1, pagecache.RENDERING_SECONDS)  # another request renders it
    threading.Timer(0.2, lambda: cache.set(key, HttpResponse(b"The page as the other request kept it."), 600)).start()
    with django_assert_num_queries(0):
        waited = client.get("/documents/7/")
    assert waited.status_code == 200 and waited.content == b"The page as the other request kept it."


def test_a_page_whose_rendering_never_ends_is_rendered_here(client, page_cache, document, monkeypatch):
    monkeypatch.setattr(pagecache, "RENDERING_SECONDS", 0.1)
    client.get("/documents/7/")
    key = pagecache.page_key(RequestFactory().get("/documents/7/"))
    caches[pagecache.CACHE].delete(key)
    caches[pagecache.CACHE].add(pagecache.rendering_key(key), 1, 60)  # a rendering that failed, say
    response = client.get("/documents/7/")
    assert response.status_code == 200 and b"Plenum decision" in response.content


def test_a_rendering_leaves_no_claim_behind(client, page_cache, document):
    client.get("/documents/7/")
    client.get("/documents/8/")  # not found: rendered, not kept
    cache = caches[pagecache.CACHE]
    for path in ("/documents/7/", "/documents/8/"):
        assert not cache.has_key(pagecache.rendering_key(pagecache.page_key(RequestFactory().get(path))))
