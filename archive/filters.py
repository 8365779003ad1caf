"""FilterSets for document lists."""

import calendar
import datetime
import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q

from archive.annotated.vocab import DOCUMENT_TYPES

from .models import Collection, Document, Mention, Organization, Person, Place, Source, Topic
from .models.entities import Event


class EntityChoiceField(forms.ModelChoiceField):
    """An entity by its number; anything but a plausible number is an invalid choice, not a crash."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"\d{1,18}", str(value)):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class EntityFilter(django_filters.ModelChoiceFilter):
    field_class = EntityChoiceField


def _languages():
    return [(code, code) for code in Document.published_languages()]


def _public(model):
    """The model's public records, as the request's choices (a queryset built at import would keep its day)."""
    return lambda request: model.objects.all().public()


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label="Words in title or summary")
    type = django_filters.ChoiceFilter(
        field_name="doc_type", choices=list(DOCUMENT_TYPES.items()), label="Type", empty_label="Any type"
    )
    year_from = django_filters.NumberFilter(method="filter_year_from", label="From year", min_value=1, max_value=9999)
    year_to = django_filters.NumberFilter(method="filter_year_to", label="To year", min_value=1, max_value=9999)
    language = django_filters.ChoiceFilter(choices=_languages, label="Language", empty_label="Any language")
    source = django_filters.ModelChoiceFilter(
        queryset=_public(Source), to_field_name="slug", label="Source", empty_label="Any source"
    )
    collection = django_filters.ModelChoiceFilter(
        field_name="collections",
        queryset=_public(Collection),
        to_field_name="slug",
        label="Collection",
        empty_label="Any collection",
    )
    # Entity filters arrive from links on entity pages; a select of every entity would not scale.
    person = EntityFilter(queryset=_public(Person), method="filter_entity", widget=forms.HiddenInput, label="Person")
    organization = EntityFilter(
        queryset=_public(Organization), method="filter_entity", widget=forms.HiddenInput, label="Organization"
    )
    place = EntityFilter(queryset=_public(Place), method="filter_entity", widget=forms.HiddenInput, label="Place")
    event = EntityFilter(queryset=_public(Event), method="filter_entity", widget=forms.HiddenInput, label="Event")
    topic = EntityFilter(queryset=_public(Topic), method="filter_entity", widget=forms.HiddenInput, label="Topic")
    sort = django_filters.OrderingFilter(
        fields=(("date_start", "date"), ("title", "title"), ("record", "record")),
        field_labels={"date_start": "Date", "title": "Title", "record": "Record number"},
        label="Sort by",
        empty_label="Date (default)",
    )

    ENTITY_FILTERS = ("person", "organization", "place", "event", "topic")

    class Meta:
        model = Document
        fields = []

    def filter_words(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(date_end__gte=datetime.date(int(value), 1, 1))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(date_start__lte=datetime.date(int(value), 12, 31))

    def filter_entity(self, queryset, name, value):
        return queryset.filter(mentions__entity=value).distinct()

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(label, value shown, query string without it) for each valid filter in use."""
        if not self.is_bound or not self.form.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []) or name == "sort":
                continue
            shown = str(value)
            if name == "type":
                shown = DOCUMENT_TYPES[value]
            elif isinstance(value, float):
                shown = str(int(value))
            rest = self.data.copy()
            rest.pop(name, None)
            rest.pop("page", None)
            label = self.filters[name].label or name.title()
            active.append((label, shown, rest.urlencode()))
        return active


MAX_VALUES = 10  # values of one entity filter that are applied


class SearchFilter(django_filters.FilterSet):
    """The facets of the search page: each narrows the documents and combines with the query."""

    type = django_filters.ChoiceFilter(field_name="doc_type", choices=list(DOCUMENT_TYPES.items()), label="Type")
    decade = django_filters.CharFilter(
        method="filter_decade", label="Decade", validators=[RegexValidator(r"^\d{0,3}0\Z", "Not a decade.")]
    )
    year = django_filters.CharFilter(
        method="filter_year", label="Year", validators=[RegexValidator(r"^([1-9]\d{0,3}|unknown)\Z", "Not a year.")]
    )
    month = django_filters.CharFilter(
        method="filter_month",
        label="Month",
        validators=[RegexValidator(r"^(?!0000)\d{4}-(0[1-9]|1[0-2])\Z", "Not a month (YYYY-MM).")],
    )
    language = django_filters.CharFilter(field_name="language", label="Language", max_length=20)
    source = django_filters.ModelChoiceFilter(queryset=_public(Source), to_field_name="slug", label="Source")
    collection = django_filters.ModelChoiceFilter(
        queryset=_public(Collection), to_field_name="slug", method="filter_collection", label="Collection"
    )
    person = django_filters.ModelMultipleChoiceFilter(
        queryset=_public(Person), method="filter_entities", label="Person"
    )
    organization = django_filters.ModelMultipleChoiceFilter(
        queryset=_public(Organization), method="filter_entities", label="Organization"
    )
    place = django_filters.ModelMultipleChoiceFilter(queryset=_public(Place), method="filter_entities", label="Place")
    event = django_filters.ModelMultipleChoiceFilter(queryset=_public(Event), method="filter_entities", label="Event")
    topic = django_filters.ModelMultipleChoiceFilter(queryset=_public(Topic), method="filter_entities", label="Topic")

    ENTITY_FILTERS = ("person", "organization", "place", "event", "topic")

    class Meta:
        model = Document
        fields = []

    @classmethod
    def lenient(cls, data, queryset):
        """(filterset of data's valid filters, notes on those ignored): a bad value never empties the page."""
        data = data.copy()
        notes = []
        for name in [name for name in cls.base_filters if any("\x00" in v for v in data.getlist(name))]:
            data.pop(name)
            notes.append(f"The {name} filter held a character that is never part of a value and was ignored.")
        for name in cls.ENTITY_FILTERS:
            values = [v for v in data.getlist(name) if re.fullmatch(r"\d{1,18}", v)]
            if len(values) < len(data.getlist(name)):
                data.setlist(name, values)
                notes.append(f"A {name} filter that is not a record number was ignored.")
            if len(values) > MAX_VALUES:
                data.setlist(name, values[:MAX_VALUES])
                notes.append(f"Only the first {MAX_VALUES} {name} filters were applied.")
        filterset = cls(data, queryset=queryset)
        if not filterset.is_valid():
            for name in filterset.form.errors:
                data.pop(name, None)
                label = filterset.filters[name].label if name in filterset.filters else name
                notes.append(f"The {label.lower()} filter could not be understood and was ignored.")
            filterset = cls(data, queryset=queryset)
        return filterset, notes

    def filter_decade(self, queryset, name, value):
        start = int(value)
        return queryset.filter(
            date_start__gte=datetime.date(max(start, 1), 1, 1), date_start__lte=datetime.date(start + 9, 12, 31)
        )

    def filter_year(self, queryset, name, value):
        if value == "unknown":
            return queryset.filter(date_start__isnull=True)
        year = int(value)
        return queryset.filter(date_start__gte=datetime.date(year, 1, 1), date_start__lte=datetime.date(year, 12, 31))

    def filter_month(self, queryset, name, value):
        """Documents dated within the month (a document dated only by its year has no month)."""
        year, month = (int(part) for part in value.split("-"))
        last = calendar.monthrange(year, month)[1]
        return queryset.filter(
            date_start__gte=datetime.date(year, month, 1), date_end__lte=datetime.date(year, month, last)
        )

    def filter_collection(self, queryset, name, value):
        return queryset.filter(pk__in=value.items.values("document_id"))

    def filter_entities(self, queryset, name, value):
        for entity in value:
            queryset = queryset.filter(pk__in=Mention.objects.filter(entity=entity).values("document_id"))
        return queryset

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(label, value shown, query string without it) for each filter value in use."""
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            values = list(value) if name in self.ENTITY_FILTERS else [value]
            for item in values:
                rest = self.data.copy()
                rest.pop("page", None)
                if name in self.ENTITY_FILTERS:
                    rest.setlist(name, [v for v in rest.getlist(name) if v != str(item.pk)])
                else:
                    rest.pop(name, None)
                active.append((self.filters[name].label, self._shown(name, item), rest.urlencode()))
        return active

    @staticmethod
    def _shown(name: str, value) -> str:
        if name == "type":
            return DOCUMENT_TYPES[value]
        if name == "decade":
            return f"{value}s"
        if name == "year" and value == "unknown":
            return "Year unknown"
        if name == "month":
            year, month = value.split("-")
            return f"{calendar.month_name[int(month)]} {year}"
        return str(value)
