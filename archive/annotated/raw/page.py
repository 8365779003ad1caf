"""A raw page as clean lines, and what its words say about its language."""

from __future__ import annotations

import re

LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
ENGLISH_WORDS = frozenset(
    {"the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "was", "were", "at", "from"}
)
ENGLISH_MIN_SHARE = 0.12
ENGLISH_MIN_WORDS = 5
# Control characters (but the line break), lone surrogates, private use, bidi controls, BOM.
UNWANTED = re.compile("[\x00-\x09\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ue000-\uf8ff"
                      "\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")  # fmt: skip


def lines(text: str) -> list[str]:
    """The page's lines: line breaks unified, control, bidi and private-use characters removed, tabs
    and non-breaking spaces made plain spaces, trailing space trimmed. Blank lines are kept."""
    text = LINE_BREAKS.sub("\n", text)
    text = UNWANTED.sub("", text.replace("\t", " ").replace("\u00a0", " "))
    return [line.rstrip() for line in text.split("\n")]


def is_english(text: str) -> bool:
    """True when the text is plainly English prose (a share of its words are English function words)."""
    words = re.findall(r"[A-Za-z]+", text[:20000].lower())
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    return sum(1 for word in words if word in ENGLISH_WORDS) / len(words) >= ENGLISH_MIN_SHARE
