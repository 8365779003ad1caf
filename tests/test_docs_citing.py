"""The examples of docs/citing.md and docs/harvesting.md answer as documented."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def documented_addresses(name: str) -> list[str]:
    """The addresses the page writes as code, less the patterns (with a <placeholder>)."""
    found = re.findall(r"`(/[^`\s]*)`", (DOCS / name).read_text())
    return sorted({address for address in found if "<" not in address})


@pytest.mark.parametrize("name", ["citing.md", "harvesting.md"])
def test_every_documented_address_answers(client, seeds, name):
    addresses = documented_addresses(name)
    assert addresses
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        if address.startswith("/oai/?"):
            assert b"<error" not in response.content, address


def test_the_documented_ris_record_is_what_the_download_gives(client, seeds):
    text = (DOCS / "citing.md").read_text()
    documented = re.search(r"```\n(TY  - .*?)```", text, re.S).group(1).splitlines()
    downloaded = client.get("/documents/2/cite.ris").content.decode().splitlines()
    assert downloaded[: len(documented)] == documented
    assert [line[:2] for line in downloaded[len(documented) :]] == ["AB", "UR", "Y2", "ER"]
