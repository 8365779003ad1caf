"""The message for a file that is not UTF-8 names the encoding it most likely uses."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.charsets import likely_encoding
from archive.uploads import read_uploads

# Real text of the kinds the archive holds, each saved in an encoding curators' files arrive in.
CASES = [
    (
        "cp1252",
        "AAT/1\ntitle: The Plenum’s decision\n\n“The Plenum’s decision — taken on 30 August 1956 — condemned "
        "the ‘factional’ group,” the delegation’s report said…\n",
        "cp1252",
    ),
    (
        "latin_1",
        "AAT/1\ntitle: Rapport de l'ambassade\n\nLa délégation du Parti a été reçue à Pyongyang; Kim Il-sung "
        "s'est exprimé sur la situation économique des coopératives.\n",
        "latin-1",
    ),
    (
        "utf_16",
        "AAT/1\ntitle: 조선로동당 중앙위원회 전원회의\n\nThe Plenum of the Central Committee met in Pyongyang.\n",
        "UTF-16",
    ),
    (
        "utf_16_le",  # no byte-order mark
        "AAT/1\ntitle: Report\n\nThe Plenum of the Central Committee met in Pyongyang in August 1956.\n",
        "UTF-16",
    ),
    (
        "euc_kr",
        "AAT/1\ntitle: 조선로동당 중앙위원회 전원회의 결정\n\n김일성 동지는 당중앙위원회 전원회의에서 보고를 "
        "하시였다. 회의는 인민경제발전계획을 토의하였다.\n",
        "EUC-KR",
    ),
    (
        "cp1251",
        "AAT/1\ntitle: Записка Молотова и Суслова\n\nЗаписка В. М. Молотова и М. А. Суслова в ЦК КПСС о "
        "положении в Корейской Народно-Демократической Республике.\n",
        "cp1251",
    ),
    (
        "cp1250",
        "AAT/1\ntitle: Wiadomość z Łodzi\n\nDelegacja przybyła do Pjongjangu, gdzie spotkała się z "
        "przedstawicielami partii i związków zawodowych.\n",
        "cp1250",
    ),
]


@pytest.mark.parametrize("codec, text, name", CASES, ids=[case[0] for case in CASES])
def test_the_message_names_the_encoding(codec, text, name):
    data = text.encode(codec)
    assert likely_encoding(data).startswith(name)
    [upload] = read_uploads([("letter.txt", data)])
    assert not upload.ok
    assert f"not UTF-8 (it looks like {name}" in upload.error
    assert "save it as UTF-8" in upload.error


def test_a_cp1252_file_is_not_called_cp1250():
    data = "AAT/1\n\n“Quoted” — and dashed – text’s end…\n".encode("cp1252")
    assert likely_encoding(data).startswith("cp1252")


def test_where_the_file_stops_being_utf8_is_named():
    data = "AAT/1\ntitle: Réunion du Plénum\n".encode("latin_1")
    [upload] = read_uploads([("latin.txt", data)])
    assert upload.error.startswith("line 2, column 9: not UTF-8 (it looks like latin-1")


def test_a_large_file_is_judged_from_its_start():
    data = ("Записка Молотова и Суслова о положении в Корее.\n" * 40_000).encode("cp1251")
    assert len(data) > 1_000_000
    assert likely_encoding(data).startswith("cp1251")


def test_nul_bytes_in_a_utf8_file_make_it_binary():
    [upload] = read_uploads([("odd.txt", b"AAT/1\n" + b"x" * 10_000 + b"\x00tail")])
    assert not upload.ok and "binary" in upload.error


def test_a_utf8_file_with_a_damaged_byte_is_called_so():
    text = "AAT/1\ntitle: 조선로동당 중앙위원회 전원회의\n\n김일성 동지는 보고를 하시였다. 회의는 토의하였다.\n"
    data = text.encode("utf-8").replace("보고".encode(), b"\xff")
    [upload] = read_uploads([("damaged.txt", data)])
    assert "line 4, column 9: not UTF-8 (it looks like UTF-8 with some invalid bytes" in upload.error


def test_a_file_whose_first_foreign_character_comes_late_is_judged_there():
    data = ("Plain English line.\n" * 5000).encode() + "Le Plénum a décidé.\n".encode("latin_1")
    assert len(data) > 100_000
    assert likely_encoding(data).startswith("latin-1")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_get_a_text_or_a_reason(data):
    assert isinstance(likely_encoding(data), str)
    [upload] = read_uploads([("any.txt", data)])
    if upload.ok:  # only real text is kept: decoded exactly, something in it, no NUL
        assert upload.text.encode("utf-8") == data and upload.text.strip() and "\x00" not in upload.text
    else:
        assert upload.error.strip() and not upload.text
