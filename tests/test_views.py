"""Reading pages: status codes, content, stable URLs, escaping and query counts."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from archive.models import Document, Entity
from tests.conftest import annotated, import_text

pytestmark = pytest.mark.django_db

CLUTTER = ("Back to top button", "More Articles", "More From Rodong Sinmun", "Associated Places",
           "Document Information", "Read original version at source")  # fmt: skip


@pytest.mark.parametrize(
    "url, status",
    [
        ("/", 200),
        ("/documents/", 200),
        ("/documents/1/", 200),
        ("/documents/4/", 200),
        ("/documents/?type=decision&year_from=1950&year_to=1960", 200),
        ("/documents/?person=not-a-number", 200),
        ("/documents/?person=99999999999999999999999999", 200),
        ("/documents/?source=%00&collection=x", 200),
        ("/documents/?year_from=abc", 200),
        ("/documents/?page=999", 404),
        ("/documents/999/", 404),
        ("/persons/", 200),
        ("/persons/?letter=K", 200),
        ("/persons/?letter=%3Cscript%3E", 200),
        ("/organizations/", 200),
        ("/places/", 200),
        ("/events/", 200),
        ("/topics/", 200),
        ("/collections/", 200),
        ("/collections/no-such-collection/", 404),
        ("/persons/999999/", 404),
        ("/unknown-kind/1/", 404),
    ],
)
def test_status_codes(client, seeds, url, status):
    assert client.get(url).status_code == status


@pytest.mark.parametrize("record", [1, 2, 3, 4, 5])
def test_each_seed_page_shows_what_a_reader_needs(client, seeds, record):
    document = seeds[record]
    response = client.get(f"/documents/{record}/")
    html = response.content.decode()
    assert response.status_code == 200
    title = document.title.replace("'", "&#x27;")
    if "title" in document.supplied:
        assert re.search(
            rf'<h1><span class="supplied" title="[^"]+"><span class="br">\[</span>{re.escape(title)}', html
        )
    else:
        assert f"<h1>{title}</h1>" in html
    assert document.date_display in html
    assert document.summary.replace("'", "&#x27;")[:60] in html
    for words in CLUTTER:
        assert words not in html
    assert 'class="entity entity-p' in html or 'class="entity entity-o' in html
    assert "Provenance" in html
    if document.provenance.exists():
        assert 'class="provenance"' in html
    else:  # record 4: the page names no one who published or held it
        assert "No provenance has been recorded for this document." in html
    if document.rights:
        assert document.rights.label in html
    else:
        assert "No rights statement has been recorded for this document." in html
    assert f"http://testserver/documents/{record}/" in html
    assert 'id="p1"' in html


def supplied_spans(html: str) -> list[tuple[str, str, str]]:
    """(hover text, bracketed content, hidden explanation) of each supplied value on a page."""
    pattern = re.compile(
        r'<span class="supplied" title="([^"]*)"><span class="br">\[</span>(.*?)<span class="br">\]</span>'
        r'<span class="visually-hidden"> \(([^<]*)\)</span></span>',
        re.S,
    )
    return [tuple(html_lib.unescape(part) for part in match) for match in pattern.findall(html)]


def test_a_supplied_title_is_in_brackets_with_its_note_on_hover_and_for_screen_readers(client, seeds):
    html = client.get("/documents/2/").content.decode()
    title = seeds[2].title
    explanation = f"Supplied by the archive, not stated by the source: {seeds[2].supplied['title']}"
    spans = supplied_spans(html)
    assert (explanation, title, explanation) in spans
    assert f"<title>[{title}]" in html
    cite = html.split('<section class="citations"', 1)[1]
    assert f"“[{title}],” Memorandum, January 17, 1955" in cite
    notes = html.split('<section class="supplied-notes" id="supplied">', 1)[1].split("</section>", 1)[0]
    assert "Values in square brackets are the archive" in notes
    for label, note in (("Title", seeds[2].supplied["title"]), ("Original language", "inferred")):
        assert f"<dt>{label}</dt><dd>{html_lib.escape(note)[:20]}" in notes


def test_stated_values_carry_no_supplied_mark(client, seeds):
    html = client.get("/documents/1/").content.decode()
    assert f"<h1>{seeds[1].title}</h1>".replace("'", "&#x27;") in html
    # The rights statement, chosen by the archive: under the title and in the record.
    assert [content for _, content, _ in supplied_spans(html)] == [
        "Copyright Undetermined",
        '<a href="http://rightsstatements.org/vocab/UND/1.0/" rel="license">Copyright Undetermined</a>',
    ]
    assert "style=" not in html.split("<main", 1)[1] and "<script>" not in html


def test_record_4_shows_its_inferred_source_date_and_language_as_supplied(client, seeds):
    html = client.get("/documents/4/").content.decode()
    shown = {re.sub(r"<[^>]+>", "", content) for _, content, _ in supplied_spans(html)}
    assert {"Korean Central News Agency (KCNA)", "26 February, year unknown", "ko", "Report"} <= shown
    hover = {hover for hover, content, _ in supplied_spans(html) if "KCNA" in content}
    assert hover == {f"Supplied by the archive, not stated by the source: {seeds[4].supplied['source']}"}
    cite = html.split('<section class="citations"', 1)[1]
    assert "[Korean Central News Agency (KCNA)]" in cite


def test_a_supplied_value_without_a_note_says_so(client, seeds):
    Document.objects.filter(record=5).update(supplied={"title": ""})
    html = client.get("/documents/5/").content.decode()
    hover = "Supplied by the archive, not stated by the source"
    assert [(h, c) for h, c, _ in supplied_spans(html)] == [(hover, Document.objects.get(record=5).title)]
    assert "<dt>Title</dt><dd>not stated by the source</dd>" in html


def test_unknown_year_is_shown_honestly(client, seeds):
    html = client.get("/documents/4/").content.decode()
    assert "26 February, year unknown" in html


def test_rights_notice_keeps_the_holders_wording(client, seeds):
    html = client.get("/documents/1/").content.decode()
    assert "welcomes reuse of Digital Archive materials for research and educational purposes" in html
    assert "Copyright Undetermined" in html


def test_editorial_marks_are_shown_as_marks(client, seeds):
    html = client.get("/documents/2/").content.decode()
    assert 'class="stamp"' in html
    assert 'class="ed ed-supplied"' in html
    assert "illegible signature" in html


def test_slug_variants_redirect_permanently(client, seeds):
    for url in ("/documents/1/some-old-title/", "/documents/1/decision-of-the-kwp-cc-plenum/extra"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == "/documents/1/"


def test_drafts_are_not_public(client, seeds):
    Document.objects.filter(record=3).update(status="draft")
    assert client.get("/documents/3/").status_code == 404
    assert client.get("/documents/3/a-slug/").status_code == 404
    assert "Report on 8th Enlarged" not in client.get("/documents/").content.decode()


def test_withdrawn_record_answers_gone(client, seeds):
    Document.objects.get(record=5).delete()
    response = client.get("/documents/5/")
    assert response.status_code == 410
    assert "never reused" in response.content.decode()


def test_helpful_404_page(client, db):
    response = client.get("/documents/12345/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "/documents/12345/" in html
    assert 'name="q"' in html


def test_entity_page_lists_documents_by_role(client, seeds):
    molotov = Entity.objects.get(kind="person", slug="molotov")
    html = client.get(molotov.get_absolute_url()).content.decode()
    assert "Vyacheslav Molotov" in html
    assert "Author" in html and "Signatory" in html
    assert "/documents/2/" in html
    assert "V. Molotov" in html  # a variant


def test_entity_urls_are_stable(client, seeds):
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    assert kim.get_absolute_url() == f"/persons/{kim.pk}/"
    assert client.get(f"/persons/{kim.pk}/kim-il-sung/").headers["Location"] == f"/persons/{kim.pk}/"
    wrong_kind = client.get(f"/places/{kim.pk}/")
    assert wrong_kind.status_code == 301 and wrong_kind["Location"] == f"/persons/{kim.pk}/"


def test_merged_entity_redirects_to_survivor(client, seeds):
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    duplicate = Entity.objects.create(kind="person", name="Kim Ir Sen", merged_into=kim)
    response = client.get(f"/persons/{duplicate.pk}/")
    assert response.status_code == 301 and response["Location"] == kim.get_absolute_url()


def test_a_to_z_index(client, seeds):
    html = client.get("/persons/?letter=K").content.decode()
    assert "Kim Il Sung" in html
    assert "Vyacheslav Molotov" not in html
    assert 'aria-current="page">K<' in html


def test_document_list_filters(client, seeds):
    kim = Entity.objects.get(kind="person", slug="kim-jong-un")
    html = client.get(f"/documents/?person={kim.pk}").content.decode()
    assert "/documents/3/" in html and "/documents/1/" not in html
    assert "Person: <strong>Kim Jong Un</strong>" in html
    html = client.get("/documents/?type=memorandum").content.decode()
    assert "/documents/2/" in html and "/documents/3/" not in html
    html = client.get("/documents/?year_from=2020").content.decode()
    assert "/documents/3/" in html and "/documents/5/" in html and "/documents/1/" not in html
    assert "/documents/4/" not in html  # an unknown year is in no year range
    html = client.get("/documents/?source=rodong-sinmun").content.decode()
    assert "/documents/5/" in html and "/documents/3/" not in html


def test_document_list_paginates(client, db, settings):
    for n in range(30):
        import_text(annotated(f"Text {n}.", title=f"Document {n:02d}"))
    first = client.get("/documents/").content.decode()
    assert "1 of 2" in first and 'rel="next"' in first
    second = client.get("/documents/?page=2").content.decode()
    assert second.count('class="doc-row"') == 5


def test_home_shows_holdings(client, seeds):
    html = client.get("/").content.decode()
    assert "<strong>5</strong> documents" in html
    assert "/documents/1/" in html


def test_empty_archive_says_so(client, db):
    html = client.get("/").content.decode()
    assert "The archive holds no published documents yet." in html
    assert "No documents match" in client.get("/documents/").content.decode()


def test_text_and_metadata_are_escaped(client, db):
    record = import_text(
        annotated(
            "<script>alert('x')</script> and {p:evil|<b>bold</b>}",
            title="<script>alert('title')</script>",
            extra="entity: p:evil = <img src=x onerror=alert(1)>\nsummary: <i>sum</i>",
        )
    ).document.record
    html = client.get(f"/documents/{record}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html or "&lt;script&gt;alert('x')" in html
    assert "<img src=x" not in html
    assert "<i>sum</i>" not in html


def _document_with_mentions(count: int) -> int:
    names = "\n".join(f"entity: p:person-{n} = Person {n}" for n in range(count))
    body = " ".join(f"{{p:person-{n}|Person {n}}}" for n in range(count))
    return import_text(annotated(body, extra=names + "\ncollection: Test collection")).document.record


def test_document_page_queries_do_not_grow_with_mentions(client, db, django_assert_num_queries):
    small, large = _document_with_mentions(2), _document_with_mentions(40)
    client.get(f"/documents/{small}/")  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        client.get(f"/documents/{small}/")
    with django_assert_num_queries(len(small_queries)):
        client.get(f"/documents/{large}/")


def test_entity_and_list_page_queries_are_bounded(client, seeds, django_assert_max_num_queries):
    kim = Entity.objects.get(kind="organization", slug="wpk")
    with django_assert_max_num_queries(12):
        client.get(kim.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get("/documents/?type=report&year_from=2000")
    with django_assert_max_num_queries(6):
        client.get("/organizations/")
    with django_assert_max_num_queries(8):
        client.get("/")
    assert reverse("archive:entity-index", args=["persons"]) == "/persons/"


def test_two_texts_are_shown_side_by_side(client, db):
    source = annotated(
        "The translation names {pl:seoul|Seoul}.\n\n@text lang=ko type=original\n\n{pl:seoul|서울} 원문."
    )
    source = source.replace("status: published", "status: published\nentity: pl:seoul = Seoul ; variants = 서울")
    document = import_text(source).document
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'class="texts side-by-side"' in html
    assert '<section class="text" lang="ko"' in html
    assert 'id="t2-p1"' in html
    assert document.texts.count() == 2
    assert document.mentions.filter(text__language="ko").get().quote == "서울"


def test_conventions_page_explains_every_mark_and_is_linked_from_documents(client, seeds):
    from archive.annotated.render import EDITORIAL

    html = client.get("/conventions/").content.decode()
    for css, _title in EDITORIAL.values():
        assert f'class="ed ed-{css}"' in html  # an example of each editorial mark, as the texts show it
    for words in ("Deletion", "Editor's note", "Stamp", "Classification", "Supplied values", "EDTF",
                  "year unknown", "Copyright Undetermined", "How to cite"):  # fmt: skip
        assert words in html.replace("&#x27;", "'"), words
    document = client.get("/documents/1/").content.decode()
    assert document.count('href="/conventions/') >= 2  # the key beside the toggle and the record


def test_home_counts_speak_in_the_singular_for_one(client, db):
    import_text(annotated("On {t:cult|the cult}.", extra="entity: t:cult = Cult of personality"))
    html = client.get("/").content.decode()
    assert "<strong>1</strong> topic</a>" in html
    assert "<strong>1</strong> document</a>" in html
    assert "<strong>0</strong> persons</a>" in html


def test_name_variants_in_other_scripts_carry_their_language(client, db):
    import_text(
        annotated(
            "{p:kim|Kim Il Sung} spoke.",
            extra="entity: p:kim = Kim Il Sung ; variants = 김일성 | Ким Ир Сен | Kim Ir Sen",
        )
    )
    kim = Entity.objects.get(slug="kim")
    html = client.get(kim.get_absolute_url()).content.decode()
    assert '<span lang="ko">김일성</span>' in html
    assert '<span lang="ru">Ким Ир Сен</span>' in html
    assert "<span>Kim Ir Sen</span>" in html
    assert 'lang=""' not in html


def test_filter_menus_name_their_empty_choice(client, seeds):
    html = client.get("/documents/").content.decode()
    assert "---------" not in html
    assert '<option value="" selected>Any type</option>' in html


def test_favicon_and_admin_title(client, admin_client, seeds):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/archive/favicon.svg"' in html
    assert "Plenum administration" in admin_client.get("/admin/").content.decode()


def test_entity_card_names_the_entity_and_counts_its_documents(client, seeds, django_assert_max_num_queries):
    kim = Entity.objects.get(kind="person", slug="kim-il-sung")
    with django_assert_max_num_queries(3):
        response = client.get(f"/persons/{kim.pk}/card/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="card-name">Kim Il Sung</p>' in html
    count = kim.mentions.filter(document__status="published").values("document").distinct().count()
    assert f"Named in {count} document{'s' if count != 1 else ''}." in html
    assert "<html" not in html  # a fragment, for the card beside the name
    assert client.get(f"/organizations/{kim.pk}/card/").status_code == 404
    assert client.get("/persons/99999999/card/").status_code == 404
