"""Entity pages and their A-Z indexes."""

import string

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView

from archive import kinds
from archive.linked_data import entity_data, script_json
from archive.models import Entity
from archive.models.entities import entity_page

from .absolute import absolute_uris
from .caching import DETAIL_MAX_AGE, LIST_MAX_AGE, conditional_on, public

DOCUMENTS_PER_ROLE = 20


@method_decorator(public(LIST_MAX_AGE), name="dispatch")
class EntityIndexView(ListView):
    template_name = "archive/entity_index.html"
    context_object_name = "entities"
    paginate_by = 100

    def get_queryset(self):
        self.kind = kinds.BY_SEGMENT[self.kwargs["segment"]].name
        self.letter = self.request.GET.get("letter", "")
        entities = Entity.objects.current().public().of_kind(self.kind).order_by("sort_name", "name")
        if len(self.letter) == 1 and self.letter in string.ascii_uppercase:
            entities = entities.filter(sort_name__istartswith=self.letter)
        elif self.letter == "other":
            entities = entities.exclude(
                Q(*[Q(sort_name__istartswith=c) for c in string.ascii_uppercase], _connector=Q.OR)
            )
        else:
            self.letter = ""
        return entities

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            kind=self.kind,
            segment=self.kwargs["segment"],
            kind_label=kinds.BY_NAME[self.kind].plural,
            letters=[*list(string.ascii_uppercase), "other"],
            letter=self.letter,
            **kwargs,
        )
        # Count documents for this page's entities only: counting them for every entity of the kind
        # before paginating grew with the archive (8.6 s for /persons/ at 30,000 documents).
        page = list(context["object_list"])
        counted = Entity.objects.filter(pk__in=[e.pk for e in page]).with_document_counts()
        counts = dict(counted.values_list("pk", "document_count"))
        for entity in page:
            entity.document_count = counts.get(entity.pk, 0)
        context["entities"] = context["object_list"] = page
        return context


def entity_page_changed(pk: int, request, **_):
    """When the entity's page last changed, from the entity's row, which is kept for the view."""
    request.reading_entity = entity_page(pk)
    return request.reading_entity.page_changed_at if request.reading_entity else None


@method_decorator(public(DETAIL_MAX_AGE), name="dispatch")
@method_decorator(conditional_on(entity_page_changed), name="get")
class EntityDetailView(DetailView):
    template_name = "archive/entity_detail.html"
    context_object_name = "entity"

    def get(self, request, *args, **kwargs):
        entity = getattr(request, "reading_entity", None)  # read for the conditional GET
        if entity is None:
            raise Http404("No such entity.")
        if entity.merged_into_id:
            return _to_survivor(entity)
        if not entity.is_public:
            raise Http404("No such entity.")
        if entity.path_segment != kwargs["segment"]:
            return redirect(entity, permanent=True)
        self.object = entity
        return self.render_to_response(self.get_context_data(object=entity))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        total, roles = entity.documents_by_role(DOCUMENTS_PER_ROLE)
        variants = entity.variants_with_language()
        organizations = list(entity.organizations.public()) if entity.kind == "event" else []
        context.update(
            roles=roles,
            document_total=total,
            variants=variants,
            kind_label=entity.entity_kind.plural,
            events=list(entity.events_here.public()[:50]) if entity.kind == "place" else [],
            organizations=organizations,
            per_role=DOCUMENTS_PER_ROLE,
            linked_data=script_json(
                entity_data(
                    entity,
                    absolute_uris(self.request),
                    variants=[name for name, _ in variants],
                    organizations=organizations,
                    place=entity.place if entity.place_is_public else None,
                )
            ),
        )
        return context


def _to_survivor(entity: Entity):
    """The permanent redirect from a merged entity to the one it was merged into, when that is public."""
    survivor = Entity.objects.public().filter(pk=entity.merged_into_id).first()
    if survivor is None:
        raise Http404("No such entity.")
    return redirect(survivor, permanent=True)


def entity_variant(request, segment: str, pk: int, rest: str = ""):
    entity = get_object_or_404(Entity.objects.with_public_flag(), pk=pk)
    if entity.merged_into_id:
        return _to_survivor(entity)
    if not entity.is_public:
        raise Http404("No such entity.")
    return redirect(entity, permanent=True)


@method_decorator(public(DETAIL_MAX_AGE), name="dispatch")
@method_decorator(conditional_on(lambda pk, **_: Entity.objects.page_changed(pk)), name="get")
class EntityCardView(DetailView):
    """A short card about an entity (names, dates, how many documents), shown beside its name in a text."""

    template_name = "archive/_entity_card.html"
    context_object_name = "entity"

    def get_object(self, queryset=None):
        entities = Entity.objects.current().public().of_kind(kinds.BY_SEGMENT[self.kwargs["segment"]].name)
        return get_object_or_404(entities.with_document_counts(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        entity = self.object
        return super().get_context_data(
            kind_label=entity.get_kind_display(), variants=entity.variants_with_language(), **kwargs
        )
