"""Values longer than the archive's fields are a clear problem of the file, on SQLite and PostgreSQL alike."""

import pytest

from archive.importing import import_file
from archive.models import Document, Entity
from archive.previews import preview
from tests.conftest import annotated

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "source, message",
    [
        (annotated("Body.", title="T" * 501), "the title is 501 characters long; the archive keeps at most 500"),
        (
            annotated("Body.", extra="collection: " + "C" * 201),
            "the collection 'CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC…' is 201 characters long",
        ),
        (
            annotated("{p:kim|Kim}.", extra="entity: p:kim = " + "N" * 301),
            "entity p:kim: the name is 301 characters long; the archive keeps at most 300",
        ),
        (
            annotated("{p:kim|Kim}.", extra="entity: p:kim = Kim ; variants = Kim | " + "ﬃ" * 120),
            "entity p:kim: a variant, normalized, is 360 characters long",
        ),
        (
            annotated("{p:" + "k" * 101 + "|Kim}.", extra="entity: p:" + "k" * 101 + " = Kim"),
            "the key is 101 characters long; the archive keeps at most 100",
        ),
        (
            annotated("Body.", extra="provenance: held ; citation = " + "F. 1 " * 70),
            "provenance: the citation is 349 characters long; the archive keeps at most 300",
        ),
    ],
)
def test_a_value_too_long_for_the_archive_is_a_problem_and_writes_nothing(source, message):
    report = import_file(source.encode(), name="long.txt")
    assert not report.ok
    assert any(message in text for text in report.messages()), report.messages()
    assert not Document.objects.exists() and not Entity.objects.exists()
    shown = preview(1, "long.txt", source)  # the dry run of the preview answers the same
    assert not shown.importable and any(message in e.message for e in shown.excerpts)


def test_values_at_the_limits_import():
    source = annotated("{p:kim|Kim}.", title="T" * 500, extra="entity: p:kim = " + "N" * 300)
    report = import_file(source.encode(), name="full.txt")
    assert report.ok, report.messages()
    assert len(Document.objects.get().title) == 500
