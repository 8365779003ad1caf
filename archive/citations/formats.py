"""The CSL item written out for reference managers: BibTeX (biblatex fields) and RIS."""

from __future__ import annotations

import re

# BibTeX entry types and RIS reference types of the CSL types this archive gives.
BIBTEX_TYPES = {"manuscript": "unpublished", "article-newspaper": "article"}
RIS_TYPES = {"manuscript": "MANSCPT", "article-newspaper": "NEWS"}

_TEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
_TEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def _tex(value: str) -> str:
    """value with BibTeX's special characters escaped; braces keep its capitals as written."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_WORDS.get(m.group(1), "\\" + m.group(1)), " ".join(value.split()))


def _bib_name(name: dict) -> str:
    if "literal" in name:
        return "{" + _tex(name["literal"]) + "}"  # a corporate or single-part name, kept whole
    return f"{_tex(name['family'])}, {_tex(name['given'])}"


def _parts(date: dict | None) -> list[int]:
    return (date or {}).get("date-parts", [[]])[0]


def _iso(parts: list[int]) -> str:
    return "-".join(f"{n:02d}" if i else f"{n:04d}" for i, n in enumerate(parts))


def bibtex(item: dict) -> str:
    """One biblatex entry (BibTeX readers take it: `date` beside `year` and `month`)."""
    fields: list[tuple[str, str]] = []
    for variable, field in (("author", "author"), ("translator", "translator")):
        if item.get(variable):
            fields.append((field, " and ".join(_bib_name(n) for n in item[variable])))
    fields.append(("title", "{" + _tex(item["title"]) + "}"))
    issued = item.get("issued") or {}
    if "date-parts" in issued:
        dates = issued["date-parts"]
        fields.append(("date", "/".join(_iso(parts) for parts in dates)))
        fields.append(("year", str(dates[0][0])))
        if len(dates[0]) > 1:
            fields.append(("month", str(dates[0][1])))
    elif "literal" in issued:
        fields.append(("note", _tex(issued["literal"])))
    for variable, field in (
        ("container-title", "journal"),
        ("genre", "type"),
        ("archive", "library"),
        ("archive_location", "howpublished"),
        ("publisher", "publisher"),
        ("language", "langid"),
        ("abstract", "abstract"),
    ):
        if item.get(variable):
            fields.append((field, _tex(item[variable])))
    fields.append(("url", item["URL"]))
    fields.append(("urldate", _iso(_parts(item["accessed"]))))
    entry_type = BIBTEX_TYPES.get(item["type"], "misc")
    key = item["id"].replace("-", "")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def _ris_name(name: dict) -> str:
    return name.get("literal") or f"{name['family']}, {name['given']}"


def ris(item: dict) -> str:
    """One RIS record (Zotero, EndNote, Mendeley)."""
    lines = [("TY", RIS_TYPES.get(item["type"], "GEN"))]
    lines += [("AU", _ris_name(n)) for n in item.get("author", [])]
    lines += [("A4", _ris_name(n)) for n in item.get("translator", [])]
    lines.append(("TI", item["title"]))
    issued = item.get("issued") or {}
    if "date-parts" in issued:
        parts = issued["date-parts"][0]
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join([f"{parts[0]:04d}", *(f"{n:02d}" for n in parts[1:])]) + "/"))
    elif "literal" in issued:
        lines.append(("N1", f"Date: {issued['literal']}"))
    for variable, tag in (
        ("container-title", "T2"),
        ("genre", "M3"),
        ("archive", "DB"),
        ("archive_location", "AN"),
        ("publisher", "PB"),
        ("source", "DP"),
        ("language", "LA"),
        ("abstract", "AB"),
    ):
        if item.get(variable):
            lines.append((tag, item[variable]))
    lines += [("UR", item["URL"]), ("Y2", _iso(_parts(item["accessed"]))), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)


def highwire_tags(item: dict) -> list[tuple[str, str]]:
    """Highwire Press `citation_*` meta tags, which Zotero and Google Scholar read from the page."""
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", _ris_name(n)) for n in item.get("author", [])]
    issued = item.get("issued") or {}
    if "date-parts" in issued:
        parts = issued["date-parts"][0]
        tags.append(("citation_date", "/".join([f"{parts[0]:04d}", *(f"{n:02d}" for n in parts[1:])])))
    for variable, name in (
        ("container-title", "citation_journal_title"),
        ("publisher", "citation_publisher"),
        ("language", "citation_language"),
        ("abstract", "citation_abstract"),
    ):
        if item.get(variable):
            tags.append((name, item[variable]))
    tags += [("citation_public_url", item["URL"]), ("citation_fulltext_html_url", item["URL"])]
    return tags
