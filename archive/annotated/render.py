"""Render a parsed text as HTML. Every character of the source reaches the page escaped."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from archive.kinds import BY_PREFIX

from . import dates
from .model import Block, Mark, Node, ParsedText

Linker = Callable[[str], str | None]

BLOCK_TAGS = {
    "p": ("p", ""),
    "fw": ("p", "fw"),
    "dateline": ("p", "dateline"),
    "byline": ("p", "byline"),
    "signed": ("p", "signed"),
    "stamp": ("div", "stamp"),
    "opener": ("div", "opener"),
    "closer": ("div", "closer"),
}

EDITORIAL = {
    # name -> (css class, title shown on hover)
    "sup": ("supplied", "Supplied by the editor or translator"),
    "unc": ("unclear", "Uncertain reading"),
    "gap": ("gap", "Not transcribed"),
    "sig": ("sig", "Signature"),
    "add": ("add", "Handwritten addition"),
}


def render_text(text: ParsedText, link: Linker, *, anchor_prefix: str = "") -> str:
    """The text as HTML: blocks, paragraph anchors (#p1, #p2, ...), marks, footnotes."""
    renderer = _Renderer(link, anchor_prefix)
    return renderer.render(text.blocks)


class _Renderer:
    def __init__(self, link: Linker, anchor_prefix: str):
        self.link = link
        self.prefix = anchor_prefix
        self.notes: list[str] = []
        self.paragraphs = 0

    def render(self, blocks: list[Block]) -> str:
        html = [self.block(block) for block in blocks]
        if self.notes:
            html.append('<ol class="footnotes">')
            for number, note in enumerate(self.notes, start=1):
                anchor = f"{self.prefix}fn{number}"
                html.append(
                    f'<li id="{anchor}">{note} '
                    f'<a href="#{self.prefix}fnref{number}" class="backref" aria-label="Back to the text">↩</a></li>'
                )
            html.append("</ol>")
        return "\n".join(html)

    def block(self, block: Block) -> str:
        inner = self.nodes(block.nodes)
        if block.kind == "head":
            level = min(block.level + 1, 4)
            return f"<h{level}>{inner}</h{level}>"
        tag, css = BLOCK_TAGS[block.kind]
        if block.kind == "fw":
            css = f"fw fw-{block.subtype}"
        if block.kind == "p":
            self.paragraphs += 1
            anchor = f"{self.prefix}p{self.paragraphs}"
            return (
                f'<p id="{anchor}"><a class="pilcrow" href="#{anchor}" '
                f'aria-label="Paragraph {self.paragraphs}">¶</a>{inner}</p>'
            )
        return f'<{tag} class="{css}">{inner}</{tag}>'

    def nodes(self, nodes: list[Node]) -> str:
        return "".join(self.node(node) for node in nodes)

    def node(self, node: Node) -> str:
        if isinstance(node, str):
            return escape(node).replace("\n", "<br>\n")
        return self.mark(node)

    def part(self, mark: Mark, index: int) -> str:
        return self.nodes(mark.parts[index]) if len(mark.parts) > index else ""

    def wrapped_entity(self, mark: Mark, kind: str, url: str, role: str, inner: str) -> str:
        """An entity whose words hold a link (another entity, a note): links are never nested, so the
        words are a plain wrapper and the entity's own link follows them, named in full for screen readers."""
        kind_label = BY_PREFIX[kind].label if kind in BY_PREFIX else "Entity"
        label = f"{kind_label}: {_plain(mark.parts[0] if mark.parts else [])}"
        return (
            f'<span class="entity entity-{kind} entity-wrap"{role}>{inner}</span>'
            f'<a class="entity-link entity-{kind}" href="{escape(url)}" aria-label="{escape(label)}"'
            f' title="{escape(label)}">↗</a>'
        )

    def mark(self, mark: Mark) -> str:
        name, inner = mark.name, self.part(mark, 0)
        if name == "hi":
            return f"<strong>{inner}</strong>"
        if name == "entity":
            kind = mark.key.partition(":")[0]
            url = self.link(mark.key)
            role = f' data-role="{escape(mark.attrs["role"])}"' if "role" in mark.attrs else ""
            if url and "<a " in inner:
                return self.wrapped_entity(mark, kind, url, role, inner)
            if url:
                return f'<a class="entity entity-{kind}" href="{escape(url)}"{role}>{inner}</a>'
            return f'<span class="entity entity-{kind}"{role}>{inner}</span>'
        if name == "date":
            title = escape(dates.describe(mark.key))
            return f'<span class="date" data-edtf="{escape(mark.key)}" title="{title}">{inner}</span>'
        if name == "del":
            return f'<del class="ed">{inner}</del>'
        if name == "note":
            self.notes.append(inner)
            number = len(self.notes)
            return (
                f'<sup class="fn" id="{self.prefix}fnref{number}"><a href="#{self.prefix}fn{number}">{number}</a></sup>'
            )
        if name in ("sic", "reg", "abbr"):
            second = self.part(mark, 1)
            label = {"sic": "sic: ", "reg": "", "abbr": ""}[name]
            title = {
                "sic": "As written; corrected",
                "reg": "As written; regularized",
                "abbr": "Abbreviation; expanded",
            }[name]
            return (
                f'<span class="choice choice-{name}" title="{title}">{inner}'
                f'<span class="ed ed-{name}"><span class="br">[</span>{label}{second}'
                f'<span class="br">]</span></span></span>'
            )
        css, title = EDITORIAL[name]
        reason = mark.attrs.get("reason", "")
        if reason:
            title = f"{title} ({reason})"
        if name == "sig":
            inner = "illegible signature" if reason == "illegible" else "signature"
        elif name == "add":
            where = mark.attrs.get("place", "")
            inner = f"handwriting{': ' if inner else ''}{inner}"
            title = f"{title}{f' ({where})' if where else ''}"
        elif name == "gap" and not inner:
            inner = "…"
        double = name == "sup" and reason == "illegible"
        opening, closing = ("[[", "]]") if double else ("[", "]")
        return (
            f'<span class="ed ed-{css}" title="{escape(title)}"><span class="br">{opening}</span>'
            f'{inner}<span class="br">{closing}</span></span>'
        )


def _plain(nodes: list[Node]) -> str:
    """The words of nodes without marks or notes, for a link's accessible name."""
    words = []
    for node in nodes:
        if isinstance(node, str):
            words.append(node)
        elif node.name != "note" and node.parts:
            words.append(_plain(node.parts[0]))
    return " ".join("".join(words).split())
