"""Keep the index current when documents go away, and in step with the records after `migrate`
(rows are written by the import, the admin and merges)."""

from django.apps import apps
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver

from archive.models import Document

from . import in_step, reindex_all, remove_document


@receiver(post_delete, sender=Document, dispatch_uid="archive.search.remove_document")
def _remove_deleted(sender, instance, **kwargs):
    remove_document(instance)


@receiver(post_migrate, dispatch_uid="archive.search.rebuild_after_migrate")
def _rebuild_when_out_of_step(sender, using="default", verbosity=1, stdout=None, **kwargs):
    if sender is not apps.get_app_config("archive"):
        return
    if not _schema_is_this_codes(using):
        # Migrated back (before an older release is put back): the index's tables are that release's,
        # which rebuilds them when it migrates.
        if verbosity and stdout:
            stdout.write("The search index is left as it is: the database is at an earlier migration than this code.")
        return
    if not in_step():
        reindex_all()


def _schema_is_this_codes(using: str) -> bool:
    """Whether every migration of the archive this code knows is applied on database using."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    archive = {key for key in loader.graph.nodes if key[0] == "archive"}
    return archive <= set(loader.applied_migrations)
