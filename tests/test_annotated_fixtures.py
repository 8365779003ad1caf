"""The seed fixtures parse as the format says. Pure Python, no database."""

import pytest

from archive.annotated import parse_bytes

from .annotated_files import FIXTURES

FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))


def test_there_are_seed_fixtures():
    assert len(FIXTURE_FILES) >= 5


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_every_fixture_parses_cleanly(path):
    parsed = parse_bytes(path.read_bytes())
    assert parsed.problems == [], [p.format(path.name) for p in parsed.problems]
    assert parsed.undeclared == {}
    assert parsed.meta.record == int(path.name[:4])
    assert parsed.meta.title
    spans = [span for text in parsed.texts for span in text.entity_spans()]
    assert spans, "the fixture has no entity mark"
    for text in parsed.texts:
        for span in text.entity_spans():
            assert span.key in parsed.meta.entities
            assert span.quote(text.plain).strip()


def test_fixture_0004_drops_page_clutter_and_has_no_year():
    (path,) = FIXTURES.glob("0004-*.txt")
    parsed = parse_bytes(path.read_bytes())
    assert parsed.ok
    assert parsed.meta.date == "XXXX-02-26"
    plain = "\n\n".join(text.plain for text in parsed.texts)
    assert "Back to top button" not in plain
    assert "Back to top" not in plain
    assert "Kim Jong Un" in plain
