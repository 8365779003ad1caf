"""The raw-page importer: seeds against their hand-written fixtures, and small pages written here."""

import difflib
import re
from pathlib import Path

import pytest

from archive.annotated import parse
from archive.annotated.model import ProvenanceDecl
from archive.annotated.raw import draft, draft_bytes
from archive.annotated.raw.brackets import convert
from archive.annotated.raw.when import day_first, to_edtf, years_just_before

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "fixtures"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the raw seed pages are not at {SEEDS} (the 'shared' folder beside the repository)"
)

# The fixtures were annotated by hand from these pages: entity and date marks, headings and
# fences change no plain text, so a faithful draft differs from them in whitespace only. The
# bodies are compared word by word (whitespace normalized); 0.98 leaves room for a curator's
# small rewording (2% of the shortest body, 001, is ~15 words) while still failing when one
# paragraph is lost or a teaser list is left in.
PLAIN_SIMILARITY = 0.98

# seed prefix -> (fixture prefix, page kind, keys the page itself states)
SEED_CASES = {
    "000": ("0001", "wilson", {"title", "date", "type", "source", "classifications"}),
    "001": ("0002", "transcript", {"date", "citation", "classifications"}),
    "002": ("0003", "kcna", {"title", "date", "type", "source"}),
    "003": ("0004", "kcna", {"title", "date"}),
    "004": ("0005", "kcna", {"title", "date", "type", "source"}),
}
CLUTTER = (
    "Associated Places", "Associated Topics", "Subjects Discussed", "Document Information", "Original Archive",
    "while warning of the dangers", "Back to top button", "More From", "More Articles",
    "Read original version at source", "KCNA Rodong Sinmun (En)", "September 27, 2024", "Date: 30/06/2021",
)  # fmt: skip


def _one(folder: Path, prefix: str) -> Path:
    (path,) = folder.glob(f"{prefix}[-_]*.txt")
    return path


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _citation(meta) -> str:
    return next((step.citation for step in meta.provenance if step.citation), "")


def _only_missing_keys(parsed) -> list[str]:
    """Errors other than required keys the page does not state (written empty, or left out)."""
    return [
        p.message
        for p in parsed.errors
        if not re.search(r"lacks the required key|required key '.*' is empty", p.message)
    ]


def _body_plain(raw: str) -> str:
    parsed = parse(draft(raw).text)
    assert not _only_missing_keys(parsed), parsed.errors
    return parsed.texts[0].plain


# --------------------------------------------------------------------------- the five seeds


@needs_seeds
@pytest.mark.parametrize("seed", sorted(SEED_CASES))
def test_seed_draft_matches_its_fixture(seed):
    fixture_prefix, kind, stated = SEED_CASES[seed]
    result = draft_bytes(_one(SEEDS, seed).read_bytes())
    got = parse(result.text)
    want = parse(_one(FIXTURES, fixture_prefix).read_text(encoding="utf-8"))
    assert result.kind == kind
    assert not _only_missing_keys(got), got.errors
    for key, have, expected in [
        ("title", got.meta.title, want.meta.title),
        ("date", got.meta.date, want.meta.date),
        ("type", got.meta.type, want.meta.type),
        ("source", got.meta.source, want.meta.source),
        ("citation", _citation(got.meta), _citation(want.meta)),
        ("classifications", got.meta.classifications, want.meta.classifications),
    ]:
        if key in stated:
            assert have == expected, key
        else:
            assert not have, f"{key} is not stated by the page, yet the draft has {have!r}"
    draft_words, fixture_words = got.texts[0].plain.split(), want.texts[0].plain.split()
    ratio = difflib.SequenceMatcher(None, draft_words, fixture_words, autojunk=False).ratio()
    assert ratio >= PLAIN_SIMILARITY
    body = result.text.split("\n\n", 1)[1]
    for clutter in CLUTTER:
        assert clutter not in body


@needs_seeds
def test_seed_capture_date_is_the_retrieval_not_the_document_date():
    result = draft_bytes(_one(SEEDS, "004").read_bytes())
    assert result.retrieved == "2024-09-27"
    assert result.date == "2021-06-30" and result.date_written == "30/06/2021"
    assert ProvenanceDecl("retrieved", date="2024-09-27") in result.provenance
    assert result.byline == "Political News Team"
    assert "@byline|Political News Team" in result.text


@needs_seeds
def test_seed_without_a_year_is_flagged_and_records_xxxx():
    result = draft_bytes(_one(SEEDS, "003").read_bytes())
    assert result.date == "XXXX-02-26"
    assert any("year is not stated" in flag for flag in result.flags)
    assert "date: XXXX-02-26" in result.text.splitlines()


@needs_seeds
def test_seed_transcript_marks_and_stamp():
    result = draft_bytes(_one(SEEDS, "001").read_bytes())
    text = result.text
    assert "@stamp\n27/449\nSecretariat of {sup reason=illegible|Kuz}netsov\n" in text
    assert "{add place=margin|Mao Zedong {gap reason=illegible|the remainder is illegible}}" in text
    assert "@fw archive|AVPRF F. 0102 Op. 11 P. 65 D. 45" in text
    assert "@signed|Authenticated: {sig reason=illegible}" in text
    assert "type:" in text.splitlines() and "title:" in text.splitlines()


# --------------------------------------------------------------------------- pages written here

WILSON_PAGE = """\
A letter about grain deliveries to the northern provinces.
March 4, 1951
Letter from the Ministry of Agriculture to the Central Committee on Grain Deliveries
Translation from Russian
Strictly Secret
Copy Nº 3
To the Central Committee:
We report that the deliveries of grain to the provinces are behind the plan by a considerable margin this spring.
Minister [illegible signature]
A letter about grain deliveries to the northern provinces, with figures.
Associated Places
Hamgyong Province
Associated Topics
Grain
Document Information
Source
RGASPI f. 17 op. 137 d. 946
Original Archive
Russian State Archive of Socio-Political History
Rights
Free for study. https://creativecommons.org/licenses/by/4.0/
"""


def test_wilson_page_recognized_by_its_footer_labels():
    result = draft(WILSON_PAGE)
    assert result.kind == "wilson"
    assert (result.title, result.date, result.date_written) == (
        "Letter from the Ministry of Agriculture to the Central Committee on Grain Deliveries",
        "1951-03-04",
        "March 4, 1951",
    )
    assert result.type == "letter"
    assert result.summary.startswith("A letter about grain deliveries")
    assert result.lang_original == "ru"
    assert result.classifications == ["Strictly Secret", "Copy Nº 3"]
    assert result.archive_citation == "RGASPI f. 17 op. 137 d. 946"
    assert result.archive == "Russian State Archive of Socio-Political History"
    assert result.rights == "https://creativecommons.org/licenses/by/4.0/"
    assert any("Hamgyong Province" in note for note in result.notes)
    parsed = parse(result.text)
    assert parsed.ok, parsed.errors
    assert "with figures" not in parsed.texts[0].plain  # the footer's repeated summary is clutter
    assert "Minister" in parsed.texts[0].plain


def test_title_without_a_type_word_leaves_type_empty_and_flagged():
    page = WILSON_PAGE.replace("Letter from the Ministry", "The Ministry")
    result = draft(page)
    assert result.type == ""
    assert "type:" in result.text.splitlines()
    assert any("type" in flag for flag in result.flags)


KCNA_NO_YEAR = """\
Reception Given for Visiting Delegation

Hamhung, March 3 (KCNA) -- A reception was given on Monday for a delegation that arrived here.

Speeches were made at the reception by the hosts and the guests.
"""


def test_kcna_dateline_without_year_records_xxxx_and_never_invents_one():
    result = draft(KCNA_NO_YEAR)
    assert result.kind == "kcna"
    assert result.date == "XXXX-03-03" and result.date_written == "March 3"
    assert result.source == "Korean Central News Agency (KCNA)"
    assert any("year is not stated" in flag for flag in result.flags)
    assert not re.search(r"\b(19|20)\d\d\b", "\n".join(result.header_lines()))
    assert "@dateline|Hamhung, March 3 (KCNA) --" in result.text
    assert result.type == ""  # 'Reception Given ...' states no type


def test_kcna_year_only_from_a_year_the_text_states():
    stated = KCNA_NO_YEAR.replace("on Monday", "on March 2, Juche 95 (2006)")
    assert draft(stated).date == "2006-03-03"
    several = KCNA_NO_YEAR.replace("on Monday", "on March 2, 2006, as on March 2, 2005")
    result = draft(several)
    assert result.date == "XXXX-03-03"
    assert any("several years" in flag for flag in result.flags)


KCNA_WATCH = """\
October 2, 2022
Site Label Line

Report on Opening of New Bridge

Date: 01/10/2022 | Source: Minju Joson (En) | Read original version at source

A new bridge was opened over the river on September 29.

It will help transport in the region.

Economic News Desk

More Articles

Another Article Title

Teaser of another article about something else entirely.
"""


def test_kcna_watch_page_issue_date_capture_date_byline_and_teasers():
    result = draft(KCNA_WATCH)
    assert result.kind == "kcna"
    assert result.title == "Report on Opening of New Bridge" and result.type == "report"
    assert (result.date, result.date_written, result.retrieved) == ("2022-10-01", "01/10/2022", "2022-10-02")
    assert result.source == "Minju Joson"
    assert result.byline == "Economic News Desk"
    assert ProvenanceDecl("published", agent="Minju Joson", date="2022-10-01") in result.provenance
    plain = _body_plain(KCNA_WATCH)
    assert plain.startswith("A new bridge was opened")
    for clutter in ("Another Article", "Teaser", "Site Label", "October 2, 2022", "Read original"):
        assert clutter not in plain


TRANSCRIPT = """\
TOP SECRET
Copy No. 2

[Stamp: Received
General Department [[Sec]]tor 4
3 March 1950]

GARF f. 5446 op. 1 d. 12

On the spring sowing the ministry reports that the work is going according to the plan and [the] seed is ready.

Minister Ivanov [signature]
Deputy Petrov [signature]
"""


def test_transcript_recognized_by_reference_and_stamp_states_no_title_or_type():
    result = draft(TRANSCRIPT)
    assert result.kind == "transcript"
    assert result.classifications == ["TOP SECRET", "Copy No. 2"]
    assert result.archive_citation == "GARF f. 5446 op. 1 d. 12"
    assert result.archive.startswith("State Archive of the Russian Federation")
    assert result.title == "" and result.type == ""
    assert result.date == ""  # the only date is the stamp's: a receipt, not the document's date
    text = result.text
    assert "@stamp\nReceived\nGeneral Department {sup reason=illegible|Sec}tor 4\n3 March 1950\n@end" in text
    assert "@closer\nMinister Ivanov {sig}\nDeputy Petrov {sig}\n@end" in text
    assert "{sup|the} seed" in text
    assert not _only_missing_keys(parse(text))


def test_page_of_no_known_style_is_read_all_the_same_and_keeps_its_text():
    page = "Some notes about a meeting.\n\nThey were written later by a participant who was there."
    result = draft(page)
    assert result.kind == "page"
    assert not any("not recognized" in flag for flag in result.flags)
    assert result.title == "" and "The page states no title." in result.flags
    assert _squeeze(_body_plain(page)) == _squeeze(page)


@pytest.mark.parametrize(
    ("raw", "marked"),
    [
        ("[signature]", "{sig}"),
        ("Authenticated: [illegible signature]", "Authenticated: {sig reason=illegible}"),
        ("[[Kuz]]netsov", "{sup reason=illegible|Kuz}netsov"),
        ("[handwriting: Yes [[rest illegible]]", "{add place=margin|Yes {gap reason=illegible|rest illegible}}"),
        ("[Handwritten: agreed]", "{add place=margin|agreed}"),
        ("men [should be] sent", "men {sup|should be} sent"),
        ("see [Translator's note: a river]", "see {note|a river}"),
        ("text [...] more", "text {gap reason=omitted} more"),
        ("note [1] stays", "note [1] stays"),
        ("**Bold Name** stays", "**Bold Name** stays"),
        ("[an unclosed bracket", "[an unclosed bracket"),
    ],
)  # fmt: skip
def test_bracket_conversions(raw, marked):
    assert convert(raw) == marked


def test_markup_characters_in_raw_text_are_escaped_and_read_back_unchanged():
    lines = [
        "A set {a, b} and a pipe | inside, a star * and a backslash \\ here.",
        "@ the start of a line is not a directive",
        "# nor is a hash",
        "Unbalanced **bold stays text",
        "Semi; colons; stay",
    ]
    page = "\n\n".join(lines)
    plain = _body_plain(page)
    assert plain.split("\n\n") == lines


@pytest.mark.parametrize(
    "page",
    [
        "",
        "\x00\x01\x02\ufffd\ud800\x1b[31m\u202eabc\x7f",
        "word {x} | y ** [z " * 20000,
        "[" * 5000 + "]" * 3,
        "]" * 5000 + "[[" * 3,
        "\n".join(["[Stamp: never closed"] * 200),
        "\n".join(["a [signature]"] * 500),
    ],
    ids=["empty", "binary", "huge-line", "open-brackets", "close-brackets", "stamps", "signatures"],
)
def test_hostile_input_never_raises_and_drafts_parse(page):
    result = draft(page)
    parsed = parse(result.text)
    allowed = ("lacks the required key", "is empty: write its value", "holds no text")
    assert [p.message for p in parsed.errors if not any(a in p.message for a in allowed)] == []


def test_invalid_utf8_is_replaced_and_flagged():
    result = draft_bytes("Caf\u00e9 au lait is served in the hall of the house.".encode("latin-1"))
    assert any("not valid UTF-8" in flag for flag in result.flags)
    assert "\ufffd" in result.text


@pytest.mark.parametrize(
    ("phrase", "edtf"),
    [
        ("September 15, 1956", "1956-09-15"),
        ("17 January 1955", "1955-01-17"),
        ("30-31 August 1956", "1956-08-30/1956-08-31"),
        ("June 1956", "1956-06"),
        ("1956", "1956"),
        ("c. 1956", "1956~"),
        ("June 19", "XXXX-06-19"),
        ("February 30, 1956", None),
        ("the plenum met", None),
    ],
)
def test_dates_keep_the_precision_the_words_give(phrase, edtf):
    assert to_edtf(phrase) == edtf


def test_day_first_dates_and_stated_years():
    assert day_first("30/06/2021") == "2021-06-30"
    assert day_first("31/02/2021") is None
    held = "held from June 16 to 18, Juche 112 (2023)"
    assert years_just_before(held, "XXXX-06-19") == {2023: "June 16 to 18, Juche 112 (2023)"}
    assert years_just_before("the sacred cause of the Juche revolution", "XXXX-06-19") == {}
    assert years_just_before("on June 18, Juche 100 (2023)", "XXXX-06-19") == {}  # the calendars disagree
    assert years_just_before("the war began on June 25, 1950", "XXXX-06-25") == {}  # an anniversary
    assert years_just_before("founded on June 3, 1946", "XXXX-06-25") == {}  # history the text recalls
