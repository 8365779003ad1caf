"""A matching key under which common romanizations of one Korean name collide.

Kim Il Sung, Kim Il-sung, KIM IL SUNG, Kim Il-sŏng, Kim Ir Sen and 김일성 all have the key
'kimilsong'. The key is for finding candidates, never for display. Pure Python, no Django.

A name is cut into tokens (runs of letters and digits; each Hangul syllable is a token of its
own, romanized by the Revised Romanization table below). Each token is folded (case, diacritics
such as the McCune–Reischauer breves ŏ ŭ) and rewritten by RULES, in order; the key is the
tokens' keys joined with nothing, since romanizations cut names differently (Pak Heonyeong, Pak
Hon Yong, Pak Hon-yong). Spaces, hyphens and apostrophes (of aspiration: Ch'oe, P'yŏngyang) fall
between tokens and so count for nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A token: one Hangul syllable, or a run of other letters and digits (with combining marks).
TOKEN = re.compile(r"[\uac00-\ud7a3]|(?:[^\W_\uac00-\ud7a3]|[\u0300-\u036f])+")

# Revised Romanization of the jamo of a Hangul syllable: initials, vowels, finals.
INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
    "yu", "eu", "ui", "i",
)  # fmt: skip
FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
    "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

# The rewrite rules, applied in order to each folded token: (scope, from, to, why). Scope
# 'token': the whole token is one of `from`; 'end': the token ends with it; 'any': anywhere;
# 'double': a doubled letter of `from` becomes single. All are plain strings, no patterns.
RULES: list[tuple[str, tuple[str, ...], str, str]] = [
    ("token", ("ri", "rhee", "rhie", "rhi", "lee", "li", "yi", "yee", "i"), "i",
     "The surname 이/리: Ri in the North; Rhee, Lee, Yi, I, Rhie in the South and abroad. Whole "
     "tokens only, so Rim or Lim are untouched."),
    ("token", ("park",), "pak", "The surname 박: Park is the English-style spelling of Pak (Bak)."),
    ("token", ("choi", "chwe"), "choe", "The surname 최: Choi and Chwe for Choe."),
    ("token", ("sen",), "song", "Russian-style 성 (Ким Ир Сен, Kim Ir Sen): Sen for Song (Sung)."),
    ("token", ("chen",), "jong", "Russian-style 정 (Ким Чен Ир, Kim Chen Ir): Chen for Jong (Chong)."),
    ("any", ("oo",), "u", "English-style oo for u (Moon, Yoo)."),
    ("any", ("eo",), "o", "Revised Romanization eo is McCune–Reischauer ŏ and the North's o (Heon, Hŏn, Hon)."),
    ("any", ("eu",), "u", "Revised Romanization eu is McCune–Reischauer ŭ and the North's u (Eun, Ŭn, Un)."),
    ("end", ("ung",), "ong", "Older spellings write a syllable-final -ŏng as -ung (Sung for 성, Chung for 정)."),
    ("any", ("ph",), "p", "The North's official ph for the aspirate p' (Phyongyang)."),
    ("any", ("th",), "t", "The North's official th for the aspirate t' (Thae)."),
    ("any", ("kh",), "k", "The North's official kh for the aspirate k'."),
    ("any", ("sh",), "s", "Shin for Sin (시 is si in every system)."),
    ("any", ("ch",), "j", "ㅈ and ㅊ: ch (McCune–Reischauer, apostrophe or not) and j (Revised, the North)."),
    ("any", ("ng",), "ŋ", "Keeps ng out of the next rule (restored below)."),
    ("any", ("g",), "k", "Voiced and voiceless stops are one sound in Korean: g/k (Gim, Kim; Gyong, Kyong)."),
    ("any", ("d",), "t", "d/t (Deok, Tok)."),
    ("any", ("b",), "p", "b/p (Bak, Pak; Bok, Pok)."),
    ("any", ("r",), "l", "ㄹ is r or l by position and system (Ryong, Lyong; Il, Ir)."),
    ("any", ("ŋ",), "ng", "Restores ng."),
    ("double", ("k", "t", "p", "s", "j", "l"), "", "Tense consonants (kk, tt, pp, ss, jj) and ll are written single."),
]  # fmt: skip


def _compile(rules) -> list[tuple[str, object]]:
    """RULES as steps: each run of whole-token rules one dict, each run of the others one list of
    (old, new) string replacements, in the table's order."""
    steps: list[tuple[str, object]] = []
    for scope, olds, new, _ in rules:
        if scope == "end":
            steps.append(("end", (olds[0], new)))
            continue
        step = "token" if scope == "token" else "replace"
        if not steps or steps[-1][0] != step:
            steps.append((step, {} if step == "token" else []))
        if step == "token":
            steps[-1][1].update(dict.fromkeys(olds, new))
        else:
            steps[-1][1].extend((old + old, old) if scope == "double" else (old, new) for old in olds)
    return steps


_STEPS = _compile(RULES)


def tokens(text: str) -> list[str]:
    """The tokens of a name or text, as written."""
    return TOKEN.findall(text)


def hangul_syllable(char: str) -> str:
    """The Revised Romanization of one Hangul syllable, letter by letter ('성' -> 'seong')."""
    index = ord(char) - 0xAC00
    initial, rest = divmod(index, 21 * 28)
    vowel, final = divmod(rest, 28)
    return INITIALS[initial] + VOWELS[vowel] + FINALS[final]


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """The key of one token: folded, then rewritten by RULES."""
    if len(token) == 1 and "\uac00" <= token <= "\ud7a3":
        token = hangul_syllable(token)
    if token.isascii():
        key = token.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", token.casefold())
        key = "".join(char for char in decomposed if not unicodedata.combining(char))
    for scope, data in _STEPS:
        if scope == "token":
            key = data.get(key, key)
        elif scope == "end":
            ending, new = data
            key = key[: -len(ending)] + new if key.endswith(ending) else key
        else:
            for old, new in data:
                key = key.replace(old, new)
    return key


def romanization_key(name: str) -> str:
    """The matching key of a name: its tokens' keys, joined."""
    return "".join(token_key(token) for token in tokens(name))
