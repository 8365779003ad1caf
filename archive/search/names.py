"""Names however they are spelled: a run of a query's words that is another spelling of a person's or
a place's name (archive.annotated.romanization) also finds the documents that mention it.

Kim Ir Sen, Ким Ир Сен or 김일성 finds what Kim Il Sung finds: the run of words becomes one group
that matches either the words as typed (as a phrase) or the entity's preferred name among the names
the search row of every document mentioning it holds (rows.py). Finding the entities costs one
indexed query on the stored name keys, and only when the query has a run of words to look up.
"""

from __future__ import annotations

from dataclasses import replace

from archive.annotated.romanization import is_distinctive
from archive.kinds import ROMANIZED
from archive.models import Entity, EntityName
from archive.models.entities import name_key

from .query import Query, Term, fold, words

LONGEST_RUN = 5  # words


def _runs(query: Query) -> list[tuple[int, int, str]]:
    """(first group, group after the last, key) for each run of plain terms worth looking up, longest first.

    A plain term is a group of one term that is not a prefix: a word, or a phrase."""
    plain = [len(group) == 1 and not group[0].prefix for group in query.groups]
    runs = []
    for first in range(len(query.groups)):
        count = 0
        for last in range(first, len(query.groups)):
            if not plain[last]:
                break
            count += len(query.groups[last][0].words)
            if count > LONGEST_RUN:
                break
            text = " ".join(" ".join(group[0].words) for group in query.groups[first : last + 1])
            if is_distinctive(text):
                runs.append((first, last + 1, name_key(text)))
    return sorted(runs, key=lambda run: (run[0] - run[1], run[0]))


def names_for_keys(keys: set[str]) -> dict[str, list[str]]:
    """key -> the preferred names of the current persons and places with a name or variant so keyed, in one query."""
    if not keys:
        return {}
    preferred = (
        Entity.objects.current()
        .filter(kind__in=ROMANIZED, name_key__in=keys)
        .order_by()
        .values_list("name_key", "name")
    )
    variants = (
        EntityName.objects.filter(name_key__in=keys, entity__merged_into=None, entity__kind__in=ROMANIZED)
        .order_by()
        .values_list("name_key", "entity__name")
    )
    found: dict[str, list[str]] = {}
    for key, name in preferred.union(variants):
        found.setdefault(key, []).append(name)
    return {key: sorted(set(names)) for key, names in found.items()}


def _folded(words_: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(word) for word in words_)


def expand(query: Query) -> Query:
    """The query, where a run of its words spells an entity's name otherwise, also matching that name."""
    runs = _runs(query)
    names = names_for_keys({key for _, _, key in runs})
    if not names:
        return query
    taken: set[int] = set()
    chosen = []
    for first, end, key in runs:
        if key in names and not taken & set(range(first, end)):
            taken.update(range(first, end))
            chosen.append((first, end, key))
    groups = list(query.groups)
    notes = list(query.notes)
    for first, end, key in sorted(chosen, reverse=True):
        typed = tuple(word for group in groups[first:end] for word in group[0].words)
        terms = [Term(typed)]
        seen = {_folded(typed)}
        for name in names[key]:
            found = tuple(words(name))
            if found and _folded(found) not in seen:
                seen.add(_folded(found))
                terms.append(Term(found, name=True))
        groups[first:end] = [tuple(terms)]
        spelled = [str(term) for term in terms[1:]]
        if spelled:
            notes.append(f"{' '.join(typed)} was also searched as {' or '.join(spelled)}.")
    return replace(query, groups=tuple(groups), notes=tuple(dict.fromkeys(notes)))
