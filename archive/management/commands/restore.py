"""python manage.py restore FILE : rebuild an empty database from a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database from a file written by `manage.py backup`, then rebuild the "
        "search index. Refuses a database that already holds records. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The backup file to read.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            manifest = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
        self.stdout.write(
            self.style.SUCCESS(
                f"restored from {path} (made {manifest['created']}): {counts.get('archive.document', 0)} "
                f"document(s), {counts.get('archive.entity', 0)} entities, {sum(counts.values())} rows in all; "
                "search index rebuilt"
            )
        )
