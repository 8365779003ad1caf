from .documents import Collection, CollectionItem, Document, Mention, RecordNumber, Text
from .entities import KIND_PATHS, Entity, EntityName, Event, Kind, Organization, Person, Place, Topic
from .provenance import ProvenanceStep, RightsStatement, Source

__all__ = [
    "KIND_PATHS", "Collection", "CollectionItem", "Document", "Entity", "EntityName", "Event", "Kind",
    "Mention", "Organization", "Person", "Place", "ProvenanceStep", "RecordNumber", "RightsStatement",
    "Source", "Text", "Topic",
]  # fmt: skip
