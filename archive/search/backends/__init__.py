"""One module per database: sqlite (FTS5) and postgres (tsvector with a GIN index).

Each offers the same functions: compile, matching, rank, write, remove, clear, read.
"""
