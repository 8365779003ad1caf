"""{% address %}: {% url %} for the addresses every page prints, resolved once (see `record_url`)."""

from django import template

from archive.models.common import record_url

register = template.Library()


@register.simple_tag
def address(viewname: str, **kwargs) -> str:
    """The path of viewname with kwargs, as {% url viewname name=value %} gives it: {% address 'archive:home' %}.

    Resolving an address is a Django URL reversal each time; the layout and the document page print
    about twenty, the same on every page."""
    return record_url(viewname, **kwargs)
