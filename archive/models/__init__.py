from .documents import Collection, CollectionItem, Document, Mention, RecordNumber, Text
from .entities import PROXIES, Entity, EntityName, Kind
from .fingerprints import Shingle
from .provenance import ProvenanceStep, RightsStatement, Source
from .staging import StagedFile

# The proxy of each kind of entity (Person, Organization, ...), made from archive.kinds.
globals().update({proxy.__name__: proxy for proxy in PROXIES.values()})

__all__ = [
    "PROXIES", "Collection", "CollectionItem", "Document", "Entity", "EntityName", "Kind", "Mention",
    "ProvenanceStep", "RecordNumber", "RightsStatement", "Shingle", "Source", "StagedFile", "Text",
    *(proxy.__name__ for proxy in PROXIES.values()),
]  # fmt: skip
