"""The whole archive in one file, and an empty database rebuilt from it.

A backup is a zip file:

    manifest.json                    format, version, when, which migrations the data needs, options,
                                     and for each model its file and number of rows
    data/<app>.<model>.json          the model's rows, in Django's JSON serialization, by primary key

It holds every model of the archive (documents, texts, mentions, entities with those merged into
others, name variants, provenance, sources, rights, collections, every record number ever
assigned, and any model added later), the history (django-reversion's revisions and versions) and,
on request, the users and groups with their permissions, the admin's log and the files staged for
import. Rows keep their primary keys, so links between them and the rendered texts' links stay
true; users, groups, permissions and content types are named by natural keys, which differ from
one database to another. Derived data (the search index) is not kept: a restore rebuilds it.

A backup reads inside one transaction, so it is consistent while the site is serving: on
PostgreSQL a read-only REPEATABLE READ transaction, on SQLite one read transaction (which in WAL
mode holds no lock against writers).
"""

from __future__ import annotations

import datetime
import json
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from io import TextIOWrapper
from pathlib import Path

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from reversion.models import Revision, Version

from .models import RightsStatement, StagedFile

FORMAT = "plenum-backup"
VERSION = 1
# Filled by `migrate` itself (the controlled rights statements): replaced by the backup's rows.
SEEDED = (RightsStatement,)
BATCH = 500  # rows inserted per statement on restore


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class Part:
    model: type
    exclude: tuple[str, ...] = ()  # fields left out (a revision's user when users are not kept)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def file(self) -> str:
        return f"data/{self.label}.json"

    def fields(self) -> list[str] | None:
        if not self.exclude:
            return None
        meta = self.model._meta
        names = [f.name for f in [*meta.local_fields, *meta.local_many_to_many] if not f.primary_key]
        return [name for name in names if name not in self.exclude]


def parts(*, users: bool = False, staged: bool = False) -> list[Part]:
    """What a backup holds, in the order a restore loads it (users before what names them)."""
    if staged and not users:
        raise BackupError("staged files belong to their users: keep the users too to keep them")
    found = [Part(Group), Part(apps.get_model(*_user_model_label()))] if users else []
    for model in apps.get_app_config("archive").get_models():
        if model._meta.proxy or not model._meta.managed or (model is StagedFile and not staged):
            continue
        found.append(Part(model))
    found += [Part(Revision, exclude=() if users else ("user",)), Part(Version)]
    if users:
        found.append(Part(LogEntry))
    return found


def _user_model_label() -> tuple[str, str]:
    from django.conf import settings

    return tuple(settings.AUTH_USER_MODEL.split("."))


def write(path: Path, *, users: bool = False, staged: bool = False, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the backup to path (through a file beside it, renamed when complete); return its manifest."""
    chosen = parts(users=users, staged=staged)
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive, read_snapshot(using):
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": timezone.now().isoformat(),
                "database": connections[using].vendor,
                "migrations": _applied_migrations(using),
                "options": {"users": users, "staged_files": staged},
                "models": [],
            }
            for part in chosen:
                count = _write_part(archive, part, using)
                manifest["models"].append({"model": part.label, "file": part.file, "count": count})
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _write_part(archive: zipfile.ZipFile, part: Part, using: str) -> int:
    rows = part.model._base_manager.using(using).order_by("pk")
    counted = _Counter(rows.iterator(chunk_size=1000))
    natural = _natural(part.model)
    with archive.open(part.file, "w") as raw, TextIOWrapper(raw, encoding="utf-8") as stream:
        serializers.serialize(
            "json",
            counted,
            stream=stream,
            fields=part.fields(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=natural,
            cls=_ExactEncoder,
        )
    return counted.count


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds), so a restore gives them back exactly."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class _Counter:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS):
    """One read transaction around what is inside: every query sees the database as it was at the first."""
    connection = connections[using]
    if connection.in_atomic_block:  # inside a caller's transaction, which is the snapshot
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor != "sqlite":
        with transaction.atomic(using=using):
            yield
        return
    # Not atomic(), which on SQLite begins IMMEDIATE and would hold writers off for the whole backup.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def read_manifest(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError(f"{path}: not a backup of this archive ({exc})") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path}: not a {FORMAT} file of version {VERSION}")
    return manifest


def restore(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Fill the empty database from the backup at path, in one transaction, and rebuild the search index.

    Refuses a database that holds records, history or (when the backup keeps users) users, and one
    whose migrations lag behind the backup's. Returns the manifest.
    """
    from .search import reindex_all

    manifest = read_manifest(path)
    _check_migrations(manifest, using)
    labels = [entry["model"] for entry in manifest["models"]]
    models = [apps.get_model(label) for label in labels]
    _check_empty(models, using)
    connection = connections[using]
    with zipfile.ZipFile(path) as archive, transaction.atomic(using=using):
        for model in SEEDED:
            model._base_manager.using(using).all().delete()
        ContentType.objects.clear_cache()
        deferred = []
        for entry in manifest["models"]:
            with archive.open(entry["file"]) as raw:
                objects = serializers.deserialize(
                    "json", TextIOWrapper(raw, encoding="utf-8"), using=using, handle_forward_references=True
                )
                deferred += _load(apps.get_model(entry["model"]), objects, using)
        for obj in deferred:
            obj.save_deferred_fields(using=using)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        connection.check_constraints(table_names=[model._meta.db_table for model in models])
        reindex_all()
    return manifest


def _load(model, objects, using: str) -> list:
    """Insert the deserialized rows, in batches, then their many-to-many links; return those whose
    natural-key references wait for rows loaded later."""
    objects = list(objects)
    if _natural(model) or any(obj.object.pk is None for obj in objects):
        # Rows found by natural key (a group migrate made) are updated in place, one by one.
        for obj in objects:
            obj.save(using=using)
    else:
        # As a raw save inserts (the values as they are: no `auto_now` stamp of today), BATCH rows a statement.
        rows, fields = [obj.object for obj in objects], model._meta.concrete_fields
        size = max(1, min(BATCH, connections[using].ops.bulk_batch_size(fields, rows)))
        for start in range(0, len(rows), size):
            model._base_manager.using(using)._insert(rows[start : start + size], fields=fields, raw=True, using=using)
        for obj in objects:
            for name, values in (obj.m2m_data or {}).items():
                getattr(obj.object, name).set(values)
    return [obj for obj in objects if obj.deferred_fields]


def _natural(model) -> bool:
    return model in (Group, apps.get_model(*_user_model_label()))


def _check_migrations(manifest: dict, using: str) -> None:
    applied = _applied_migrations(using)
    missing = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in applied.get(app, ())
    ]
    if missing:
        raise BackupError(
            "the database lacks migrations the backup was made with (run `manage.py migrate`, "
            f"or restore with the version of the site that made it): {', '.join(missing[:5])}"
        )


def _check_empty(models: list[type], using: str) -> None:
    holding = [
        f"{model._meta.label} ({model._base_manager.using(using).count()} rows)"
        for model in models
        if model not in SEEDED and model is not Group and model._base_manager.using(using).exists()
    ]
    if holding:
        raise BackupError(
            "restore fills an empty database only, and this one holds "
            + ", ".join(holding)
            + ": create a new database and run `manage.py migrate` first"
        )
