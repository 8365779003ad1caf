"""What crawlers read: robots.txt, which keeps them off the endless combinations of filters and facets."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View

from .caching import LIST_MAX_AGE, public


def robots_lines(sitemap_url: str) -> list[str]:
    """Every address with a query string (filters, facets, searches, pages of them) is left out; every
    record stays reachable through the sitemap and the plain lists and pages that link to it."""
    return [
        "User-agent: *",
        "Disallow: /*?",
        "Allow: /sitemap-",  # the pages of a long sitemap (?p=2)
        f"Disallow: {reverse('archive:search')}",
        "Disallow: /admin/",
        "",
        f"Sitemap: {sitemap_url}",
    ]


@method_decorator(public(LIST_MAX_AGE), name="dispatch")
class RobotsView(View):
    def get(self, request):
        sitemap = request.build_absolute_uri(reverse("archive:sitemap"))
        return HttpResponse("\n".join(robots_lines(sitemap)) + "\n", content_type="text/plain; charset=utf-8")
