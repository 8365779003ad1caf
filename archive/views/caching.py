"""HTTP caching of public pages: conditional GET from the records' timestamps, and Cache-Control."""

from functools import wraps

from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

# How long a browser or proxy may reuse a page without asking again (seconds).
DETAIL_MAX_AGE = 300
LIST_MAX_AGE = 60


def conditional_on(changed):
    """ETag and Last-Modified from changed(request=request, **url_kwargs) (a datetime, or None when there is
    no such page).

    The lookup runs once per request, however many validators Django asks for; it may leave on the
    request what it read, for the view to use.
    """

    def last_modified(request, *args, **kwargs):
        if not hasattr(request, "_plenum_changed"):
            request._plenum_changed = changed(request=request, **kwargs)
        return request._plenum_changed

    def etag(request, *args, **kwargs):
        stamp = last_modified(request, *args, **kwargs)
        return f"{stamp.timestamp():.6f}" if stamp else None

    return condition(etag_func=etag, last_modified_func=last_modified)


def public(max_age: int):
    """Let shared caches keep successful answers for max_age seconds; errors are never marked."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=max_age)
            return response

        return wrapped

    return decorator
