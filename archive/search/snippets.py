"""Snippets: a window of text around the words a query matched, as parts that say which words matched.

Pure Python, the same on every database, so both backends show the same snippets. The parts are
plain text: the template that shows them escapes every character and marks the matched parts
(see the `marked` filter), so nothing a reader types or a text holds becomes markup.
"""

from __future__ import annotations

import re
from itertools import islice

from .query import Query, Term, fold, folded_words

WINDOW = 40  # words shown around the matches
Parts = tuple[tuple[str, bool], ...]  # (plain text, whether the query matched it), in reading order
_WORD = re.compile(r"[^\W_]+")


def _matches(term: Term, folded: list[str]) -> set[int]:
    """Indexes of the words of text that term matches."""
    wanted = [fold(w) for w in term.words]
    last = len(wanted) - 1
    whole = wanted[:last] if term.prefix else wanted
    if any(w not in folded for w in whole):
        return set()  # a word the term needs whole is not in text (asked at C speed)
    if not whole:  # one word, a prefix of the text's words
        return {i for i, word in enumerate(folded) if word.startswith(wanted[0])}
    if not last:
        return _positions(folded, wanted[0])
    # Where the first word stands, then whether the others follow it: a text's every word was tried before,
    # which took most of a search page's time when its results were long texts and its query a name of two words.
    found: set[int] = set()
    for i in _positions(folded, wanted[0]):
        if i + last < len(folded) and all(
            folded[i + k].startswith(w) if (k == last and term.prefix) else folded[i + k] == w
            for k, w in enumerate(wanted[1:], start=1)
        ):
            found.update(range(i, i + last + 1))
    return found


def _positions(folded: list[str], word: str) -> set[int]:
    """Indexes of word in folded, found at C speed (`list.index`) rather than by a loop over every word."""
    found: set[int] = set()
    position = -1
    try:
        while True:
            position = folded.index(word, position + 1)
            found.add(position)
    except ValueError:
        return found


def matched_words(text: str, query: Query) -> tuple[list[str], set[int]]:
    """The folded words of text and the indexes of those the query's terms match."""
    folded = folded_words(text)
    hits: set[int] = set()
    for term in query.terms():
        hits |= _matches(term, folded)
    return folded, hits


def highlight(text: str, query: Query, *, window: int | None = None) -> tuple[Parts, int]:
    """(text in parts, matches apart, number of matched words).

    With window, only that many words around the densest cluster of matches are shown, with an
    ellipsis where text was cut; without matches, the start of the text.
    """
    folded, hits = matched_words(text, query)
    first, last = 0, len(folded)
    if window and len(folded) > window:
        first = _densest(sorted(hits), window) if hits else 0
        first = max(0, min(first - window // 4, len(folded) - window))
        last = first + window
    # Where the words shown stand in text (folding may change a word's length, never where it stands).
    spans = [match.span() for match in islice(_WORD.finditer(text), first, last)]
    start = spans[0][0] if first else 0
    end = spans[-1][1] if last < len(folded) else len(text)
    out = [("…", False)] if start else []
    position = start
    for i, (word_start, word_end) in enumerate(spans, start=first):
        if i in hits:
            out += [(text[position:word_start], False), (text[word_start:word_end], True)]
            position = word_end
    out.append((text[position:end], False))
    if end < len(text):
        out.append(("…", False))
    return _trimmed(out), len(hits)


def _trimmed(parts: list[tuple[str, bool]]) -> Parts:
    """parts without white space at either end, nor empty parts."""
    if parts:
        parts[0] = (parts[0][0].lstrip(), parts[0][1])
        parts[-1] = (parts[-1][0].rstrip(), parts[-1][1])
    return tuple(part for part in parts if part[0])


def _densest(positions: list[int], window: int) -> int:
    """The first matched position of the window of words that holds the most matches."""
    best, best_count, lo = positions[0], 0, 0
    for hi, position in enumerate(positions):
        while position - positions[lo] >= window:
            lo += 1
        if hi - lo + 1 > best_count:
            best, best_count = positions[lo], hi - lo + 1
    return best


def snippet(fields: list[tuple[str, str]], query: Query, *, window: int = WINDOW) -> tuple[str, Parts, int]:
    """(label, snippet parts, matched words) from the first field with the most matches among (label, text).

    Without any match, the first non-empty field, unmarked.
    """
    best: tuple[str, Parts, int] = ("", (), -1)
    for label, text in fields:
        if text:
            parts, count = highlight(text, query, window=window)
            if count > best[2]:
                best = (label, parts, count)
    return best[0], best[1], max(best[2], 0)
