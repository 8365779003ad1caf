"""Nothing of a draft, an embargoed or a withdrawn document reaches a reader, at any public address.

The addresses come from one table, archive/public_urls.py, which every public URL pattern must be in.
Each non-public document carries a word of its own in everything it brings (title, summary, text,
entities and their variants, collection, source); a response may hold that word only where the
reader typed it (a query, a filter value, the path of a page that is not there).
"""

import datetime
import html
import io
import re
import zipfile
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from archive.models import Document
from archive.models.documents import today
from archive.public_urls import PUBLIC_URLS

from .conftest import import_text

WORDS = {"public": "Amberlight", "draft": "Quorvath", "embargoed": "Zembrisk", "withdrawn": "Vellinox"}
YEARS = {"public": 1956, "draft": 1871, "embargoed": 1882, "withdrawn": 1893}
LANGUAGES = {"public": "en", "draft": "kk", "embargoed": "mn", "withdrawn": "ka"}
HIDDEN = ("draft", "embargoed", "withdrawn")


def _source(state: str, record: int) -> str:
    word, year, lang = WORDS[state], YEARS[state], LANGUAGES[state]
    slug = word.lower()
    # The public document leaves the shared person's description empty, for a hidden one to fill.
    shared_desc = "" if state == "public" else f" ; desc = Met the {word} delegation."
    status = {
        "public": "status: published",
        "draft": "status: draft",
        "embargoed": f"status: published\nembargo: {today() + datetime.timedelta(days=30)}",
        "withdrawn": f"status: withdrawn\nwithdrawn: 2026-11-02\nwithdrawn.reason: The {word} rights holder objected.",
    }[state]
    return f"""AAT/1
record: {record}
title: The {word} memorandum
date: {year}-03-04
type: report
lang: {lang}
{status}
summary: What the {word} committee decided.
source: {word} Gazette
entity: p:{slug}-person = Ilse {word} ; variants = I. {word}
entity: p:shared = Pak Hon-yong ; variants = Pak {word}{shared_desc}
entity: o:{slug}-org = {word} Committee ; role = author
entity: pl:{slug}-place = {word} Harbour
entity: ev:{slug}-event = {word} Congress ; dates = {year}-03 ; place = pl:{slug}-place
entity: t:{slug}-topic = {word} question
collection: {word} papers

{{p:{slug}-person|Ilse {word}}} met {{p:shared|Pak Hon-yong}} at {{pl:{slug}-place|the harbour}} for the
{{ev:{slug}-event|congress}} on the {{t:{slug}-topic|{word} question}}; the {word} minutes follow.
"""


@pytest.fixture
def archive(db):
    documents = {}
    for record, state in enumerate(WORDS, start=1):
        documents[state] = import_text(_source(state, record), name=f"{state}.txt").document
    return documents


def _typed(url: str) -> list[str]:
    """What the reader typed into url (its path and query values), in the forms a page may echo it."""
    parts = urlsplit(url)
    values = [parts.path, *(value for _, value in parse_qsl(parts.query))]
    forms = set()
    for value in values:
        forms |= {value, quote(value), quote_plus(value), html.escape(value), html.escape(quote_plus(value))}
    return sorted(forms, key=len, reverse=True)


def _body(response) -> str:
    """The response's text; of a zip (the dataset), every file in it."""
    if response.get("Content-Type") == "application/zip":
        content = b"".join(response.streaming_content) if response.streaming else response.content
        archive = zipfile.ZipFile(io.BytesIO(content))
        return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return response.content.decode()


def _leaks(response, url: str) -> list[str]:
    """The words and years of the non-public documents found in the response, less what the reader typed."""
    text = _body(response) + "\n" + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    for typed in _typed(url):
        if typed:
            text = text.replace(typed, " ")
    folded = text.casefold()
    found = [WORDS[state] for state in HIDDEN if WORDS[state].casefold() in folded]
    found += [str(YEARS[state]) for state in HIDDEN if re.search(rf"\b{YEARS[state]}\b", text)]
    found += [f"language {LANGUAGES[state]}" for state in HIDDEN if f'value="{LANGUAGES[state]}"' in text]
    return found


def _project_patterns(resolver=None, prefix="", namespace=""):
    """Qualified names of every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin" or str(entry.pattern).startswith("admin/"):
                continue
            inner = entry.namespace or namespace
            yield from _project_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or prefix + str(entry.pattern))
            yield name


def test_every_public_url_pattern_is_in_the_table():
    registered = {entry.name for entry in PUBLIC_URLS}
    assert len(registered) == len(PUBLIC_URLS), "a pattern is registered twice"
    missing = sorted(set(_project_patterns()) - registered)
    assert not missing, f"add these URL patterns to archive/public_urls.py: {missing}"


@pytest.mark.parametrize("entry", PUBLIC_URLS, ids=lambda entry: entry.name)
def test_the_public_document_is_shown(client, archive, entry):
    document = archive["public"]
    for url in entry.reader_urls(document):
        assert client.get(url).status_code == 200, url
    for url in entry.own_urls(document):
        response = client.get(url)
        assert response.status_code in (200, 301), url
        if response.status_code == 200:
            assert WORDS["public"] in response.content.decode(), url


@pytest.mark.parametrize("state", HIDDEN)
@pytest.mark.parametrize("entry", PUBLIC_URLS, ids=lambda entry: entry.name)
def test_nothing_of_a_hidden_document_is_shown(client, archive, entry, state):
    document = archive[state]
    urls = entry.reader_urls(document)
    assert entry.reader_urls(document) or entry.own_urls(document), "the table gives no address to try"
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _leaks(response, url), url
    for url in entry.own_urls(document):
        response = client.get(url)
        if state == "withdrawn" and entry.gone_when_withdrawn:
            assert response.status_code == 410, url
            page = response.content.decode()
            assert f"Record {document.record} has been withdrawn" in page
            assert "The Vellinox memorandum" in page  # its own title, not withheld
            assert "2 November 2026" in page and "rights holder objected" in page
            response.content = page.replace("The Vellinox memorandum", "").replace("Vellinox rights", "").encode()
        else:
            assert response.status_code == 404, url
        assert not _leaks(response, url), url


def test_the_table_reaches_every_record_of_a_hidden_document(archive):
    """The walk would see a leak: each kind of record of the draft has an address in the table."""
    urls = [url for entry in PUBLIC_URLS for url in entry.own_urls(archive["draft"])]
    assert sum(url.startswith("/collections/") and not url.endswith("/feed/") for url in urls) == 1
    for segment in ("persons", "organizations", "places", "events", "topics"):
        assert any(url.startswith(f"/{segment}/") for url in urls), segment
    reader = [url for entry in PUBLIC_URLS for url in entry.reader_urls(archive["draft"])]
    assert any("source=quorvath-gazette" in url for url in reader)
    assert any("person=" in url and url.startswith("/search/") for url in reader)


def test_the_leak_check_sees_a_leak(client, archive):
    """Published, the draft's records show at the same addresses (so the walk above can fail)."""
    Document.objects.filter(pk=archive["draft"].pk).update(status="published")
    leaked = set()
    for entry in PUBLIC_URLS:
        for url in entry.reader_urls(archive["draft"]) + entry.own_urls(archive["draft"]):
            leaked |= set(_leaks(client.get(url), url))
    assert leaked >= {"Quorvath", "1871", "language kk"}
