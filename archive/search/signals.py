"""Keep the index current when documents go away, and in step with the records after `migrate`
(rows are written by the import, the admin and merges)."""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver

from archive.models import Document

from . import in_step, reindex_all, remove_document


@receiver(post_delete, sender=Document, dispatch_uid="archive.search.remove_document")
def _remove_deleted(sender, instance, **kwargs):
    remove_document(instance)


@receiver(post_migrate, dispatch_uid="archive.search.rebuild_after_migrate")
def _rebuild_when_out_of_step(sender, **kwargs):
    if sender is apps.get_app_config("archive") and not in_step():
        reindex_all()
