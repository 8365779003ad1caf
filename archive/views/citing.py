"""A document's citation downloads: BibTeX, RIS and CSL-JSON, at stable addresses."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from archive.citations import bibtex, csl_item, format_citations, highwire_tags, ris
from archive.linked_data import document_data, script_json
from archive.models import Document

from .absolute import absolute_uris
from .caching import DETAIL_MAX_AGE, public

# format: (content type, writer of the CSL item)
FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", lambda item: json.dumps([item], indent=2)),
}


def document_csl_item(request, document: Document) -> dict:
    """The document's CSL item, with its permanent URL on this host and today's date as the access date."""
    url = request.build_absolute_uri(document.get_absolute_url())
    return csl_item(document, url=url, accessed=timezone.now().date())


@method_decorator(public(DETAIL_MAX_AGE), name="dispatch")
class CitationDownloadView(View):
    format = ""  # a key of FORMATS, set in urls.py

    def get(self, request, record: int):
        document = get_object_or_404(Document.objects.published().with_reading_relations(), record=record)
        content_type, write = FORMATS[self.format]
        response = HttpResponse(write(document_csl_item(request, document)), content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="plenum-{document.record}.{self.format}"'
        return response


def citation_context(request, document: Document) -> dict:
    """What the document page's citations, Highwire meta tags and JSON-LD show, from the prefetched record."""
    item = document_csl_item(request, document)
    return {
        "citations": format_citations(item),
        "citation_meta": highwire_tags(item),
        "accessed": timezone.now().date(),
        "linked_data": script_json(document_data(document, absolute_uris(request))),
    }
