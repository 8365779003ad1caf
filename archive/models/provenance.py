"""Where a document comes from and on what terms it may be used."""

from django.db import models
from django.urls import reverse

from archive.annotated.vocab import PROVENANCE_ACTIVITIES

from .common import EdtfDate, Loaded, unique_slug


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources of at least one public document."""
        from .documents import Document, public_q

        return self.filter(models.Exists(Document.objects.filter(public_q(), source=models.OuterRef("pk"))))


class Source(Loaded):
    """The publication a text was taken from: KCNA, Rodong Sinmun, a digital archive."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    url = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class RightsStatement(Loaded):
    """A controlled rights statement (rightsstatements.org or Creative Commons)."""

    uri = models.URLField(unique=True)
    code = models.CharField(max_length=30, unique=True)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ProvenanceStep(EdtfDate):
    """One step in the chain from the original to this archive, in order."""

    document = models.ForeignKey("archive.Document", on_delete=models.CASCADE, related_name="provenance")
    order = models.PositiveIntegerField(default=0)
    activity = models.CharField(max_length=20, choices=list(PROVENANCE_ACTIVITIES.items()))
    agent = models.ForeignKey(
        "archive.Entity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provenance_steps",
        help_text="The person or organization, when it is a record of the archive.",
    )
    agent_name = models.CharField(max_length=300, blank=True, help_text="The agent's name otherwise.")
    citation = models.CharField(max_length=300, blank=True, help_text="e.g. AVPRF F. 0102 Op. 11 P. 65 D. 45")
    place = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "order", "id"]
        verbose_name = "provenance step"

    def __str__(self) -> str:
        return f"{self.get_activity_display()} {self.agent_label}".strip()

    @property
    def agent_label(self) -> str:
        return self.agent.name if self.agent_id else self.agent_name

    def get_absolute_url(self) -> str:
        return reverse("archive:document", kwargs={"record": self.document.record})
