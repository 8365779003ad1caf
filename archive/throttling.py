"""Login throttling (django-axes): the address a failed login is counted against.

Behind a reverse proxy every request comes from the proxy's address, so a lockout by address
would lock everyone out together. With CLIENT_IP_HEADER set (e.g. X-Real-IP, which the proxy
sets to the address it saw, replacing whatever the client sent), that header names the client.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    header = settings.PLENUM_CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
        if value:
            return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def locked_out(request, response=None, credentials=None):
    """The page shown while a username is locked out from an address: 429, and how long to wait."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes, "title": "Sign-in locked"}
    return render(request, "admin/locked_out.html", context, status=429)
