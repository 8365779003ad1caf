"""Entity pages and their A-Z indexes."""

import string

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from archive.annotated.vocab import ROLES
from archive.models import KIND_PATHS, Document, Entity

KIND_OF_SEGMENT = {segment: kind for kind, (segment, _) in KIND_PATHS.items()}
DOCUMENTS_PER_ROLE = 20


class EntityIndexView(ListView):
    template_name = "archive/entity_index.html"
    context_object_name = "entities"
    paginate_by = 100

    def get_queryset(self):
        self.kind = KIND_OF_SEGMENT[self.kwargs["segment"]]
        self.letter = self.request.GET.get("letter", "")
        entities = Entity.objects.current().of_kind(self.kind).with_document_counts().order_by("sort_name", "name")
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
        return super().get_context_data(
            kind=self.kind,
            segment=self.kwargs["segment"],
            kind_label=KIND_PATHS[self.kind][1],
            letters=[*list(string.ascii_uppercase), "other"],
            letter=self.letter,
            query_without_page=f"letter={self.letter}" if self.letter else "",
            **kwargs,
        )


class EntityDetailView(DetailView):
    template_name = "archive/entity_detail.html"
    context_object_name = "entity"

    def get(self, request, *args, **kwargs):
        entity = get_object_or_404(Entity.objects.select_related("merged_into"), pk=kwargs["pk"])
        if entity.merged_into_id:
            return redirect(entity.merged_into, permanent=True)
        if entity.path_segment != kwargs["segment"]:
            return redirect(entity, permanent=True)
        self.object = entity
        return self.render_to_response(self.get_context_data(object=entity))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entity = self.object
        published = Document.objects.published().for_lists()
        counts = dict(
            entity.mentions.filter(document__status="published")
            .values_list("role")
            .annotate(n=Count("document", distinct=True))
            .values_list("role", "n")
        )
        roles = []
        for role in ROLES:
            if counts.get(role):
                documents = published.filter(mentions__entity=entity, mentions__role=role).distinct()
                roles.append(
                    (role, counts[role], list(documents.order_by("date_start", "record")[:DOCUMENTS_PER_ROLE]))
                )
        context.update(
            roles=roles,
            document_total=published.filter(mentions__entity=entity).distinct().count(),
            variants=entity.variant_names(),
            kind_label=KIND_PATHS[entity.kind][1],
            filter_name=entity.kind,
            events=list(entity.events_here.all()[:50]) if entity.kind == "place" else [],
            organizations=list(entity.organizations.all()) if entity.kind == "event" else [],
            per_role=DOCUMENTS_PER_ROLE,
        )
        return context


def entity_variant(request, segment: str, pk: int, rest: str = ""):
    entity = get_object_or_404(Entity, pk=pk)
    target = entity.merged_into or entity
    return redirect(target, permanent=True)
