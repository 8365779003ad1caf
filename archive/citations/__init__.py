"""Citations of a document: one CSL-JSON item built from the record, formatted in the standard styles
(styles.py) and written out as BibTeX and RIS (formats.py)."""

from .formats import bibtex, highwire_tags, ris
from .item import csl_item
from .styles import STYLES, format_citations

__all__ = ["STYLES", "bibtex", "csl_item", "format_citations", "highwire_tags", "ris"]
