"""Browsing by date, the timeline of events, and the edition's conventions."""

from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from archive import conventions
from archive.browse import date_tree, timeline

from .caching import DETAIL_MAX_AGE, public


class BrowseDatesView(TemplateView):
    template_name = "archive/browse_dates.html"

    def get_context_data(self, **kwargs):
        decades, unknown = date_tree()
        return super().get_context_data(decades=decades, unknown=unknown, **kwargs)


class TimelineView(TemplateView):
    template_name = "archive/timeline.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(groups=timeline(), **kwargs)


@method_decorator(public(DETAIL_MAX_AGE), name="dispatch")
class ConventionsView(TemplateView):
    """How the edition presents the documents: marks, supplied values, dates, rights, citation."""

    template_name = "archive/conventions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            marks=conventions.MARKS,
            blocks=conventions.BLOCKS,
            rights=conventions.rights_statements(),
            **kwargs,
        )
