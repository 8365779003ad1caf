"""Documents, their texts, the mentions in them, and collections."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone

from archive.annotated.vocab import DOCUMENT_TYPES, ROLES, TEXT_TYPES

from .common import EdtfDate, Loaded, TimeStamped, built_daily, record_url, unique_slug
from .entities import Entity
from .prepared import Prepared, prepared_daily
from .provenance import ProvenanceStep
from .supplied import SuppliedValues


class RecordNumber(models.Model):
    """Every record number ever assigned. Rows are never deleted, so a number is never reused."""

    number = models.PositiveIntegerField(primary_key=True)
    assigned = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return str(self.number)

    @classmethod
    def next_free(cls) -> int:
        last = cls.objects.order_by("-number").values_list("number", flat=True).first()
        return (last or 0) + 1


def today() -> datetime.date:
    """The archive's current day, which decides whether an embargo has lifted."""
    return timezone.localdate()


def public_q(prefix: str = "") -> Q:
    """The condition for a document to be public now, through the relation path prefix ('documents__').

    Published, and either under no embargo or under one that has lifted; a draft or a withdrawn
    document never is. Built afresh on each call, so it follows the day.
    """
    return Q(**{f"{prefix}status": Document.Status.PUBLISHED}) & (
        Q(**{f"{prefix}embargo_until__isnull": True}) | Q(**{f"{prefix}embargo_until__lte": today()})
    )


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of day in the archive's time zone (an embargo lifts then)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """The documents a reader may see now: everything a reader sees derives from this."""
        return self.filter(public_q())

    def unpublished(self):
        """Documents readers do not see: those not published, and those under an embargo not yet lifted."""
        return self.filter(Q(pk__in=self.not_published().values("pk")) | Q(pk__in=self.embargoed().values("pk")))

    def not_published(self):
        """Drafts and withdrawn documents: every other status, each looked up in the status index (`!=` would
        read all of it, and two ranges joined by OR were read whole on PostgreSQL, filtered row by row)."""
        return self.filter(status__in=[s for s in Document.Status.values if s != Document.Status.PUBLISHED])

    def embargoed(self):
        """Documents under an embargo that has not lifted (whatever their status), from the embargo index."""
        return self.filter(embargo_until__gt=today())

    def withdrawn(self):
        return self.filter(status=Document.Status.WITHDRAWN)

    def for_lists(self):
        """What a list row shows: type, date, source."""
        return self.select_related("source")

    def with_reading_relations(self):
        """Everything a reading page shows, in a fixed number of queries."""
        return self.select_related("source", "rights").prefetch_related(*reading_prefetches())

    def with_page_changed(self):
        """Annotated with what `Document.page_changed_at` needs: the latest change of the document's texts,
        of the entities it names (whose names the page shows) and of its provenance's agents."""
        texts = Text.objects.filter(document=OuterRef("pk")).order_by("-modified").values("modified")
        # The latest of the named entities' changes, each entity read by key from one of the document's mentions.
        # Joined, PostgreSQL walked the entities newest first for one the document names (6,500 rows, 0.5 ms) or,
        # asked for the largest, hashed every entity (5,000, 0.7 ms).
        entity_changed = Entity.objects.filter(pk=OuterRef("entity_id")).order_by().values("modified")
        named = (
            Mention.objects.filter(document=OuterRef("pk"))
            .order_by()
            .values("document")
            .annotate(latest=Max(Subquery(entity_changed)))
            .values("latest")
        )
        agents = ProvenanceStep.objects.filter(document=OuterRef("pk"), agent__isnull=False)
        return self.annotate(
            texts_changed=Subquery(texts[:1]),
            entities_changed=Subquery(named),
            agents_changed=Subquery(agents.order_by("-agent__modified").values("agent__modified")[:1]),
        )

    def page_changed(self, record: int):
        """When the reading page of the published document `record` last changed, in one query.

        The latest of the document, its texts and the entities it names (whose names the page shows);
        None when no public document has that number.
        """
        document = self.published().filter(record=record).with_page_changed().only("modified").first()
        return document.page_changed_at if document else None


def reading_page(record: int):
    """The published document `record` with its source, rights and when its page last changed, in one
    query (enough to answer a conditional GET); `Document.prefetch_reading_relations` adds the rest. None when
    no public document has that number."""
    found = _reading_pages().run(record)
    return found[0] if found else None


@prepared_daily
def _reading_pages():
    return (
        Document.objects.published()
        .select_related("source", "rights")
        .with_page_changed()
        .annotate(
            # Most documents are in no collection and have no related document: not asked again.
            has_collections=Exists(CollectionItem.objects.filter(document=OuterRef("pk"))),
            has_related=Exists(Document.related.through.objects.filter(from_document=OuterRef("pk"))),
        )
        .filter(record=Prepared.VALUE)[:1]
    )


@built_daily
def _reading_prefetches() -> tuple:
    """The reading page's relations, each with its query of one document's rows compiled once (`Prepared`): Django's
    prefetching of one document cost more than the queries (the related documents' condition depends on the day)."""
    return tuple((lookup.prefetch_to, Prepared(_for_one_document(lookup))) for lookup in reading_prefetches())


# Most documents are in no collection and have no related document: `reading_page` says whether one is, and these
# are asked for only then.
ASKED_IF_ANY = ("collections", "related")


def _for_one_document(lookup: Prefetch):
    """The rows of lookup's relation for the document `Prepared.VALUE`, with what the reading page shows of them: of
    its texts, the reading form, not the annotated source nor the plain text; of its mentions, one for each entity
    and role: the page names an entity once in each role it has, and a text names the same one many times (32
    mentions of 15 entities and roles a document in the benchmark's archive, each made a mention and an entity)."""
    name = lookup.prefetch_to
    if name == "texts":
        return lookup.queryset.filter(document_id=Prepared.VALUE).defer("source", "plain")
    if name in ASKED_IF_ANY:
        # By key, from this document's rows of the link table: joined the other way, SQLite walked every published
        # document for the few it relates (33 ms at 100,000 documents).
        links = (
            CollectionItem.objects.filter(document_id=Prepared.VALUE).values("collection_id")
            if name == "collections"
            else Document.related.through.objects.filter(from_document_id=Prepared.VALUE).values("to_document_id")
        )
        return lookup.queryset.filter(pk__in=links)
    if name != "mentions":
        return lookup.queryset.filter(document_id=Prepared.VALUE)
    firsts = (
        Mention.objects.filter(document_id=Prepared.VALUE)
        .order_by()
        .values("entity_id", "role")
        .annotate(first=Min("pk"))
        .values("first")
    )
    # Of each entity, what the page shows of it (its name, kind, address and authority records), not the dates
    # and texts that only its own page shows.
    unshown = ("created", "modified", "date_edtf", "date_start", "date_end", "description", "name_normalized")
    return lookup.queryset.filter(pk__in=firsts).defer("quote", *(f"entity__{field}" for field in unshown))


def reading_prefetches() -> tuple:
    """The relations a reading page shows, for `prefetch_related`."""
    return (
        Prefetch("texts", queryset=Text.objects.order_by("order")),
        Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("entity__sort_name", "role")),
        Prefetch("provenance", queryset=ProvenanceStep.objects.select_related("agent")),
        Prefetch("collections", queryset=Collection.objects.order_by("name")),
        Prefetch("related", queryset=Document.objects.published().order_by("record")),
    )


class Document(SuppliedValues, EdtfDate, TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    record = models.PositiveIntegerField(
        unique=True,
        editable=False,
        help_text="The public record number: assigned once, never changed, never reused.",
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120, blank=True)
    summary = models.TextField(blank=True)
    doc_type = models.CharField("type", max_length=20, choices=list(DOCUMENT_TYPES.items()), db_index=True)
    date_written = models.CharField(
        "date as written", max_length=200, blank=True, help_text="The date as the source writes it."
    )
    language = models.CharField(max_length=20, help_text="BCP 47 code, e.g. en")
    original_language = models.CharField(max_length=20, blank=True, help_text="BCP 47 code, e.g. ko")
    classification = models.TextField(
        "classification marks", blank=True, help_text="As written, one per line (e.g. SECRET, Copy Nº 1)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    embargo_until = models.DateField(
        "embargoed until",
        null=True,
        blank=True,
        db_index=True,
        help_text="A published document becomes public on this day; nothing of it shows before.",
    )
    withdrawn = models.DateField("withdrawn on", null=True, blank=True, help_text="Set when the record is withdrawn.")
    withdrawal_reason = models.TextField(blank=True, help_text="Shown on the withdrawn record's page.")
    title_withheld = models.BooleanField(default=False, help_text="The withdrawn record's page leaves the title out.")
    source = models.ForeignKey(
        "archive.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    source_url = models.URLField("source URL", blank=True)
    rights = models.ForeignKey(
        "archive.RightsStatement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="rights statement",
    )
    rights_notice = models.TextField(blank=True, help_text="The holder's own wording.")
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    curator_note = models.TextField(blank=True, help_text="Not shown to readers.")
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["date_start", "record"]
        indexes = [
            # Lists in reading order, with the year bounds their filters test and the embargo that
            # decides whether a published document is public (so that counts read the index alone).
            models.Index(fields=["status", "date_start", "record", "date_end", "embargo_until"]),
            models.Index(fields=["status", "doc_type", "date_start", "record", "date_end", "embargo_until"]),
            models.Index(fields=["modified"]),
            models.Index(fields=["status", "modified"]),  # an entity page's validators
            models.Index(fields=["status", "created"]),  # the home page's latest additions
            models.Index(fields=["status", "language", "embargo_until"]),  # the language filter's choices
            # The duplicate check of an import: same source URL; same title, date and source.
            models.Index(fields=["source_url"]),
            models.Index(fields=["title", "date_edtf"]),
        ]

    def __str__(self) -> str:
        return f"{self.record}. {self.title}"

    def save(self, *args, **kwargs):
        if not self.record:
            self.record = RecordNumber.next_free()
        RecordNumber.objects.get_or_create(number=self.record)
        if not self.slug:
            self.slug = unique_slug(Document, self.title, exclude_pk=self.pk, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return record_url("archive:document", record=self.record)

    def prefetch_reading_relations(self):
        """This document (from `reading_page()`) with everything else its reading page shows, as
        `with_reading_relations` fetches them and as a prefetch leaves them (`document.texts.all()` asks
        nothing). Each relation is read by a query of its own, built once a day and filtered by this document
        (`_for_one_document`); its collections and related documents, which most documents lack, only when
        `reading_page` found some."""
        for name, for_one_document in _reading_prefetches():
            rows = [] if not getattr(self, f"has_{name}", True) else for_one_document.run(self.pk)
            if name not in ASKED_IF_ANY:
                for row in rows:
                    row.document = self
            fetched = getattr(self, name).get_queryset()
            fetched._result_cache, fetched._prefetch_done = rows, True
            self.__dict__.setdefault("_prefetched_objects_cache", {})[name] = fetched
        return self

    @property
    def page_changed_at(self):
        """When the reading page last changed, for a document from `with_page_changed()`."""
        stamps = (self.modified, self.texts_changed, self.entities_changed, self.agents_changed)
        return max(stamp for stamp in stamps if stamp)

    def clean(self):
        """A withdrawn record says why (and is dated today unless told); any other keeps no withdrawal."""
        super().clean()
        if self.status == self.Status.WITHDRAWN:
            if not self.withdrawal_reason.strip():
                raise ValidationError({"withdrawal_reason": "Say why the record is withdrawn: readers see it."})
            self.withdrawn = self.withdrawn or today()
        else:
            self.withdrawn, self.withdrawal_reason, self.title_withheld = None, "", False

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and (not self.embargo_until or self.embargo_until <= today())

    @classmethod
    def published_languages(cls) -> list[str]:
        """The languages of public documents, in order.

        One step through the (status, language) index per language, which the ORM cannot say: a
        SELECT DISTINCT reads every entry of it, one per published document.
        """
        connection = connections[router.db_for_read(cls)]
        table = connection.ops.quote_name(cls._meta.db_table)
        public = " AND (embargo_until IS NULL OR embargo_until <= %s)"
        sql = (
            f"WITH RECURSIVE found (language) AS ("
            f" SELECT MIN(language) FROM {table} WHERE status = %s{public}"
            f" UNION ALL"
            f" SELECT (SELECT MIN(language) FROM {table} WHERE status = %s{public} AND language > found.language)"
            f" FROM found WHERE found.language IS NOT NULL"
            f") SELECT language FROM found WHERE language IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [cls.Status.PUBLISHED, today()] * 2)
            return [language for (language,) in cursor.fetchall()]

    @property
    def whole_document_mentions(self):
        """The mentions of the document as a whole (a role such as author), not of a passage of a text."""
        return self.mentions.filter(text=None)

    def classification_marks(self) -> list[str]:
        return [line.strip() for line in self.classification.splitlines() if line.strip()]

    def entities_by_role(self) -> list[tuple[str, list[Entity]]]:
        """[(role, [entities])] in the order of ROLES, from the prefetched mentions."""
        seen: dict[str, dict[int, Entity]] = {role: {} for role in ROLES}
        for mention in self.mentions.all():
            seen[mention.role].setdefault(mention.entity_id, mention.entity)
        named = {pk for role, entities in seen.items() if role != "mentioned" for pk in entities}
        seen["mentioned"] = {pk: e for pk, e in seen["mentioned"].items() if pk not in named}
        return [
            (role, sorted(entities.values(), key=lambda e: e.sort_name)) for role, entities in seen.items() if entities
        ]


class Text(TimeStamped):
    """One text of a document (a translation, a transcript of the original, ...)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    order = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=20)
    text_type = models.CharField("type", max_length=20, choices=[(t, t.title()) for t in TEXT_TYPES])
    source = models.TextField(
        "annotated text", help_text="The body in the annotated-text format; the reading form is rendered on save."
    )
    rendered = models.TextField(editable=False, blank=True)
    plain = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["document", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="unique_text_order")]
        indexes = [models.Index(fields=["modified"])]

    def __str__(self) -> str:
        return f"{self.get_text_type_display()} ({self.language})"

    @property
    def anchor_prefix(self) -> str:
        return "" if self.order == 0 else f"t{self.order + 1}-"


# Above this many, an entity's documents are found by reading documents in list order (see published_documents).
MANY_DOCUMENTS = 2000


class MentionQuerySet(models.QuerySet):
    def published_document_counts(self) -> tuple[int, dict[str, int]]:
        """(published documents these mentions are in, {role: published documents in that role}).

        Counted over the mentions alone, which their indexes hold, less those in unpublished documents,
        found from the unpublished side: looking up every mention's document costs several times more.
        """
        mentions = self.order_by()
        by_role = dict(mentions.values_list("role").annotate(n=Count("document", distinct=True)))
        total = mentions.aggregate(n=Count("document", distinct=True))["n"]
        # Each part from its own index: SQLite reads the whole table for one condition joining both.
        hidden = mentions.filter(
            Q(document__in=Document.objects.not_published()) | Q(document__in=Document.objects.embargoed())
        )
        hidden = list(hidden.values_list("document_id", "role").distinct())
        total -= len({document for document, _ in hidden})
        for _, role in hidden:
            by_role[role] -= 1
        return total, {role: n for role, n in by_role.items() if n}

    def published_documents(self, count: int):
        """The published documents these mentions are in, in list order; count: how many there are.

        Up to MANY_DOCUMENTS are looked up by id and sorted (the status is tested among the mentions, or
        SQLite would walk every published document in list order to match a few); more are read in list
        order from the documents' index, each checked for a mention, which stops once the slice is full.
        """
        if count <= MANY_DOCUMENTS:
            ids = self.filter(public_q("document__")).order_by().values("document_id")
            if connections[self.db].vendor == "postgresql":
                # Given `IN (subquery)`, PostgreSQL walks the documents in list order looking each up among the
                # mentions (26,401 buffers for an author's 566 documents of 100,000); given an array of the ids,
                # it reads those documents by id and sorts them (3,458).
                among = Func(F("pk"), Subquery(ids), arg_joiner=" = ANY(ARRAY", template="%(expressions)s)")
                documents = Document.objects.filter(ExpressionWrapper(among, output_field=models.BooleanField()))
            else:
                documents = Document.objects.filter(pk__in=ids)
        else:
            documents = Document.objects.published().filter(Exists(self.filter(document=OuterRef("pk"))))
        return documents.order_by("date_start", "record")


class Mention(Loaded):
    """An entity named in a document: a span of one of its texts, or the document as a whole."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mentions")
    text = models.ForeignKey(Text, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    role = models.CharField(max_length=20, choices=[(r, r.title()) for r in ROLES], default="mentioned")
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset in the plain text.")
    end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.CharField(max_length=500, blank=True, help_text="The words of the text.")

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "text", "start"]
        # An entity's documents counted and listed by role, and counted and checked by document.
        indexes = [
            models.Index(fields=["entity", "role", "document"]),
            models.Index(fields=["entity", "document", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.role})"


class CollectionQuerySet(models.QuerySet):
    def public(self):
        """Collections holding at least one public document."""
        return self.filter(Exists(CollectionItem.objects.filter(public_q("document__"), collection=OuterRef("pk"))))

    def with_public_counts(self):
        return self.annotate(document_count=Count("documents", filter=public_q("documents__")))


class Collection(TimeStamped):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, through="CollectionItem", related_name="collections")

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Collection, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="collection_items")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["collection", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["collection", "document"], name="unique_collection_item")]

    def __str__(self) -> str:
        return f"{self.collection}: {self.document}"
