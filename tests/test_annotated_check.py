"""The file checker: python -m archive.annotated.check FILE... (no database)."""

from archive.annotated.check import main

VALID = """AAT/1
title: A report
date: 1956
type: report
lang: en
lang.original: ko
supplied: lang.original ; note = inferred from the text
supplied: title

Text.
"""


def test_an_empty_title_is_reported_as_empty_at_its_line(tmp_path, capsys):
    path = tmp_path / "draft.txt"
    path.write_text(VALID.replace("title: A report", "title:"), encoding="utf-8")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:2:1: the required key 'title' is empty: write its value after 'title:'" in out
    assert f"{path}:8:11: 'title' is marked supplied but the header gives no 'title:' value" in out
    assert not any("lacks the required key" in line for line in out)


def test_a_missing_key_is_still_reported_at_the_end_of_the_header(tmp_path, capsys):
    path = tmp_path / "draft.txt"
    path.write_text(VALID.replace("type: report\n", ""), encoding="utf-8")
    assert main([str(path)]) == 1
    assert f"{path}:7:1: the header lacks the required key 'type'" in capsys.readouterr().out


def test_a_valid_file_says_how_many_values_are_supplied(tmp_path, capsys):
    path = tmp_path / "ok.txt"
    path.write_text(VALID, encoding="utf-8")
    assert main([str(path)]) == 0
    assert (
        capsys.readouterr().out.strip() == f"{path}: ok (0 entities, 0 entity marks, 2 values supplied by the archive)"
    )
