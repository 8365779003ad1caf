"""The kinds of entity, defined once: each kind's stored name, key prefix, URL segment and labels.

Everything that lists the kinds (the model's choices, the proxies, the format's key prefixes, the
URLs, the filters and facets, the navigation, the admin, the API) derives from KINDS. Adding a kind
is a line here and a migration for the model's choices. Pure Python: the format's parser reads it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityKind:
    name: str  # stored in Entity.kind; the filter parameter and facet of the kind
    prefix: str  # of keys in annotated text: "p" in p:kim-il-sung
    segment: str  # of URLs: /persons/12/
    label: str  # one: "Person"
    plural: str  # several: "Persons"


KINDS = (
    EntityKind("person", "p", "persons", "Person", "Persons"),
    EntityKind("organization", "o", "organizations", "Organization", "Organizations"),
    EntityKind("place", "pl", "places", "Place", "Places"),
    EntityKind("event", "ev", "events", "Event", "Events"),
    EntityKind("topic", "t", "topics", "Topic", "Topics"),
)

BY_NAME = {kind.name: kind for kind in KINDS}
BY_PREFIX = {kind.prefix: kind for kind in KINDS}
BY_SEGMENT = {kind.segment: kind for kind in KINDS}
NAMES = tuple(BY_NAME)
