"""The one FilterSet for documents: the same parameters, with the same meanings, on every page that lists them.

The document list, the search page, a collection's page and the API all read their filters here.
One multi-value filter per entity kind is generated from archive.kinds. A filter is added by
declaring it on DocumentFilter (and, when it has a facet, counting it in search/facets.py).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.http import QueryDict

from archive.annotated.vocab import DOCUMENT_TYPES
from archive.kinds import KINDS
from archive.search import ORDERINGS, SORTS

from .models import Collection, Document, Entity, Mention, Source

MAX_VALUES = 10  # values of one entity filter that are applied
ENTITY_FILTERS = tuple(kind.name for kind in KINDS)
_RECORD_NUMBER = re.compile(r"\d{1,18}")


def _languages():
    return [(code, code) for code in Document.published_languages()]


def _public(model):
    """The model's public records, as the request's choices (a queryset built at import would keep its day)."""
    return lambda request: model.objects.all().public()


class EntitiesField(forms.ModelMultipleChoiceField):
    """Entities by their numbers, of the public ones; anything but a plausible number is an invalid choice,
    not a crash. Public is asked only when values arrive: most requests carry none, and the condition is
    costly to build."""

    def clean(self, value):
        # No values: an empty list, where the parent returns an empty queryset that each use would compile.
        return [] if not value and not self.required else super().clean(value)

    def _check_values(self, value):
        for pk in value:
            if not _RECORD_NUMBER.fullmatch(str(pk)):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        self.queryset = self.queryset.public()
        return super()._check_values(value)


class EntitiesFilter(django_filters.ModelMultipleChoiceFilter):
    """Documents naming every one of the chosen entities of one kind."""

    field_class = EntitiesField

    def __init__(self, kind):
        super().__init__(
            queryset=Entity.objects.filter(kind=kind.name),  # narrowed to the public ones by EntitiesField
            label=kind.label,
            widget=forms.MultipleHiddenInput,  # chosen by links: a menu of every entity would not scale
        )

    def filter(self, queryset, value):
        for entity in value:
            queryset = queryset.filter(pk__in=Mention.objects.filter(entity=entity).values("document_id"))
        return queryset


def _chosen_by_link(method: str, label: str, pattern: str, message: str):
    """A filter whose value arrives from a facet or the dates page; the list's form carries it along."""
    return django_filters.CharFilter(
        method=method, label=label, validators=[RegexValidator(pattern, message)], widget=forms.HiddenInput
    )


@dataclass(frozen=True)
class Chosen:
    """One value of a filter in use: its parameter, the value as in the URL, and as a reader reads it."""

    name: str
    label: str
    value: str
    shown: str


class BaseDocumentFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        field_name="doc_type", choices=list(DOCUMENT_TYPES.items()), label="Type", empty_label="Any type"
    )
    language = django_filters.ChoiceFilter(choices=_languages, label="Language", empty_label="Any language")
    source = django_filters.ModelChoiceFilter(
        queryset=_public(Source), to_field_name="slug", label="Source", empty_label="Any source"
    )
    collection = django_filters.ModelChoiceFilter(
        queryset=_public(Collection),
        to_field_name="slug",
        method="filter_collection",
        label="Collection",
        empty_label="Any collection",
    )
    year_from = django_filters.NumberFilter(method="filter_year_from", label="From year", min_value=1, max_value=9999)
    year_to = django_filters.NumberFilter(method="filter_year_to", label="To year", min_value=1, max_value=9999)
    decade = _chosen_by_link("filter_decade", "Decade", r"^\d{0,3}0\Z", "Not a decade.")
    year = _chosen_by_link("filter_year", "Year", r"^([1-9]\d{0,3}|unknown)\Z", "Not a year.")
    month = _chosen_by_link("filter_month", "Month", r"^(?!0000)\d{4}-(0[1-9]|1[0-2])\Z", "Not a month (YYYY-MM).")
    # Read by the pipeline, which orders after searching; declared here to be validated with the rest.
    sort = django_filters.ChoiceFilter(
        choices=list(SORTS.items()), method="keep_order", label="Sort by", empty_label="Default order"
    )

    class Meta:
        model = Document
        fields = []

    @classmethod
    def lenient(cls, data: QueryDict, queryset):
        """(filterset of data's valid filters, notes on those ignored): a bad value never empties the page."""
        data = data.copy()
        notes = []
        for name in [name for name in cls.base_filters if any("\x00" in v for v in data.getlist(name))]:
            data.pop(name)
            notes.append(f"The {name} filter held a character that is never part of a value and was ignored.")
        for name in ENTITY_FILTERS:
            values = [v for v in data.getlist(name) if _RECORD_NUMBER.fullmatch(v)]
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
                if name == "sort":
                    notes.append("That order is unknown; the usual order is used.")
                    continue
                label = filterset.filters[name].label if name in filterset.filters else name
                notes.append(f"The {label.lower()} filter could not be understood and was ignored.")
            filterset = cls(data, queryset=queryset)
        return filterset, notes

    @property
    def order(self) -> str:
        """The order asked for ('' for the page's own)."""
        return self.form.cleaned_data.get("sort") or ""

    def chosen(self) -> list[Chosen]:
        """Each value of a filter in use (the order aside), in the order the filters are declared."""
        found = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []) or name == "sort":
                continue
            for item in list(value) if name in ENTITY_FILTERS else [value]:
                raw = str(item.pk) if name in ENTITY_FILTERS else self.data.get(name, "")
                found.append(Chosen(name, self.filters[name].label, raw, self._shown(name, item)))
        return found

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
        if isinstance(value, float):
            return str(int(value))
        return str(value)

    def keep_order(self, queryset, name, value):
        return queryset

    def filter_collection(self, queryset, name, value):
        return queryset.filter(pk__in=value.items.values("document_id"))

    def filter_year_from(self, queryset, name, value):
        return queryset.filter(date_end__gte=datetime.date(int(value), 1, 1))

    def filter_year_to(self, queryset, name, value):
        return queryset.filter(date_start__lte=datetime.date(int(value), 12, 31))

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


# The entity filters, one per kind, after the others (the metaclass gathers them as declared filters).
DocumentFilter = type(BaseDocumentFilter)(
    "DocumentFilter",
    (BaseDocumentFilter,),
    {
        "__module__": __name__,
        "__doc__": "Documents narrowed by type, language, source, collection, dates and the entities they name.",
        **{kind.name: EntitiesFilter(kind) for kind in KINDS},
    },
)


class ApiDocumentFilter(DocumentFilter):
    """The API's filters: the documents' own, words in the title or summary, and an order by record number."""

    q = django_filters.CharFilter(method="filter_words", label="Words in title or summary")

    def filter_words(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    @property
    def qs(self):
        return super().qs.order_by(*ORDERINGS.get(self.order, ORDERINGS["date"]))
