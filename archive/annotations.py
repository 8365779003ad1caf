"""A document's entity links as W3C Web Annotations (JSON-LD), one per name marked in its texts.

Each annotation identifies the entity (its body, with the purpose `identifying`) in a span of one
text (its target): the source is the document's permanent URL with the text's anchor, the span
given twice, by the words and a little context either side (TextQuoteSelector) and by its place
in the text's plain form, counted in code points from 0 (TextPositionSelector).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from .models import Document, Mention, Text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = f'application/ld+json; profile="{CONTEXT}"'
# Characters of context either side of the words, enough to tell repeated names apart.
CONTEXT_LENGTH = 32


def documents():
    """Public documents with their texts and the mentions marked in them, in three queries."""
    return Document.objects.published().prefetch_related(
        Prefetch(
            "texts",
            queryset=Text.objects.order_by("order").prefetch_related(
                Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("start", "end", "pk"))
            ),
        )
    )


def text_anchor(text: Text) -> str:
    """The id of the text's section on the document page."""
    return f"{text.anchor_prefix}text"


def annotation_page(document: Document, absolute) -> dict:
    """The document's annotations as one AnnotationPage; absolute turns a path into a full URL."""
    page = absolute(reverse("archive:annotations", args=[document.record]))
    permalink = absolute(document.get_absolute_url())
    items = []
    for text in document.texts.all():
        source = f"{permalink}#{text_anchor(text)}"
        for mention in text.mentions.all():
            if mention.start is None or mention.end is None:
                continue
            items.append(_annotation(f"{page}#a{len(items) + 1}", mention, text, source, absolute))
    return {"@context": CONTEXT, "id": page, "type": "AnnotationPage", "startIndex": 0, "items": items}


def _annotation(identifier: str, mention: Mention, text: Text, source: str, absolute) -> dict:
    plain, start, end = text.plain, mention.start, mention.end
    return {
        "id": identifier,
        "type": "Annotation",
        "motivation": "identifying",
        "body": {
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": absolute(mention.entity.get_absolute_url()),
        },
        "target": {
            "type": "SpecificResource",
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": plain[start:end],
                    "prefix": plain[max(0, start - CONTEXT_LENGTH) : start],
                    "suffix": plain[end : end + CONTEXT_LENGTH],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
