"""The URL configuration and script prefix in force, read once for each request.

Addresses remembered (`record_url`) and parts of the layout rendered once (`{% fixed %}`) are kept under the
two, so that another configuration or prefix (a test's, a server mounted under a path) is resolved anew.
Django keeps both in context-local storage, where a read cost about a microsecond, and a reading page asked for
them some sixty times. `UrlScopeMiddleware` reads them as a request comes in, once Django has set both for
it, and keeps them in the request's own context until its response is made. The archive sets no per-request
URL configuration (`request.urlconf`), which Django would apply only later.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.urls import get_resolver, get_script_prefix, get_urlconf

_in_request: ContextVar[tuple | None] = ContextVar("url_scope", default=None)


def url_scope() -> tuple:
    """(URL resolver, script prefix) in force: the request's, or read now outside a request."""
    return _in_request.get() or _read()


def _read() -> tuple:
    return get_resolver(get_urlconf()), get_script_prefix()


class UrlScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _in_request.set(_read())
        try:
            return self.get_response(request)
        finally:
            _in_request.reset(token)
