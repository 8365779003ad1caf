"""One line of raw text -> AAT/1 inline text: escapes, and translators' brackets as editorial marks.

`[signature]` -> `{sig}`, `[illegible signature]` -> `{sig reason=illegible}`, `[[Kuz]]` ->
`{sup reason=illegible|Kuz}`, `[[the remainder is illegible]]` -> `{gap reason=illegible|...}`,
`[handwriting: X` -> `{add place=margin|X}` (closed at the end of the line when the source never
closes it), `[Translator's note: X]` -> `{note|X}`, `[...]` -> `{gap reason=omitted}`, other short
bracketed words -> `{sup|...}`. Longer bracketed passages and numbers stay text. `**bold**` is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARKUP = re.compile(r"[\\{}|*]")
_BRACKET = re.compile(r"[\[\]]")
BOLD = re.compile(r"\*\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*\*")
SIGNATURE = re.compile(r"^(?:signature|signed|sign)$", re.IGNORECASE)
ILLEGIBLE_SIGNATURE = re.compile(r"^(?:illegible signature|signature illegible|signature, illegible)$", re.IGNORECASE)
HANDWRITING = re.compile(r"^\s*(?:in handwriting|hand-?writ(?:ing|ten)(?: note| text)?)\s*:\s*", re.IGNORECASE)
NOTE = re.compile(r"^\s*(?:translator'?s'?|editor'?s'?|ed\.|tr\.)\s+note\s*:\s*", re.IGNORECASE)
OMISSION = re.compile(r"^(?:\.\.\.|…)$")
ILLEGIBLE = re.compile(r"\billegible\b|\bunreadable\b|\bnot legible\b", re.IGNORECASE)
SUPPLIED_MAX_WORDS = 6
SUPPLIED_MAX_CHARS = 60
MAX_DEPTH = 6  # deeper brackets are kept as text


@dataclass
class _Group:
    double: bool
    parts: list = field(default_factory=list)  # str | _Group
    closed: bool = False


def escape(text: str) -> str:
    """Literal text with AAT markup characters escaped; balanced `**bold**` stays bold."""
    out, last = [], 0
    for match in BOLD.finditer(text):
        out.append(_MARKUP.sub(r"\\\g<0>", text[last : match.start()]))
        out.append("**" + _MARKUP.sub(r"\\\g<0>", match.group(1)) + "**")
        last = match.end()
    out.append(_MARKUP.sub(r"\\\g<0>", text[last:]))
    return "".join(out)


def convert(line: str) -> str:
    """A raw line as AAT inline text. A leading `@` or `#` is escaped so it never reads as a directive."""
    result = _render(_tree(line))
    if result[:1] in ("@", "#"):
        result = "\\" + result
    return result


def _tree(line: str) -> list:
    root: list = []
    stack: list[_Group] = []
    buf: list[str] = []

    def parts() -> list:
        return stack[-1].parts if stack else root

    def flush() -> None:
        if buf:
            parts().append("".join(buf))
            buf.clear()

    i, n = 0, len(line)
    while i < n:
        if line[i] not in "[]":
            following = _BRACKET.search(line, i)
            end = following.start() if following else n
            buf.append(line[i:end])
            i = end
        elif line[i] == "[" and len(stack) >= MAX_DEPTH:
            buf.append(line[i])
            i += 1
        elif line.startswith("[[", i):
            flush()
            group = _Group(double=True)
            parts().append(group)
            stack.append(group)
            i += 2
        elif line[i] == "[":
            flush()
            group = _Group(double=False)
            parts().append(group)
            stack.append(group)
            i += 1
        elif line.startswith("]]", i) and stack and stack[-1].double:
            flush()
            stack.pop().closed = True
            i += 2
        elif stack and not stack[-1].double:
            flush()
            stack.pop().closed = True
            i += 1
        else:
            buf.append(line[i])
            i += 1
    flush()
    return root


def _text(nodes: list) -> str:
    return "".join(node if isinstance(node, str) else _text(node.parts) for node in nodes)


def _render(nodes: list) -> str:
    return "".join(escape(node) if isinstance(node, str) else _group(node) for node in nodes)


def _without_prefix(nodes: list, prefix: re.Pattern) -> list:
    if nodes and isinstance(nodes[0], str):
        return [prefix.sub("", nodes[0], count=1), *nodes[1:]]
    return nodes


def _group(group: _Group) -> str:
    words = " ".join(_text(group.parts).split())
    inner = _render(group.parts)
    if group.double:
        if not words or not group.closed:
            return "[[" + inner + ("]]" if group.closed else "")
        reason = "gap" if ILLEGIBLE.search(words) else "sup"
        return f"{{{reason} reason=illegible|{inner.strip()}}}"
    if HANDWRITING.match(words):
        return "{add place=margin|" + _render(_without_prefix(group.parts, HANDWRITING)).strip() + "}"
    if not group.closed:
        return "[" + inner
    if ILLEGIBLE_SIGNATURE.match(words):
        return "{sig reason=illegible}"
    if SIGNATURE.match(words):
        return "{sig}"
    if NOTE.match(words):
        return "{note|" + _render(_without_prefix(group.parts, NOTE)).strip() + "}"
    if OMISSION.match(words):
        return "{gap reason=omitted}"
    if ILLEGIBLE.search(words) and len(words.split()) <= 4:
        return f"{{gap reason=illegible|{inner.strip()}}}"
    if not words or words.isdigit() or len(words.split()) > SUPPLIED_MAX_WORDS or len(words) > SUPPLIED_MAX_CHARS:
        return "[" + inner + "]"
    return f"{{sup|{inner.strip()}}}"
