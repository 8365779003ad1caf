"""Merging entities found to be one: everything moves to the survivor, old URLs redirect to it."""

from django.db import transaction

from . import history
from .models import Entity, EntityName, Mention, ProvenanceStep
from .models.documents import public_q
from .search import refresh


@transaction.atomic
def merge_entities(survivor: Entity, others: list[Entity], user=None) -> None:
    """Move the others' mentions, names and links to survivor; the others redirect to it.

    The merge is kept in the history as one revision (the entities, their names, the moved mentions
    and provenance steps), which can be reverted."""
    others = [other for other in others if other.pk != survivor.pk]
    if any(other.kind != survivor.kind for other in others):
        raise ValueError("only entities of one kind can be merged")
    names = ", ".join(f"{other.name} ({other.key})" for other in others)
    with history.recorded(f"Merged {names} into {survivor.name} ({survivor.key})", user):
        _merge(survivor, others)


def _merge(survivor: Entity, others: list[Entity]) -> None:
    ids = [other.pk for other in others]
    # Each name keeps the document that brought it, so that a draft's names stay hidden after the merge.
    names = [(other.name, _naming_document(other)) for other in others]
    names += list(EntityName.objects.filter(entity_id__in=ids).values_list("name", "document_id"))
    moved_mentions = list(Mention.objects.filter(entity_id__in=ids).values_list("pk", flat=True))
    moved_steps = list(ProvenanceStep.objects.filter(agent_id__in=ids).values_list("pk", flat=True))
    Mention.objects.filter(entity_id__in=ids).update(entity=survivor)
    ProvenanceStep.objects.filter(agent_id__in=ids).update(agent=survivor)
    Entity.objects.filter(place_id__in=ids).update(place=survivor)
    Entity.objects.filter(merged_into_id__in=ids).update(merged_into=survivor)
    through = Entity.organizations.through
    for link in through.objects.filter(to_entity_id__in=ids):
        through.objects.get_or_create(from_entity_id=link.from_entity_id, to_entity=survivor)
    through.objects.filter(to_entity_id__in=ids).delete()
    survivor.organizations.add(*Entity.objects.filter(events_involved__in=ids))
    EntityName.objects.filter(entity_id__in=ids).delete()
    for document_id in sorted({document for _, document in names}, key=lambda pk: (pk is not None, pk)):
        survivor.add_variants([name for name, document in names if document == document_id], document_id=document_id)
    for field in ("description", "date_edtf", "wikidata", "viaf", "place_id"):
        if not getattr(survivor, field):
            value = next((getattr(other, field) for other in others if getattr(other, field)), None)
            if value:
                setattr(survivor, field, value)
    survivor.save()
    # The others keep their keys, so annotated files that use them resolve to the survivor.
    Entity.objects.filter(pk__in=ids).update(merged_into=survivor)
    # Kept as they now are (an update sends no signal); the versions before are those of earlier revisions.
    history.add(
        *Entity.objects.filter(pk__in=ids),
        *Mention.objects.filter(pk__in=moved_mentions),
        *ProvenanceStep.objects.filter(pk__in=moved_steps),
    )
    # The survivor's documents are found by every name it now has, and counted under it.
    refresh(survivor.mentions.order_by().values_list("document_id", flat=True).distinct())


def _naming_document(entity: Entity) -> int | None:
    """The document that shows entity's name to readers: a public one naming it when there is one, else
    the first naming it (None when none does, as for a name typed in the admin)."""
    mentions = entity.mentions.order_by("document__record").values_list("document_id", flat=True)
    return mentions.filter(public_q("document__")).first() or mentions.first()
