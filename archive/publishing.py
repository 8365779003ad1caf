"""Moving documents through the publication workflow: publish, embargo, withdraw, return to draft.

Each function takes document ids, changes them in one transaction, and brings the search index in
step (the documents' rows, and those of documents whose entities' variants they declared). The
documents' modification time moves, so the pages that list them announce a change.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from . import history
from .models import Document
from .models.documents import today
from .search import refresh_publication

NO_WITHDRAWAL = {"withdrawn": None, "withdrawal_reason": "", "title_withheld": False}


def _update(ids, comment: str, user=None, **fields) -> int:
    """Change the documents, keep them in their history as one revision (comment, user), and bring
    the search index in step."""
    ids = list(ids)
    with transaction.atomic(), history.recorded(comment, user, manual=True):
        updated = Document.objects.filter(pk__in=ids).update(modified=timezone.now(), **fields)
        history.add(*Document.objects.filter(pk__in=ids))
        refresh_publication(ids)
    return updated


def publish(ids, user=None) -> int:
    """Published (public at once, or from the day of an embargo already set)."""
    return _update(ids, "Published", user, status=Document.Status.PUBLISHED, **NO_WITHDRAWAL)


def embargo(ids, until: datetime.date | None, user=None) -> int:
    """Public only from until (None lifts the embargo); the status is left as it is."""
    comment = f"Embargoed until {until.isoformat()}" if until else "Embargo lifted"
    return _update(ids, comment, user, embargo_until=until)


def withdraw(ids, reason: str, *, title_withheld: bool = False, on: datetime.date | None = None, user=None) -> int:
    """Withdrawn: the record's address answers 410 with its tombstone, and nothing else of it shows."""
    if not reason.strip():
        raise ValueError("a withdrawal needs a reason")
    return _update(
        ids,
        f"Withdrawn: {reason.strip()}",
        user,
        status=Document.Status.WITHDRAWN,
        withdrawn=on or today(),
        withdrawal_reason=reason.strip(),
        title_withheld=title_withheld,
    )


def return_to_draft(ids, user=None) -> int:
    return _update(ids, "Returned to draft", user, status=Document.Status.DRAFT, **NO_WITHDRAWAL)
