"""Fields and helpers shared by several record families."""

from functools import lru_cache, wraps

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from archive.annotated import dates
from archive.urlscope import url_scope


class Loaded(models.Model):
    """A model whose rows read from the database become instances without `Model.__init__`: its values go
    straight into the instance, as `__init__` would leave them (a field not read stays deferred). A document
    page makes about fifty instances, and `__init__`, which checks each value for a keyword, a descriptor and
    a default, took three times as long as this for each one. Made by `__init__` as Django does whenever a
    receiver of pre_init or post_init is connected (none is, unless an app connects one)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        if pre_init.receivers or post_init.receivers:
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        new.__dict__.update(zip(field_names, values, strict=True))
        state = new._state = ModelState()
        state.adding, state.db = False, db
        return new


class TimeStamped(Loaded):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EdtfDate(Loaded):
    """A date in EDTF with the day bounds it stands for (None where the year is unknown)."""

    date_edtf = models.CharField(
        "date (EDTF)",
        max_length=64,
        blank=True,
        help_text="e.g. 1956-09-15, 1956-08, 1956-08-30/1956-08-31, 1956~, XXXX-02-26 (year unknown)",
    )
    date_start = models.DateField(null=True, blank=True, editable=False, db_index=True)
    date_end = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.date_start, self.date_end = dates.bounds(self.date_edtf) if self.date_edtf else (None, None)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.date_edtf:
            try:
                dates.validate(self.date_edtf)
            except dates.DateError as exc:
                raise ValidationError({"date_edtf": str(exc)}) from exc

    @property
    def date_display(self) -> str:
        return dates.describe(self.date_edtf)


def unique_slug(model, value: str, *, exclude_pk=None, max_length: int = 80, **scope) -> str:
    """A slug for value not yet used by model within scope ('kim-il-sung', 'kim-il-sung-2')."""
    base = slugify(value)[:max_length].strip("-") or slugify(value, allow_unicode=True)[:max_length] or "untitled"
    candidate, n = base, 1
    existing = model.objects.filter(**scope)
    if exclude_pk:
        existing = existing.exclude(pk=exclude_pk)
    while existing.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def record_url(viewname: str, **kwargs) -> str:
    """reverse(viewname, kwargs=kwargs), remembered under url_scope(): a page links to dozens of records, and
    resolving each address afresh was a tenth of its cost."""
    return _reversed(*url_scope(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=50_000)
def _reversed(resolver, prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, urlconf=resolver.urlconf_name, kwargs=dict(kwargs))


def built_daily(build):
    """build(), queries whose conditions depend on the day (what is public), built once a day and kept to
    be copied by each caller: building a query with subqueries took longer than running it."""
    kept = {}

    @wraps(build)
    def built():
        day = timezone.localdate()
        if day not in kept:
            queryset = build()
            if timezone.localdate() != day:  # the day turned while it was built
                return queryset
            kept.clear()
            kept[day] = queryset
        return kept[day]

    return built
