"""Each OAI-PMH verb answered: a request's parameters in, the XML answer out."""

from __future__ import annotations

from django.conf import settings

from archive.annotated import tei
from archive.exporting import document_meta, documents_for_export
from archive.models import Document

from . import dublin_core, repository
from .protocol import OaiError, ProtocolError, read
from .response import dublin_core as write_dublin_core
from .response import element, envelope, errors, header, serialize

FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
    "tei": ("https://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd", tei.TEI),
}


def answer(params, base_url: str, absolute) -> bytes:
    """The XML answer to params (a QueryDict); absolute turns a path into a full URL."""
    try:
        request = read(params)
    except ProtocolError as exc:
        understood = all(e.code not in ("badVerb", "badArgument") for e in exc.errors)
        root = envelope(base_url, dict(params.items()) if understood else None)
        errors(root, exc.errors)
        return serialize(root)
    root = envelope(base_url, {"verb": request.verb, **request.arguments})
    try:
        HANDLERS[request.verb](root, request, base_url, absolute)
    except ProtocolError as exc:
        root = envelope(base_url, {"verb": request.verb, **request.arguments})
        errors(root, exc.errors)
    return serialize(root)


def identify(root, request, base_url, absolute) -> None:
    body = element(root, "Identify")
    element(body, "repositoryName", "Plenum")
    element(body, "baseURL", base_url)
    element(body, "protocolVersion", "2.0")
    element(body, "adminEmail", settings.PLENUM_OAI_ADMIN_EMAIL)
    earliest = repository.earliest()
    element(body, "earliestDatestamp", repository.datestamp(earliest) if earliest else "1970-01-01T00:00:00Z")
    element(body, "deletedRecord", "transient")
    element(body, "granularity", "YYYY-MM-DDThh:mm:ssZ")


def list_metadata_formats(root, request, base_url, absolute) -> None:
    oai_identifier = request.arguments.get("identifier")
    if oai_identifier is not None and not repository.exists(oai_identifier):
        raise ProtocolError(OaiError("idDoesNotExist", f"No record has the identifier '{oai_identifier}'."))
    body = element(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        described = element(body, "metadataFormat")
        element(described, "metadataPrefix", prefix)
        element(described, "schema", schema)
        element(described, "metadataNamespace", namespace)


def list_sets(root, request, base_url, absolute) -> None:
    if "resumptionToken" in request.arguments:
        raise ProtocolError(OaiError("badResumptionToken", "The list of sets is never split; this token is not ours."))
    body = element(root, "ListSets")
    for spec, name in repository.sets():
        described = element(body, "set")
        element(described, "setSpec", spec)
        element(described, "setName", name)


def get_record(root, request, base_url, absolute) -> None:
    _check_format(request.arguments["metadataPrefix"])
    document = repository.get(request.arguments["identifier"])
    if document is None:
        message = f"No record has the identifier '{request.arguments['identifier']}'."
        raise ProtocolError(OaiError("idDoesNotExist", message))
    body = element(root, "GetRecord")
    prefix = request.arguments["metadataPrefix"]
    public = _public_specs() if repository.is_deleted(document) else None
    _record(body, document, absolute, public, _tei_records([document]) if prefix == "tei" else None)


def list_identifiers(root, request, base_url, absolute) -> None:
    _list(root, request, absolute, "ListIdentifiers", full=False)


def list_records(root, request, base_url, absolute) -> None:
    _list(root, request, absolute, "ListRecords", full=True)


def _list(root, request, absolute, verb: str, *, full: bool) -> None:
    arguments = request.arguments
    token = arguments.get("resumptionToken")
    if not token:
        _check_format(arguments["metadataPrefix"])
    try:
        found = repository.page(
            arguments.get("metadataPrefix"), request.start, request.end, arguments.get("set"), token
        )
    except repository.BadToken:
        raise ProtocolError(OaiError("badResumptionToken", "The resumption token is not valid.")) from None
    except repository.UnknownSet:
        raise ProtocolError(OaiError("noRecordsMatch", f"There is no set '{arguments.get('set')}'.")) from None
    if not found.documents:
        raise ProtocolError(OaiError("noRecordsMatch", "No record matches these arguments."))
    body = element(root, verb)
    public = _public_specs() if any(repository.is_deleted(d) for d in found.documents) else None
    full_tei = _tei_records(found.documents) if full and found.prefix == "tei" else None
    for document in found.documents:
        if full:
            _record(body, document, absolute, public, full_tei)
        else:
            _header(body, document, public)
    if found.token is not None:
        element(body, "resumptionToken", found.token, completeListSize=str(found.total), cursor=str(found.cursor))


def _record(parent, document, absolute, public_specs: set[str] | None, full_tei: dict | None) -> None:
    """A record in Dublin Core, or in TEI when full_tei holds the documents read for it."""
    record = element(parent, "record")
    _header(record, document, public_specs)
    if repository.is_deleted(document):
        return
    url = absolute(document.get_absolute_url())
    if full_tei is None:
        write_dublin_core(record, dublin_core.describe(document, url))
    else:
        meta, texts = document_meta(full_tei[document.pk], public=True)
        prefix = f"r{document.record}."
        element(record, "metadata").append(tei.document(meta, texts, url=url, id_prefix=prefix))


def _tei_records(documents) -> dict:
    """The documents (those not deleted) with everything their TEI reads, by primary key."""
    ids = [d.pk for d in documents if not repository.is_deleted(d)]
    return {d.pk: d for d in documents_for_export(Document.objects.filter(pk__in=ids))} if ids else {}


def _header(parent, document, public_specs: set[str] | None) -> None:
    """A record's header; a withdrawn record's is marked deleted and names only sets that are public."""
    specs = _specs(document)
    deleted = repository.is_deleted(document)
    if deleted:
        specs = [spec for spec in specs if spec in public_specs]
    stamp = repository.datestamp(document.modified)
    header(parent, repository.identifier(document), stamp, specs, status="deleted" if deleted else None)


def _public_specs() -> set[str]:
    """The specs of the sets ListSets names (those with a published document)."""
    return {spec for spec, _ in repository.sets()}


def _specs(document) -> list[str]:
    specs = []
    collections = list(document.collections.all())
    if collections:
        specs.append("collection")
        specs += [f"collection:{c.slug}" for c in collections]
    if document.source_id:
        specs += ["source", f"source:{document.source.slug}"]
    return specs


def _check_format(prefix: str) -> None:
    if prefix not in FORMATS:
        raise ProtocolError(OaiError("cannotDisseminateFormat", f"The metadata format '{prefix}' is not offered."))


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
