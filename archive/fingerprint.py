"""Fingerprints of texts, for finding near-identical ones without reading every text. Pure Python.

A text's shingles are the hashes of its five-word sequences (words folded to lower case, without
accents or punctuation). Its sketch is the SKETCH_SIZE smallest of them: two texts that share most
of their sequences share most of their sketches too, so a database can find candidates by an
index on the sketch values, and only those few candidates' texts are then compared in full.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

WORDS_PER_SHINGLE = 5
SKETCH_SIZE = 16
MIN_SHARED = 3  # sketch values a candidate must share
NEAR_IDENTICAL = 0.8  # share of the shorter text's sequences found in the other
MIN_SHINGLES = 8  # texts shorter than this are too short to call near-identical

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(char for char in decomposed if not unicodedata.combining(char)))


def shingles(texts: list[str]) -> set[int]:
    """The hashes of every five-word sequence of the texts, as signed 64-bit integers."""
    found: set[int] = set()
    for text in texts:
        sequence = words(text)
        for start in range(len(sequence) - WORDS_PER_SHINGLE + 1):
            phrase = " ".join(sequence[start : start + WORDS_PER_SHINGLE]).encode("utf-8")
            digest = hashlib.blake2b(phrase, digest_size=8).digest()
            found.add(int.from_bytes(digest, "big", signed=True))
    return found


def sketch(hashes: set[int]) -> list[int]:
    """The SKETCH_SIZE smallest hashes (none for a text too short to compare)."""
    return sorted(hashes)[:SKETCH_SIZE] if len(hashes) >= MIN_SHINGLES else []


def overlap(first: set[int], second: set[int]) -> float:
    """The share of the smaller set's hashes that the other holds (0 when either is too short)."""
    if len(first) < MIN_SHINGLES or len(second) < MIN_SHINGLES:
        return 0.0
    return len(first & second) / min(len(first), len(second))
