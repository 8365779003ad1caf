"""The read-only JSON API: lists with pagination and the reading pages' filters, and details.

Every answer carries an ETag (a digest of its body) and answers 304 to a matching If-None-Match;
errors are JSON too: 400 for a filter or page that is not one, 404 for a record readers cannot see.
"""

import hashlib
import json

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

from archive import api
from archive.filters import ApiDocumentFilter
from archive.kinds import NAMES

from .absolute import absolute_uris
from .caching import LIST_MAX_AGE, public

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _json(request, data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if status == 200 and etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, status=status, content_type="application/json")
    response["ETag"] = etag
    return response


def _error(request, status: int, message: str, fields=None) -> HttpResponse:
    data = {"error": message}
    if fields:
        data["fields"] = fields
    return _json(request, data, status)


def _page(request, queryset, describe):
    """One page of queryset as {count, page, pages, page_size, next, previous, results}; 400 on a bad page."""
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE))
    except ValueError:
        return _error(request, 400, "page_size is not a number")
    if not 1 <= size <= MAX_PAGE_SIZE:
        return _error(request, 400, f"page_size must be from 1 to {MAX_PAGE_SIZE}")
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return _error(request, 400, "page is not a number")
    except EmptyPage:
        return _error(request, 404, f"there is no page {request.GET.get('page')} (pages: {paginator.num_pages})")

    absolute = absolute_uris(request)

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return _json(
        request,
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": size,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [describe(item, absolute) for item in page.object_list],
        },
    )


@require_safe
@public(LIST_MAX_AGE)
def documents(request):
    params = request.GET.copy()
    for name in ("page", "page_size"):
        params.pop(name, None)
    unknown = sorted(set(params) - set(ApiDocumentFilter.base_filters))
    if unknown:
        return _error(request, 400, f"unknown filter(s): {', '.join(unknown)}")
    found = ApiDocumentFilter(params, queryset=api.documents().order_by("date_start", "record"), request=request)
    if not found.is_valid():
        return _error(request, 400, "invalid filter(s)", {k: [str(e) for e in v] for k, v in found.errors.items()})
    return _page(request, found.qs, api.document_summary)


@require_safe
@public(LIST_MAX_AGE)
def document(request, record: int):
    found = api.document_details().filter(record=record).first()
    if found is None:
        return _error(request, 404, f"no public document has the record number {record}")
    return _json(request, api.document_detail(found, absolute_uris(request)))


@require_safe
@public(LIST_MAX_AGE)
def entities(request):
    queryset = api.entities()
    kind = request.GET.get("kind")
    if kind:
        if kind not in NAMES:
            return _error(request, 400, f"kind must be one of: {', '.join(NAMES)}")
        queryset = queryset.filter(kind=kind)
    unknown = sorted(set(request.GET) - {"kind", "page", "page_size"})
    if unknown:
        return _error(request, 400, f"unknown filter(s): {', '.join(unknown)}")
    return _page(request, queryset, api.entity_data)


@require_safe
@public(LIST_MAX_AGE)
def entity(request, pk: int):
    found = api.entities().filter(pk=pk).first()
    if found is None:
        return _error(request, 404, f"no public entity has the number {pk}")
    return _json(request, api.entity_data(found, absolute_uris(request)))


@require_safe
@public(LIST_MAX_AGE)
def collections(request):
    return _page(request, api.collections(), api.collection_data)


@require_safe
@public(LIST_MAX_AGE)
def sources(request):
    return _page(request, api.sources().order_by("name"), api.source_data)
