"""A realistic synthetic archive for benchmarks (`manage.py generate_corpus`)."""

from .build import CorpusReport, generate

__all__ = ["CorpusReport", "generate"]
