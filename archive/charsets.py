"""Naming the encoding a text file that is not UTF-8 most likely uses, for the curator's message.

Files reach the archive from Windows editors (cp1252, cp1251), older Korean systems (EUC-KR),
Notepad's "Unicode" (UTF-16) and Latin-1 exports. Each candidate decoding is scored on how a real
text reads: letters of one script inside a word, no control characters, no symbol wedged between
letters, no capital inside a lower-case word. Where two candidates read equally well (an English
text whose only non-ASCII bytes are curly quotes reads the same in cp1252 and cp1250), the more
common one is named. Other encodings are left to charset-normalizer.
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

SAMPLE_BYTES = 16 * 1024  # the start of the file is enough to tell, and keeps a large file cheap
# Candidates in order of preference when they read equally well: (codec, name shown).
CANDIDATES = (
    ("euc_kr", "EUC-KR (Korean)"),
    ("latin_1", "latin-1 (ISO-8859-1)"),
    ("cp1252", "cp1252 (Windows Western European)"),
    ("cp1251", "cp1251 (Windows Cyrillic)"),
    ("koi8_r", "KOI8-R (Cyrillic)"),
    ("cp1250", "cp1250 (Windows Central European)"),
)
NON_ASCII = re.compile(r"[^\x00-\x7f]")
TYPOGRAPHY = set("“”‘’„‚–—…«»‹›•·°§¶€£¢¥©®™±×÷¡¿\u00a0")


def likely_encoding(data: bytes) -> str:
    """A name for the encoding data seems to use ('' when none reads plausibly)."""
    if looks_utf16(data):
        return "UTF-16"
    sample = _sample(data)
    as_utf8 = sample.decode("utf-8", errors="replace")
    broken = as_utf8.count("\ufffd")
    if broken and len(NON_ASCII.findall(as_utf8)) - broken >= 4 * broken:
        return "UTF-8 with some invalid bytes, as in a damaged or joined file"
    best_name, best_score = "", 0.5  # below this, no candidate reads like a text
    for codec, name in CANDIDATES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score > best_score:
            best_name, best_score = name, score
    if best_name:
        return best_name
    guess = from_bytes(sample).best()
    return guess.encoding if guess else ""


def looks_utf16(data: bytes) -> bool:
    """UTF-16: a byte-order mark, or (without one) every other byte NUL, as in Latin script."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    data = data[:SAMPLE_BYTES]
    if len(data) < 4:
        return False
    even, odd = data[0::2], data[1::2]
    return max(even.count(0) / len(even), odd.count(0) / max(len(odd), 1)) > 0.3


def _sample(data: bytes) -> bytes:
    """SAMPLE_BYTES around the first byte that is not UTF-8 (where the file's own characters are),
    cut at line breaks so that no character is split."""
    if len(data) <= SAMPLE_BYTES:
        return data
    try:
        data.decode("utf-8")
        first = 0
    except UnicodeDecodeError as exc:
        first = exc.start
    start = data.rfind(b"\n", 0, max(0, first - SAMPLE_BYTES // 4)) + 1
    end = data.rfind(b"\n", start, start + SAMPLE_BYTES)
    return data[start : end + 1] if end > start else data[start : start + SAMPLE_BYTES]


def _plausibility(text: str) -> float:
    """From -1 to 1: the share of the non-ASCII characters that read as in a real text, less the rest."""
    good = bad = total = 0
    for match in NON_ASCII.finditer(text):
        index, char = match.start(), match.group()
        total += 1
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if unicodedata.category(char)[0] == "C" or char == "\ufffd":
            bad += 1
        elif char.isalpha():
            if _latin(char):
                # A run of three accented letters with no plain letter is no Western word.
                wedged = _foreign_letter(before) and _foreign_letter(after)
            else:
                # Cyrillic or Hangul glued to a plain Latin letter is no word either.
                wedged = _plain_letter(before) or _plain_letter(after)
            capital_inside = char.isupper() and before.isalpha() and before.islower()
            bad += wedged or capital_inside
            good += not (wedged or capital_inside)
        elif char in TYPOGRAPHY:
            good += 1
        elif before.isalpha() and after.isalpha():
            bad += 1  # a symbol between two letters
    return (good - bad) / total if total else 0.0


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _plain_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _foreign_letter(char: str) -> bool:
    return not char.isascii() and char.isalpha()
