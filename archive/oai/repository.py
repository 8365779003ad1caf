"""What the OAI-PMH interface serves: published documents as records, withdrawn ones as deleted
records, sets, and the pages of a list.

A list is read in the order of (datestamp, key) and each page ends with a signed resumption token
naming where the next begins, so a harvest goes on correctly while records change. Drafts and
documents under an embargo never show; a withdrawn document shows as a deleted record (its header
only) unless an embargo still holds it, and stops showing if it returns to draft, so deletions are
kept `transient`ly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.db.models import Exists, OuterRef, Prefetch, Q

from archive.models import Collection, Document, Mention, Source
from archive.models.documents import public_q, today

PAGE_SIZE = 100
TEI_PAGE_SIZE = 20  # a TEI record holds the whole document and costs a few queries of its own
ID_PREFIX = "oai:plenum:documents/"
TOKEN_SALT = "archive.oai.resumption"
SET_KINDS = {"collection": "Documents in a collection", "source": "Documents by their source"}


class BadToken(Exception):
    pass


class UnknownSet(Exception):
    pass


def identifier(document: Document) -> str:
    return f"{ID_PREFIX}{document.record}"


def record_number(oai_identifier: str) -> int | None:
    """The record number an OAI identifier names, or None when it names none."""
    if not oai_identifier.startswith(ID_PREFIX):
        return None
    number = oai_identifier[len(ID_PREFIX) :]
    return int(number) if number.isascii() and number.isdigit() else None


def datestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def harvestable():
    """Published documents, and withdrawn ones (as deleted records) unless an embargo holds them."""
    withdrawn = Q(status=Document.Status.WITHDRAWN) & (Q(embargo_until__isnull=True) | Q(embargo_until__lte=today()))
    return Document.objects.filter(public_q() | withdrawn)


def is_deleted(document: Document) -> bool:
    return document.status == Document.Status.WITHDRAWN


def documents():
    """Harvestable documents with what a Dublin Core description reads, in a fixed number of queries."""
    return (
        harvestable()
        .select_related("source", "rights")
        .prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("entity__sort_name")),
            "provenance",
            Prefetch("collections", queryset=Collection.objects.order_by("name")),
        )
    )


def get(oai_identifier: str) -> Document | None:
    number = record_number(oai_identifier)
    return documents().filter(record=number).first() if number is not None else None


def exists(oai_identifier: str) -> bool:
    number = record_number(oai_identifier)
    return number is not None and harvestable().filter(record=number).exists()


def earliest() -> datetime.datetime | None:
    return harvestable().order_by("modified").values_list("modified", flat=True).first()


def sets() -> list[tuple[str, str]]:
    """(setSpec, setName) of every set: the two kinds, then each collection and source with a published document."""
    published = Document.objects.published()
    found = [(kind, label) for kind, label in SET_KINDS.items()]
    in_use = Collection.objects.filter(Exists(published.filter(collection_items__collection=OuterRef("pk"))))
    found += [(f"collection:{c.slug}", c.name) for c in in_use.order_by("slug")]
    used = Source.objects.filter(Exists(published.filter(source=OuterRef("pk"))))
    found += [(f"source:{s.slug}", s.name) for s in used.order_by("slug")]
    return found


def in_set(spec: str | None):
    """The harvestable documents of a set (every one when spec is None); UnknownSet if there is no such set."""
    queryset = documents()
    if not spec:
        return queryset
    kind, _, slug = spec.partition(":")
    if kind == "collection":
        if not slug:
            return queryset.filter(collection_items__isnull=False).distinct()
        if not Collection.objects.filter(slug=slug).exists():
            raise UnknownSet(spec)
        return queryset.filter(collection_items__collection__slug=slug)
    if kind == "source":
        if not slug:
            return queryset.filter(source__isnull=False)
        if not Source.objects.filter(slug=slug).exists():
            raise UnknownSet(spec)
        return queryset.filter(source__slug=slug)
    raise UnknownSet(spec)


@dataclass
class Page:
    documents: list[Document]
    total: int
    cursor: int  # how many came before this page
    token: str | None  # None: the list was not split; "": this is its last page
    prefix: str = "oai_dc"  # the metadata format, from the request or its resumption token


def page(prefix: str, start, end, spec: str | None, token: str | None = None) -> Page:
    """One page of a list; from a resumption token when given (BadToken if it is not one of ours)."""
    after, cursor = None, 0
    if token:
        try:
            state = signing.loads(token, salt=TOKEN_SALT)
            prefix, spec, cursor = state["prefix"], state["set"], state["cursor"]
            start = datetime.datetime.fromisoformat(state["from"]) if state["from"] else None
            end = datetime.datetime.fromisoformat(state["until"]) if state["until"] else None
            after = (datetime.datetime.fromisoformat(state["after"][0]), state["after"][1])
        except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError) as exc:
            raise BadToken(token) from exc
    queryset = in_set(spec)
    if start:
        queryset = queryset.filter(modified__gte=start)
    if end:
        queryset = queryset.filter(modified__lt=end)
    total = queryset.count()
    if after:
        queryset = queryset.filter(Q(modified__gt=after[0]) | Q(modified=after[0], pk__gt=after[1]))
    size = min(PAGE_SIZE, TEI_PAGE_SIZE) if prefix == "tei" else PAGE_SIZE
    rows = list(queryset.order_by("modified", "pk")[: size + 1])
    more, rows = len(rows) > size, rows[:size]
    next_token = None
    if more:
        last = rows[-1]
        state = {
            "prefix": prefix,
            "set": spec,
            "from": start.isoformat() if start else None,
            "until": end.isoformat() if end else None,
            "after": [last.modified.isoformat(), last.pk],
            "cursor": cursor + len(rows),
        }
        next_token = signing.dumps(state, salt=TOKEN_SALT, compress=True)
    elif token:
        next_token = ""
    return Page(rows, total, cursor, next_token, prefix)
