"""Full addresses of this site's pages, for the links a page or a feed writes out in full (JSON-LD, citations,
OAI-PMH, the API)."""

from collections.abc import Callable

from django.http import HttpRequest


def absolute_uris(request: HttpRequest) -> Callable[[str], str]:
    """request.build_absolute_uri, with the scheme and host read once: a document page writes a few dozen
    addresses. A path from reverse() (already quoted, ASCII) is appended to them as it is; anything else goes
    through build_absolute_uri."""
    base = request.build_absolute_uri("/")[:-1]

    def absolute(location: str) -> str:
        if location.startswith("/") and not location.startswith("//") and location.isascii() and "/." not in location:
            return base + location
        return request.build_absolute_uri(location)

    return absolute
