"""Snippets: a window of text around the words a query matched, HTML-escaped, matches in <mark>.

Pure Python, the same on every database, so both backends show the same snippets. Every
character of the text is escaped; the only tags in the result are the <mark> tags added here.
"""

from __future__ import annotations

import re
from html import escape

from .query import Query, Term, fold

WINDOW = 40  # words shown around the matches
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for each word of text."""
    if text.isascii():  # folding is lowering, which keeps every position
        return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text.lower())]
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]


def _matches(term: Term, folded: list[str]) -> set[int]:
    """Indexes of the words of text that term matches."""
    wanted = [fold(w) for w in term.words]
    last = len(wanted) - 1
    if last == 0 and not term.prefix:
        return {i for i, word in enumerate(folded) if word == wanted[0]}
    found: set[int] = set()
    for i in range(len(folded) - last):
        if all(
            folded[i + k].startswith(w) if (k == last and term.prefix) else folded[i + k] == w
            for k, w in enumerate(wanted)
        ):
            found.update(range(i, i + last + 1))
    return found


def matched_words(text: str, query: Query) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The words of text and the indexes of those the query's terms match."""
    spans = _words(text)
    folded = [w for _, _, w in spans]
    hits: set[int] = set()
    for term in query.terms():
        hits |= _matches(term, folded)
    return spans, hits


def highlight(text: str, query: Query, *, window: int | None = None) -> tuple[str, int]:
    """(escaped HTML of text with matches marked, number of matched words).

    With window, only that many words around the densest cluster of matches are shown, with an
    ellipsis where text was cut; without matches, the start of the text.
    """
    spans, hits = matched_words(text, query)
    first, last = 0, len(spans)
    if window and len(spans) > window:
        first = _densest(sorted(hits), window) if hits else 0
        first = max(0, min(first - window // 4, len(spans) - window))
        last = first + window
    start = spans[first][0] if first else 0
    end = spans[last - 1][1] if last < len(spans) else len(text)
    out = ["…"] if start else []
    position = start
    for i in range(first, last):
        word_start, word_end, _ = spans[i]
        if i in hits:
            out += [escape(text[position:word_start]), "<mark>", escape(text[word_start:word_end]), "</mark>"]
            position = word_end
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return "".join(out).strip(), len(hits)


def _densest(positions: list[int], window: int) -> int:
    """The first matched position of the window of words that holds the most matches."""
    best, best_count, lo = positions[0], 0, 0
    for hi, position in enumerate(positions):
        while position - positions[lo] >= window:
            lo += 1
        if hi - lo + 1 > best_count:
            best, best_count = positions[lo], hi - lo + 1
    return best


def snippet(fields: list[tuple[str, str]], query: Query, *, window: int = WINDOW) -> tuple[str, str, int]:
    """(label, snippet HTML, matched words) from the first field with the most matches among (label, text).

    Without any match, the first non-empty field, unmarked.
    """
    best = ("", "", -1)
    for label, text in fields:
        if text:
            html, count = highlight(text, query, window=window)
            if count > best[2]:
                best = (label, html, count)
    return best[0], best[1], max(best[2], 0)
