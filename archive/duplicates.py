"""Records an import would duplicate: the same source URL; the same title, date and source; or a
near-identical text. Every check reads indexes and at most MAX_CANDIDATES documents' texts, never
the whole archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import Count

from .fingerprint import MIN_SHARED, NEAR_IDENTICAL, overlap, shingles, sketch
from .models import Document, Shingle, Text

MAX_CANDIDATES = 5

SAME_URL = "same source URL"
SAME_TITLE = "same title, date and source"
SAME_TEXT = "near-identical text"


@dataclass
class Duplicate:
    """An existing record that a file seems to repeat, and why."""

    document: Document
    reasons: list[str] = field(default_factory=list)
    share: float = 0.0  # of the shorter text's word sequences found in the other, when compared

    @property
    def why(self) -> str:
        """The reasons, in words."""
        return "; ".join(f"{SAME_TEXT} ({self.share:.0%} shared)" if r == SAME_TEXT else r for r in self.reasons)

    def describe(self) -> str:
        return f"record {self.document.record} '{self.document.title}' ({self.why})"


def url_variants(url: str) -> list[str]:
    """The spellings of a URL that name the same page: http or https, with or without www. and a
    final slash, without the #fragment."""
    url = url.strip()
    if not url:
        return []
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return [
        f"{scheme}://{www}{host}{path}{slash}{query}"
        for scheme in ("http", "https")
        for www in ("", "www.")
        for slash in ("", "/")
    ]


def find_duplicates(*, title: str, date: str, source: str, source_url: str, texts: list[str]) -> list[Duplicate]:
    """The existing records a document with these values and texts would repeat, by record number."""
    found: dict[int, Duplicate] = {}

    def add(document: Document, reason: str) -> Duplicate:
        duplicate = found.setdefault(document.pk, Duplicate(document))
        if reason not in duplicate.reasons:
            duplicate.reasons.append(reason)
        return duplicate

    documents = Document.objects.only("pk", "record", "title", "slug", "status")
    if source_url:
        for document in documents.filter(source_url__in=url_variants(source_url)):
            add(document, SAME_URL)
    if title and date:
        same = documents.filter(title=title, date_edtf=date)
        same = same.filter(source__name=source) if source else same.filter(source=None)
        for document in same:
            add(document, SAME_TITLE)
    hashes = shingles(texts)
    values = sketch(hashes)
    if values:
        candidates = (
            Shingle.objects.filter(value__in=values)
            .values("document_id")
            .annotate(shared=Count("pk"))
            .filter(shared__gte=MIN_SHARED)
            .order_by("-shared")
        )
        ids = [row["document_id"] for row in candidates[:MAX_CANDIDATES]]
        plains: dict[int, list[str]] = {}
        for document_id, plain in (
            Text.objects.filter(document_id__in=ids).order_by("order").values_list("document_id", "plain")
        ):
            plains.setdefault(document_id, []).append(plain)
        for document in documents.filter(pk__in=ids):
            share = overlap(hashes, shingles(plains.get(document.pk, [])))
            if share >= NEAR_IDENTICAL:
                add(document, SAME_TEXT).share = share
    return sorted(found.values(), key=lambda d: d.document.record)


def store_sketch(document: Document, texts: list[str]) -> None:
    """Replace the document's sketch with that of these texts."""
    Shingle.objects.filter(document=document).delete()
    Shingle.objects.bulk_create(Shingle(document=document, value=value) for value in sketch(shingles(texts)))
