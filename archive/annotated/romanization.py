"""A matching key under which the common spellings of one person's or place's name collide.

Kim Il Sung, Kim Il-sung, Kim Ilsung, KIM IL SUNG, Kim Il-sŏng, Kim Ir Sen, Ким Ир Сен and 김일성
all have one key; Kim Jong Il and Kim Jong Un have others. Mao Zedong, Mao Tse-tung, Мао Цзэдун
and 毛泽东 share one; so do Khrushchev, Khrushchov and Хрущёв. The key is for finding candidates,
never for display. Pure Python, no Django.

A name is cut into tokens: runs of letters and digits, except that each Hangul syllable and each
Chinese character is a token of its own. A Hangul syllable is romanized by the Revised
Romanization table below; every other token that is not plain ASCII (Cyrillic, Chinese
characters, letters with diacritics such as the McCune–Reischauer breves ŏ ŭ) is transliterated
by anyascii (ISC licence: Cyrillic by a scheme close to the BGN/PCGN one, Chinese characters by
their Mandarin pinyin). Each token is then lower-cased and rewritten by RULES, in order: they
bring the Korean systems (McCune–Reischauer, Revised, the North's own, older English and
Russian spellings), the Chinese ones (pinyin, Wade–Giles, the Russian Palladius system) and the
usual English spellings of Russian names together. The key is the tokens' keys joined with
nothing, since romanizations cut names differently (Pak Heonyeong, Pak Hon Yong, Pak Hon-yong).
Spaces, hyphens and apostrophes (of aspiration: Ch'oe, P'yŏngyang) fall between tokens and so
count for nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

# A token: one Hangul syllable, one Chinese character, or a run of other letters and digits (with
# combining marks).
_SINGLES = "\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff"
TOKEN = re.compile(rf"[{_SINGLES}]|(?:[^\W_{_SINGLES}]|[\u0300-\u036f])+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

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

# Rewrites of a Cyrillic token before it is transliterated: (pattern, replacement, why).
CYRILLIC_RULES: list[tuple[str, str, str]] = [
    ("ун$", "унг", "Palladius writes the Chinese final -ong as -ун (Цзэдун, Zedong); a Russian word rarely ends so."),
    ("эн$", "энг", "Palladius writes the Chinese final -eng as -эн (Дэн, Deng); -en is written -энь."),
    ("ё", "е", "ё is written е in most Russian print (Хрущёв, Хрущев)."),
]  # fmt: skip

# The rewrite rules, applied in order to each folded token: (scope, from, to, why). Scope
# 'token': the whole token is one of `from`; 'start' and 'end': the token starts or ends with
# it; 'any': anywhere; 'double': a doubled letter of `from` becomes single; 'pattern': a regular
# expression (the only scope that is not a plain string).
RULES: list[tuple[str, tuple[str, ...], str, str]] = [
    ("token", ("ri", "rhee", "rhie", "rhi", "lee", "li", "yi", "yee", "i"), "i",
     "The surname 이/리: Ri in the North; Rhee, Lee, Yi, I, Rhie in the South and abroad (and Chinese Li). "
     "Whole tokens only, so Rim or Lim are untouched."),
    ("token", ("park",), "pak", "The surname 박: Park is the English-style spelling of Pak (Bak)."),
    ("token", ("choi", "chwe", "tsoi", "tsoy"), "choe", "The surname 최: Choi, Chwe and the Russian Цой for Choe."),
    ("token", ("sen",), "song", "Russian-style 성 (Ким Ир Сен, Kim Ir Sen): Sen for Song (Sung)."),
    ("token", ("chen",), "jong", "Russian-style 정 (Ким Чен Ир, Kim Chen Ir): Chen for Jong (Chong)."),
    ("token", ("yn",), "un", "Russian ы for the Korean ŭ (Ким Чен Ын, Kim Jong Un)."),
    ("start", ("iu",), "yu", "The Library of Congress writes an initial ю as iu (Iurii, Yuri)."),
    ("start", ("ia",), "ya", "The Library of Congress writes an initial я as ia (Iakov, Yakov)."),
    ("start", ("ie",), "ye", "The Library of Congress writes an initial е as ie."),
    ("pattern", (r"^ye(?=[vlfgk])",), "e",
     "Russian initial е is ye or e (Yevgeny, Evgeny; Yeltsin, Eltsin); Korean 여, 연, 영 are never followed so."),
    ("end", ("iya",), "ia", "-ия is -iya or -ia (Beriya, Beria)."),
    ("end", ("iy", "ii"), "i", "The ending -ий is -iy, -ii, -y or -i (Yuriy, Iurii, Yury, Yuri)."),
    ("pattern", (r"(?<=[aeou])y$",), "i", "A final й after a vowel is y or i (Aleksey, Aleksei; Palladius -лай)."),
    ("end", ("chov", "chyov"), "chev", "-чёв is -chev or -chov (Khrushchev, Gorbachov)."),
    ("end", ("eh",), "e", "Wade–Giles -eh for pinyin -e (Chu Teh, Zhu De)."),
    ("end", ("ih",), "i", "Wade–Giles -ih for pinyin -i after a sibilant (shih, shi; chih, zhi)."),
    ("any", ("oo",), "u", "English-style oo for u (Moon, Yoo)."),
    ("any", ("ou",), "o", "English-style ou for o (Young, Yong) and the Chinese -ou (Zhou, Chou)."),
    ("any", ("uo",), "o", "Pinyin and Wade–Giles -uo is Palladius -о (Guofeng, Kuo-feng, Гофэн)."),
    ("any", ("eo",), "o", "Revised Romanization eo is McCune–Reischauer ŏ and the North's o (Heon, Hŏn, Hon)."),
    ("any", ("eu",), "u", "Revised Romanization eu is McCune–Reischauer ŭ and the North's u (Eun, Ŭn, Un)."),
    ("end", ("ung",), "ong", "Older spellings write a syllable-final -ŏng as -ung (Sung for 성, Chung for 정); "
     "Wade–Giles writes pinyin -ong as -ung (Tse-tung, Zedong)."),
    ("end", ("in",), "ing", "Palladius writes pinyin -ing as -ин (Сяопин, Xiaoping); Russian -in follows (Stalin)."),
    ("any", ("shch",), "sch", "щ is shch or šč (Khrushchev)."),
    ("any", ("chzh", "tsz", "tz", "ts", "dz", "zh", "q"), "ch",
     "The Chinese affricates: Palladius чж and цз, Wade–Giles ch, ts and tz, pinyin zh, z, j, q and c, "
     "Russian ж (zh) are one class (Zhou, Chou, Чжоу; Zedong, Tse-tung, Цзэдун)."),
    ("pattern", (r"x(?=[iu])",), "s", "Pinyin x before i and u is Wade–Giles hs, Palladius с (Xiaoping, Hsiao)."),
    ("any", ("x",), "ks", "Elsewhere x is ks (Alexei, Aleksei)."),
    ("any", ("hs",), "s", "Wade–Giles hs (Hsiao) for pinyin x."),
    ("any", ("kh",), "h", "Russian х is kh (Хрущёв, Khrushchev; Хуа, Hua)."),
    ("any", ("ph",), "p", "The North's official ph for the aspirate p' (Phyongyang)."),
    ("any", ("th",), "t", "The North's official th for the aspirate t' (Thae)."),
    ("any", ("sh",), "s", "Shin for Sin (시 is si in every system); pinyin sh, Wade–Giles sh."),
    ("any", ("ch", "z", "c"), "j",
     "ㅈ and ㅊ: ch (McCune–Reischauer, apostrophe or not) and j (Revised, the North); with the Chinese affricates."),
    ("pattern", (r"(?<=^[bcdfghjklmnpqrstvwz])i(?=[aeou])",), "y",
     "i between a token's first consonant and a vowel is y (Xiaoping, Syaopin; Liu, Lyu; Biao, Byao)."),
    ("pattern", (r"(?<=[bcdfghjklmnpqrstvwz])y$",), "i", "A final y after a consonant is i (Yury, Yuri)."),
    ("any", ("ng",), "ŋ", "Keeps ng out of the next rule (restored below)."),
    ("any", ("g",), "k", "Voiced and voiceless stops are one sound in Korean: g/k (Gim, Kim; Gyong, Kyong)."),
    ("any", ("d",), "t", "d/t (Deok, Tok; Dehuai, Te-huai)."),
    ("any", ("b",), "p", "b/p (Bak, Pak; Bok, Pok; Biao, Piao)."),
    ("any", ("r",), "l", "ㄹ is r or l by position and system (Ryong, Lyong; Il, Ir)."),
    ("any", ("ŋ",), "ng", "Restores ng."),
    ("double", ("k", "t", "p", "s", "j", "l"), "", "Tense consonants (kk, tt, pp, ss, jj) and ll are written single."),
]  # fmt: skip


def _compile(rules) -> list[tuple[str, object]]:
    """RULES as steps: each run of whole-token rules one dict, each run of plain replacements one
    list of (old, new) strings, each start, end or pattern rule a compiled expression, in order."""
    steps: list[tuple[str, object]] = []
    for scope, olds, new, _ in rules:
        if scope in ("start", "end", "pattern"):
            if scope == "pattern":
                pattern = olds[0]
            else:
                alternatives = "|".join(re.escape(old) for old in olds)
                pattern = f"^(?:{alternatives})" if scope == "start" else f"(?:{alternatives})$"
            steps.append(("pattern", (re.compile(pattern), new)))
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
_CYRILLIC_STEPS = [(re.compile(pattern), new) for pattern, new, _ in CYRILLIC_RULES]


def tokens(text: str) -> list[str]:
    """The tokens of a name or text, as written."""
    return TOKEN.findall(text)


def hangul_syllable(char: str) -> str:
    """The Revised Romanization of one Hangul syllable, letter by letter ('성' -> 'seong')."""
    index = ord(char) - 0xAC00
    initial, rest = divmod(index, 21 * 28)
    vowel, final = divmod(rest, 28)
    return INITIALS[initial] + VOWELS[vowel] + FINALS[final]


def transliterate(token: str) -> str:
    """A token in lower-case ASCII letters and digits: Hangul by the table above, Cyrillic after
    CYRILLIC_RULES, everything else by anyascii."""
    if len(token) == 1 and "\uac00" <= token <= "\ud7a3":
        return hangul_syllable(token)
    if token.isascii():
        return token.lower()
    token = token.lower()
    if CYRILLIC.search(token):
        for pattern, new in _CYRILLIC_STEPS:
            token = pattern.sub(new, token)
    return "".join(char for char in anyascii(token).lower() if char.isalnum())


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """The key of one token: transliterated, then rewritten by RULES."""
    key = transliterate(token)
    for scope, data in _STEPS:
        if scope == "token":
            key = data.get(key, key)
        elif scope == "pattern":
            pattern, new = data
            key = pattern.sub(new, key)
        else:
            for old, new in data:
                key = key.replace(old, new)
    return key


def romanization_key(name: str) -> str:
    """The matching key of a name: its tokens' keys, joined."""
    return "".join(token_key(token) for token in tokens(name))


def is_distinctive(name: str) -> bool:
    """Whether a name's key is worth matching on: two or more tokens, or a key of four letters or
    more (so that Yi alone does not find every I)."""
    return len(tokens(name)) > 1 or len(romanization_key(name)) >= 4
