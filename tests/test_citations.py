"""Citations: the CSL item built from the record, its rendering in Chicago, MLA and APA, the BibTeX,
RIS and CSL-JSON downloads read back by their own parsers, and what the document page shows."""

import datetime
import json

import bibtexparser
import pytest
import rispy
from django.utils import timezone
from lxml import html as lxml_html

from archive.citations import bibtex, csl_item, format_citations, ris
from archive.models import Document
from tests.conftest import annotated, import_text

ACCESSED = datetime.date(2026, 11, 29)

# Checked by eye against each style's rules: Chicago 18 notes give given names first and "trans." with
# "et al." beyond two; its bibliography inverts the first name only and spells out "Translated by";
# MLA 9 names the second container (Plenum) before the URL and abbreviates months; APA 7 initials
# given names, joins with "&", italicizes the title of an unpublished work and ends without a period.
# American punctuation: commas and periods inside the closing quotation mark.
EXPECTED = {
    (2, "chicago-note"): "Vyacheslav Molotov and Mikhail Suslov, “[Memorandum from V. Molotov and M. Suslov to the "
    "CPSU CC on Aid to the DPRK],” Memorandum, January 17, 1955, AVPRF F. 0102 Op. 11 P. 65 D. 45, Archive of "
    "Foreign Policy of the Russian Federation (AVPRF), accessed November 29, 2026, http://testserver/documents/2/.",
    (2, "chicago-bibliography"): "Molotov, Vyacheslav, and Mikhail Suslov. “[Memorandum from V. Molotov and M. "
    "Suslov to the CPSU CC on Aid to the DPRK].” Memorandum. January 17, 1955. AVPRF F. 0102 Op. 11 P. 65 D. 45. "
    "Archive of Foreign Policy of the Russian Federation (AVPRF). Accessed November 29, 2026. "
    "http://testserver/documents/2/.",
    (2, "mla"): "Molotov, Vyacheslav, and Mikhail Suslov. “[Memorandum from V. Molotov and M. Suslov to the CPSU CC "
    "on Aid to the DPRK].” Memorandum. 17 Jan. 1955, Archive of Foreign Policy of the Russian Federation (AVPRF), "
    "AVPRF F. 0102 Op. 11 P. 65 D. 45. <i>Plenum</i>, http://testserver/documents/2/.",
    (2, "apa"): "Molotov, V., &amp; Suslov, M. (1955). <i>[Memorandum from V. Molotov and M. Suslov to the CPSU CC on "
    "Aid to the DPRK]</i> [Memorandum]. Archive of Foreign Policy of the Russian Federation (AVPRF) (AVPRF F. 0102 "
    "Op. 11 P. 65 D. 45). http://testserver/documents/2/",
    (1, "chicago-note"): "Central Committee of the Workers' Party of Korea and Kim Il Sung, “Decision of the KWP CC "
    "Plenum, 30-31 August 1956, 'The Results of the Work of the Government Delegation Which Visited Fraternal "
    "Countries, and Some Pressing Tasks of Our Party',” Decision, trans. Rozanov et al., September 15, 1956, History "
    "and Public Policy Program Digital Archive, accessed November 29, 2026, http://testserver/documents/1/.",
    (1, "chicago-bibliography"): "Central Committee of the Workers' Party of Korea, and Kim Il Sung. “Decision of "
    "the KWP CC Plenum, 30-31 August 1956, 'The Results of the Work of the Government Delegation Which Visited "
    "Fraternal Countries, and Some Pressing Tasks of Our Party'.” Decision. Translated by Rozanov, Bulgakov, and "
    "Suvorov. September 15, 1956. History and Public Policy Program Digital Archive. Accessed November 29, 2026. "
    "http://testserver/documents/1/.",
    (1, "mla"): "Central Committee of the Workers' Party of Korea, and Kim Il Sung. “Decision of the KWP CC Plenum, "
    "30-31 August 1956, 'The Results of the Work of the Government Delegation Which Visited Fraternal Countries, and "
    "Some Pressing Tasks of Our Party'.” Decision. Translated by Rozanov et al., 15 Sept. 1956, History and Public "
    "Policy Program Digital Archive. <i>Plenum</i>, http://testserver/documents/1/.",
    (1, "apa"): "Central Committee of the Workers' Party of Korea, &amp; Kim Il Sung. (1956). <i>Decision of the KWP "
    "CC Plenum, 30-31 August 1956, 'The Results of the Work of the Government Delegation which Visited Fraternal "
    "Countries, and Some Pressing Tasks of Our Party'</i> (Rozanov, Bulgakov, &amp; Suvorov, trans.) [Decision]. "
    "History and Public Policy Program Digital Archive. http://testserver/documents/1/",
    (5, "chicago-note"): "Political News Team of Rodong Sinmun, “Report on Enlarged Meeting of 2nd Political Bureau "
    "of 8th C.C., WPK,” <i>Rodong Sinmun</i>, June 30, 2021, accessed November 29, 2026, "
    "http://testserver/documents/5/.",
    (5, "chicago-bibliography"): "Political News Team of Rodong Sinmun. “Report on Enlarged Meeting of 2nd Political "
    "Bureau of 8th C.C., WPK.” <i>Rodong Sinmun</i>, June 30, 2021. Accessed November 29, 2026. "
    "http://testserver/documents/5/.",
    (5, "mla"): "Political News Team of Rodong Sinmun. “Report on Enlarged Meeting of 2nd Political Bureau of 8th "
    "C.C., WPK.” <i>Rodong Sinmun</i>, 30 June 2021. <i>Plenum</i>, http://testserver/documents/5/.",
    (5, "apa"): "Political News Team of Rodong Sinmun. (2021, June 30). Report on Enlarged Meeting of 2nd Political "
    "Bureau of 8th C.C., WPK. <i>Rodong Sinmun</i>. http://testserver/documents/5/",
}


def item_of(record: int) -> dict:
    document = Document.objects.published().with_reading_relations().get(record=record)
    return csl_item(document, url=f"http://testserver/documents/{record}/", accessed=ACCESSED)


@pytest.mark.parametrize(("record", "style"), list(EXPECTED))
def test_each_style_for_an_archival_memo_a_translated_decision_and_a_news_report(seeds, record, style):
    formatted = {c.style.key: str(c.html) for c in format_citations(item_of(record))}
    assert formatted[style] == EXPECTED[record, style]


def test_the_csl_item_of_an_archival_item_names_its_archive_and_reference(seeds):
    item = item_of(2)
    assert item["type"] == "manuscript"
    assert item["archive"] == "Archive of Foreign Policy of the Russian Federation (AVPRF)"
    assert item["archive_location"] == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    assert item["author"] == [{"family": "Molotov", "given": "Vyacheslav"}, {"family": "Suslov", "given": "Mikhail"}]
    assert {"literal": "Central Committee of the Communist Party of the Soviet Union"} in item["recipient"]
    assert item["issued"] == {"date-parts": [[1955, 1, 17]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 29]]}


def test_translators_follow_the_provenance_and_news_is_a_newspaper_article(seeds):
    assert [n["literal"] for n in item_of(1)["translator"]] == ["Rozanov", "Bulgakov", "Suvorov"]
    news = item_of(5)
    assert news["type"] == "article-newspaper"
    assert news["container-title"] == "Rodong Sinmun"
    assert "archive" not in news


def test_a_date_whose_year_is_unknown_says_so_in_every_style(seeds):
    item = item_of(4)
    assert item["issued"] == {"literal": "26 February, year unknown"}
    for citation in format_citations(item):
        assert str(citation.html).count("26 February, year unknown") == 1, citation.style.key


def test_a_date_range_is_a_range_in_every_style_and_an_untitled_author_is_not_repeated(db):
    document = import_text(annotated("Text.", title="Ranged")).document  # 1956-08-30/1956-08-31, no author
    item = csl_item(document, url="http://testserver/", accessed=ACCESSED)
    assert item["issued"] == {"date-parts": [[1956, 8, 30], [1956, 8, 31]]}
    formatted = {c.style.key: str(c.html) for c in format_citations(item)}
    assert "“Ranged,” Report, August 30–31, 1956, accessed" in formatted["chicago-note"]
    assert "“Ranged.” August 30–31, 1956. Accessed" in formatted["chicago-bibliography"]
    assert "30–31 Aug. 1956" in formatted["mla"]
    assert "(August 30–31, 1956)" in formatted["apa"]
    for style, text in formatted.items():
        assert text.count("Ranged") == 1, style  # the title stands in for the author once


def test_record_text_is_escaped_in_every_style(db):
    document = import_text(annotated("Text.", title="<script>alert(1)</script> & more")).document
    item = csl_item(document, url="http://testserver/", accessed=ACCESSED)
    for citation in format_citations(item):
        assert "<script>" not in citation.html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in citation.html


def test_bibtex_reads_back(seeds):
    library = bibtexparser.parse_string(bibtex(item_of(2)) + bibtex(item_of(5)))
    assert not library.failed_blocks
    memo, news = library.entries
    assert (memo.entry_type, memo.key) == ("unpublished", "plenum2")
    assert memo.fields_dict["author"].value == "Molotov, Vyacheslav and Suslov, Mikhail"
    assert memo.fields_dict["howpublished"].value == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    assert memo.fields_dict["library"].value == "Archive of Foreign Policy of the Russian Federation (AVPRF)"
    assert memo.fields_dict["urldate"].value == "2026-11-29"
    assert news.entry_type == "article"
    assert news.fields_dict["journal"].value == "Rodong Sinmun"
    assert news.fields_dict["date"].value == "2021-06-30"


def test_bibtex_escapes_its_special_characters(db):
    document = import_text(annotated("Text.", title="50% of {all} costs & 100$ #1 a_b")).document
    library = bibtexparser.parse_string(bibtex(csl_item(document, url="http://testserver/", accessed=ACCESSED)))
    assert not library.failed_blocks
    assert library.entries[0].fields_dict["title"].value == r"{50\% of \{all\} costs \& 100\$ \#1 a\_b}"


def test_ris_reads_back(seeds):
    memo, decision, news = (rispy.loads(ris(item_of(n)))[0] for n in (2, 1, 5))
    assert memo["type_of_reference"] == "MANSCPT"
    assert memo["authors"] == ["Molotov, Vyacheslav", "Suslov, Mikhail"]
    assert memo["accession_number"] == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    assert memo["name_of_database"] == "Archive of Foreign Policy of the Russian Federation (AVPRF)"
    assert memo["date"] == "1955/01/17/"
    assert memo["access_date"] == "2026-11-29"
    assert memo["urls"] == ["http://testserver/documents/2/"]
    assert decision["subsidiary_authors"] == ["Rozanov", "Bulgakov", "Suvorov"]
    assert news["type_of_reference"] == "NEWS"
    assert news["secondary_title"] == "Rodong Sinmun"


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        ("bib", "application/x-bibtex"),
        ("ris", "application/x-research-info-systems"),
        ("json", "application/vnd.citationstyles.csl+json"),
    ],
)
def test_downloads_at_stable_addresses(client, seeds, suffix, content_type):
    response = client.get(f"/documents/2/cite.{suffix}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert "AVPRF F. 0102 Op. 11 P. 65 D. 45" in body
    assert timezone.now().date().isoformat() in body or suffix == "json"


def test_csl_json_download_is_the_item(client, seeds):
    items = json.loads(client.get("/documents/5/cite.json").content)
    assert [item["type"] for item in items] == ["article-newspaper"]
    today = timezone.now().date()
    assert items[0]["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    assert items[0]["URL"] == "http://testserver/documents/5/"


def test_drafts_have_no_citation(client, db):
    draft = import_text(annotated("Text.").replace("status: published", "status: draft")).document
    for suffix in ("bib", "ris", "json"):
        assert client.get(f"/documents/{draft.record}/cite.{suffix}").status_code == 404
    assert client.get("/documents/999/cite.bib").status_code == 404


def test_the_page_shows_each_style_with_a_copy_button_and_the_downloads(client, seeds):
    page = lxml_html.fromstring(client.get("/documents/2/").content)
    box = page.xpath("//section[@class='citations']")[0]
    texts = {p.get("id"): p.text_content() for p in box.xpath(".//p[@class='citation-text']")}
    assert set(texts) == {"citation-chicago-note", "citation-chicago-bibliography", "citation-mla", "citation-apa"}
    today = timezone.now().date()
    assert f"accessed {today:%B} {today.day}, {today.year}" in texts["citation-chicago-note"]
    assert all("AVPRF F. 0102 Op. 11 P. 65 D. 45" in text for text in texts.values())
    assert all("http://testserver/documents/2/" in text for text in texts.values())
    targets = [button.get("data-target") for button in box.xpath(".//button[@class='copy-citation']")]
    assert sorted(targets) == sorted(texts)
    links = [a.get("href") for a in box.xpath(".//p[@class='citation-downloads']/a")]
    assert links == ["/documents/2/cite.bib", "/documents/2/cite.ris", "/documents/2/cite.json"]
    assert box.get("data-permalink") == "http://testserver/documents/2/"
    scripts = [s.get("src") for s in page.xpath("//script[@src]")]
    assert "/static/archive/citations.js" in scripts


def test_highwire_tags_for_reference_managers(client, seeds):
    page = lxml_html.fromstring(client.get("/documents/2/").content)
    tags = [(m.get("name"), m.get("content")) for m in page.xpath("//head/meta[starts-with(@name, 'citation_')]")]
    assert ("citation_title", "[Memorandum from V. Molotov and M. Suslov to the CPSU CC on Aid to the DPRK]") in tags
    assert [c for n, c in tags if n == "citation_author"] == ["Molotov, Vyacheslav", "Suslov, Mikhail"]
    assert ("citation_date", "1955/01/17") in tags
    assert ("citation_public_url", "http://testserver/documents/2/") in tags
    news = lxml_html.fromstring(client.get("/documents/5/").content)
    assert news.xpath("//head/meta[@name='citation_journal_title']")[0].get("content") == "Rodong Sinmun"


def test_citations_add_no_query_to_the_document_page(client, seeds, django_assert_num_queries, monkeypatch):
    from archive.views import documents

    client.get("/documents/2/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as with_citations:
        client.get("/documents/2/")
    monkeypatch.setattr(documents, "citation_context", lambda request, document: {})
    with django_assert_num_queries(len(with_citations)):
        client.get("/documents/2/")


def test_formatted_citations_are_kept_for_each_edition_of_the_record(seeds, monkeypatch):
    from django.core.cache import caches

    from archive.citations import styles

    item = {**item_of(2), "URL": "http://testserver/documents/2/?kept"}
    first = [str(c.html) for c in format_citations(item)]
    monkeypatch.setattr(styles, "format_citation", lambda item, style: pytest.fail("formatted again"))
    assert [str(c.html) for c in format_citations(item)] == first
    caches["default"].clear()  # another worker, or the next start: the shared cache still holds them
    assert [str(c.html) for c in format_citations(item)] == first
    another_day = [str(c.html) for c in format_citations({**item, "accessed": {"date-parts": [[2027, 5, 3]]}})]
    assert "accessed May 3, 2027, http://testserver/documents/2/?kept." in another_day[0]
    with pytest.raises(pytest.fail.Exception):
        format_citations({**item, "title": "Another title"})  # another edition: formatted anew


DAYS = [
    datetime.date(2026, month, day)
    for month, day in zip(range(1, 13), (1, 9, 10, 28, 31, 30, 4, 15, 2, 11, 29, 31), strict=True)
]


@pytest.mark.parametrize("record", [1, 2, 4, 5])
def test_kept_citations_given_a_day_and_address_are_those_formatted_for_them(seeds, record):
    from archive.citations import styles

    base = item_of(record)
    for n, day in enumerate(DAYS):
        url = f"http://archive-{n}.example/documents/{record}/?a=1&b=<2>"
        item = {**base, "URL": url, "accessed": {"date-parts": [[day.year, day.month, day.day]]}}
        direct = [str(styles.format_citation(item, style)) for style in styles.STYLES]
        assert [str(c.html) for c in format_citations(item)] == direct, day


def test_a_record_naming_the_stand_in_day_is_formatted_as_it_is(seeds, monkeypatch):
    from archive.citations import styles

    item = {**item_of(2), "title": "Minutes of November 11, 1111"}
    calls = []
    real = styles.format_citation
    monkeypatch.setattr(styles, "format_citation", lambda item, style: calls.append(style) or real(item, style))
    formatted = [str(c.html) for c in format_citations(item)]
    format_citations(item)
    assert len(calls) == 2 * len(styles.STYLES)
    assert "Minutes of November 11, 1111" in formatted[0]
    assert "accessed November 29, 2026" in formatted[0]
