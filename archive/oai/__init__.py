"""OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html): the published documents
for harvesters, in Dublin Core, in sets by collection and by source.

protocol.py reads a request into a checked verb and arguments (or the errors the protocol names);
repository.py finds the records and pages through them with resumption tokens; dublin_core.py
describes a document in oai_dc; response.py writes the XML answer.
"""
