"""python manage.py export_dataset [FILE.zip] : write the dataset of all public records."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.dataset import CHUNK_SIZE, build_file, served_file
from archive.exporting import ExportError


class Command(BaseCommand):
    help = (
        "Write every public record into one zip: a CSV file per kind of record (documents, texts, "
        "mentions, entities and their names, collections, sources, provenance) and each document "
        "as an annotated-text file. Drafts, embargoed and withdrawn records are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            metavar="FILE.zip",
            nargs="?",
            help="The zip file to write, replaced once complete (default: the copy the site serves).",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address (e.g. https://plenum.example.org), put before each page's path.",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=CHUNK_SIZE, help=f"Records read at a time (default {CHUNK_SIZE})."
        )

    def handle(self, *args, file, base_url, chunk_size, **options):
        path = Path(file) if file else served_file()
        if not file:
            path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() != ".zip":
            raise CommandError(f"{path}: the dataset is a zip file; give a name ending in .zip")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent}: no such folder")
        if chunk_size < 1:
            raise CommandError(f"--chunk-size: {chunk_size} is not a positive number")
        try:
            counts = build_file(path, base_url=base_url, chunk_size=chunk_size)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Dataset written to {path}: {summary}"))
