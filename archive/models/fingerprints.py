"""What a document's text looks like to the duplicate check: a small sketch of its word sequences."""

from django.db import models


class Shingle(models.Model):
    """One of the few smallest hashes of a document's five-word sequences (see archive/duplicates.py).

    Documents sharing several of them are candidates for near-identical texts, found through the
    index on value without reading any text."""

    document = models.ForeignKey("archive.Document", on_delete=models.CASCADE, related_name="shingles")
    value = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["value", "document"])]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.value}"
