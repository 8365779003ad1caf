"""The annotated-text format (AAT/1): parser, renderer. Pure Python, no Django."""

from .model import Parsed, Problem
from .parser import parse, parse_body, parse_bytes

__all__ = ["Parsed", "Problem", "parse", "parse_body", "parse_bytes"]
