"""A realistic synthetic archive for benchmarks (`manage.py generate_corpus`)."""

from .build import SET_ASIDE_FROM, CorpusReport, generate

__all__ = ["SET_ASIDE_FROM", "CorpusReport", "generate"]
