"""Shared fixtures: builders for records, and the seed collection imported once per test."""

import contextlib
from pathlib import Path

import pytest
from django.core.cache import caches

from archive import pagecache
from archive.importing import import_file
from archive.models import Entity

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run without collectstatic: serve static names unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages are rendered afresh in tests (test_page_cache.py turns the cache on), in memory."""
    settings.PLENUM_PAGE_CACHE_SECONDS = 0
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    yield
    for name in ("default", "pages"):  # no test is served what another test kept
        with contextlib.suppress(*pagecache.CACHE_ERRORS):  # a test may point a cache at a server that is gone
            caches[name].clear()


def annotated(body: str, *, record: int | None = None, title: str = "Test document", extra: str = "") -> str:
    """A small valid annotated-text file around body."""
    head = ["AAT/1"]
    if record:
        head.append(f"record: {record}")
    head += [f"title: {title}", "date: 1956-08-30/1956-08-31", "type: report", "lang: en", "status: published"]
    if extra:
        head.append(extra.strip("\n"))
    return "\n".join(head) + "\n\n" + body.strip("\n") + "\n"


def import_text(source: str, name: str = "test.txt", **kwargs):
    report = import_file(source.encode("utf-8"), name=name, **kwargs)
    assert report.ok, report.messages()
    return report


def make_entity(kind: str, name: str, slug: str = "", variants=()) -> Entity:
    entity = Entity.objects.create(kind=kind, name=name, slug=slug)
    entity.add_variants(variants)
    return entity


@pytest.fixture
def seeds(db):
    """The five seed documents imported from fixtures/."""
    reports = [import_file(path.read_bytes(), name=path.name) for path in sorted(FIXTURES.glob("*.txt"))]
    assert all(r.ok for r in reports), [r.messages() for r in reports if not r.ok]
    return {r.document.record: r.document for r in reports}


@pytest.fixture(autouse=True)
def _dataset_file(settings, tmp_path_factory):
    """The dataset the site serves is built in a folder of the test run, not in var/."""
    settings.PLENUM_DATASET_FILE = tmp_path_factory.getbasetemp() / "plenum-dataset.zip"


def published(record: int, title: str, date: str, *, type: str = "report", lang: str = "en", extra=(), marks=""):
    """Import a document with the given header values (extra: more header lines) and body; return it."""
    head = ["AAT/1", f"record: {record}", f"title: {title}", f"date: {date}", f"type: {type}", f"lang: {lang}"]
    if "status: draft" not in extra:
        head.append("status: published")
    body = f"{title} was written. {marks}".strip()
    return import_text("\n".join([*head, *extra]) + "\n\n" + body + "\n", name=f"{record}.txt").document


KIM = "entity: p:kim-il-sung = Kim Il Sung"
PAK = "entity: p:pak-hon-yong = Pak Hon Yong"
PARTY = "entity: o:kwp = Workers' Party of Korea"
PYONGYANG = "entity: pl:pyongyang = Pyongyang"
SESSION = "entity: ev:aug-session = August Session"
AID = "entity: t:aid = Fraternal aid"


@pytest.fixture
def varied(db):
    """Documents that differ in every value a filter reads: {record: document}, a draft among them."""
    kim, pak, party, pyongyang = (
        "{p:kim-il-sung|Kim}",
        "{p:pak-hon-yong|Pak}",
        "{o:kwp|the Party}",
        "{pl:pyongyang|Pyongyang}",
    )
    session, aid = "{ev:aug-session|the session}", "{t:aid|aid}"
    documents = [
        published(1, "Plenum of the Central Committee", "1956-08-30/1956-08-31", type="decision",
                  extra=(KIM, PARTY, "source: KCNA", "collection: August 1956"), marks=f"{kim} {party}"),
        published(2, "Report on grain", "1956-09", extra=(KIM, PYONGYANG, "collection: August 1956"),
                  marks=f"{kim} in {pyongyang}"),
        published(3, "Letter from the embassy", "1961", type="letter", lang="ru",
                  extra=(PYONGYANG, AID, "source: Rodong Sinmun"), marks=f"{pyongyang} {aid}"),
        published(4, "Undated note", "XXXX"),
        published(5, "Memorandum on aid", "1955-01-17", type="memorandum", extra=(SESSION, AID, PAK),
                  marks=f"{session} {aid} {pak}"),
        published(6, "Speech at the congress", "1958", type="speech", lang="ko", extra=(KIM, PAK, PARTY),
                  marks=f"{kim} {pak} {party}"),
        published(7, "Draft report", "1956", extra=(KIM, "status: draft"), marks=kim),
        published(8, "Report of the seventies", "1970-03", extra=("source: KCNA",)),
    ]  # fmt: skip
    return {document.record: document for document in documents}
