"""The language implied by a name's script."""

import pytest

from archive.annotated.scripts import language_of


@pytest.mark.parametrize(
    "name, language",
    [
        ("김일성", "ko"),
        ("金日成 김일성", "ko"),
        ("Ким Ир Сен", "ru"),
        ("毛泽东", "zh"),
        ("キム・イルソン", "ja"),
        ("Kim Il-sung", ""),
        ("Ri Sŏng-gye", ""),
        ("KWP CC", ""),
        ("", ""),
    ],
)
def test_language_of_a_name(name, language):
    assert language_of(name) == language
