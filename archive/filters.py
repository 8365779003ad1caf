"""FilterSets for document lists."""

import django_filters
from django import forms
from django.db.models import Q

from archive.annotated.vocab import DOCUMENT_TYPES

from .models import Collection, Document, Organization, Person, Place, Source, Topic
from .models.entities import Event


def _languages():
    values = Document.objects.published().order_by("language").values_list("language", flat=True).distinct()
    return [(code, code) for code in values]


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label="Words in title or summary")
    type = django_filters.ChoiceFilter(field_name="doc_type", choices=list(DOCUMENT_TYPES.items()), label="Type")
    year_from = django_filters.NumberFilter(method="filter_year_from", label="From year", min_value=1, max_value=9999)
    year_to = django_filters.NumberFilter(method="filter_year_to", label="To year", min_value=1, max_value=9999)
    language = django_filters.ChoiceFilter(choices=_languages, label="Language")
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all(), to_field_name="slug", label="Source")
    collection = django_filters.ModelChoiceFilter(
        field_name="collections", queryset=Collection.objects.all(), to_field_name="slug", label="Collection"
    )
    # Entity filters arrive from links on entity pages; a select of every entity would not scale.
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), method="filter_entity", widget=forms.HiddenInput, label="Person"
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), method="filter_entity", widget=forms.HiddenInput, label="Organization"
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.all(), method="filter_entity", widget=forms.HiddenInput, label="Place"
    )
    event = django_filters.ModelChoiceFilter(
        queryset=Event.objects.all(), method="filter_entity", widget=forms.HiddenInput, label="Event"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), method="filter_entity", widget=forms.HiddenInput, label="Topic"
    )
    sort = django_filters.OrderingFilter(
        fields=(("date_start", "date"), ("title", "title"), ("record", "record")),
        field_labels={"date_start": "Date", "title": "Title", "record": "Record number"},
        label="Sort by",
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
        return queryset.filter(date_end__year__gte=int(value))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(date_start__year__lte=int(value))

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
