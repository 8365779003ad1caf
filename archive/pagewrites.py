"""Which kept pages a committed write makes out of date.

Every statement that writes a table a reading page reads is seen on the connection (whatever sends
it: the ORM, a bulk update, raw SQL, a migration). Outside a transaction it moves every generation
on at once. Inside one it is noted, and when the transaction commits the notes decide:

- A transaction that kept a revision of the history (an import, an admin save, a publication action,
  a merge, a revert) is taken to concern the records that revision names: the history's own rule is
  that whatever writes in a revision adds what it wrote to it (`history.add`), or the history would
  be wrong too. Its documents' pages move on, with the pages of the entities they mention or had
  mentioned before, of the entities linked to those (an event's place and organizations), of the
  documents related to them, and the lists; when an entity's own row was written, the pages of the
  documents that show it move on as well.
- A transaction that wrote without a revision, or whose revision holds anything else (a collection,
  a source), moves every generation on, as any write did before.

Nothing is noted for a transaction that rolls back, nor for a savepoint rolled back inside one.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import timezone

from . import dbrouter, pagecache

# How many document pages an entity's change moves on one by one; beyond it, every document page.
DOCUMENT_PAGES_ONE_BY_ONE = 500
WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
ENTITY_TABLE = "archive_entity"
ANY = "any"
ROLLBACK_TO = re.compile(r'\s*ROLLBACK\s+TO\s+SAVEPOINT\s+"?(\w+)"?', re.I)


class Pending:
    """What one transaction wrote, noted with the savepoints open at the time; run at commit."""

    def __init__(self, connection):
        self.connection = connection
        self.opened = timezone.now()  # at the transaction's first write: what it creates is dated after
        self.notes: list[tuple[tuple[str, ...], str, object]] = []
        self.saving_entity: int | bool | None = False  # the entity whose save() is running (None: a new one)

    def note(self, kind: str, what) -> None:
        self.notes.append((tuple(self.connection.savepoint_ids), kind, what))

    def forget_savepoint(self, sid: str) -> None:
        self.notes = [note for note in self.notes if sid not in note[0]]

    def __call__(self) -> None:
        with dbrouter.primary():  # what the transaction wrote, which a replica may not have yet
            generations = generations_for(self.notes)
            additions = pagecache.LISTS in generations and only_additions(self.notes, self.opened)
        pagecache.bump(generations, additions_only=additions)


def pending(connection) -> Pending | None:
    for _, func, _ in connection.run_on_commit:
        if isinstance(func, Pending):
            return func
    return None


def noting(connection) -> Pending:
    """The transaction's notes, opened at its first write."""
    found = pending(connection)
    if found is None:
        found = Pending(connection)
        transaction.on_commit(found, using=connection.alias)
    return found


def watch(connection, sql: str, tables: frozenset[str]) -> None:
    """Note a statement that ran on connection."""
    head = sql.lstrip()[:7].upper()
    if head.startswith("ROLLBAC"):
        rollback = ROLLBACK_TO.match(sql)
        found = pending(connection) if rollback else None
        if found is not None:
            found.forget_savepoint(rollback.group(1))
        return
    if not head.startswith(pagecache.WRITES) or not any(table in sql for table in tables):
        return
    match = WRITE.match(sql)
    table = match.group(1).lower() if match else "?"
    if table not in tables and match:
        return  # writes a private table (a staged upload), naming a public one only in passing
    if not connection.in_atomic_block:
        pagecache.bump({pagecache.EVERYTHING})
        return
    notes = noting(connection)
    notes.note("write", table)
    if table == ENTITY_TABLE or not match:
        # An entity's own row: the one being saved, or (a bulk write, a delete) any of them.
        saving = notes.saving_entity if head.startswith(("INSERT", "UPDATE")) else False
        notes.note("entity row", ANY if saving is False else saving)


# What a revision says ------------------------------------------------------------------------------


def revision_kept(sender, revision, versions, **kwargs) -> None:
    """post_revision_commit receiver: note the records the revision names."""
    from django.db import connections

    connection = connections[revision._state.db or "default"]
    if not connection.in_atomic_block:
        return
    named: dict[type, set[int]] = {}
    for version in versions:
        model = ContentType.objects.get_for_id(version.content_type_id).model_class()
        if model is not None:
            named.setdefault(model._meta.concrete_model, set()).add(int(version.object_id))
    noting(connection).note("revision", named)


def before_change(sender, instance, using=None, **kwargs) -> None:
    """pre_save / pre_delete receiver: note what a document or entity showed before it changes (the
    entities a document mentions, the documents it is related to; an entity's links), which its
    change may take away."""
    from django.db import connections

    from .models import Document, Entity

    connection = connections[using or "default"]
    if not connection.in_atomic_block:
        return
    if isinstance(instance, Entity) and kwargs.get("signal") is pre_save:
        noting(connection).saving_entity = None if instance._state.adding else instance.pk
    if instance.pk is None or instance._state.adding:
        return
    if isinstance(instance, Document):
        noting(connection).note("before", _document_links({instance.pk}))
    elif isinstance(instance, Entity):
        noting(connection).note("before", (set(), _entity_links({instance.pk})))


def after_entity_save(sender, instance, using=None, **kwargs) -> None:
    """post_save receiver: the entity's save() is over."""
    from django.db import connections

    found = pending(connections[using or "default"])
    if found is not None:
        found.saving_entity = False


def connect() -> None:
    from reversion.signals import post_revision_commit

    from .models import Document, Entity

    post_revision_commit.connect(revision_kept, dispatch_uid="archive.pagewrites.revision_kept")
    # The kinds of entity are proxies of Entity, each sending its own signals.
    for name, signal in (("pre_save", pre_save), ("pre_delete", pre_delete)):
        for model in (Document, Entity, *Entity.__subclasses__()):
            signal.connect(before_change, sender=model, dispatch_uid=f"archive.pagewrites.{name}.{model.__name__}")
    for model in (Entity, *Entity.__subclasses__()):
        post_save.connect(after_entity_save, sender=model, dispatch_uid=f"archive.pagewrites.saved.{model.__name__}")


# From notes to generations -------------------------------------------------------------------------


def generations_for(notes) -> set[str]:
    from .models import CollectionItem, Document, Entity, EntityName, Mention, ProvenanceStep, Text

    writes = {what for _, kind, what in notes if kind == "write"}
    revisions = [what for _, kind, what in notes if kind == "revision"]
    if not writes:
        return set()
    if not revisions:
        return {pagecache.EVERYTHING}
    documents: set[int] = set()
    entities: set[int] = set()
    for named in revisions:
        for model, pks in named.items():
            if model is Document:
                documents |= pks
            elif model in (Text, Mention, ProvenanceStep, CollectionItem):
                documents |= set(model.objects.filter(pk__in=pks).values_list("document_id", flat=True))
            elif model is Entity:
                entities |= pks
            elif model is EntityName:
                entities |= set(EntityName.objects.filter(pk__in=pks).values_list("entity_id", flat=True))
            else:
                return {pagecache.EVERYTHING}  # a collection, a source, rights: shown on many pages
    if not documents and not entities:
        return {pagecache.EVERYTHING}
    records, linked = _document_links(documents)
    entities |= linked
    for _, kind, what in notes:
        if kind == "before":
            records.update(what[0])
            entities |= what[1]
    generations = {pagecache.LISTS}
    # Entities whose own row changed: the documents that show their names show the change. A new
    # entity is shown only by the documents written with it, which are moved on already.
    rows = {what for _, kind, what in notes if kind == "entity row"} - {None}
    changed = entities if ANY in rows else rows
    entities |= changed
    if changed:
        shown = _documents_showing(changed)
        if shown is None:
            generations.add(pagecache.DOCUMENTS)
        else:
            records.update(shown)
    generations |= {pagecache.document_generation(record) for record in records}
    generations |= {pagecache.entity_generation(pk) for pk in entities | _entity_links(entities)}
    return generations


def only_additions(notes, opened) -> bool:
    """Whether the transaction only added documents: every record its revisions name was created in it,
    no record that existed before was saved or deleted, and no existing entity's own row was written.
    Anything else may change or hide what a list shows, and moves the lists on at once."""
    from .models import CollectionItem, Document, Entity, EntityName, Mention, ProvenanceStep, Text

    added_with_documents = {Document, Text, Mention, ProvenanceStep, CollectionItem, Entity, EntityName}
    if any(kind == "before" for _, kind, _ in notes):
        return False  # a document or entity that existed was saved or deleted
    if {what for _, kind, what in notes if kind == "entity row"} - {None}:
        return False
    revisions = [named for _, kind, named in notes if kind == "revision"]
    if any(set(named) - added_with_documents for named in revisions):
        return False  # a collection, a source, rights: shown on many pages
    documents = set().union(*(named.get(Document, set()) for named in revisions))
    if not documents:
        return False
    created = Document.objects.filter(pk__in=documents, created__gte=opened).count()
    return created == len(documents)


def _document_links(documents: set[int]) -> tuple[set[int], set[int]]:
    """The records of documents and of those related to them, and the entities they mention or name
    as agents of their provenance."""
    from .models import Document, Mention, ProvenanceStep

    if not documents:
        return set(), set()
    related = Document.related.through.objects.filter(from_document_id__in=documents)
    ids = documents | set(related.values_list("to_document_id", flat=True))
    records = set(Document.objects.filter(pk__in=ids).values_list("record", flat=True))
    entities = set(Mention.objects.filter(document_id__in=documents).values_list("entity_id", flat=True))
    agents = ProvenanceStep.objects.filter(document_id__in=documents, agent__isnull=False)
    entities |= set(agents.values_list("agent_id", flat=True))
    return records, entities


def _entity_links(entities: set[int]) -> set[int]:
    """The entities whose pages show one of entities or that one of entities' pages shows: an event's
    place and organizations, a place's events, an organization's events."""
    from django.db.models import Q

    from .models import Entity

    if not entities:
        return set()
    links = Entity.organizations.through.objects.filter(Q(from_entity_id__in=entities) | Q(to_entity_id__in=entities))
    found = {pk for pair in links.values_list("from_entity_id", "to_entity_id") for pk in pair}
    places = Entity.objects.filter(pk__in=entities, place__isnull=False).values_list("place_id", flat=True)
    found |= set(places) | set(Entity.objects.filter(place_id__in=entities).values_list("pk", flat=True))
    return found


def _documents_showing(entities: set[int]) -> set[int] | None:
    """The records of the documents that mention or name as agent one of entities (None: too many to
    move on one by one)."""
    from django.db.models import Q

    from .models import Document

    records: set[int] = set()
    for showing in (Q(mentions__entity_id__in=entities), Q(provenance__agent_id__in=entities)):
        found = Document.objects.filter(showing).values_list("record", flat=True).distinct()
        records |= set(found[: DOCUMENT_PAGES_ONE_BY_ONE + 1])
    return None if len(records) > DOCUMENT_PAGES_ONE_BY_ONE else records
