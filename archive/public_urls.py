"""Every address a reader can reach, one entry per URL pattern: the table the no-leak test walks.

A feature that adds a public address (a feed, an export, an API) registers its pattern here, with
functions that give, for a document, the addresses that list, count, search or name it
(`reader_urls`) and the addresses that are its own or its records' own (`own_urls`: its page, its
collection's, the pages of entities no other document names). tests/test_no_leaks.py fetches them
as an anonymous reader for a public, a draft, an embargoed and a withdrawn document, and fails for
any pattern of the project's URLs (outside the admin) that has no entry.

Unless the document is public, a reader URL must show nothing of it, and an own URL must answer
404 (410 with the tombstone for the withdrawn record's own address, when `gone_when_withdrawn`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .dataset import build_file, served_file
from .kinds import KINDS, NAMES
from .models import Collection, Document, Entity
from .oai.repository import identifier as oai_identifier


@dataclass(frozen=True)
class PublicUrl:
    name: str  # the qualified URL name, e.g. "archive:document"
    reader_urls: Callable[[Document], list[str]] = lambda document: []
    own_urls: Callable[[Document], list[str]] = lambda document: []
    gone_when_withdrawn: bool = False


def _entities(document: Document) -> list[Entity]:
    return list(Entity.objects.filter(mentions__document=document).distinct().order_by("pk"))


def _named_elsewhere(document: Document, entity: Entity) -> bool:
    return entity.mentions.exclude(document=document).exists()


def _own_entities(document: Document) -> list[Entity]:
    """The entities this document alone names."""
    return [e for e in _entities(document) if not _named_elsewhere(document, e)]


def _shared_entities(document: Document) -> list[Entity]:
    """The entities this document names with others."""
    return [e for e in _entities(document) if _named_elsewhere(document, e)]


def _neighbours(document: Document) -> list[Document]:
    """The public documents that name an entity with this one (their records describe it)."""
    shared = _shared_entities(document)
    return list(Document.objects.published().filter(mentions__entity__in=shared).exclude(pk=document.pk).distinct())


def _collections(document: Document) -> list[Collection]:
    return list(Collection.objects.filter(items__document=document).order_by("pk"))


def _words(document: Document) -> list[str]:
    """Words a reader might search for: of the title, and of the entities' names and variants."""
    names = [document.title]
    for entity in _entities(document):
        names += [entity.name, *entity.names.values_list("name", flat=True)]
    return sorted({word for name in names for word in name.split() if len(word) > 3})


def _filters(document: Document) -> list[dict[str, str]]:
    """The filter values that would select the document: its source, collections and entities."""
    found = [{"source": document.source.slug}] if document.source_id else []
    found += [{"collection": collection.slug} for collection in _collections(document)]
    found += [{entity.kind: str(entity.pk)} for entity in _entities(document)]
    return found


def _with_query(path: str, queries: list[dict[str, str]]) -> list[str]:
    return [path, *(f"{path}?{urlencode(query)}" for query in queries)]


def _entity_indexes(document: Document) -> list[str]:
    urls = [reverse("archive:entity-index", args=[kind.segment]) for kind in KINDS]
    for entity in _entities(document):
        letter = entity.sort_name[:1].upper()
        letter = letter if "A" <= letter <= "Z" else "other"
        urls.append(f"{reverse('archive:entity-index', args=[entity.path_segment])}?letter={letter}")
    return urls


def _per_entity(name: str) -> PublicUrl:
    """A pattern with an address per entity: those of the entities only the document names are its own."""

    def urls(entities):
        return lambda document: [reverse(name, args=[e.path_segment, e.pk]) for e in entities(document)]

    return PublicUrl(name, reader_urls=urls(_shared_entities), own_urls=urls(_own_entities))


def _oai(document: Document) -> list[str]:
    """The harvesting protocol's lists, and the document's own record by its identifier."""
    path = reverse("oai")
    queries = [
        {"verb": "Identify"},
        {"verb": "ListSets"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": oai_identifier(document)},
        {"verb": "ListRecords", "metadataPrefix": "tei"},
        {"verb": "GetRecord", "metadataPrefix": "tei", "identifier": oai_identifier(document)},
    ]
    return [f"{path}?{urlencode(query)}" for query in queries]


def _dataset(document: Document) -> list[str]:
    """The dataset's address, once built again (as export_dataset is run after each change)."""
    build_file(served_file())
    return [reverse("archive:dataset")]


PUBLIC_URLS: list[PublicUrl] = [
    PublicUrl("archive:home", reader_urls=lambda d: [reverse("archive:home")]),
    PublicUrl(
        "archive:documents",
        reader_urls=lambda d: _with_query(
            reverse("archive:documents"),
            [*_filters(d), {"language": d.language}, {"type": d.doc_type}],  # words: see archive:search
        ),
    ),
    PublicUrl("archive:document", own_urls=lambda d: [d.get_absolute_url()], gone_when_withdrawn=True),
    PublicUrl(
        "archive:document-variant",
        own_urls=lambda d: [reverse("archive:document-variant", args=[d.record, d.slug or "untitled"])],
        gone_when_withdrawn=True,
    ),
    PublicUrl("archive:collections", reader_urls=lambda d: [reverse("archive:collections")]),
    PublicUrl("archive:collection", own_urls=lambda d: [c.get_absolute_url() for c in _collections(d)]),
    PublicUrl(
        "archive:search",
        reader_urls=lambda d: _with_query(
            reverse("archive:search"),
            [*_filters(d), *({"q": word} for word in _words(d)), {"q": d.title, "sort": "date"}],
        ),
    ),
    PublicUrl("archive:browse-dates", reader_urls=lambda d: [reverse("archive:browse-dates")]),
    PublicUrl("archive:timeline", reader_urls=lambda d: [reverse("archive:timeline")]),
    PublicUrl("archive:entity-index", reader_urls=_entity_indexes),
    PublicUrl(
        "archive:entity",
        reader_urls=lambda d: [e.get_absolute_url() for e in _shared_entities(d)],
        own_urls=lambda d: [e.get_absolute_url() for e in _own_entities(d)],
    ),
    PublicUrl(
        "archive:entity-variant",
        own_urls=lambda d: [
            reverse("archive:entity-variant", args=[e.path_segment, e.pk, e.slug]) for e in _own_entities(d)
        ],
    ),
    PublicUrl("archive:conventions", reader_urls=lambda d: [reverse("archive:conventions")]),
    *(
        PublicUrl(
            f"archive:cite-{form}", own_urls=lambda d, form=form: [reverse(f"archive:cite-{form}", args=[d.record])]
        )
        for form in ("bib", "ris", "json")
    ),
    PublicUrl(
        "archive:tei",
        reader_urls=lambda d: [reverse("archive:tei", args=[other.record]) for other in _neighbours(d)],
        own_urls=lambda d: [reverse("archive:tei", args=[d.record])],
    ),
    PublicUrl(
        "archive:annotations",
        reader_urls=lambda d: [reverse("archive:annotations", args=[other.record]) for other in _neighbours(d)],
        own_urls=lambda d: [reverse("archive:annotations", args=[d.record])],
    ),
    _per_entity("archive:entity-card"),
    PublicUrl("archive:documents-feed", reader_urls=lambda d: [reverse("archive:documents-feed")]),
    PublicUrl(
        "archive:collection-feed",
        own_urls=lambda d: [reverse("archive:collection-feed", args=[c.slug]) for c in _collections(d)],
    ),
    _per_entity("archive:entity-feed"),
    PublicUrl("archive:robots", reader_urls=lambda d: [reverse("archive:robots")]),
    PublicUrl("archive:sitemap", reader_urls=lambda d: [reverse("archive:sitemap")]),
    PublicUrl(
        "archive:sitemap-section",
        reader_urls=lambda d: [
            reverse("archive:sitemap-section", args=[section]) for section in ("documents", "entities", "collections")
        ],
    ),
    PublicUrl("oai", reader_urls=_oai),
    # The API answers 400 to a filter value that is not a public record's (a hidden source, a
    # hidden document's language), as it does to one that does not exist: its lists are walked
    # with the filters any reader may use, and whole.
    PublicUrl(
        "archive:api-documents",
        reader_urls=lambda d: _with_query(
            reverse("archive:api-documents"),
            [{"page_size": "100"}, *({"q": word} for word in _words(d)), {"type": d.doc_type, "sort": "-date"}],
        ),
    ),
    PublicUrl("archive:api-document", own_urls=lambda d: [reverse("archive:api-document", args=[d.record])]),
    PublicUrl(
        "archive:api-entities",
        reader_urls=lambda d: _with_query(
            reverse("archive:api-entities"),
            [{"page_size": "100"}, *({"kind": kind, "page_size": "100"} for kind in NAMES)],
        ),
    ),
    PublicUrl(
        "archive:api-entity",
        reader_urls=lambda d: [reverse("archive:api-entity", args=[e.pk]) for e in _shared_entities(d)],
        own_urls=lambda d: [reverse("archive:api-entity", args=[e.pk]) for e in _own_entities(d)],
    ),
    PublicUrl("archive:api-collections", reader_urls=lambda d: [f"{reverse('archive:api-collections')}?page_size=100"]),
    PublicUrl("archive:api-sources", reader_urls=lambda d: [f"{reverse('archive:api-sources')}?page_size=100"]),
    PublicUrl("archive:dataset", reader_urls=_dataset),
]
