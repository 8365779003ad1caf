"""A document as TEI P5 at /documents/<n>/tei.xml, for editions and text-analysis tools."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View

from archive.annotated import tei
from archive.exporting import document_meta, documents_for_export
from archive.models import Document

from .caching import DETAIL_MAX_AGE, public


@method_decorator(public(DETAIL_MAX_AGE), name="dispatch")
class TeiView(View):
    def get(self, request, record: int):
        document = get_object_or_404(documents_for_export(Document.objects.published()), record=record)
        meta, texts = document_meta(document, public=True)
        url = request.build_absolute_uri(document.get_absolute_url())
        response = HttpResponse(tei.serialize(tei.document(meta, texts, url=url)), content_type="application/tei+xml")
        response["Content-Disposition"] = f'inline; filename="plenum-{document.record}.tei.xml"'
        return response
