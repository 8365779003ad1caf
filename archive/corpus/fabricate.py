"""Synthetic entities and documents as plain data, from a seed. Pure Python: no Django here.

Every document is a function of (seed, its index) and the entity catalog, so a corpus is the same
whether it is built in one process or several.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import random
import re
from dataclasses import dataclass, field

from archive.annotated import dates, parse_body
from archive.annotated.render import render_text
from archive.annotated.vocab import DOCUMENT_TYPES
from archive.kinds import BY_NAME

from . import words as w

# Share of each kind among the entities, and of each document type.
KIND_SHARES = {"person": 0.6, "organization": 0.15, "place": 0.12, "event": 0.08, "topic": 0.05}
TYPE_WEIGHTS = {
    "report": 20, "memorandum": 15, "telegram": 14, "letter": 12, "news-article": 12, "minutes": 7,
    "decision": 5, "resolution": 4, "speech": 5, "instructions": 3, "other": 3,
}  # fmt: skip
assert set(TYPE_WEIGHTS) == set(DOCUMENT_TYPES)
MONTHS = list(calendar.month_name)[1:]
RELATED_BACK_MAX = 20  # a document relates at most to the one this many places before it


def slugify(value: str) -> str:
    ascii_only = value.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:90] or "entity"


@dataclass
class EntitySpec:
    kind: str
    name: str
    slug: str
    variants: list[str] = field(default_factory=list)
    local: str = ""  # the name in the script of the original texts, when it has one
    description: str = ""
    dates: str = ""
    place_slug: str = ""  # events: where they happened

    @property
    def key(self) -> str:
        return f"{BY_NAME[self.kind].prefix}:{self.slug}"


@dataclass
class TextSpec:
    order: int
    language: str
    text_type: str
    source: str
    rendered: str
    plain: str
    mentions: list[tuple[str, str, int, int, str]]  # (entity key, role, start, end, quote)


@dataclass
class DocumentSpec:
    index: int
    title: str
    summary: str
    doc_type: str
    date_edtf: str
    date_start: datetime.date | None
    date_end: datetime.date | None
    date_written: str
    language: str
    original_language: str
    classification: str
    status: str
    source: int | None  # index into words.SOURCES
    rights: str  # a rights URI or ""
    rights_notice: str
    texts: list[TextSpec]
    roles: list[tuple[str, str]]  # document-level (entity key, role)
    provenance: list[dict]
    collection: int | None  # index into the corpus's collections
    related_back: int  # relate to the document this many places before (0: none)


# Entities ------------------------------------------------------------------------------------------


def make_entities(count: int, seed: int, taken: set[tuple[str, str]]) -> list[EntitySpec]:
    """count entities of the five kinds; slugs avoid those in taken (kind, slug) and are added to it."""
    rng = random.Random(f"entities:{seed}")
    specs: list[EntitySpec] = []
    places: list[EntitySpec] = []
    for kind, share in KIND_SHARES.items():
        maker = _ENTITY_MAKERS[kind]
        for _ in range(max(1, round(count * share))):
            spec = maker(rng, places)
            spec.slug = _free_slug(kind, spec.slug or slugify(spec.name), taken)
            specs.append(spec)
            if kind == "place":
                places.append(spec)
    return specs


def _free_slug(kind: str, base: str, taken: set[tuple[str, str]]) -> str:
    slug, n = base, 1
    while (kind, slug) in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add((kind, slug))
    return slug


def _korean_person(rng: random.Random) -> EntitySpec:
    family = rng.choice(list(w.FAMILY_NAMES))
    first, second = rng.sample(list(w.GIVEN_SYLLABLES), 2)
    hangul = w.FAMILY_NAMES[family] + w.GIVEN_SYLLABLES[first] + w.GIVEN_SYLLABLES[second]
    name = f"{family} {first} {second}"
    variants = [f"{family} {first}-{second.lower()}", f"{family} {first}{second.lower()}", hangul]
    variants += [f"{other} {first}-{second.lower()}" for other in w.FAMILY_VARIANTS.get(family, [])]
    return EntitySpec("person", name, slugify(name), variants, local=hangul, description=rng.choice(w.DESCRIPTIONS))


def _foreign_person(rng: random.Random) -> EntitySpec:
    if rng.random() < 0.6:
        surname = rng.choice(list(w.RUSSIAN_SURNAMES))
        name = f"{rng.choice(w.RUSSIAN_INITIALS)} {surname}"
        return EntitySpec("person", name, slugify(name), [surname, w.RUSSIAN_SURNAMES[surname]], description="diplomat")
    (family, wade, han), (given, given_wade, given_han) = rng.choice(w.CHINESE_NAMES), rng.choice(w.CHINESE_GIVEN)
    name = f"{family} {given}"
    return EntitySpec("person", name, slugify(name), [f"{wade} {given_wade}", han + given_han], description="official")


def _person(rng: random.Random, places) -> EntitySpec:
    spec = _korean_person(rng) if rng.random() < 0.75 else _foreign_person(rng)
    born = rng.randint(1890, 1935)
    spec.dates = rng.choice([f"{born}/{born + rng.randint(40, 80)}", f"{born}", ""])
    return spec


def _organization(rng: random.Random, places) -> EntitySpec:
    roll = rng.random()
    if roll < 0.5:
        pattern, abbr = rng.choice(w.ORGANIZATION_PATTERNS)
        subject = rng.choice(w.MINISTRIES)
        initials = "".join(part[0] for part in subject.split() if part[0].isupper())
        return EntitySpec("organization", pattern.format(x=subject), "", [abbr.format(i=initials)])
    if roll < 0.7:
        country = rng.choice(w.EMBASSY_COUNTRIES)
        city = rng.choice(list(w.FOREIGN_PLACES)) if rng.random() < 0.3 else "Pyongyang"
        return EntitySpec("organization", f"Embassy of the {country} in {city}", "", [f"{country} Embassy"])
    city = rng.choice(list(w.CITIES))
    kind = rng.choice(["Provincial People's Committee", "City Party Committee", "Machine Works", "Cooperative Farm"])
    return EntitySpec("organization", f"{city} {kind}", "", [f"{w.CITIES[city][1]} {kind}"])


def _place(rng: random.Random, places) -> EntitySpec:
    roll = rng.random()
    if roll < 0.25:
        city = rng.choice(list(w.CITIES))
        hangul, mr = w.CITIES[city]
        return EntitySpec("place", city, "", [mr, hangul], local=hangul)
    if roll < 0.4:
        city = rng.choice(list(w.FOREIGN_PLACES))
        return EntitySpec("place", city, "", [w.FOREIGN_PLACES[city]])
    first, second = rng.sample(list(w.GIVEN_SYLLABLES), 2)
    suffix, suffix_hangul = rng.choice(w.PLACE_SUFFIXES)
    hangul = w.GIVEN_SYLLABLES[first] + w.GIVEN_SYLLABLES[second] + suffix_hangul
    name = f"{first}{second.lower()} {suffix}"
    return EntitySpec("place", name, "", [f"{first}-{second.lower()} {suffix}", hangul], local=hangul)


def _event(rng: random.Random, places) -> EntitySpec:
    year = rng.randint(1946, 1990)
    month = rng.randint(1, 12)
    name = f"{rng.choice(w.ORDINALS)} {rng.choice(w.EVENT_PATTERNS)} ({MONTHS[month - 1]} {year})"
    start = rng.randint(1, 25)
    dates = f"{year}-{month:02d}-{start:02d}/{year}-{month:02d}-{start + rng.randint(1, 3):02d}"
    place = rng.choice(places).slug if places else ""
    return EntitySpec("event", name, "", [name.split(" (")[0]], dates=dates, place_slug=place)


def _topic(rng: random.Random, places) -> EntitySpec:
    name = f"{rng.choice(w.TOPIC_DOMAINS).capitalize()} {rng.choice(w.TOPIC_ASPECTS)}"
    return EntitySpec("topic", name, "", [name.lower()])


_ENTITY_MAKERS = {
    "person": _person,
    "organization": _organization,
    "place": _place,
    "event": _event,
    "topic": _topic,
}


# Documents -----------------------------------------------------------------------------------------


class Catalog:
    """The entities a document may name, each kind with Zipf-like popularity, and their page URLs."""

    def __init__(self, entities: list[EntitySpec], urls: dict[str, str]):
        self.urls = urls
        self.by_kind: dict[str, list[EntitySpec]] = {}
        for spec in entities:
            self.by_kind.setdefault(spec.kind, []).append(spec)
        self.weights = {
            kind: list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(specs))))
            for kind, specs in self.by_kind.items()
        }

    def pick(self, rng: random.Random, kind: str) -> EntitySpec:
        return rng.choices(self.by_kind[kind], cum_weights=self.weights[kind])[0]

    def link(self, key: str) -> str | None:
        return self.urls.get(key)


def make_document(seed: int, index: int, catalog: Catalog, collections: int) -> DocumentSpec:
    rng = random.Random(f"document:{seed}:{index}")
    doc_type = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    date_edtf, date_written, year = _document_date(rng)
    cast = _Cast(rng, catalog)
    original = rng.choices(["ko", "ru", "zh", "de", "hu", ""], weights=[45, 25, 10, 5, 5, 10])[0]
    classified = rng.random() < 0.4
    body = _Body(rng, cast, year).build(doc_type, classified, korean_original=original == "ko" and rng.random() < 0.3)
    parsed = parse_body(body, lang="en", type="translation")
    if not parsed.ok:  # a bug in this module, never bad input
        raise ValueError(f"generated text does not parse: {[p.format() for p in parsed.errors]}")
    texts = []
    for order, parsed_text in enumerate(parsed.texts):
        prefix = "" if order == 0 else f"t{order + 1}-"
        mentions = [
            (span.key, span.role or "mentioned", span.start, span.end, span.quote(parsed_text.plain)[:500])
            for span in parsed_text.entity_spans()
        ]
        texts.append(
            TextSpec(
                order=order,
                language=parsed_text.lang or "en",
                text_type=parsed_text.type,
                source=parsed_text.source,
                rendered=render_text(parsed_text, catalog.link, anchor_prefix=prefix),
                plain=parsed_text.plain,
                mentions=mentions,
            )
        )
    source = rng.randrange(len(w.SOURCES)) if rng.random() < 0.9 else None
    rights = rng.choices(list(w.RIGHTS_WEIGHTS), weights=list(w.RIGHTS_WEIGHTS.values()))[0]
    return DocumentSpec(
        index=index,
        title=_title(rng, doc_type, cast, year),
        summary=f"{_sentence(rng, cast, plain=True)} {_sentence(rng, cast, plain=True)}",
        doc_type=doc_type,
        date_edtf=date_edtf,
        date_start=dates.bounds(date_edtf)[0],
        date_end=dates.bounds(date_edtf)[1],
        date_written=date_written,
        language="en",
        original_language=original,
        classification="\n".join([*rng.sample(w.CLASSIFICATIONS, 1), f"Copy Nº {rng.randint(1, 9)}"])
        if classified
        else "",
        status="draft" if rng.random() < 0.03 else "published",
        source=source,
        rights=rights if rng.random() < 0.9 else "",
        rights_notice="Reuse for research and education is welcome; ask the holder for other uses."
        if rng.random() < 0.3
        else "",
        texts=texts,
        roles=cast.roles(),
        provenance=_provenance(rng, cast, date_edtf, source),
        collection=rng.randrange(collections) if collections and rng.random() < 0.3 else None,
        related_back=rng.randint(1, RELATED_BACK_MAX) if rng.random() < 0.05 else 0,
    )


def _document_date(rng: random.Random) -> tuple[str, str, int]:
    """(EDTF, as written, year) of varied precision; some years are unknown."""
    year = min(1995, max(1945, round(rng.gauss(1960, 9))))
    month, day = rng.randint(1, 12), rng.randint(1, 27)  # a range may end the next day
    written = f"{MONTHS[month - 1]} {day}, {year}"
    shapes = [
        (50, f"{year}-{month:02d}-{day:02d}", written),
        (15, f"{year}-{month:02d}", f"{MONTHS[month - 1]} {year}"),
        (8, f"{year}", ""),
        (7, f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + 1:02d}", ""),
        (5, f"{year}~", "undated, about " + str(year)),
        (4, f"{year}?", ""),
        (6, f"XXXX-{month:02d}-{day:02d}", f"{day:02d}/{month:02d}"),
        (5, "XXXX", ""),
    ]
    _, edtf, as_written = rng.choices(shapes, weights=[s[0] for s in shapes])[0]
    return edtf, as_written, year


class _Cast:
    """The entities of one document: a few principals named often, others named once."""

    def __init__(self, rng: random.Random, catalog: Catalog):
        self.rng, self.catalog = rng, catalog
        self.principals = {kind: [catalog.pick(rng, kind) for _ in range(2)] for kind in catalog.by_kind}
        self.author = self.pick("organization") if rng.random() < 0.7 else self.pick("person")
        self.recipient = self.pick("person") if rng.random() < 0.5 else None
        self.signatory = self.pick("person") if rng.random() < 0.6 else None

    def pick(self, kind: str) -> EntitySpec:
        if self.rng.random() < 0.6:
            return self.rng.choice(self.principals[kind])
        return self.catalog.pick(self.rng, kind)

    def roles(self) -> list[tuple[str, str]]:
        found = [(self.author.key, "author")]
        if self.recipient:
            found.append((self.recipient.key, "recipient"))
        if self.rng.random() < 0.5:
            found.append((self.principals["topic"][0].key, "subject"))
        return found


def _mark(spec: EntitySpec, rng: random.Random, role: str = "", local: bool = False, upper: bool = False) -> str:
    words = spec.local if local and spec.local else spec.name
    if not local and spec.variants and rng.random() < 0.2:
        words = spec.variants[0]
    if upper:
        words = words.upper()
    attribute = f" role={role}" if role else ""
    return f"{{{spec.key}{attribute}|{words}}}"


def _sentence(rng: random.Random, cast: _Cast, plain: bool = False) -> str:
    roll = rng.random()
    if plain or roll < 0.6:
        text = f"{rng.choice(w.SUBJECTS)} {rng.choice(w.VERBS)} {rng.choice(w.OBJECTS)} {rng.choice(w.TAILS)}."
        if plain:
            return text
        if rng.random() < 0.3:
            text = text[:-1] + f" in {_mark(cast.pick('place'), rng)}."
        return text
    if roll < 0.75:
        return f"{_mark(cast.pick('person'), rng)} {rng.choice(w.SPEECH_VERBS)} {rng.choice(w.CLAUSES)}."
    if roll < 0.85:
        return (
            f"{rng.choice(w.LINKS)} {_mark(cast.pick('organization'), rng)} {rng.choice(w.VERBS)} "
            f"{rng.choice(w.OBJECTS)}."
        )
    if roll < 0.93:
        return (
            f"The question of {_mark(cast.pick('topic'), rng)} was raised during the {_mark(cast.pick('event'), rng)}."
        )
    person, other = cast.pick("person"), cast.pick("person")
    return f"{_mark(person, rng)} received {_mark(other, rng)} at the {_mark(cast.pick('organization'), rng)}."


class _Body:
    """The annotated text of a document: a translation, sometimes with a Korean original."""

    def __init__(self, rng: random.Random, cast: _Cast, year: int):
        self.rng, self.cast, self.year = rng, cast, year

    def build(self, doc_type: str, classified: bool, korean_original: bool) -> str:
        rng = self.rng
        size = rng.choices([(1000, 3000), (3000, 8000), (8000, 20000)], weights=[70, 22, 8])[0]
        target = rng.randint(*size)
        blocks = []
        if classified:
            blocks.append(f"@fw classification|{rng.choice(w.CLASSIFICATIONS)}")
        if doc_type == "news-article":
            place = self.cast.pick("place")
            blocks.append(f"@dateline|{_mark(place, rng)}, {self._date_mark()} (KCNA) --")
        if rng.random() < 0.5:
            blocks.append(f"# {rng.choice(w.OBJECTS).capitalize()}")
        length = sum(len(b) for b in blocks)
        while length < target:
            block = self.paragraph() if rng.random() < 0.93 else f"## {rng.choice(w.OBJECTS).capitalize()}"
            blocks.append(block)
            length += len(block) + 2
        if self.cast.signatory:
            signature = "{sig} " if rng.random() < 0.3 else ""
            blocks.append(f"@signed|{signature}{_mark(self.cast.signatory, rng, role='signatory', upper=True)}")
        if rng.random() < 0.1:
            blocks.append(f"@stamp\nReceived {self._date_mark()}\nIncoming Nº {rng.randint(100, 9999)}\n@end")
        if korean_original:
            blocks.append("@text lang=ko type=original")
            blocks += [self.korean_paragraph() for _ in range(max(1, target // 1500))]
        return "\n\n".join(blocks) + "\n"

    def paragraph(self) -> str:
        rng = self.rng
        sentences = [_sentence(rng, self.cast) for _ in range(rng.randint(2, 6))]
        for _ in range(rng.choices([0, 1, 2], weights=[50, 35, 15])[0]):
            at = rng.randrange(len(sentences))
            sentences[at] = self.edit(sentences[at])
        return " ".join(sentences)

    def edit(self, sentence: str) -> str:
        """The sentence with one editorial mark, as a translator or editor would leave it."""
        rng = self.rng
        choice = rng.randrange(9)
        stem = sentence.removesuffix(".")
        if choice == 0:
            return f"{stem} {{sup|{rng.choice(w.SUPPLIED)}}}."
        if choice == 1:
            return f"{stem} {{gap reason=illegible|{rng.choice(w.GAPS)}}}."
        if choice == 2:
            return sentence + f"{{note|{rng.choice(w.NOTES)}}}"
        if choice == 3:
            wrong, right = rng.choice(w.MISSPELLINGS)
            return f"The {{sic|{wrong}|{right}}} was informed. " + sentence
        if choice == 4:
            return f"{{abbr|Cde.|Comrade}} {_mark(self.cast.pick('person'), rng)} agreed. " + sentence
        if choice == 5:
            return f"{{unc|{rng.choice(w.CLAUSES)}}}. " + sentence
        if choice == 6:
            return sentence + f" {{add place=margin|{rng.choice(['Agreed', 'Check', 'Not true', 'Urgent'])}}}"
        if choice == 7:
            return f"On {self._date_mark()}, " + sentence[0].lower() + sentence[1:]
        return f"{stem} **{rng.choice(w.TAILS)}**."

    def korean_paragraph(self) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(3, 8)):
            entity = self.cast.pick(rng.choice(["person", "place", "organization"]))
            phrase = " ".join(rng.sample(w.KOREAN_PHRASES, 3))
            parts.append(f"{_mark(entity, rng, local=True)} {phrase}.")
        return " ".join(parts)

    def _date_mark(self) -> str:
        rng = self.rng
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        return f"{{d:{self.year}-{month:02d}-{day:02d}|{day} {MONTHS[month - 1]} {self.year}}}"


def _title(rng: random.Random, doc_type: str, cast: _Cast, year: int) -> str:
    person, other = cast.principals["person"]
    org, place = cast.principals["organization"][0], cast.principals["place"][0]
    topic = cast.principals["topic"][0]
    choices = {
        "report": f"Report on {topic.name.lower()} in {place.name}",
        "memorandum": f"Memorandum of Conversation between {person.name} and {other.name}",
        "telegram": f"Telegram from the {org.name}, {year}",
        "letter": f"Letter from {person.name} to {other.name}",
        "news-article": f"{place.name}: {rng.choice(w.OBJECTS).capitalize()}",
        "minutes": f"Minutes of the meeting of the {org.name}",
        "decision": f"Decision of the {org.name} on {topic.name.lower()}",
        "resolution": f"Resolution on {rng.choice(w.OBJECTS)}",
        "speech": f"Speech by {person.name} on {topic.name.lower()}",
        "instructions": f"Instructions to the {org.name}",
        "other": f"Note on {rng.choice(w.OBJECTS)}",
    }
    return choices[doc_type]


def _provenance(rng: random.Random, cast: _Cast, date_edtf: str, source: int | None) -> list[dict]:
    steps = [
        {"activity": "created", "agent_key": cast.author.key, "date_edtf": date_edtf, "bounds": dates.bounds(date_edtf)}
    ]
    if rng.random() < 0.7:
        citation = rng.choice(w.ARCHIVE_CITATIONS).format(
            a=rng.randint(1, 60), b=rng.randint(1, 400), c=rng.randint(1, 900)
        )
        steps.append({"activity": "held", "agent_name": rng.choice(w.SOURCES[3:]), "citation": citation})
    if rng.random() < 0.6:
        steps.append({"activity": "translated", "agent_key": cast.pick("person").key, "note": "Into English"})
    if source is not None:
        steps.append({"activity": "published", "agent_name": w.SOURCES[source]})
    return steps
