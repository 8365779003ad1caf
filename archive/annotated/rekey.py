"""Rewriting the entity keys of a text's marks, leaving every other character as it was."""

from __future__ import annotations

from .parser import parse_body


def rekey(source: str, keys: dict[str, str]) -> str:
    """source with each entity mark's key replaced by keys[key] where that differs.

    The marks are found by the parser, so an escaped brace or a key-like word in the running text
    is never touched. Line breaks come back as '\\n'.
    """
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    changes = {old: new for old, new in keys.items() if new and new != old}
    if not changes:
        return source
    parsed = parse_body(source)
    lines = source.split("\n")
    places: dict[int, list[tuple[int, str, str]]] = {}
    for old, found in parsed.undeclared.items():
        if old in changes:
            for line, column in found:
                places.setdefault(line, []).append((column, old, changes[old]))
    for line, marks in places.items():
        text = lines[line - 1]
        for column, old, new in sorted(marks, reverse=True):
            start = column  # the column of '{' counts from 1: the key starts right after it
            if text[column - 1 : column] == "{" and text[start : start + len(old)] == old:
                text = text[:start] + new + text[start + len(old) :]
        lines[line - 1] = text
    return "\n".join(lines)
