from .documents import Collection, CollectionItem, Document, Mention, RecordNumber, Text
from .entities import KIND_PATHS, Entity, EntityName, Event, Kind, Organization, Person, Place, Topic
from .fingerprints import Shingle
from .provenance import ProvenanceStep, RightsStatement, Source
from .staging import StagedFile

__all__ = [
    "KIND_PATHS", "Collection", "CollectionItem", "Document", "Entity", "EntityName", "Event", "Kind",
    "Mention", "Organization", "Person", "Place", "ProvenanceStep", "RecordNumber", "RightsStatement",
    "Shingle", "Source", "StagedFile", "Text", "Topic",
]  # fmt: skip
