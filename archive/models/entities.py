"""Entities of every kind (archive.kinds), their proxy models and their names."""

import unicodedata

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from archive import kinds
from archive.annotated.romanization import romanization_key
from archive.annotated.scripts import language_of
from archive.annotated.vocab import ROLES

from .common import EdtfDate, TimeStamped, built_daily, record_url, unique_slug


def normalize_name(name: str) -> str:
    """Case-, accent- and punctuation-blind form of a name, for matching variants."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def name_key(name: str) -> str:
    """The spelling-blind key of a name (see archive.annotated.romanization), at most 300 characters."""
    return romanization_key(name)[:300]


Kind = models.TextChoices("Kind", [(kind.name.upper(), (kind.name, kind.label)) for kind in kinds.KINDS])


def is_public(field: str = "pk"):
    """The condition, on an entity query, that the entity (or the one its field points to, such as an
    event's place) is named by a public document or is the agent of one of its provenance steps."""
    from .documents import Mention, public_q
    from .provenance import ProvenanceStep

    return Exists(Mention.objects.filter(public_q("document__"), entity=OuterRef(field))) | Exists(
        ProvenanceStep.objects.filter(public_q("document__"), agent=OuterRef(field))
    )


class EntityQuerySet(models.QuerySet):
    def current(self):
        """Entities not merged into another."""
        return self.filter(merged_into__isnull=True)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def public(self):
        """Entities a reader may see: named by a public document, or an agent of its provenance."""
        return self.filter(is_public())

    def with_public_flag(self):
        """Annotate each entity with is_public (see public()), and place_is_public for an event's place."""
        return self.annotate(is_public=is_public(), place_is_public=is_public("place"))

    def with_document_counts(self):
        """Annotate each entity with the number of public documents that mention it."""
        from .documents import public_q

        return self.annotate(
            document_count=Count("mentions__document", filter=public_q("mentions__document__"), distinct=True)
        )

    def with_page_changed(self):
        """Annotated with what `Entity.page_changed_at` needs besides the entity's own stamp: the latest
        change of any public or withdrawn document (which decide the documents its page lists, and whose
        texts are saved with them; a withdrawal moves it), and the day the last embargo lifted. Edits to
        drafts and to documents still under embargo never move it. Each is one step down an index."""
        from .documents import Document, public_q, today

        def latest(documents, field="modified"):
            return Subquery(documents.order_by(f"-{field}").values(field)[:1])

        published = Document.objects.filter(status=Document.Status.PUBLISHED)
        return self.annotate(
            public_changed=latest(published.filter(public_q())),
            withdrawn_changed=latest(Document.objects.filter(status=Document.Status.WITHDRAWN)),
            # Of any status: with the status tested, SQLite would sort every published document.
            embargo_lifted=latest(Document.objects.filter(embargo_until__lte=today()), "embargo_until"),
        )

    def page_changed(self, pk: int):
        """When the page of entity pk last changed, in one query; None when there is no such public entity
        (see `with_page_changed`; an embargo lifts at the start of its day, with no write)."""
        row = (
            self.public()
            .filter(pk=pk, merged_into__isnull=True)
            .with_page_changed()
            .values_list("modified", "public_changed", "withdrawn_changed", "embargo_lifted")
            .first()
        )
        return _latest(*row) if row else None


def entity_page(pk: int):
    """Entity pk with its public flag and what `Entity.page_changed_at` needs, in one query (enough to
    answer a conditional GET); None when there is no entity pk."""
    return _entity_pages().filter(pk=pk).first()


@built_daily
def _entity_pages():
    return Entity.objects.with_public_flag().with_page_changed()


def _latest(modified, public_changed, withdrawn_changed, embargo_lifted):
    from .documents import start_of

    stamps = [modified, public_changed, withdrawn_changed, start_of(embargo_lifted) if embargo_lifted else None]
    return max(stamp for stamp in stamps if stamp)


class Entity(EdtfDate, TimeStamped):
    """One record for every kind of entity; the kind decides its URL and admin page."""

    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    name = models.CharField(max_length=300, help_text="The preferred name, as readers should see it.")
    name_normalized = models.CharField(max_length=300, editable=False, db_index=True)
    name_key = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    sort_name = models.CharField(max_length=300, blank=True, help_text="Used for A–Z order; defaults to the name.")
    slug = models.SlugField(
        max_length=100,
        help_text="The key used in annotated texts (after the kind prefix, e.g. kim-il-sung).",
    )
    description = models.TextField(blank=True)
    wikidata = models.CharField("Wikidata ID", max_length=20, blank=True, help_text="e.g. Q39464")
    viaf = models.CharField("VIAF ID", max_length=30, blank=True)
    # Events only
    place = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_here",
        limit_choices_to={"kind": "place"},
        help_text="For events: where it took place.",
    )
    organizations = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="events_involved",
        limit_choices_to={"kind": "organization"},
        help_text="For events: the organizations involved.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        editable=False,
    )

    KIND = ""  # set by the proxies below
    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_entity_key")]
        indexes = [models.Index(fields=["kind", "sort_name"]), models.Index(fields=["modified"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.KIND:
            self.kind = self.KIND
        self.name_normalized = normalize_name(self.name)
        self.name_key = name_key(self.name)
        if not self.sort_name:
            self.sort_name = self.name
        if not self.slug:
            self.slug = unique_slug(Entity, self.name, exclude_pk=self.pk, kind=self.kind)
        super().save(*args, **kwargs)

    @property
    def entity_kind(self) -> kinds.EntityKind:
        """The definition of its kind: prefix, URL segment, labels."""
        return kinds.BY_NAME[self.kind]

    @property
    def key(self) -> str:
        return f"{self.entity_kind.prefix}:{self.slug}"

    @property
    def path_segment(self) -> str:
        return self.entity_kind.segment

    @property
    def page_changed_at(self):
        """When the page last changed (as `page_changed`), for an entity from `with_public_flag().with_page_changed()`:
        None when it has no page of its own (not public, or merged into another)."""
        if not self.is_public or self.merged_into_id:
            return None
        return _latest(self.modified, self.public_changed, self.withdrawn_changed, self.embargo_lifted)

    def get_absolute_url(self) -> str:
        return record_url("archive:entity", segment=self.path_segment, pk=self.pk)

    def documents_by_role(self, limit: int) -> tuple[int, list[tuple[str, int, list]]]:
        """(published documents naming this entity, [(role, how many, the first `limit` in list order)]),
        for the roles it has in the order of ROLES, in a number of queries that does not grow with them."""
        total, counts = self.mentions.published_document_counts()
        roles = []
        for role in ROLES:
            if role in counts:
                documents = self.mentions.filter(role=role).published_documents(counts[role]).for_lists()
                roles.append((role, counts[role], list(documents[:limit])))
        return total, roles

    def visible_names(self):
        """The variants a reader may see: those a curator added, and those declared by a public document."""
        from .documents import public_q

        return self.names.filter(Q(document__isnull=True) | public_q("document__"))

    def variant_names(self) -> list[str]:
        return [n.name for n in self.visible_names()]

    def variants_with_language(self) -> list[tuple[str, str]]:
        """(name, language its script implies, '' for Latin letters) of each visible variant, for `lang` on the page."""
        return [(n.name, language_of(n.name)) for n in self.visible_names()]

    def add_variants(self, names, document_id: int | None = None) -> int:
        """Add the names this entity does not yet carry, as brought by document_id (None: typed by a
        curator, always shown); return how many were added."""
        return len(EntityName.objects.add_missing([(self, names)], document_id=document_id))


class EntityNameQuerySet(models.QuerySet):
    def add_missing(self, pairs, document_id: int | None = None) -> list["EntityName"]:
        """Give each (entity, names) entity the names it carries neither as its name nor as a variant,
        as brought by document_id, in two queries; return the names added."""
        known: dict[int, set[str]] = {entity.pk: {entity.name_normalized} for entity, _ in pairs}
        for entity_id, norm in self.filter(entity__in=known).values_list("entity_id", "normalized"):
            known[entity_id].add(norm)
        new = []
        for entity, names in pairs:
            for name in names:
                norm = normalize_name(name)
                if norm and norm not in known[entity.pk]:
                    known[entity.pk].add(norm)
                    new.append(
                        EntityName(
                            entity=entity, name=name, normalized=norm, name_key=name_key(name), document_id=document_id
                        )
                    )
        return self.bulk_create(new)


class EntityName(models.Model):
    """Another name of an entity: a romanization, another script, an abbreviation."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, editable=False, db_index=True)
    name_key = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    note = models.CharField(max_length=200, blank=True, help_text="e.g. McCune–Reischauer, Hangul, abbreviation")
    document = models.ForeignKey(
        "archive.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introduced_names",
        help_text="The document whose import added this name; readers see it once that document is public.",
    )

    objects = EntityNameQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "name variant"
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="unique_entity_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


class KindManager(models.Manager):
    """The entities of one kind: Person.objects holds persons only."""

    def get_queryset(self):
        return EntityQuerySet(self.model, using=self._db).filter(kind=self.model.KIND)


def _proxy(kind: kinds.EntityKind) -> type[Entity]:
    """The proxy model of one kind, named after it (Person), whose manager holds that kind only."""
    meta = type("Meta", (), {"proxy": True, "ordering": ["sort_name", "name"]})
    attributes = {"__module__": __name__, "__qualname__": kind.model_name, "KIND": kind.name, "Meta": meta}
    return type(kind.model_name, (Entity,), {**attributes, "objects": KindManager()})


# kind name -> its proxy model, in the order of KINDS.
PROXIES = {kind.name: _proxy(kind) for kind in kinds.KINDS}
# Each proxy also under its class name (Person, Organization, ...), for `from archive.models import Person`.
globals().update({proxy.__name__: proxy for proxy in PROXIES.values()})
