"""The kinds of entity, defined once: each kind's stored name, key prefix, URL segment, labels, and how
it is drawn, described (schema.org) and encoded (TEI).

Everything that lists the kinds (the model's choices, the proxies, the format's key prefixes, the
URLs, the filters and facets, the navigation, the admin, the API, linked data, TEI) derives from
KINDS. Adding a kind is a line here, a migration for the model's choices and a rule for its underline
in the stylesheet (tests/test_kinds.py says when one is missing). Pure Python: the format's parser
reads it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TeiNames:
    """The TEI P5 elements of a kind: in the text, and in the list of the header that declares it."""

    mark: str  # a name in the text: persName
    mark_type: str  # the @type of that element, where the element alone does not tell the kind ("" if it does)
    listing: str  # the list in the header: listPerson
    listing_type: str  # the @type of the list ("" for none)
    entry: str  # one declared entity: person
    name: str  # its names inside the entry: persName
    header: str  # where in the header the list stands: particDesc, settingDesc or sourceDesc
    authority: str  # the element of its Wikidata and VIAF identifiers: idno, or note where idno may not stand


@dataclass(frozen=True)
class EntityKind:
    name: str  # stored in Entity.kind; the filter parameter and facet of the kind
    prefix: str  # of keys in annotated text: "p" in p:kim-il-sung; the CSS class entity-p
    segment: str  # of URLs: /persons/12/
    label: str  # one: "Person"
    plural: str  # several: "Persons"
    schema_type: str  # its schema.org type in linked data
    tei: TeiNames
    underline: str  # how its names are underlined in a text (CSS text-decoration-style), said in the conventions
    romanized: bool = False  # its names are also matched by their romanization key (suggestions, import)
    family_given: bool = False  # a sort name "Family, Given" is split into the two parts in citations
    own_fields: tuple[str, ...] = ()  # the fields of Entity that only this kind fills in

    @property
    def model_name(self) -> str:
        """The name of its proxy model: "Person" for person."""
        return "".join(word.capitalize() for word in self.name.replace("-", "_").split("_"))

    def counted(self, count: int) -> str:
        """The noun after a number: "1 person", "2 persons"."""
        return (self.label if count == 1 else self.plural).lower()


def _tei(mark, listing, entry, name, header, *, mark_type="", listing_type="", authority="idno") -> TeiNames:
    return TeiNames(mark, mark_type, listing, listing_type, entry, name, header, authority)


KINDS = (
    EntityKind(
        "person", "p", "persons", "Person", "Persons", "Person",
        _tei("persName", "listPerson", "person", "persName", "particDesc"),
        "solid", romanized=True, family_given=True,
    ),
    EntityKind(
        "organization", "o", "organizations", "Organization", "Organizations", "Organization",
        _tei("orgName", "listOrg", "org", "orgName", "particDesc"),
        "double",
    ),
    EntityKind(
        "place", "pl", "places", "Place", "Places", "Place",
        _tei("placeName", "listPlace", "place", "placeName", "settingDesc"),
        "dotted", romanized=True,
    ),
    EntityKind(
        "event", "ev", "events", "Event", "Events", "Event",
        _tei("name", "listEvent", "event", "label", "sourceDesc", mark_type="event"),
        "dashed", own_fields=("place", "organizations"),
    ),
    EntityKind(
        "topic", "t", "topics", "Topic", "Topics", "DefinedTerm",
        _tei("rs", "list", "item", "term", "sourceDesc", mark_type="topic", listing_type="topics", authority="note"),
        "wavy",
    ),
)  # fmt: skip

BY_NAME = {kind.name: kind for kind in KINDS}
BY_PREFIX = {kind.prefix: kind for kind in KINDS}
BY_SEGMENT = {kind.segment: kind for kind in KINDS}
NAMES = tuple(BY_NAME)
ROMANIZED = tuple(kind.name for kind in KINDS if kind.romanized)


def in_words(kinds=KINDS) -> str:
    """The kinds as a phrase: "persons, organizations, places, events and topics"."""
    plurals = [kind.plural.lower() for kind in kinds]
    return " and ".join([", ".join(plurals[:-1]), plurals[-1]]) if len(plurals) > 1 else "".join(plurals)
