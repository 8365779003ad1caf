"""Page furniture: lines of a web page that belong to the site, not to the document.

Navigation and buttons, banners (donation appeals, funders' acknowledgements, copyright lines),
teaser lists ("More From ...", "Similar documents", "Related posts:") and label lines left without
their values. Each is recognized by its form wherever it stands; none decides what the page is.
"""

from __future__ import annotations

import re
from itertools import pairwise

BULLET = re.compile(r"^[•·▪●◦*]\s*")
# Lines of page chrome, dropped wherever they stand.
CHROME = re.compile(
    r"^(?:Back to top(?: button)?|Read original version(?: at source)?|Share(?: this)?(?: article| document)?|"
    r"Print|Tweet|Email|Facebook|Twitter|Telegram|WhatsApp|Copy link|Close|Menu|Search|Search in|Home|"
    r"Skip to (?:main )?content|Advertisement|Citation|Get citation|Download|Citation Share Download|"
    r"Add search filter(?: cancel search filter)?|View document in|English HTML|"
    r"Previous|Next|Newer Posts?|Older Posts?|Reply|Comments?|Leave a (?:Reply|Comment)|Post a Comment|"
    r"Subscribe|Log ?in|Sign ?in|Sign up|[|•·/\\-]+|https?://\S+|www\.\S+)$",
    re.IGNORECASE,
)
# Banners: a short line appealing, acknowledging or claiming (never a sentence of the document).
BANNER = re.compile(
    r"\bdonat(?:e|ion)\b|\bsubscribe\b|\bnewsletter\b|\bcookies?\b|\bmade possible (?:with|by) (?:the )?support\b"
    r"|^image credit\b|\ball rights reserved\b|^copyright\b|^©|\bshare (?:on|via)\b|\bfollow us\b",
    re.IGNORECASE,
)
BANNER_MAX_WORDS = 20
# Where a page's teaser lists begin: everything from here on lists other items.
TEASERS = re.compile(
    r"^(?:More From\b.*|More Articles|More Stories|Related Articles|Related News|Related Posts?:?|"
    r"Related Stories|You May Also Like|You Might Also Like|Recommended(?: for you)?|Latest News|Most Read|"
    r"Read More|Similar documents|Similar Posts|Popular Posts|See also|Blog Archive)$",
    re.IGNORECASE,
)
LABEL = re.compile(r"^[A-Z][\w()&/ ,.'-]{0,60}:$")
LABEL_MAX_WORDS = 6
FIELDS_MIN = 3
PROSE_WORDS = 12


def is_chrome(line: str) -> bool:
    """A button, menu item, bare link or banner line."""
    text = BULLET.sub("", line.strip())
    if not text:
        return False
    return bool(CHROME.match(text)) or (len(text.split()) <= BANNER_MAX_WORDS and bool(BANNER.search(text)))


def is_label(line: str) -> bool:
    """'Author(s):', 'Document Type:': a field label, whose value (if any) is on the next line."""
    text = line.strip()
    return bool(LABEL.match(text)) and len(text.split()) <= LABEL_MAX_WORDS


def teaser_start(lines: list[str]) -> int | None:
    """Index of the line where a teaser list begins (never the page's first line), or None."""
    seen = False
    for index, line in enumerate(lines):
        text = BULLET.sub("", line.strip())
        if seen and TEASERS.match(text):
            return index
        seen = seen or bool(text)
    return None


def record_fields(lines: list[str]) -> tuple[list[str], list[str]]:
    """A catalogue record's field list at the top of the text ('Document Type:' lines, each
    followed by its value or by nothing) -> (the lines without it, one note per field with a value).
    Only a list of at least FIELDS_MIN labels before the first sentence is taken for one."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    first_prose = next((i for i in filled if len(lines[i].split()) >= PROSE_WORDS), len(lines))
    labels = [i for i in filled if i < first_prose and is_label(lines[i])]
    if len(labels) < FIELDS_MIN:
        return lines, []
    dropped, notes = set(labels), []
    following = dict(pairwise(filled))
    for i in labels:
        value = following.get(i)
        if value is not None and value < first_prose and not is_label(lines[value]):
            dropped.add(value)
            notes.append(f"The page's '{lines[i].strip().rstrip(':')}': {lines[value].strip()}")
    return [line for i, line in enumerate(lines) if i not in dropped], notes


def without_bare_labels(lines: list[str], footer_labels: set[str]) -> list[str]:
    """The lines without label lines whose value is missing (the next filled line is another label,
    a footer label, or nothing)."""
    kept, following = [], ""
    for line in reversed(lines):
        label = is_label(line)
        if not (label and (not following or is_label(following) or following.lower() in footer_labels)):
            kept.append(line)
        if line.strip():
            following = line.strip()
    return kept[::-1]
