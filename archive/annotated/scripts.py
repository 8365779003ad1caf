"""The language a name's script implies, so a page can mark names in other scripts with `lang`."""

from __future__ import annotations

import unicodedata

# The first word of a letter's Unicode name, and the language that script stands for in this archive.
SCRIPT_LANGUAGES = (
    ("HANGUL", "ko"),
    ("CYRILLIC", "ru"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("CJK", "zh"),
)


def language_of(name: str) -> str:
    """'ko' for a name in Hangul, 'ru' in Cyrillic, 'ja' with kana, 'zh' in Chinese characters alone;
    '' for a name in Latin letters (the page's own language) or in a script not listed."""
    found = set()
    for char in name:
        if char.isalpha():
            found.add(unicodedata.name(char, "").split(" ", 1)[0])
    for script, language in SCRIPT_LANGUAGES:
        if script in found:
            return language
    return ""
