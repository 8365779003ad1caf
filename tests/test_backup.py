"""Backup and restore: backup → empty database → restore → backup gives the same content."""

import json
import zipfile
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse
from reversion.models import Revision, Version

from archive import history
from archive.backup import parts, read_snapshot
from archive.merging import merge_entities
from archive.models import Document, Entity, RecordNumber, StagedFile
from archive.search import search
from tests.conftest import annotated, import_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A flush makes content types anew, and the test's rollback undoes them: forget the cached ones."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def archive(seeds, django_user_model):
    """The seeds and what an archive gathers: name matches, a merge, a draft, a deleted record, edits."""
    curator = django_user_model.objects.create_user("curator", password="pw", is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    import_text(annotated("{p:kuznetsov|Kuznetsov} reported.", record=11, extra="entity: p:kuznetsov = Kuznetsov"))
    import_text(
        annotated(
            "As {p:d-kuznetsov|D. Kuznetsov} wrote.",
            record=12,
            extra="entity: p:d-kuznetsov = D. Kuznetsov ; variants = Kuznetsov | Кузнецов\ncollection: Reports",
        ),
        user=curator,
    )
    draft = annotated("A draft about {p:kuznetsov|Kuznetsov}.", record=13, title="Unpublished draft")
    import_text(draft.replace("status: published", "status: draft"))
    import_text(
        annotated("{p:kim-song-ju|Kim Song-ju} answered.", record=14, extra="entity: p:kim-song-ju = Kim Song-ju")
    )
    merge_entities(Entity.objects.get(slug="kim-il-sung"), [Entity.objects.get(slug="kim-song-ju")], user=curator)
    import_text(annotated("Soon gone.", record=15)).document.delete()  # its number stays taken
    with history.recorded("Edited by hand", curator):
        document = Document.objects.get(record=11)
        document.summary = "Résumé, édité — 요약"
        document.save()
    StagedFile.objects.create(user=curator, name="waiting.txt", text=annotated("Not yet.", record=16))
    return curator


def rows() -> dict:
    """Every row of every model a backup keeps, field by field (so a field added later is compared too).

    Content types and users are named by natural key, whose primary keys differ between databases."""
    found = {}
    for part in parts(users=True, staged=True):
        model = part.model
        table = []
        for obj in model._base_manager.order_by("pk"):
            values = {}
            for field in model._meta.concrete_fields:
                value = getattr(obj, field.name) if field.is_relation else getattr(obj, field.attname)
                if field.is_relation and value is not None and hasattr(value, "natural_key"):
                    value = value.natural_key()
                elif field.is_relation and value is not None:
                    value = value.pk
                values[field.name] = value
            for field in model._meta.many_to_many:
                related = getattr(obj, field.name).all()
                values[field.name] = sorted(
                    str(r.natural_key() if hasattr(r, "natural_key") else r.pk) for r in related
                )
            if hasattr(obj, "natural_key"):
                values.pop(model._meta.pk.name)
            table.append(values)
        found[part.label] = table
    return found


def contents(path) -> tuple[dict, dict]:
    with zipfile.ZipFile(path) as backup:
        manifest = json.loads(backup.read("manifest.json"))
        data = {name: backup.read(name) for name in backup.namelist() if name != "manifest.json"}
    manifest.pop("created")
    return manifest, data


def backup(path, *args):
    out = StringIO()
    call_command("backup", str(path), *args, stdout=out)
    return out.getvalue()


def restore(path):
    out = StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def empty_database():
    """As after `migrate` on a new database (content types and permissions made again, with new keys)."""
    if connection.vendor == "postgresql":  # inside the test's transaction: check the deferred keys before emptying
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    Group.objects.create(name="Curators")  # as the migration makes it; the backup's group replaces it


def test_backup_restore_backup_gives_the_same_content(archive, tmp_path):
    before = rows()
    assert {d["status"] for d in before["archive.document"]} == {"draft", "published"}
    assert any(e["merged_into"] for e in before["archive.entity"])
    assert 15 in {r["number"] for r in before["archive.recordnumber"]}
    assert 15 not in set(Document.objects.values_list("record", flat=True))
    assert "backup written" in backup(tmp_path / "first.zip", "--users", "--staged-files")
    empty_database()
    assert not Document.objects.exists() and not Revision.objects.exists()
    assert "search index rebuilt" in restore(tmp_path / "first.zip")
    assert rows() == before
    backup(tmp_path / "second.zip", "--users", "--staged-files")
    assert contents(tmp_path / "first.zip") == contents(tmp_path / "second.zip")


def test_a_restored_archive_serves_its_pages_search_and_history(archive, tmp_path, client, django_user_model):
    backup(tmp_path / "backup.zip", "--users")
    empty_database()
    restore(tmp_path / "backup.zip")
    document = Document.objects.get(record=12)
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200 and "D. Kuznetsov" in page.content.decode()
    found = {d.record for d in search("Кузнецов").ordered()}
    assert {11, 12} <= found and 13 not in found  # the index is rebuilt, of published documents only
    assert client.get(reverse("archive:document", kwargs={"record": 15})).status_code == 410
    merged = Entity.objects.get(slug="kim-song-ju")
    assert client.get(merged.get_absolute_url()).status_code == 301
    assert history.versions_of(document)[0].revision.user.username == "curator"
    assert not StagedFile.objects.exists()  # not asked for
    client.force_login(django_user_model.objects.get(username="curator"))  # as restored
    assert client.get(reverse("admin:archive_document_history", args=[document.pk])).status_code == 200
    # New records take new numbers and keys after the restored ones.
    new = import_text(annotated("After the restore.")).document
    assert new.record == 16 and new.pk > max(Document.objects.exclude(pk=new.pk).values_list("pk", flat=True))


def test_without_users_the_history_keeps_no_names(archive, tmp_path, django_user_model):
    backup(tmp_path / "backup.zip")
    empty_database()
    django_user_model.objects.create_superuser("admin", password="pw")  # a database may have its admin already
    restore(tmp_path / "backup.zip")
    assert Version.objects.exists()
    assert not Revision.objects.exclude(user=None).exists()
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["admin"]


def test_restore_refuses_a_database_that_holds_records(archive, tmp_path):
    backup(tmp_path / "backup.zip")
    count = Document.objects.count()
    with pytest.raises(
        CommandError, match=r"restore fills an empty database only, and this one holds .*archive.Document \(9 rows\)"
    ):
        restore(tmp_path / "backup.zip")
    assert Document.objects.count() == count


def test_restore_refuses_a_database_with_users_when_the_backup_has_users(archive, tmp_path):
    backup(tmp_path / "backup.zip", "--users")
    empty_database()
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("someone")
    with pytest.raises(CommandError, match=r"holds auth.User \(1 rows\)"):
        restore(tmp_path / "backup.zip")
    assert not RecordNumber.objects.exists()


def test_files_that_are_no_backup_are_refused(db, tmp_path):
    (tmp_path / "notes.zip").write_text("not a zip")
    with pytest.raises(CommandError, match=r"notes\.zip: not a backup of this archive"):
        restore(tmp_path / "notes.zip")
    with pytest.raises(CommandError, match="no such file"):
        restore(tmp_path / "missing.zip")


def test_the_backup_command_refuses_to_overwrite_and_staged_files_without_users(db, tmp_path):
    backup(tmp_path / "backup.zip")
    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path / "backup.zip")
    with pytest.raises(CommandError, match="staged files belong to their users"):
        backup(tmp_path / "other.zip", "--staged-files")
    assert not (tmp_path / "other.zip").exists()


def test_every_model_of_the_archive_is_kept():
    kept = {part.model for part in parts()}
    archive_models = {m for m in apps.get_app_config("archive").get_models() if not m._meta.proxy}
    assert archive_models - kept == {StagedFile}
    assert {Revision, Version} <= kept


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_reads_one_snapshot_while_others_write():
    """What another connection commits during a backup is not in it (PostgreSQL; SQLite's test database
    lives in memory, where a reader and a writer lock each other out)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that several connections share with snapshot reads")
    import threading

    import_text(annotated("Before the backup.", record=1))
    with read_snapshot():
        assert Document.objects.count() == 1

        def write():
            import_text(annotated("During the backup.", record=2))
            connections.close_all()

        writer = threading.Thread(target=write)
        writer.start()
        writer.join()
        assert Document.objects.count() == 1
        assert not RecordNumber.objects.filter(number=2).exists()
    assert Document.objects.count() == 2
