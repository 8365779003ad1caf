"""{% address %} prints what {% url %} prints, under the script prefix in force."""

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix

TAGS = [
    ("'archive:home'", ""),
    ("'archive:entity-index' segment='persons'", "'archive:entity-index' 'persons'"),
    ("'archive:cite-bib' record=7", "'archive:cite-bib' 7"),
    ("'archive:search'", ""),
]


@pytest.mark.parametrize(("address", "url"), TAGS)
def test_address_is_the_url(address, url):
    url = url or address
    both = Template(f"{{% load addresses %}}{{% address {address} %}}|{{% url {url} %}}")
    for prefix in ("/", "/archive/"):
        set_script_prefix(prefix)
        try:
            mine, django_s = both.render(Context()).split("|")
        finally:
            set_script_prefix("/")
        assert mine == django_s and mine.startswith(prefix)


@pytest.mark.parametrize("name", ["archive/_site_header.html", "archive/_marks_key.html"])
def test_a_fixed_part_is_its_template_under_the_script_prefix_in_force(name, settings):
    """{% fixed %} keeps a part of the layout once rendered: the same output as rendering it, under each prefix."""
    from django.template.loader import render_to_string

    settings.DEBUG = False
    fixed = Template(f'{{% load addresses %}}{{% fixed "{name}" %}}')
    for prefix in ("/", "/archive/", "/"):
        set_script_prefix(prefix)
        try:
            kept, rendered = fixed.render(Context()), render_to_string(name)
        finally:
            set_script_prefix("/")
        assert kept == rendered and f'href="{prefix}' in kept


def test_a_page_prints_its_fixed_parts(client, db):
    html = client.get("/search/").content.decode()
    assert html.count('<header class="site">') == 1 and 'href="/persons/">Persons</a>' in html


def test_each_request_resolves_addresses_under_its_own_prefix(client, db):
    """The scope read as a request comes in (archive/urlscope.py) is that request's, and is let go after it."""
    from archive.urlscope import url_scope

    for prefix in ("/archive/", "/", "/reading-room/"):
        # As a WSGI server sets the prefix for each request (Django's test client sets none).
        set_script_prefix(prefix)
        try:
            html = client.get("/search/", SCRIPT_NAME=prefix.rstrip("/")).content.decode()
        finally:
            set_script_prefix("/")
        assert f'href="{prefix}persons/">Persons</a>' in html
        assert url_scope()[1] == "/"  # outside a request: read afresh, not the last request's
