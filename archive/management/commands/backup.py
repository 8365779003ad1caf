"""python manage.py backup FILE : the whole archive in one file, written while the site serves."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backup import BackupError, write


class Command(BaseCommand):
    help = (
        "Write the whole archive (records, entities, provenance, collections, record numbers, history) "
        "to one zip file, read in one transaction while the site keeps serving. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The backup file to write (a .zip).")
        parser.add_argument(
            "--users", action="store_true", help="Keep the users and groups (with password hashes) and the admin's log."
        )
        parser.add_argument(
            "--staged-files", action="store_true", help="Keep the files uploaded for import and not yet confirmed."
        )
        parser.add_argument("--force", action="store_true", help="Overwrite FILE when it exists.")

    def handle(self, *args, file, users, staged_files, force, **options):
        path = Path(file)
        if path.exists() and not force:
            raise CommandError(f"{path} already exists (use --force to overwrite)")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder")
        try:
            manifest = write(path, users=users, staged=staged_files)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
        if options["verbosity"] > 1:
            for label, count in counts.items():
                self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {path}: {counts.get('archive.document', 0)} document(s), "
                f"{counts.get('archive.entity', 0)} entities, {counts.get('reversion.version', 0)} version(s) "
                f"of history, {sum(counts.values())} rows in all"
            )
        )
