"""The dataset of public records: CSV files that parse, counts that match, nothing hidden, read in chunks."""

import csv
import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from archive import publishing
from archive.annotated import parse
from archive.dataset import TABLES, write_dataset
from archive.models import Collection, Document, Entity, EntityName, Mention, ProvenanceStep, Source, Text
from tests.test_no_leaks import HIDDEN, WORDS, YEARS, archive  # noqa: F401 (the fixture)


def build(tmp_path, **options) -> zipfile.ZipFile:
    path = tmp_path / "plenum-dataset.zip"
    call_command("export_dataset", str(path), stdout=io.StringIO(), **options)
    return zipfile.ZipFile(path)


def table(dataset: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    with dataset.open(name) as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))


def test_each_kind_of_record_is_a_csv_file_with_the_public_records(tmp_path, seeds):
    publishing.withdraw([seeds[3].pk], "The rights holder objected.")
    dataset = build(tmp_path, base_url="https://plenum.example.org/")
    documents = table(dataset, "documents.csv")
    assert [int(d["record"]) for d in documents] == [1, 2, 4, 5]
    assert documents[1]["page"] == "https://plenum.example.org/documents/2/"
    public = Document.objects.published()
    expected = {
        "texts.csv": Text.objects.filter(document__in=public).count(),
        "mentions.csv": Mention.objects.filter(document__in=public).count(),
        "entities.csv": Entity.objects.current().public().count(),
        "collections.csv": Collection.objects.public().count(),
        "sources.csv": Source.objects.public().count(),
        "provenance.csv": ProvenanceStep.objects.filter(document__in=public).count(),
    }
    for name, count in expected.items():
        assert len(table(dataset, name)) == count, name
    assert expected["entities.csv"] and expected["mentions.csv"] and expected["provenance.csv"]
    texts = sorted(name for name in dataset.namelist() if name.startswith("texts/"))
    assert texts == [f"texts/{d.record:04d}-{d.slug}.txt" for d in public.order_by("record")]


def test_mention_positions_point_into_the_plain_texts(tmp_path, seeds):
    dataset = build(tmp_path)
    plains = {(t["record"], t["order"]): t["plain"] for t in table(dataset, "texts.csv")}
    marked = [m for m in table(dataset, "mentions.csv") if m["text_order"]]
    assert marked
    for mention in marked:
        plain = plains[mention["record"], mention["text_order"]]
        assert plain[int(mention["start"]) : int(mention["end"])] == mention["quote"]
    names = {e["id"] for e in table(dataset, "entities.csv")}
    assert {m["entity_id"] for m in table(dataset, "mentions.csv")} <= names


def test_the_annotated_texts_parse(tmp_path, seeds):
    dataset = build(tmp_path)
    for name in (n for n in dataset.namelist() if n.startswith("texts/")):
        parsed = parse(dataset.read(name).decode("utf-8"))
        assert not parsed.errors, name
        assert parsed.meta.record == int(name[6:10])


@pytest.mark.parametrize("state", HIDDEN)
def test_nothing_of_a_hidden_document_is_in_the_dataset(tmp_path, archive, state):  # noqa: F811
    dataset = build(tmp_path)
    everything = "\n".join(dataset.read(name).decode("utf-8") for name in dataset.namelist())
    assert WORDS["public"] in everything
    assert [c["name"] for c in table(dataset, "collections.csv")] == [f"{WORDS['public']} papers"]
    assert len(table(dataset, "collection_items.csv")) == 1
    assert WORDS[state].casefold() not in everything.casefold()
    assert not re.search(rf"\b{YEARS[state]}\b", everything)
    hidden = archive[state]
    assert EntityName.objects.filter(document=hidden).exists()  # its variants exist, and stay out


def test_a_related_hidden_record_and_the_curators_notes_stay_out(tmp_path, seeds):
    seeds[1].related.add(seeds[2])
    Document.objects.filter(pk=seeds[1].pk).update(curator_note="Check the Quorvath copy.")
    publishing.return_to_draft([seeds[2].pk])
    dataset = build(tmp_path)
    first = parse(dataset.read(next(n for n in dataset.namelist() if n.startswith("texts/0001"))).decode())
    assert first.meta.related == [] and first.meta.notes == []
    assert b"Quorvath" not in dataset.read(next(n for n in dataset.namelist() if n.startswith("texts/0001")))


def test_every_table_is_read_in_chunks(tmp_path, seeds, monkeypatch):
    """Each query is read through iterator() with the chunk size, never whole into a list."""
    read = []
    original = QuerySet.iterator

    def iterator(self, chunk_size=None):
        read.append((self.model.__name__, chunk_size))
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", iterator)
    build(tmp_path, chunk_size=3)
    assert len(read) == len(TABLES) + 1  # the tables, then the annotated texts
    assert all(size == 3 for _, size in read)


def test_related_records_are_fetched_a_chunk_at_a_time(tmp_path, seeds):
    """The texts' relations come a chunk of documents at a time: smaller chunks, more queries, same file."""

    def run(chunk_size):
        out = io.BytesIO()
        with CaptureQueriesContext(connection) as queries:
            write_dataset(out, chunk_size=chunk_size)
        with zipfile.ZipFile(out) as dataset:
            return len(queries), {name: dataset.read(name) for name in dataset.namelist()}

    few, whole = run(1000)
    many, chunked = run(1)
    assert chunked == whole
    assert many > few


def test_the_command_refuses_a_bad_target_and_writes_nothing(tmp_path, seeds):
    with pytest.raises(CommandError, match=r"ending in \.zip"):
        call_command("export_dataset", str(tmp_path / "dataset.csv"))
    with pytest.raises(CommandError, match="no such folder"):
        call_command("export_dataset", str(tmp_path / "missing" / "dataset.zip"))
    with pytest.raises(CommandError, match="chunk-size"):
        call_command("export_dataset", str(tmp_path / "dataset.zip"), chunk_size=0)
    assert list(tmp_path.iterdir()) == []


def test_the_site_serves_the_last_built_dataset(client, seeds, settings):
    settings.PLENUM_DATASET_FILE.unlink(missing_ok=True)
    assert client.get("/data/plenum-dataset.zip").status_code == 404  # not built yet
    call_command("export_dataset", stdout=io.StringIO())
    response = client.get("/data/plenum-dataset.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="plenum-dataset.zip"' in response["Content-Disposition"]
    served = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [int(d["record"]) for d in table(served, "documents.csv")] == [1, 2, 3, 4, 5]
    again = client.get("/data/plenum-dataset.zip", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_a_dataset_built_before_a_document_was_hidden_is_not_served(client, seeds, settings):
    call_command("export_dataset", stdout=io.StringIO())
    assert client.get("/data/plenum-dataset.zip").status_code == 200
    publishing.withdraw([seeds[3].pk], "The rights holder objected.")
    assert client.get("/data/plenum-dataset.zip").status_code == 404
    call_command("export_dataset", stdout=io.StringIO())
    response = client.get("/data/plenum-dataset.zip")
    served = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert [int(d["record"]) for d in table(served, "documents.csv")] == [1, 2, 4, 5]
