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
