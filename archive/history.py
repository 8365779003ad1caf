"""The history of the archive's records, kept with django-reversion.

Every save of a document, text, entity or link made inside a revision is kept as a version: who,
when, a comment, and the record as it then was. A document's version follows its texts, its
mentions as a whole (roles), provenance steps and collection places, so bringing one back restores
all of them together; the texts' reading and plain forms and their mentions of passages are not
kept but made again from them (`after_revert`). An entity's version follows its name variants. The
admin shows each record's history and reverts to any earlier version; imports and merges record
revisions of their own (`recorded`).
"""

from __future__ import annotations

from contextlib import contextmanager

import reversion
from django.db import transaction

from .models import (
    PROXIES,
    Collection,
    CollectionItem,
    Document,
    Entity,
    EntityName,
    Mention,
    ProvenanceStep,
    RightsStatement,
    Source,
    Text,
)

# What a version of each model carries besides its own fields (its many-to-many links included).
# A document's mentions of passages are not kept: they follow from its texts, and are made again
# from them when a version is brought back (which costs less than keeping hundreds per version).
FOLLOW = {
    Document: ("texts", "whole_document_mentions", "provenance", "collection_items"),
    Text: (),
    Mention: (),
    ProvenanceStep: (),
    CollectionItem: (),
    Collection: ("items",),
    Entity: ("names",),
    EntityName: (),
    Source: (),
    RightsStatement: (),
}
# The proxies keep their versions under Entity, so every kind's page shows one history.
FOLLOW.update(dict.fromkeys(PROXIES.values(), ("names",)))


# Fields not kept: derived from the others, and made again when a version is brought back.
DERIVED = {Text: ("rendered", "plain")}


def register() -> None:
    for model, follow in FOLLOW.items():
        if not reversion.is_registered(model):
            fields = None
            if model in DERIVED:
                fields = [f.name for f in model._meta.concrete_fields if f.name not in DERIVED[model]]
            reversion.register(model, follow=follow, fields=fields)


register()


@contextmanager
def recorded(comment: str, user=None, *, manual: bool = False):
    """Keep what is saved inside as one revision with comment and user (when known).

    Inside a revision already open (an admin page), the comment is added to it. With manual, saves
    are not picked up as they happen: the caller adds what it wrote once it is complete (`add`),
    which spares serializing a record at each of its intermediate saves.
    """
    with reversion.create_revision(manage_manually=manual):
        reversion.set_comment(comment)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        yield


def add(*objects) -> None:
    """Keep objects as they now are in the open revision (for writes that send no signal: update(),
    bulk_create()); nothing when no revision is open."""
    if reversion.is_active():
        for obj in objects:
            reversion.add_to_revision(obj)


def versions_of(obj):
    """obj's versions, latest first."""
    from reversion.models import Version

    return Version.objects.get_for_object(obj).select_related("revision", "revision__user")


@transaction.atomic
def revert(version, user=None) -> None:
    """Bring back everything the revision of version held, as one new revision; the texts are rendered
    again and the search rows of the documents concerned brought in step."""
    with recorded(f"Reverted to the version of {version.revision.date_created:%Y-%m-%d %H:%M} UTC", user):
        version.revision.revert(delete=True)
        documents = _documents_of(version.revision)
        after_revert(documents)
        add(*Document.objects.filter(pk__in=documents))


def after_revert(documents) -> None:
    """Render the texts of the documents again, with their mentions of passages, and bring their
    search rows in step."""
    from .search import refresh
    from .texts import refresh_text

    for text in Text.objects.filter(document__in=documents):
        refresh_text(text)
    refresh(documents)


def _documents_of(revision) -> list[int]:
    """The documents a revision touched, itself or through their texts, links or entities."""
    ids: dict[type, set[int]] = {}
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        ids.setdefault(model, set()).add(int(version.object_id))
    documents = set(ids.get(Document, ()))
    for model in (Text, Mention, ProvenanceStep, CollectionItem):
        documents |= set(model.objects.filter(pk__in=ids.get(model, ())).values_list("document_id", flat=True))
    entities = ids.get(Entity, set())
    documents |= set(Mention.objects.filter(entity_id__in=entities).values_list("document_id", flat=True))
    # Texts whose marks use the entities' keys: after a merge undone, their mentions go back to them.
    for entity in Entity.objects.filter(pk__in=entities):
        texts = Text.objects.filter(source__contains="{" + entity.key)
        documents |= set(texts.values_list("document_id", flat=True))
    return sorted(documents)


def after_admin_revert(request) -> None:
    """After the admin brought back a version (its page is named `..._revision` and takes the record
    and the version), render the texts concerned again and bring their search rows in step."""
    from reversion.models import Version

    match = request.resolver_match
    if match is None or not (match.url_name or "").endswith("_revision") or len(match.args) < 2:
        return
    version = Version.objects.filter(pk=match.args[1]).select_related("revision").first()
    if version is not None:
        after_revert(_documents_of(version.revision))
