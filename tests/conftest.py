"""Shared fixtures: builders for records, and the seed collection imported once per test."""

from pathlib import Path

import pytest

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
