"""The raw-page extractor weighs evidence on any page: small pages written here, one per kind of
evidence, and the practice corpus of real pages beside the repository, scored as its own scorer does."""

import csv
import importlib.util
from pathlib import Path

import pytest

from archive.annotated import parse
from archive.annotated.raw import draft, draft_bytes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "raw-pages"
RIGHT_AT_LEAST = 57


def _header(result) -> dict[str, str]:
    """The draft's header as the scorer reads it: the first value of each key."""
    values: dict[str, str] = {}
    for line in result.text.split("\n\n", 1)[0].splitlines()[1:]:
        key, _, value = line.partition(":")
        values.setdefault(key, value.strip())
    return values


def _notes(result) -> list[str]:
    return [line for line in result.text.splitlines() if line.startswith("note: ")]


# --------------------------------------------------------------------------- capture and issue dates

CAPTURED = """\
February 3, 2025
Agency Feed (En)

Harvest Plan Discussed at Provincial Meeting

Date: 14/09/2019 | Source: Minju Joson (En) | Read original version at source

A meeting of farm officials was held in the provincial capital to discuss the plan for this autumn's harvest.
"""


def test_an_issue_date_line_dates_the_item_and_the_date_above_it_is_the_capture():
    result = draft(CAPTURED)
    assert (result.title, result.date, result.retrieved) == ("Harvest Plan Discussed at Provincial Meeting",
                                                             "2019-09-14", "2025-02-03")  # fmt: skip
    assert result.source == "Minju Joson"
    notes = _notes(result)
    assert "note: title stated on line 4, the line above the issue-date line" in notes
    assert any("line 1 ('February 3, 2025') is the date the page was captured" in note for note in notes)
    assert "2025" not in _header(result)["date"]
    assert "Agency Feed" not in result.body


def test_a_capture_date_printed_twice_is_never_the_date_even_above_a_title():
    page = "July 8, 2024Jul 8, 2024\nHarvest Plan Discussed at Provincial Meeting\n\n" + CAPTURED.splitlines()[7] + "\n"
    result = draft(page)
    assert result.date == "" and result.retrieved == "2024-07-08"
    assert result.title == "Harvest Plan Discussed at Provincial Meeting"
    assert "The page states no date: none is recorded." in result.flags


def test_without_an_issue_line_a_capture_date_is_not_taken_and_an_outlet_label_is_not_a_title():
    page = CAPTURED.replace(CAPTURED.splitlines()[5] + "\n", "")
    result = draft(page)
    assert result.title == "Harvest Plan Discussed at Provincial Meeting"
    assert result.date == ""
    assert any("may be the page's capture or posting date" in note for note in result.notes)
    dated = draft(page.replace("A meeting of farm", "Pyongyang, September 14 (KCNA) -- A meeting of farm"))
    assert dated.date == "XXXX-09-14"


def test_a_lone_date_at_the_top_of_an_untitled_text_is_kept_in_the_text_but_not_taken():
    page = "April 2, 2024\n\nthe committee met and decided to send the delegation to the fair in the autumn.\n"
    result = draft(page)
    assert result.date == "" and result.title == ""
    assert "April 2, 2024" in parse(result.text).texts[0].plain
    assert any("may be the page's capture or posting date" in note for note in result.notes)


def test_a_date_line_above_the_title_that_the_dateline_contradicts_is_not_the_date():
    page = "June 2, 2024\nRally Held in Support of Farmers\n\nNampo, May 30 (KCNA) -- A rally was held here.\n"
    result = draft(page)
    assert result.date == "XXXX-05-30"
    assert result.title == "Rally Held in Support of Farmers"
    assert any("which the dateline contradicts" in note for note in result.notes)
    same_day = draft(page.replace("June 2, 2024", "May 30, 2024"))
    assert same_day.date == "XXXX-05-30"  # a repost on the day states no year for the item
    assert any("line 1 (the site's date above the headline) agrees" in note for note in same_day.notes)


def test_an_iso_issue_date_label_dates_the_item():
    result = draft(
        "Rally Held in Support of Farmers\nDate: 2019-05-04 | Source: KCNA\n\nThe rally was held in the city.\n"
    )
    assert result.date == "2019-05-04" and result.title == "Rally Held in Support of Farmers"


def test_the_outlets_juche_date_tag_states_the_year():
    page = "Rally Held in Support of Farmers\n\nNampo, May 30 (KCNA) -- A rally.\n\nwww.kcna.kp (Juche113.5.30.)\n"
    result = draft(page)
    assert result.date == "2024-05-30"
    assert any("line 3 (dateline) agrees" in note for note in result.notes)


# --------------------------------------------------------------------------- datelines without a year

YEARLESS = """\
Menu
Opinion Pages

Workers Praise Completion of New Canal

Hamhung, August 7 (KCNA) -- Workers held a meeting on the canal, which was begun on May 2, 1998 and finished.

The canal will water the fields of three counties.
"""


def test_a_yearless_dateline_stays_without_a_year():
    result = draft(YEARLESS)
    assert result.date == "XXXX-08-07" and result.date_written == "August 7"
    assert result.title == "Workers Praise Completion of New Canal"
    assert 'note: date stated on line 6 ("August 7"), dateline' in _notes(result)
    assert any("year is not stated" in flag for flag in result.flags)
    assert parse(result.text).texts[0].plain.startswith("Hamhung, August 7 (KCNA) --")


def test_a_year_comes_only_from_the_days_just_before_the_dateline():
    held = YEARLESS.replace("which was begun on May 2, 1998 and", "held on August 5 and 6, Juche 110 (2021), and")
    result = draft(held)
    assert result.date == "2021-08-07"
    assert "the year 2021 is taken from the text" in result.supplied["date"]
    assert "supplied: date ; note = the year 2021 is taken from the text" in result.text
    anniversary = YEARLESS.replace("which was begun on May 2, 1998 and", "begun on August 7, 1998 and")
    assert draft(anniversary).date == "XXXX-08-07"


# --------------------------------------------------------------------------- blog posting dates

BLOG = """\
Tuesday, June 4, 2019

Delegation Visits Museum of Folklore

A delegation of teachers from abroad went round the museum and saw the relics kept there with great interest.

Posted by a reader at 10:15 AM
"""


def test_a_blog_posting_date_is_never_the_items_date():
    result = draft(BLOG)
    assert result.title == "Delegation Visits Museum of Folklore"
    assert result.date == ""
    assert any("('Tuesday, June 4, 2019') is the posting date" in note for note in result.notes)


def test_a_posting_date_agreeing_with_the_dateline_still_gives_no_year():
    page = BLOG.replace("A delegation", "Pyongyang, June 4 (KCNA) -- A delegation")
    result = draft(page)
    assert result.date == "XXXX-06-04"
    assert any("its year is not used" in note for note in result.notes)


# --------------------------------------------------------------------------- teaser lists and banners

TEASERS = """\
Donate now to keep this archive free!
Home
Search

March 9, 1953 Report on the Grain Situation in the Northern Provinces

Similar documents
April 2, 1951 Letter on Fishing Cooperatives in the East
June 30, 1954 Memorandum on Railway Repairs
"""


def test_teaser_lists_and_banners_are_clutter_and_a_date_run_into_the_title_states_both():
    result = draft(TEASERS)
    assert result.title == "Report on the Grain Situation in the Northern Provinces"
    assert result.date == "1953-03-09" and result.type == "report"
    assert "Fishing" not in result.text and "Railway" not in result.text and "Donate" not in result.text
    assert any("from line 7 ('Similar documents') on" in note for note in result.notes)


def test_a_run_together_date_without_a_year_stays_without_one():
    result = draft(TEASERS.replace("March 9, 1953 Report", "March 9, Report").replace("Provinces\n", "Provinces,\n"))
    assert result.date == "XXXX-03-09"
    assert result.title == "Report on the Grain Situation in the Northern Provinces"


RELATED = """\
Bridge Opened to Traffic

Sinuiju, May 3 (KCNA) -- A new bridge was opened to traffic over the river in the presence of officials.

Related posts:
Pyongyang, May 1 (KCNA) -- Another item about a different event entirely.
"""


def test_related_posts_are_left_out():
    result = draft(RELATED)
    assert result.date == "XXXX-05-03"
    assert "Another item" not in result.text


def test_a_date_above_a_blog_post_is_its_posting_date_even_without_a_weekday():
    page = BLOG.replace("Tuesday, June 4, 2019", "June 4, 2019")
    result = draft(page)
    assert result.date == "" and result.title == "Delegation Visits Museum of Folklore"
    assert any("posting date" in note for note in result.notes)


# --------------------------------------------------------------------------- quoted citations

CITED = """\
Search in
Digital Collections of Diplomatic History

May 3, 1961

This document was made possible with support from a Private Foundation

  • Citation

    get citation

    The ambassador describes the harvest and the mood in the capital.
    "Letter from the Ambassador to the Foreign Minister ," May 3, 1961, State Archive, Fond 5, Opis 2.
  • share document

English HTML

The harvest this year is good, and the mood of the population in the capital is calm and confident.
"""


def test_a_quoted_citation_states_the_title_and_date():
    result = draft(CITED)
    assert result.title == "Letter from the Ambassador to the Foreign Minister"
    assert result.date == "1961-05-03" and result.type == "letter"
    assert result.summary == "The ambassador describes the harvest and the mood in the capital."
    assert "title stated on line 13, the quoted citation" in result.notes
    assert 'date stated on line 13 ("May 3, 1961"), the quoted citation; line 4 (a date line near the top) agrees' in (
        result.notes
    )
    plain = parse(result.text).texts[0].plain
    assert plain.startswith("The harvest this year") and "made possible" not in result.text


def test_strong_clues_that_disagree_leave_the_field_empty_with_a_note():
    page = CITED.replace("May 3, 1961\n", "May 3, 1961\nLetter from the Ambassador to the Foreign Minister\n", 1)
    result = draft(page.replace('," May 3, 1961', '," May 4, 1961'))
    assert result.date == ""
    assert any("conflicting dates" in flag and "May 4, 1961" in flag for flag in result.flags)
    assert result.title == "Letter from the Ambassador to the Foreign Minister"


def test_a_weaker_clue_that_disagrees_is_noted():
    result = draft(CITED.replace('," May 3, 1961', '," May 4, 1961'))
    assert result.date == "1961-05-04"
    assert any("line 4 (a date line near the top) gives 'May 3, 1961'" in note for note in result.notes)


# --------------------------------------------------------------------------- record labels, OCR text

CATALOGUE = """\
(UNTITLED)

Document Type:
Collection:
Document Creation Date:
January 12, 2017
Document Release Date:
March 4, 2011
Publication Date:
June 25, 1986
Content Type:
MEMO
Body:
The memorandum assesses the economy of the country and the prospects of the reforms begun there this year.
"""


def test_catalogue_dates_are_not_the_documents_but_a_publication_date_is():
    result = draft(CATALOGUE)
    assert (result.title, result.date) == ("", "1986-06-25")
    notes = "\n".join(result.notes)
    assert "'Document Creation Date: January 12, 2017') dates the page" in notes
    assert "'Document Release Date: March 4, 2011') dates the page" in notes
    assert "The page's 'Content Type': MEMO" in notes
    assert "'(UNTITLED)'" in notes


def test_a_catalogue_value_is_not_a_title():
    result = draft(
        CATALOGUE.replace("(UNTITLED)\n", "").replace("Collection:\n", "Collection:\nGeneral Records of the Agency\n")
    )
    assert result.title == ""
    assert "The page's 'Collection': General Records of the Agency" in result.notes
    assert parse(result.text).texts[0].plain.startswith("The memorandum assesses")


def test_a_release_date_alone_leaves_the_date_empty():
    result = draft(CATALOGUE.replace("Publication Date:\nJune 25, 1986\n", ""))
    assert result.date == ""


OCR = (
    "x - UNCLASSIFIED RELEASED IN FULL Office of Research and Analysis The Weekly Economic Review "
    "March 3 1988 REVIEW AUTHORITY CLASSIFICATION CONFIDENTIAL REASON 1X4 12 JAN 2004 Grain Output Falls "
    + "The harvest of the past year fell short of the plan in most provinces, and imports rose. "
    * 6
)


def test_ocr_text_on_one_line_gives_the_heading_before_its_date_and_not_the_review_stamp():
    result = draft(OCR)
    assert result.title == "The Weekly Economic Review"
    assert result.date == "1988-03-03"
    assert 'note: date stated on line 1 ("March 3 1988"), the date after the heading in run-on text' in _notes(result)


# --------------------------------------------------------------------------- titles among labels

NAVIGATION = """\
UNITED NOW - Make a charitable donation today!

Library Section Label

Cooperative Farms Increase Their Yields

Korean Central News Agency via Example News Service

Pyongyang, October 2 (KCNA) -- Cooperative farms across the country reported higher yields this autumn than last.
"""


def test_the_title_is_the_last_title_like_line_above_the_text_and_credits_are_not_titles():
    result = draft(NAVIGATION)
    assert result.title == "Cooperative Farms Increase Their Yields"
    assert any("credits the item" in note for note in result.notes)
    assert any("site labels: 'Library Section Label'" in note for note in result.notes)
    assert any("check that it is the document's" in flag for flag in result.flags)


def test_a_numbered_heading_loses_its_number_and_footnote_and_the_place_date_below_dates_it():
    page = "41. Memorandum From the Ambassador to the Minister3\nSeoul, April 2, 1952.\n\n" + (
        "The situation at the front has not changed since my last report, and supplies are adequate.\n"
    )
    result = draft(page)
    assert result.title == "Memorandum From the Ambassador to the Minister"
    assert result.date == "1952-04-02" and result.type == "memorandum"


def test_a_page_with_no_date_and_an_event_in_its_text_gets_no_date():
    page = "Statement of the Spokesman\n\nThe spokesman said on Tuesday that the talks held in 1994 were a success.\n"
    result = draft(page)
    assert result.title == "Statement of the Spokesman" and result.date == ""


# --------------------------------------------------------------------------- the practice corpus


def _scorer():
    spec = importlib.util.spec_from_file_location("raw_pages_score", CORPUS / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (CORPUS / "truth.tsv").is_file(), reason=f"the raw-page corpus is not at {CORPUS}")
def test_the_practice_corpus_scores_at_least_57_right_and_none_wrong():
    score = _scorer()
    right = wrong = 0
    misses = []
    with (CORPUS / "truth.tsv").open(encoding="utf-8") as truth:
        rows = list(csv.DictReader(truth, delimiter="\t"))
    for row in rows:
        header = _header(draft_bytes((CORPUS / row["file"]).read_bytes()))
        got_title, got_date = header.get("title", ""), header.get("date", "")
        if row["title"] == "-":
            title_ok, title_empty = got_title == "", True
        else:
            title_ok, title_empty = score.norm(got_title) == score.norm(row["title"]), got_title == ""
        if row["date"] == "-":
            date_ok, date_empty = score.empty_date(got_date), True
        else:
            date_ok, date_empty = got_date.upper() == row["date"].upper(), score.empty_date(got_date)
        for field, ok, empty in (("title", title_ok, title_empty), ("date", date_ok, date_empty)):
            right += ok
            wrong += not ok and not empty
            if not ok:
                misses.append(f"{row['file']} {field}")
    assert wrong == 0, misses
    assert right >= RIGHT_AT_LEAST, misses
