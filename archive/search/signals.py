"""Keep the index current when documents go away (rows are written by the import and the admin)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from archive.models import Document

from . import remove_document


@receiver(post_delete, sender=Document, dispatch_uid="archive.search.remove_document")
def _remove_deleted(sender, instance, **kwargs):
    remove_document(instance)
