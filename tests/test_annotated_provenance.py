"""Provenance steps in the annotated-text header. Pure Python, no database."""

import pytest

from archive.annotated import parse

from .annotated_files import one_error, where


def provenance_file(*lines: str, entities: str = "") -> str:
    head = "AAT/1\ntitle: Memorandum\ndate: 1955-01-17\ntype: memorandum\nlang: en\n" + entities
    return head + "".join(f"provenance: {line}\n" for line in lines) + "\nText.\n"


def test_provenance_steps_keep_their_order_keys_and_lines():
    source = provenance_file(
        "created ; date = 1955-01-17 ; note = Signed by V. Molotov and M. Suslov",
        "held ; agent = o:avprf ; citation = AVPRF F. 0102 Op. 11 P. 65 D. 45 ; place = Moscow",
        "translated ; date = 1956-09-12 ; agent = p:rozanov ; note = Korean to Russian",
        "retrieved ; agent = KCNA Watch ; url = https://kcnawatch.org/newstream/1687124456-1/",
        entities="entity: o:avprf = Archive of Foreign Policy of the Russian Federation\nentity: p:rozanov = Rozanov\n",
    )
    parsed = parse(source)
    assert parsed.ok, where(parsed)
    assert parsed.undeclared == {}
    steps = parsed.meta.provenance
    assert [s.activity for s in steps] == ["created", "held", "translated", "retrieved"]
    assert [s.line for s in steps] == [8, 9, 10, 11]
    assert steps[0].date == "1955-01-17"
    assert steps[0].note == "Signed by V. Molotov and M. Suslov"
    assert steps[0].agent == steps[0].agent_key == ""
    assert steps[1].citation == "AVPRF F. 0102 Op. 11 P. 65 D. 45"
    assert steps[1].place == "Moscow"
    assert steps[3].url == "https://kcnawatch.org/newstream/1687124456-1/"


def test_provenance_agent_is_a_key_or_a_plain_name():
    parsed = parse(
        provenance_file(
            "held ; agent = o:avprf",
            "retrieved ; agent = KCNA Watch",
            "published ; agent = History and Public Policy Program Digital Archive",
        )
    )
    held, retrieved, published = parsed.meta.provenance
    assert (held.agent_key, held.agent) == ("o:avprf", "")
    assert (retrieved.agent_key, retrieved.agent) == ("", "KCNA Watch")
    assert published.agent == "History and Public Policy Program Digital Archive"
    # The key is not declared in the header: it is listed where the header uses it.
    assert parsed.undeclared == {"o:avprf": [(6, 1)]}
    assert parsed.ok


def test_provenance_escaped_semicolon_stays_in_the_value():
    parsed = parse(provenance_file(r"held ; citation = F. 0102\; Op. 11\; P. 65 ; note = a\|b and c\\d"))
    assert parsed.ok, where(parsed)
    (step,) = parsed.meta.provenance
    assert step.citation == "F. 0102; Op. 11; P. 65"
    assert step.note == "a|b and c\\d"


@pytest.mark.parametrize(
    "line, fragment",
    [
        ("stolen ; agent = KGB", "provenance starts with an activity, one of: created, held"),
        ("Held ; agent = AVPRF", "provenance starts with an activity"),
        ("held ; agent", "expected 'key = value', found 'agent'"),
        ("held ; citation = F. 0102; Op. 11", "expected 'key = value', found 'Op. 11'"),
        ("held ; archive = AVPRF", "unknown key 'archive'"),
        ("held ; agent = AVPRF ; agent = RGANI", "'agent' is given twice"),
        ("translated ; date = 12 September 1956", "'12 September 1956' is not an EDTF date"),
        ("retrieved ; url = kcnawatch.org", "url must be an http or https address"),
    ],
)
def test_bad_provenance_step_is_reported_at_its_value(line, fragment):
    parsed = parse(provenance_file(line))
    error = one_error(parsed)
    assert (error.line, error.column) == (6, len("provenance: ") + 1)
    assert fragment in error.message
