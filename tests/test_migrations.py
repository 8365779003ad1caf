"""Migrating back to an earlier release and forward again leaves a working archive and search index."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from archive import search
from archive.models import Document

from .conftest import annotated, import_text

pytestmark = pytest.mark.django_db(transaction=True)


def latest() -> str:
    return max(name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "archive")


def test_migrating_back_one_step_and_forward_again_keeps_the_records_and_rebuilds_the_index():
    import_text(annotated("A plenum met in Pyongyang.", record=7, title="Plenum decision"))
    newest = latest()
    previous = MigrationLoader(connection).graph.node_map[("archive", newest)].parents
    (before,) = [name for app, name in (node.key for node in previous) if app == "archive"]
    out = io.StringIO()
    call_command("migrate", "archive", before, stdout=out, verbosity=1)  # no error from the index
    assert "The search index is left as it is" in out.getvalue()
    assert Document.objects.filter(record=7).exists()
    call_command("migrate", "archive", newest, stdout=io.StringIO(), verbosity=0)
    assert search.in_step()
    assert [d.record for d in search.search("pyongyang").matches] == [7]
