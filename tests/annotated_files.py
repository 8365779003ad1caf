"""Annotated-text files and helpers shared by the parser's tests."""

from pathlib import Path

from archive.annotated import parse
from archive.annotated.model import Mark, Problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# A header of fixed length, so that the body's first line is always line BODY.
HEADER = """AAT/1
title: Decision of the KWP CC Plenum, 30-31 August 1956
date: 1956-09-15
type: decision
lang: en
entity: p:kim-il-sung = Kim Il Sung ; variants = Kim Il-sung | 김일성 ; role = signatory
entity: o:kwp-cc = Central Committee of the Korean Workers' Party ; variants = KWP CC
entity: pl:kangson = Kangson ; variants = Kansen | 강선
entity: pl:ussr = USSR ; variants = Soviet Union
"""
BODY = HEADER.count("\n") + 2  # the header's lines, then one blank line


def doc(body: str) -> str:
    return HEADER + "\n" + body + "\n"


def at(body_line: int, column: int) -> tuple[int, int]:
    """(line, column) in the file of a position given by its line within the body."""
    return BODY + body_line - 1, column


def where(parsed) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in parsed.errors]


def one_error(parsed) -> Problem:
    assert len(parsed.errors) == 1, where(parsed)
    return parsed.errors[0]


def body_of(source: str):
    """Parse a body that must be valid; return its first text."""
    parsed = parse(doc(source))
    assert parsed.ok, where(parsed)
    return parsed.texts[0]


def only_node(text):
    """The single mark of a one-block, one-node body."""
    (block,) = text.blocks
    (node,) = block.nodes
    assert isinstance(node, Mark)
    return node
