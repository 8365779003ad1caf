"""The romanization key: spellings of one Korean name collide, distinct names do not. No database."""

import pytest

from archive.annotated.romanization import CYRILLIC_RULES, RULES, hangul_syllable, romanization_key, tokens

from .name_spellings import NAME_PAIRS

SAME_NAME = [
    # the pairs
    ("Kim Il Sung", "Kim Il-sung", "Kim Ir Sen", "KIM IL SUNG", "Kim Il-sŏng", "Gim Il-seong", "김일성"),
    ("Pak Heonyeong", "Pak Hon Yong", "Pak Hon-yong", "Pak Hŏn-yŏng", "Park Hon-yong", "박헌영"),
    ("Pyongyang", "Phyongyang", "P'yŏngyang", "Pyeongyang", "평양"),
    ("Ri", "Rhee", "Lee", "Yi", "I", "Rhie", "리", "이"),
    # the same rules on other names of the seed documents
    ("Kim Jong Il", "Kim Chong-il", "Kim Chŏng-il", "Kim Chen Ir", "김정일"),
    ("Kim Jong Un", "Kim Jong-un", "Kim Chŏng-ŭn", "Kim Jeong-eun", "김정은"),
    ("Ri Sung Yop", "Yi Sung-yop", "Lee Seung-yeop", "Rhee Sŭng-yŏp", "이승엽"),
    ("Choe Ryong Hae", "Ch'oe Ryong-hae", "Choi Ryong-hae", "Choe Lyong Hae", "최룡해"),
    ("Kim Tok Hun", "Kim Deok-hun", "Kim Tŏk-hun", "김덕훈"),
    ("Pak Thae Song", "Pak T'ae-sŏng", "Bak Tae-seong", "박태성"),
    ("Jon Hyon Chol", "Chŏn Hyŏn-ch'ŏl", "Jeon Hyeon-cheol", "전현철"),
    ("South Phyongan", "South Pyongan", "South P'yŏngan"),
]

DIFFERENT_NAMES = [
    ("Kim Il Sung", "Kim Jong Il"),
    ("Kim Il Sung", "Kim Jong Un"),
    ("Kim Jong Il", "Kim Jong Un"),
    ("Kim Chen Ir", "Kim Ir Sen"),
    ("Ri Sung Yop", "Ri Sung Ho"),
    ("Ri Il Hwan", "Ri Sung Yop"),
    ("Pyongyang", "Pyongsong"),
    ("Pyongan", "Pyonggang"),
    ("Jon Hyon Chol", "Jong Hyon Chol"),  # 전 and 정
    ("Choe Ryong Hae", "Jo Ryong Hae"),  # 최 and 조
    ("Kim Jong Un", "Kim Jong Ung"),
    ("Pak Hon Yong", "Pak Hon Yon"),
    ("김일성", "김정일"),
    ("Rim", "Ri"),
]


@pytest.mark.parametrize("spellings", SAME_NAME, ids=lambda spellings: spellings[0])
def test_spellings_of_one_name_share_a_key(spellings):
    keys = {romanization_key(spelling) for spelling in spellings}
    assert len(keys) == 1, {spelling: romanization_key(spelling) for spelling in spellings}


@pytest.mark.parametrize(("first", "second"), DIFFERENT_NAMES)
def test_distinct_names_keep_distinct_keys(first, second):
    assert romanization_key(first) != romanization_key(second)


def test_pak_and_park_may_collide():
    assert romanization_key("Pak") == romanization_key("Park") == romanization_key("Bak")


@pytest.mark.parametrize(
    "spelling", ["kim il sung", "KIM IL-SUNG", "Kim  Il–Sung", "Kim-Il-Sung", "Kim Ilsung", "Kim Il\u0306sung"]
)
def test_case_spacing_hyphens_and_diacritics_do_not_count(spelling):
    assert romanization_key(spelling) == romanization_key("Kim Il Sung")


def test_apostrophes_of_aspiration_do_not_count():
    assert romanization_key("Ch'oe") == romanization_key("Choe") == romanization_key("Ch’oe")
    assert romanization_key("T'ae") == romanization_key("Thae") == romanization_key("Tae")


def test_whole_token_rules_touch_only_whole_tokens():
    # the surname rule maps Lee to the Ri family, but not the letters lee inside a longer token
    assert romanization_key("Lee") == romanization_key("Ri")
    assert romanization_key("Leem") != romanization_key("Rim")
    # the Russian-style Sen is 성 only as a syllable of its own
    assert romanization_key("Kansen") != romanization_key("Kansong")


def test_hangul_syllables_are_romanized_by_the_revised_romanization():
    assert [hangul_syllable(char) for char in "김일성"] == ["gim", "il", "seong"]
    assert [hangul_syllable(char) for char in "평양"] == ["pyeong", "yang"]
    assert [hangul_syllable(char) for char in "최룡해"] == ["choe", "ryong", "hae"]
    assert hangul_syllable("닭") == "dak"  # a double final: the first consonant is pronounced


def test_tokens_split_hangul_into_syllables_and_latin_into_words():
    assert tokens("김일성 동지") == ["김", "일", "성", "동", "지"]
    assert tokens("Ch'oe Ryong-hae, KWP") == ["Ch", "oe", "Ryong", "hae", "KWP"]


def test_every_rule_says_why():
    for scope, olds, _new, why in RULES:
        assert scope in ("token", "start", "end", "any", "double", "pattern")
        assert olds
        assert why.strip().endswith(".")
    for pattern, _new, why in CYRILLIC_RULES:
        assert pattern and why.strip().endswith(".")


def test_the_table_has_forty_pairs_across_scripts():
    assert len(NAME_PAIRS) >= 40
    spellings = " ".join(spelling for _, spelling, _ in NAME_PAIRS)
    assert all(script in spellings for script in ("김", "Ким", "毛"))
    assert {same for _, _, same in NAME_PAIRS} == {True, False}


@pytest.mark.parametrize(("stored", "spelling", "same"), NAME_PAIRS)
def test_the_name_table(stored, spelling, same):
    assert (romanization_key(stored) == romanization_key(spelling)) is same, (
        romanization_key(stored),
        romanization_key(spelling),
    )


def test_chinese_characters_and_hangul_syllables_are_tokens_of_their_own():
    assert tokens("毛泽东 김일성") == ["毛", "泽", "东", "김", "일", "성"]
