"""A reader's search query, read into a small tree. Pure Python; never raises.

Syntax: words (all must match), "exact phrases", prefix* (at least two letters), -exclusion,
OR between two words or phrases. Everything else is read as words: punctuation separates words
(`col:term` is the two words col and term, `Il-sung` the phrase "Il sung"), and what cannot be
read is dropped with a note that explains it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

MAX_LENGTH = 1000  # characters of a query that are read
MAX_TERMS = 32  # words and phrases
MAX_WORD = 100  # characters in one word
MIN_PREFIX = 2  # letters before a *

_WORD = re.compile(r"[^\W_]+")
_PIECE = re.compile(r'(-?)"([^"]*)"(\*?)|"|[^\s"]+')


def words(text: str) -> list[str]:
    """The words of text as written: runs of letters and digits."""
    return _WORD.findall(text)


def fold(word: str) -> str:
    """Case- and accent-blind form of a word, as the index and the highlighter compare it."""
    if word.isascii():
        return word.lower()
    return _without_accents(word)


@lru_cache(maxsize=65_536)
def _without_accents(word: str) -> str:
    """Remembered: texts repeat their words, and indexing or highlighting folds every one."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def folded_words(text: str) -> list[str]:
    """The folded words of text, in order."""
    if text.isascii():  # folding is lowering then, which moves no boundary between words
        return _WORD.findall(text.lower())
    words = _WORD.findall(text)
    folded = {word: fold(word) for word in set(words)}  # each distinct word once; a text repeats its words
    return list(map(folded.__getitem__, words))


@dataclass(frozen=True)
class Term:
    """Words that must follow each other (one word for a plain term); the last may be a prefix.

    name: the words are a person's or place's name that the search added (names.py), matched among the names
    of the entities a document mentions (its index row's names) rather than anywhere in its text."""

    words: tuple[str, ...]
    prefix: bool = False
    name: bool = False

    def __str__(self) -> str:
        shown = " ".join(self.words)
        shown = f'"{shown}"' if len(self.words) > 1 or shown in ("OR", "AND") else shown
        return shown + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Query:
    """All groups must match (a group matches when one of its terms does); no excluded term may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    def terms(self) -> list[Term]:
        """The terms a result should contain (for highlighting)."""
        return [term for group in self.groups for term in group]

    def __str__(self) -> str:
        parts = [" OR ".join(str(t) for t in group) for group in self.groups]
        return " ".join(parts + [f"-{t}" for t in self.excluded])


@dataclass
class _Item:
    term: Term
    negated: bool


def parse(text: str) -> Query:
    """Read a reader's query. Never raises: what cannot be read is dropped and explained in notes."""
    notes: list[str] = []
    if not isinstance(text, str):
        text = ""
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH]
        notes.append(f"Only the first {MAX_LENGTH:,} characters of the search were used.")
    items: list[_Item | str] = []  # terms, and the connective "OR"
    ignored: list[str] = []
    for match in _PIECE.finditer(text):
        minus, phrase, star = match.group(1, 2, 3)
        piece = match.group(0)
        if phrase is not None:
            found = _term(phrase, bool(star), notes)
            if found:
                items.append(_Item(found, bool(minus)))
            continue
        if piece == '"':
            notes.append("A quotation mark without its partner was ignored.")
            continue
        if piece == "OR":
            items.append("OR")
            continue
        if piece == "AND":
            notes.append("AND is not needed: every word must match anyway.")
            continue
        negated = piece.startswith("-")
        body = piece.lstrip("-")
        prefix = body.endswith("*")
        found = _term(body.rstrip("*"), prefix, notes)
        if found:
            items.append(_Item(found, negated))
        elif piece == "-":
            notes.append("A minus sign must be followed by the word to exclude; a lone one was ignored.")
        else:
            ignored.append(piece)
    if ignored:
        shown = " ".join(ignored)
        if len(shown) > 40:
            shown = shown[:40] + "…"
        notes.append(f"Only letters and digits are searched; ignored: {shown}")
    return _combine(items, notes)


def _term(text: str, prefix: bool, notes: list[str]) -> Term | None:
    found = words(text)
    long = [w for w in found if len(w) > MAX_WORD]
    if long:
        notes.append(f"Words longer than {MAX_WORD} characters were ignored.")
        found = [w for w in found if len(w) <= MAX_WORD]
    if not found:
        return None
    if prefix and len(found[-1]) < MIN_PREFIX:
        notes.append(f"A * needs at least {MIN_PREFIX} letters before it; '{found[-1]}*' was read as '{found[-1]}'.")
        prefix = False
    return Term(tuple(found), prefix)


def _combine(items: list[_Item | str], notes: list[str]) -> Query:
    """Join terms around OR into groups; an OR without a term on each side is dropped."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joining = False
    previous: _Item | None = None
    for item in items:
        if item == "OR":
            if previous is None or previous.negated or joining:
                notes.append("OR needs a word or phrase on each side; an OR was ignored.")
            else:
                joining = True
            continue
        if item.negated:
            if joining:
                notes.append("OR cannot join an excluded word; an OR was ignored.")
                joining = False
            excluded.append(item.term)
        elif joining:
            groups[-1].append(item.term)
            joining = False
        else:
            groups.append([item.term])
        previous = item
    if joining:
        notes.append("OR needs a word or phrase on each side; an OR was ignored.")
    total = sum(len(g) for g in groups) + len(excluded)
    if total > MAX_TERMS:
        notes.append(f"Only the first {MAX_TERMS} words and phrases were used.")
        groups, excluded = _first_terms(groups, excluded, MAX_TERMS)
    return Query(
        groups=tuple(dict.fromkeys(tuple(dict.fromkeys(g)) for g in groups)),
        excluded=tuple(dict.fromkeys(excluded)),
        notes=tuple(dict.fromkeys(notes)),
    )


def _first_terms(groups, excluded, limit):
    kept, left = [], limit
    for group in groups:
        if left <= 0:
            break
        kept.append(group[:left])
        left -= len(kept[-1])
    return kept, excluded[: max(left, 0)]
