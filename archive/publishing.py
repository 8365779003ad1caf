"""Moving documents through the publication workflow: publish, embargo, withdraw, return to draft.

Each function takes document ids, changes them in one transaction, and brings the search index in
step (the documents' rows, and those of documents whose entities' variants they declared). The
documents' modification time moves, so the pages that list them announce a change.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Document
from .models.documents import today
from .search import refresh_publication

NO_WITHDRAWAL = {"withdrawn": None, "withdrawal_reason": "", "title_withheld": False}


def _update(ids, **fields) -> int:
    ids = list(ids)
    with transaction.atomic():
        updated = Document.objects.filter(pk__in=ids).update(modified=timezone.now(), **fields)
        refresh_publication(ids)
    return updated


def publish(ids) -> int:
    """Published (public at once, or from the day of an embargo already set)."""
    return _update(ids, status=Document.Status.PUBLISHED, **NO_WITHDRAWAL)


def embargo(ids, until: datetime.date | None) -> int:
    """Public only from until (None lifts the embargo); the status is left as it is."""
    return _update(ids, embargo_until=until)


def withdraw(ids, reason: str, *, title_withheld: bool = False, on: datetime.date | None = None) -> int:
    """Withdrawn: the record's address answers 410 with its tombstone, and nothing else of it shows."""
    if not reason.strip():
        raise ValueError("a withdrawal needs a reason")
    return _update(
        ids,
        status=Document.Status.WITHDRAWN,
        withdrawn=on or today(),
        withdrawal_reason=reason.strip(),
        title_withheld=title_withheld,
    )


def return_to_draft(ids) -> int:
    return _update(ids, status=Document.Status.DRAFT, **NO_WITHDRAWAL)
