"""Browsing by date and the timeline of events."""

from django.views.generic import TemplateView

from archive.browse import date_tree, timeline


class BrowseDatesView(TemplateView):
    template_name = "archive/browse_dates.html"

    def get_context_data(self, **kwargs):
        decades, unknown = date_tree()
        return super().get_context_data(decades=decades, unknown=unknown, **kwargs)


class TimelineView(TemplateView):
    template_name = "archive/timeline.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(groups=timeline(), **kwargs)
