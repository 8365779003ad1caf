"""A document's entity links as W3C Web Annotations at /documents/<n>/annotations.jsonld."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from archive import annotations
from archive.models import Document

from .absolute import absolute_uris
from .caching import DETAIL_MAX_AGE, conditional_on, public


@public(DETAIL_MAX_AGE)
@conditional_on(lambda record, **_: Document.objects.page_changed(record))
def annotation_page(request, record: int):
    document = get_object_or_404(annotations.documents(), record=record)
    data = annotations.annotation_page(document, absolute_uris(request))
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type=annotations.MEDIA_TYPE)
