"""{% address %}: {% url %} for the addresses every page prints, resolved once (see `record_url`);
{% fixed %}: a part of the layout that holds nothing but such addresses, rendered once."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from archive.models.common import record_url
from archive.urlscope import url_scope

register = template.Library()


@register.simple_tag
def address(viewname: str, **kwargs) -> str:
    """The path of viewname with kwargs, as {% url viewname name=value %} gives it: {% address 'archive:home' %}.

    Resolving an address is a Django URL reversal each time; the layout and the document page print
    about twenty, the same on every page."""
    return record_url(viewname, **kwargs)


@register.simple_tag
def fixed(template_name: str) -> SafeString:
    """The output of template_name, rendered without a context and kept for the URL configuration and script
    prefix in force: for the parts of the layout that are the same on every page (the site's header, the key to
    the marks), where each page resolved their few dozen variables and addresses again. Rendered afresh each
    time under DEBUG, so that an edited template shows at once."""
    render = _rendered.__wrapped__ if settings.DEBUG else _rendered
    return render(url_scope(), template_name)


@lru_cache(maxsize=64)
def _rendered(scope: tuple, template_name: str) -> SafeString:
    return mark_safe(render_to_string(template_name))
