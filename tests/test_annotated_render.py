"""Rendering a parsed annotated text as HTML: escaping, links, anchors, footnotes, editorial marks."""

import re

import pytest

from archive.annotated import parse_body
from archive.annotated.render import render_text


def no_links(key: str) -> None:
    return None


def text_of(body: str):
    parsed = parse_body(body, lang="en")
    assert parsed.ok, [p.format() for p in parsed.errors]
    return parsed.texts[0]


def render(body: str, link=no_links, **kwargs) -> str:
    return render_text(text_of(body), link, **kwargs)


# --------------------------------------------------------------------------- escaping

HOSTILE = '<script>alert("x")</script> & "quoted"'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;"


@pytest.mark.parametrize(
    "body",
    [
        HOSTILE,
        f"# {HOSTILE}",
        f"## {HOSTILE}",
        f"@fw classification|{HOSTILE}",
        f"@dateline|{HOSTILE}",
        f"@byline|{HOSTILE}",
        f"@signed|{HOSTILE}",
        f"@stamp\n{HOSTILE}\n@end",
        f"@opener\n{HOSTILE}\n@end",
        f"@closer\n{HOSTILE}\n@end",
        f"{{p:kim-il-sung|{HOSTILE}}}",
        f"{{p:kim-il-sung role=signatory|{HOSTILE}}}",
        f"{{d:1956-09-15|{HOSTILE}}}",
        f"{{sup|{HOSTILE}}}",
        f"{{unc|{HOSTILE}}}",
        f"{{gap reason=illegible|{HOSTILE}}}",
        f"{{add place=margin|{HOSTILE}}}",
        f"{{del|{HOSTILE}}}",
        f"Text{{note|{HOSTILE}}}",
        f"{{sic|{HOSTILE}|{HOSTILE}}}",
        f"{{reg|Kansen|{HOSTILE}}}",
        f"{{abbr|{HOSTILE}|{HOSTILE}}}",
        f"**{HOSTILE}**",
    ],
)
def test_text_and_mark_contents_are_escaped(body):
    html = render(body, lambda key: f"/entities/{key}/")
    assert "<script>" not in html
    assert "</script>" not in html
    assert 'alert("x")' not in html
    assert ESCAPED in html


def test_ampersand_and_quote_in_plain_paragraph_text():
    html = render('Kim & Mao said "yes" <b>')
    assert "Kim &amp; Mao said &quot;yes&quot; &lt;b&gt;" in html
    assert "<b>" not in html


def test_escaped_markup_characters_reach_the_page_as_text():
    html = render(r"\{p:kim-il-sung\|Kim\} \*\*not bold\*\*")
    assert "{p:kim-il-sung|Kim} **not bold**" in html
    assert "<strong>" not in html
    assert "<a " not in html.replace('<a class="pilcrow"', "")


def test_attribute_values_from_the_source_are_escaped():
    html = render('{sup reason="><script>alert(1)</script>|Kuz}netsov')
    assert "<script>" not in html
    assert 'title="Supplied by the editor or translator (&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;)"' in html


def test_linker_url_is_escaped_in_the_href():
    html = render("{p:kim-il-sung|Kim Il Sung}", lambda key: '/entities/?q=kim&x="1"')
    assert 'href="/entities/?q=kim&amp;x=&quot;1&quot;"' in html


# --------------------------------------------------------------------------- entities and dates


def test_entity_mark_becomes_a_link_with_the_linkers_url():
    calls = []

    def link(key):
        calls.append(key)
        return f"/entities/{key.replace(':', '/')}/"

    html = render("{p:kim-il-sung|김일성} and {o:kwp-cc|KWP CC} in {pl:pyongyang|Pyongyang}", link)
    assert '<a class="entity entity-p" href="/entities/p/kim-il-sung/">김일성</a>' in html
    assert '<a class="entity entity-o" href="/entities/o/kwp-cc/">KWP CC</a>' in html
    assert '<a class="entity entity-pl" href="/entities/pl/pyongyang/">Pyongyang</a>' in html
    assert calls == ["p:kim-il-sung", "o:kwp-cc", "pl:pyongyang"]


def test_entity_mark_becomes_a_span_when_the_linker_returns_none():
    html = render(
        "{p:kim-il-sung|Kim Il Sung} and {ev:kwp-cc-plenum-1956-08|the Plenum}",
        lambda key: "/entities/kim/" if key == "p:kim-il-sung" else None,
    )
    assert '<a class="entity entity-p" href="/entities/kim/">Kim Il Sung</a>' in html
    assert '<span class="entity entity-ev">the Plenum</span>' in html
    assert 'entity-ev" href' not in html


def test_entity_role_is_kept_as_a_data_attribute():
    linked = render("{p:kim-il-sung role=signatory|KIM IL SUNG}", lambda key: "/e/1/")
    assert '<a class="entity entity-p" href="/e/1/" data-role="signatory">KIM IL SUNG</a>' in linked
    unlinked = render("{p:kim-il-sung role=signatory|KIM IL SUNG}")
    assert '<span class="entity entity-p" data-role="signatory">KIM IL SUNG</span>' in unlinked


def test_an_entity_inside_another_is_never_a_link_inside_a_link():
    html = render("{ev:plenum|{o:kwp-cc|KWP CC} Plenum}", lambda key: f"/e/{key.split(':')[1]}/")
    assert html.count("<a ") == 3  # the paragraph mark, the organization, the event
    assert (
        '<span class="entity entity-ev entity-wrap">'
        '<a class="entity entity-o" href="/e/kwp-cc/">KWP CC</a> Plenum</span>'
        '<a class="entity-link entity-ev" href="/e/plenum/" aria-label="Event: KWP CC Plenum"' in html
    )


def test_an_entity_holding_a_note_keeps_its_link_beside_the_words():
    html = render("{p:kim|Kim{note|A note <here>.}} spoke.", lambda key: "/e/kim/")
    assert '<span class="entity entity-p entity-wrap">Kim<sup class="fn"' in html
    assert 'aria-label="Person: Kim"' in html


def test_an_entity_without_a_link_holding_another_stays_a_plain_span():
    html = render("{ev:plenum|{o:kwp-cc|KWP CC} Plenum}", lambda key: "/e/o/" if key == "o:kwp-cc" else None)
    assert '<span class="entity entity-ev"><a class="entity entity-o" href="/e/o/">KWP CC</a> Plenum</span>' in html
    assert "entity-link" not in html


def test_nested_marks_render_inside_the_entity():
    html = render("{pl:kangson|{reg|Kansen|Kangson}}", lambda key: "/e/kangson/")
    assert html.count('<a class="entity entity-pl" href="/e/kangson/">') == 1
    assert re.search(r'<a class="entity entity-pl"[^>]*><span class="choice choice-reg"[^>]*>Kansen', html)


def test_date_mark_carries_its_edtf_and_a_description():
    html = render("{d:1956-08-30/1956-08-31|30-31 August 1956}")
    assert (
        '<span class="date" data-edtf="1956-08-30/1956-08-31" title="30–31 August 1956">30-31 August 1956</span>'
        in html
    )
    assert 'title="26 February, year unknown"' in render("{d:XXXX-02-26|February 26}")


def test_bold_renders_strong():
    assert "<strong>Kim Jong Un</strong>" in render("**Kim Jong Un**")


# --------------------------------------------------------------------------- blocks and anchors


def test_paragraphs_get_numbered_ids_and_pilcrow_links():
    html = render("# Heading\n\nFirst.\n\n@fw classification|SECRET\n\nSecond.\n\n@signed|V. Molotov\n\nThird.")
    assert re.findall(r'<p id="([^"]+)"', html) == ["p1", "p2", "p3"]
    assert '<p id="p1"><a class="pilcrow" href="#p1" aria-label="Paragraph 1">¶</a>First.</p>' in html
    assert '<p id="p3"><a class="pilcrow" href="#p3" aria-label="Paragraph 3">¶</a>Third.</p>' in html


def test_anchor_prefix_prefixes_paragraph_ids():
    html = render("첫 문단.\n\n둘째 문단.", anchor_prefix="t2-")
    assert re.findall(r'<p id="([^"]+)"', html) == ["t2-p1", "t2-p2"]
    assert 'href="#t2-p2"' in html
    assert 'id="p1"' not in html


def test_headings_are_h2_and_h3():
    html = render("# DECISION OF THE KWP CC PLENUM\n\n## On the delegation")
    assert html.splitlines() == ["<h2>DECISION OF THE KWP CC PLENUM</h2>", "<h3>On the delegation</h3>"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("@fw classification|SECRET", '<p class="fw fw-classification">SECRET</p>'),
        ("@fw copy|Copy Nº 1", '<p class="fw fw-copy">Copy Nº 1</p>'),
        ("@dateline|Pyongyang, June 19 (KCNA) --", '<p class="dateline">Pyongyang, June 19 (KCNA) --</p>'),
        ("@byline|Political News Team", '<p class="byline">Political News Team</p>'),
        ("@signed|V. Molotov", '<p class="signed">V. Molotov</p>'),
        ("@opener\nTo the CC CPSU\nComrades!\n@end", '<div class="opener">To the CC CPSU<br>\nComrades!</div>'),
        ("@closer\nWith greetings\nV. Molotov\n@end", '<div class="closer">With greetings<br>\nV. Molotov</div>'),
    ],
)
def test_directive_blocks(body, expected):
    assert render(body) == expected


def test_stamp_keeps_line_breaks_as_br():
    html = render(
        "@stamp\nSecretariat of Cde. {sup reason=illegible|Kuz}netsov\nIncoming No 367vn\n17 January 1955\n@end"
    )
    assert html.startswith('<div class="stamp">Secretariat of Cde. ')
    assert html.endswith("netsov<br>\nIncoming No 367vn<br>\n17 January 1955</div>")


def test_line_break_inside_a_paragraph_is_a_br():
    assert "Pyongyang<br>\nJune 19" in render("Pyongyang\nJune 19")


# --------------------------------------------------------------------------- notes


def test_notes_become_numbered_footnotes_with_back_links():
    html = render("Kim Il Sung{note|Kim Il-sung, 김일성.} spoke.\n\nThe Plenum{note|Held 30-31 August 1956.} closed.")
    assert '<sup class="fn" id="fnref1"><a href="#fn1">1</a></sup> spoke.' in html
    assert '<sup class="fn" id="fnref2"><a href="#fn2">2</a></sup> closed.' in html
    assert '<ol class="footnotes">' in html
    assert (
        '<li id="fn1">Kim Il-sung, 김일성. <a href="#fnref1" class="backref" aria-label="Back to the text">↩</a></li>'
    ) in html
    assert '<li id="fn2">Held 30-31 August 1956. <a href="#fnref2"' in html
    # The footnotes come after the text, and the note text is not inline.
    assert html.index('<ol class="footnotes">') > html.index("closed.")
    assert html.count("Held 30-31 August 1956.") == 1


def test_footnote_anchors_take_the_prefix():
    html = render("Text{note|a note}", anchor_prefix="t2-")
    assert '<sup class="fn" id="t2-fnref1"><a href="#t2-fn1">1</a></sup>' in html
    assert '<li id="t2-fn1">a note <a href="#t2-fnref1"' in html


def test_no_footnote_list_without_notes():
    assert "footnotes" not in render("Kim Il Sung spoke.")


def test_marks_inside_a_note_are_rendered_in_the_footnote():
    html = render("Text{note|compare {sup|the} **original**}")
    assert '<li id="fn1">compare <span class="ed ed-supplied"' in html
    assert "<strong>original</strong>" in html


# --------------------------------------------------------------------------- editorial marks


def bracketed(html: str) -> list[str]:
    return re.findall(r'<span class="br">([^<]*)</span>', html)


@pytest.mark.parametrize(
    "body, css, inner",
    [
        ("{sup|should be}", "ed ed-supplied", "should be"),
        ("{unc|Kansen}", "ed ed-unclear", "Kansen"),
        ("{gap reason=illegible|the remainder is illegible}", "ed ed-gap", "the remainder is illegible"),
        ("{gap}", "ed ed-gap", "…"),
        ("{sig}", "ed ed-sig", "signature"),
        ("{add place=margin|Mao Zedong}", "ed ed-add", "handwriting: Mao Zedong"),
    ],
)
def test_editorial_marks_carry_class_ed_and_bracket_spans(body, css, inner):
    html = render(body)
    assert f'<span class="{css}" title="' in html
    assert f'<span class="br">[</span>{inner}<span class="br">]</span></span>' in html
    assert bracketed(html) == ["[", "]"]


@pytest.mark.parametrize(
    "body, css, first, second",
    [
        ("{sic|contrades|comrades}", "sic", "contrades", "sic: comrades"),
        ("{reg|Kansen|Kangson}", "reg", "Kansen", "Kangson"),
        ("{abbr|Cde.|Comrade}", "abbr", "Cde.", "Comrade"),
    ],
)
def test_choices_show_the_second_part_in_editorial_brackets(body, css, first, second):
    html = render(body)
    assert html.count(f'<span class="choice choice-{css}"') == 1
    assert (
        f'>{first}<span class="ed ed-{css}"><span class="br">[</span>{second}<span class="br">]</span></span></span>'
        in html
    )


def test_deletion_carries_class_ed():
    assert '<del class="ed">word</del>' in render("{del|word}")


def test_supplied_illegible_letters_render_double_brackets():
    html = render("{sup reason=illegible|Kuz}netsov")
    assert (
        '<span class="ed ed-supplied" title="Supplied by the editor or translator (illegible)">'
        '<span class="br">[[</span>Kuz<span class="br">]]</span></span>netsov'
    ) in html
    assert bracketed(render("{sup|should be}")) == ["[", "]"]
    assert bracketed(render("{sup reason=faded|Kuz}")) == ["[", "]"]


def test_signature_and_illegible_signature():
    assert '<span class="br">[</span>signature<span class="br">]</span>' in render("{sig}")
    html = render("{sig reason=illegible}")
    assert '<span class="br">[</span>illegible signature<span class="br">]</span>' in html
    assert 'title="Signature (illegible)"' in html


def test_addition_names_its_place_in_the_title():
    assert 'title="Handwritten addition (margin)"' in render("{add place=margin|Mao Zedong}")
    assert 'title="Handwritten addition"' in render("{add|agreed}")


def test_reasons_appear_in_titles():
    assert 'title="Uncertain reading (faded)"' in render("{unc reason=faded|Kansen}")
    assert 'title="Not transcribed (illegible)"' in render("{gap reason=illegible|rest}")
