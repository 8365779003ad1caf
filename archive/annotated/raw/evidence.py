"""The one reader of a page's head: which line states the title, which the date, what other dates are.

Every non-clutter line near the top is weighed as evidence, on any page:

- strong: a date alone on its line directly above a title-like line (a record page's date line);
  an issue-date line (`Date: 01/06/2023 | Source: ...`, `calendar>>September 21. 2018`, a
  `Publication Date:` label) and the title-like line above it; a quoted citation
  (`"Title," July 24, 1965, ...`);
- fair: a date run together with a title on one line; a dateline (`Pyongyang, December 29 (KCNA)
  --`), with the year only if it gives one; a place-and-date line under the title; the outlet's
  date tag (`(Juche112.3.19.)`); otherwise the last title-like line above the text;
- weak, always flagged: a date in the text's first sentence, or a dated line of the text.

Never the document's date, and noted as such: a date printed twice and run together, or standing
above the page's own issue-date line (the capture date); a weekday-and-date line, or any date
above a post on a page with blog furniture (the posting date); labelled creation, release,
review, posting or capture dates; a date above a news item's headline (the dateline dates the
item); a lone date at the top that nothing confirms. The strongest clue wins; equally strong clues
that disagree leave the field empty with a note. Knowledge of sites only sharpens the weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import clutter
from . import patterns as P
from .when import MONTH, MONTH_DAY_IN_TEXT, day_first, to_edtf

STRONG, FAIR, WEAK, NEVER = 3, 2, 1, 0
HEAD_LINES = 12  # how many lines from the top may hold the head
HEAD_MAX_LINES = 60  # ... or more, down to the first sentence (a catalogue record's fields), up to this
TEXT_DATE_LINES = 100  # how far into the text a dated line is looked for
PROSE_MIN_WORDS = 12
SENTENCE_MIN_WORDS = 5
STAMP_SCAN_LINES = 200
TITLE_MAX_WORDS = 40
TITLE_MAX_CHARS = 300
TITLE_MIN_LETTERS = 0.6
DATELINE_WITHIN = 3  # a dateline opens the text, perhaps after a photo caption
RUN_ON_MIN_CHARS = 500  # a first line this long is OCR or PDF text run together
RUN_ON_HEAD_CHARS = 600
OCR_TITLE_MAX_WORDS = 14

FULL_DATE = rf"(?:{MONTH}\s+\d{{1,2}}[.,]?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}})"
ANY_DATE = rf"(?:{FULL_DATE}|{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})"
WEEKDAY_DATE = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?P<date>.+)$", re.IGNORECASE)
DOUBLED_DATE = re.compile(rf"^(?P<a>{FULL_DATE})\s*(?P<b>{FULL_DATE})$", re.IGNORECASE)
DATE_THEN_TITLE = re.compile(rf"^(?P<date>{ANY_DATE}),?\s+(?P<title>[A-Z\"'“‘].+)$")
CITATION = re.compile(rf"^[\"“](?P<title>[^\"“”]{{8,}}?)\s*,?\s*[\"”]\s*,?\s*(?P<date>{FULL_DATE})\b")
LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ()/&-]{0,50}?)\s*(?::|>>)\s*(?P<value>.*)$")
DOCUMENT_DATE_LABELS = re.compile(
    r"^(?:date|dated|issue date|date of (?:the )?document|document date|publication date|calendar)$", re.IGNORECASE
)
PAGE_DATE_LABELS = re.compile(
    r"creat|releas|review|post|publish|captur|retriev|access|updat|modif|upload|declassif|scan|crawl|archived|print",
    re.IGNORECASE,
)
PLACE_AND_DATE = re.compile(rf"^(?P<place>[A-Z][\w.' -]{{1,30}}),\s+(?P<date>{FULL_DATE})[\s,.]*(?P<rest>.{{0,12}})$")
BLOG_SIGNS = re.compile(
    r"^(?:Posted (?:by|on|at|in)\b|Labels?:|Tags?:|Filed under\b|\d+ comments?$|No comments|Leave a (?:reply|comment)"
    r"|Newer Posts?\b|Older Posts?\b)",
    re.IGNORECASE,
)
OUTLET_LABEL = re.compile(r"\((?:En|Eng|English|Kor|Ko|Ru|Rus|Chn|Ch|Jp|Es|Fr)\)$")
JUCHE_TAG = re.compile(r"\(Juche\s*(?P<year>\d{2,3})\.(?P<month>\d{1,2})\.(?P<day>\d{1,2})\.?\)")
JUCHE_OFFSET = 1911
UNTITLED = re.compile(r"^[(\[]?untitled[)\]]?$", re.IGNORECASE)
SENTENCE_BREAK = re.compile(r"[a-z0-9)\]][.!?]\s+[A-Z(\"“]")
CREDIT = re.compile(r"\bvia\b|\bNews (?:Agency|Service)\b|^By\s|^Source:|^Posted\b", re.IGNORECASE)
NUMBERED_HEADING = re.compile(r"^\d{1,4}\.\s+(?=[A-Z])")
FOOTNOTE_MARK = re.compile(r"(?<=[a-z])\d{1,2}$")
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:])")
FIRST_SENTENCE = re.compile(r"^.*?[a-z0-9)\]][.!?:](?=\s|$)")
MINOR = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "by", "from", "s"})
ARTICLES = frozenset({"The", "A", "An"})


@dataclass
class Clue:
    field: str  # title or date
    value: str
    line: int  # index into the page's lines
    weight: int
    says: str  # how the page states it
    written: str = ""  # the date as written


@dataclass
class Head:
    title: str = ""
    date: str = ""
    date_written: str = ""
    date_says: str = ""  # which kind of clue gave the date ('dateline', 'issue', ...)
    retrieved: str = ""  # the page's capture date, when it shows one
    source: str = ""  # the outlet an issue-date line names
    summary: str = ""
    body_from: int = 0  # index of the first line of the text
    used: set[int] = field(default_factory=set)  # head lines that are not the text
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    news: bool = False  # the page shows a news item's evidence (dateline, issue line)


def read(lines: list[str]) -> Head:
    """The head of a page (its lines already cut before teasers and footer)."""
    stamped = _stamped(lines)
    entries = [i for i, line in enumerate(lines) if line.strip() and not clutter.is_chrome(line) and i not in stamped]
    text = {i: lines[i].strip() for i in entries}
    head, clues = Head(), []
    anchor = _weigh_top(entries, text, head, clues)
    body_from = _body_start(entries, text, anchor)
    if not any(c.field == "title" for c in clues):
        body_from = _last_title_like(entries, text, anchor, body_from, head, clues)
    title_line = next((c.line for c in clues if c.field == "title" and c.weight >= FAIR), None)
    if anchor < 0 and title_line is None:
        body_from = next((i for i in entries if i not in head.used), len(lines))
    run_on = not clues and bool(entries) and len(text[entries[0]]) >= RUN_ON_MIN_CHARS
    if run_on:
        _run_on(text[entries[0]], entries[0], clues)
    if body_from in text and not (run_on and clues):
        _text_dates(entries, text, body_from, title_line, clues, head)
    head.body_from = body_from
    _choose(clues, head)
    head.summary = " ".join(
        text[i]
        for i in entries
        if i < body_from and i not in head.used and _sentence(text[i]) and not P.DATELINE.match(text[i])
    )
    return head


def _weigh_top(entries: list[int], text: dict[int, str], head: Head, clues: list[Clue]) -> int:
    """Clues from the lines at the top, down to the first dateline; return the last head line used (or -1)."""
    prose_at = next((k for k, i in enumerate(entries) if _prose(text[i])), len(entries))
    top = entries[: min(max(HEAD_LINES, prose_at), HEAD_MAX_LINES)]
    dateline_at = next((i for i in top if P.DATELINE.match(text[i])), None)
    if dateline_at is not None:
        top = [i for i in top if i <= dateline_at]
    issue_at = next((i for i in top if _issue(text[i])), None)
    blog = any(BLOG_SIGNS.match(text[i]) for i in entries)
    anchor = -1
    for position, i in enumerate(top):
        line = text[i]
        following = top[position + 1] if position + 1 < len(top) else None
        if UNTITLED.match(line):
            head.used.add(i)
            head.notes.append(f"title: line {i + 1} says the page is '{line}'; no title is stated above the text")
            clues.append(Clue("title", "", i, STRONG, "untitled"))
            anchor = max(anchor, i)
            continue
        issue = _issue(line)
        label = None if issue else _labelled_date(line, text.get(following, "") if following is not None else "")
        if label and (PAGE_DATE_LABELS.search(label[0]) or not DOCUMENT_DATE_LABELS.match(label[0])):
            head.used.update({i, following} if label[3] else {i})
            where = f"line {i + 1} ('{label[0]}: {label[2]}')"
            head.notes.append(f"date: {where} dates the page or its catalogue record, not the document; not used")
            continue
        if issue or label:
            if issue:
                value, written, source = issue
                head.news, head.source, says = True, head.source or source, "the issue-date line"
            else:
                value, written, says = label[1], label[2], f"the '{label[0]}' line"
            head.used.update({i, following} if label and label[3] else {i})
            clues.append(Clue("date", value, i, STRONG, says, written))
            above = top[position - 1] if position else None
            if above is not None and above not in head.used and _titleish(text[above]):
                clues.append(Clue("title", _clean_title(text[above]), above, STRONG, f"the line above {says}"))
                head.used.add(above)
                anchor = max(anchor, i)
            continue
        alone = _date_alone(line)
        if alone:
            value, written, kind = alone
            if kind == "doubled" or (kind == "plain" and issue_at is not None and i < issue_at):
                head.used.add(i)
                head.retrieved = head.retrieved or value
                head.notes.append(f"date: line {i + 1} ('{written}') is the date the page was captured, not the "
                                  "document's date")  # fmt: skip
            elif kind == "weekday" or blog:
                head.used.add(i)
                head.notes.append(f"date: line {i + 1} ('{line}') is the posting date of a blog or site, not the "
                                  "document's date")  # fmt: skip
                clues.append(Clue("date", value, i, NEVER, "posting", line))
            elif anchor >= 0:
                continue  # a dated line below the head belongs to the text
            elif following is not None and _titleish(text[following]) and not _date_alone(text[following]):
                head.used.update({i, following})
                clues.append(Clue("date", value, i, STRONG, "the date line above the title", written))
                clues.append(Clue("title", _clean_title(text[following]), following, STRONG,
                                  "the line below the date line"))  # fmt: skip
                anchor = max(anchor, following)
            elif "-" in value:  # kept for the text if the text begins here
                clues.append(Clue("date", value, i, NEVER, "a date line near the top", written))
            continue
        cited = CITATION.match(line)
        if cited and not any(c.says == "the quoted citation" for c in clues):
            head.used.add(i)
            anchor = max(anchor, i)
            value = _date(cited.group("date"))
            clues.append(Clue("title", _clean_title(cited.group("title")), i, STRONG, "the quoted citation"))
            if value:
                clues.append(Clue("date", value, i, STRONG, "the quoted citation", cited.group("date")))
            continue
        joined = DATE_THEN_TITLE.match(line)
        if joined and anchor < 0 and _date(joined.group("date")) and _titleish(joined.group("title").rstrip(",")):
            head.used.add(i)
            anchor = max(anchor, i)
            clues.append(Clue("date", _date(joined.group("date")), i, FAIR, "the date run together with the title",
                              joined.group("date")))  # fmt: skip
            clues.append(Clue("title", _clean_title(joined.group("title")), i, FAIR,
                              "the line running the date and the title together"))  # fmt: skip
    return anchor


def _last_title_like(entries, text, anchor, body_from, head: Head, clues: list[Clue]) -> int:
    """With no title clue above: the last title-like line above the text (not a label's value); the
    lines above it are site labels or repeat it, a credit line below it is noted. Return where the text begins."""
    candidates = [
        i for k, i in enumerate(entries)
        if anchor < i < body_from and i not in head.used and _titleish(text[i])
        and not (k and clutter.is_label(text[entries[k - 1]]))
    ]  # fmt: skip
    if not candidates:
        return body_from
    i = candidates[-1]
    title = _clean_title(text[i])
    clues.append(Clue("title", title, i, FAIR, "the last title-like line above the text"))
    head.used.update(candidates)
    repeated = [j for j in candidates[:-1] if _clean_title(text[j]).casefold() == title.casefold()]
    head.notes.extend(f"title: line {j + 1} repeats it" for j in repeated)
    skipped = [text[j] for j in candidates[:-1] if j not in repeated]
    if skipped:
        head.notes.append(
            "title: shorter lines above it were taken for site labels: " + "; ".join(f"'{s}'" for s in skipped)
        )
    after = [j for j in entries if j > i]
    while after and CREDIT.search(text[after[0]]) and not _prose(text[after[0]]):
        head.used.add(after[0])
        head.notes.append(f"source: line {after[0] + 1} credits the item ('{text[after[0]]}')")
        after.pop(0)
    return after[0] if after else entries[-1] + 1


def _stamped(lines: list[str]) -> set[int]:
    """Lines inside a stamp ('[Stamp: ...' up to its closing bracket): the text's, never the head's."""
    inside, depth = set(), 0
    for i, line in enumerate(lines[:STAMP_SCAN_LINES]):
        if depth or P.STAMP_START.match(line.strip()):
            inside.add(i)
            depth = max(0, depth + line.count("[") - line.count("]"))
    return inside


def _issue(line: str) -> tuple[str, str, str] | None:
    """An issue-date line: 'Date: 30/06/2021 | Source: Rodong Sinmun (En)' -> (EDTF, as written, source)."""
    match = P.DATE_SOURCE.match(line)
    if match:
        value = day_first(match.group("date"))
        return (value, match.group("date"), (match.group("source") or "").strip()) if value else None
    return None


def _labelled_date(line: str, following: str) -> tuple[str, str, str, bool] | None:
    """'Publication Date: June 25, 1986' or the label alone with its value on the next line, or
    'calendar>>September 21. 2018 Juche 107' -> (label, EDTF, as written, value on the next line)."""
    match = LABELLED.match(line)
    if not match or (
        "date" not in match.group("label").lower() and not DOCUMENT_DATE_LABELS.match(match.group("label"))
    ):
        return None
    value, takes_next = match.group("value").strip(), False
    if not value and following:
        value, takes_next = following, True
    found = re.match(rf"{FULL_DATE}|\d{{4}}-\d{{2}}-\d{{2}}\b", value, re.IGNORECASE)
    if not found or not _date(found.group(0)):
        return None
    return match.group("label").strip(), _date(found.group(0)), found.group(0), takes_next


def _date_alone(line: str) -> tuple[str, str, str] | None:
    """A line that is a date and nothing else -> (EDTF, as written, 'plain' | 'weekday' | 'doubled')."""
    doubled = DOUBLED_DATE.match(line)
    if doubled and _date(doubled.group("a")) and _date(doubled.group("a")) == _date(doubled.group("b")):
        return _date(doubled.group("a")), doubled.group("a"), "doubled"
    weekday = WEEKDAY_DATE.match(line)
    if weekday and _date(weekday.group("date")):
        return _date(weekday.group("date")), weekday.group("date"), "weekday"
    value = _date(line)
    return (value, line, "plain") if value and "-" in value else None


def _date(phrase: str) -> str:
    """EDTF for a date phrase ('September 21. 2018' and 'October 04, 1961' too), or ''."""
    phrase = re.sub(r"(\d)\.(?=\s+\d{4})", r"\1,", phrase.strip().rstrip(",."))
    return to_edtf(phrase) or ""


def _titleish(line: str) -> bool:
    """Short, not a sentence, mostly words, not a date, label, credit or mark."""
    text = _clean_title(line)
    words = text.split()
    if not 2 <= len(words) <= TITLE_MAX_WORDS or len(text) > TITLE_MAX_CHARS:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"):
        return False
    if text[-1] in ".:;!?" or SENTENCE_BREAK.search(text) or CREDIT.search(text):
        return False
    if sum(char.isalpha() for char in text) < TITLE_MIN_LETTERS * len(text.replace(" ", "")):
        return False
    if _date(text) or P.DATELINE.match(text) or PLACE_AND_DATE.match(text) or clutter.is_label(text):
        return False
    if OUTLET_LABEL.search(text):
        return False
    return not (P.CLASSIFICATION.match(text) or P.COPY.match(text))


def _clean_title(line: str) -> str:
    """Wrappers off: a heading's number and footnote mark, a trailing comma, a space before punctuation."""
    text = " ".join(line.split())
    if NUMBERED_HEADING.match(text):
        text = FOOTNOTE_MARK.sub("", NUMBERED_HEADING.sub("", text))
    return SPACE_BEFORE_PUNCTUATION.sub("", text).rstrip(",").strip()


def _prose(line: str) -> bool:
    line = NUMBERED_HEADING.sub("", line)
    words = line.split()
    return len(words) >= PROSE_MIN_WORDS and (bool(SENTENCE_BREAK.search(line)) or line[-1] in ".!?:\"”'’")


def _sentence(line: str) -> bool:
    return _prose(line) or (len(line.split()) >= SENTENCE_MIN_WORDS and line[-1] in ".!?" and line[0].isupper())


def _body_start(entries: list[int], text: dict[int, str], anchor: int) -> int:
    """The first line of the text: after the head, at the first dateline or sentence-long line."""
    after = [i for i in entries if i > anchor]
    if anchor >= 0:
        return after[0] if after else anchor + 1
    for i in after:
        if P.DATELINE.match(text[i]) or _prose(text[i]):
            return i
    return after[0] if after else 0


def _text_dates(entries, text, body_from, title_line, clues, head) -> None:
    """Dates the text's first lines give: a dateline, a place and date under the title, and (weak)
    a date in the first sentence or a dated line of the text."""
    body = [i for i in entries if i >= body_from and i not in head.used]
    if not body:
        return
    first = body[0]
    _juche_tag(body, text, clues)
    for i in body[:DATELINE_WITHIN]:
        dateline = P.DATELINE.match(text[i])
        if dateline:
            head.news = True
            value = _date(dateline.group("date"))
            clues.append(Clue("date", value, i, FAIR, "dateline", dateline.group("date")))
            for clue in clues:  # on a news item, a date line above the headline is the site's (posting, capture)
                if clue.says == "the date line above the title":
                    clue.weight = NEVER
                    clue.says = "the site's date above the headline" + (
                        "" if _agree(clue.value, value) else ", which the dateline contradicts"
                    )
            return
    placed = PLACE_AND_DATE.match(text[first])
    if placed and title_line is not None and entries.index(first) == entries.index(title_line) + 1:
        clues.append(Clue("date", _date(placed.group("date")), first, FAIR, "the place-and-date line under the title",
                          placed.group("date")))  # fmt: skip
        return
    if any(c.field == "date" and c.weight >= FAIR for c in clues):
        return
    prose = next((i for i in body[:3] if _prose(text[i])), None)
    sentence = FIRST_SENTENCE.match(text[prose]) if prose is not None else None
    found = MONTH_DAY_IN_TEXT.search(sentence.group(0) if sentence else "")
    if found and _date(found.group(0)):
        clues.append(Clue("date", _date(found.group(0)), prose, WEAK, "first sentence", found.group(0)))
        return
    unconfirmed = {c.line for c in clues if c.weight == NEVER}
    for i in (i for i in body[:TEXT_DATE_LINES] if i not in unconfirmed):
        alone = _date_alone(text[i]) or (
            PLACE_AND_DATE.match(text[i]) and _date_alone(PLACE_AND_DATE.match(text[i]).group("date"))
        )
        if alone and alone[2] == "plain":
            clues.append(Clue("date", alone[0], i, WEAK, "dated line of the text", text[i]))
            return


def _juche_tag(body: list[int], text: dict[int, str], clues: list[Clue]) -> None:
    """The outlet's own date tag closing an item: '(Juche112.3.19.)' is 19 March 2023."""
    for i in body:
        tag = JUCHE_TAG.search(text[i])
        if tag:
            year = int(tag.group("year")) + JUCHE_OFFSET
            value = _checked_day(year, int(tag.group("month")), int(tag.group("day")))
            if value:
                clues.append(Clue("date", value, i, FAIR, "the outlet's date tag", tag.group(0)))
            return


def _checked_day(year: int, month: int, day: int) -> str:
    return to_edtf(f"{year:04d}-{month:02d}-{day:02d}") or ""


def _run_on(line: str, index: int, clues: list[Clue]) -> None:
    """OCR or PDF text on one line: a heading of capitalized words followed by a full date."""
    head = line[:RUN_ON_HEAD_CHARS]
    for found in re.finditer(FULL_DATE, head, re.IGNORECASE):
        value = _date(found.group(0))
        words = head[: found.start()].split()
        run: list[str] = []
        for word in reversed(words):
            if not ((word[:1].isupper() and word.isalpha()) or word in MINOR):
                break
            run.insert(0, word)
        articles = [k for k, word in enumerate(run) if word in ARTICLES]
        run = run[articles[-1] :] if articles else []
        if value and 3 <= len(run) <= OCR_TITLE_MAX_WORDS:
            clues.append(
                Clue("title", " ".join(run), index, FAIR, "the capitalized heading before a date in run-on text")
            )
            clues.append(Clue("date", value, index, FAIR, "the date after the heading in run-on text", found.group(0)))
            return


def _agree(a: str, b: str) -> bool:
    return a == b or ((a.startswith("XXXX") or b.startswith("XXXX")) and a[4:] == b[4:])


def _choose(clues: list[Clue], head: Head) -> None:
    for name in ("title", "date"):
        usable = [c for c in clues if c.field == name and c.weight > NEVER]
        if not usable:
            for unused in (c for c in clues if c.field == name and c.weight == NEVER and c.says != "posting"):
                head.notes.append(f"date: line {unused.line + 1} ({unused.says}) gives '{unused.written}', which may "
                                  "be the page's capture or posting date: not used")  # fmt: skip
            continue
        best = max(c.weight for c in usable)
        top = [c for c in usable if c.weight == best]
        values = {c.value.casefold() for c in top} if name == "title" else None
        agreeing = len(values) == 1 if name == "title" else all(_agree(top[0].value, c.value) for c in top)
        if not agreeing:
            seen = "; ".join(f"line {c.line + 1} ({c.says}): '{c.written or c.value}'" for c in top)
            head.flags.append(f"The page gives conflicting {name}s, so none is recorded: {seen}.")
            continue
        chosen = _preferred(top, name)
        where = f"{name} stated on line {chosen.line + 1}"
        if name == "title":
            head.title = chosen.value
            if chosen.value:
                head.notes.append(f"{where}, {chosen.says}")
            if best == FAIR and chosen.says.startswith("the last"):
                head.flags.append(f"The title is the last title-like line above the text (line {chosen.line + 1}): "
                                  "check that it is the document's.")  # fmt: skip
            continue
        head.date, head.date_written, head.date_says = chosen.value, chosen.written, chosen.says
        seen = [c for c in clues if c.field == "date" and c is not chosen and c.says != "posting"]
        also = "".join(f"; line {c.line + 1} ({c.says}) agrees" for c in seen if _agree(c.value, chosen.value))
        head.notes.append(f'{where} ("{chosen.written}"), {chosen.says}{also}')
        for other in (c for c in seen if not _agree(c.value, chosen.value)):
            head.notes.append(f"date: line {other.line + 1} ({other.says}) gives '{other.written}'; not used")
        if best == WEAK:
            head.flags.append(f"The date is taken from the {chosen.says} ('{chosen.written}', line {chosen.line + 1}): "
                              "check that it dates the document.")  # fmt: skip
        for posting in (c for c in clues if c.says == "posting" and c.value[4:] == head.date[4:]):
            head.notes.append(f"date: the posting date on line {posting.line + 1} has the same day and month, but a "
                              "posting date is not the document's: its year is not used")  # fmt: skip


def _preferred(top: list[Clue], name: str) -> Clue:
    """Of agreeing clues: for a date the one with a year; for a title one not in capitals."""
    if name == "date":
        return max(top, key=lambda c: (not c.value.startswith("XXXX"), -c.line))
    return min(top, key=lambda c: (c.value.isupper(), -len(c.value)))
