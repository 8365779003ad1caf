"""python manage.py export_texts DIR : write every document back to an annotated-text file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.exporting import ExportError, documents_for_export, export_document, file_name
from archive.models import Document


class Command(BaseCommand):
    help = (
        "Write documents as annotated-text files (AAT/1), one file per document named "
        "RECORD-SLUG.txt, from which import_texts rebuilds the same records."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", help="The folder to write into (created when missing).")
        parser.add_argument(
            "--status",
            choices=[choice for choice, _ in Document.Status.choices],
            help="Export only the documents with this status (default: all).",
        )
        parser.add_argument(
            "--record",
            type=int,
            nargs="+",
            dest="records",
            metavar="N",
            help="Export only the documents with these record numbers.",
        )
        parser.add_argument("--force", action="store_true", help="Overwrite files that are already in DIR.")

    def handle(self, *args, folder, status, records, force, **options):
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        documents = Document.objects.all()
        if status:
            documents = documents.filter(status=status)
        if records:
            documents = documents.filter(record__in=records)
            missing = sorted(set(records) - set(documents.values_list("record", flat=True)))
            if missing:
                where = f" with status {status}" if status else ""
                raise CommandError(f"no document{where} with record {', '.join(map(str, missing))}")
        files = self._files(folder, documents_for_export(documents))
        existing = [path.name for path in files if path.exists()]
        if existing and not force:
            raise CommandError(
                f"{len(existing)} file(s) already in {folder} (use --force to overwrite): {', '.join(existing[:5])}"
                + (" ..." if len(existing) > 5 else "")
            )
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
            if options["verbosity"] > 1:
                self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"{len(files)} document(s) exported to {folder}"))

    def _files(self, folder: Path, documents) -> dict[Path, str]:
        """Every file's path and text, or an error naming each record the format cannot hold."""
        files, failed = {}, []
        for document in documents:
            try:
                files[folder / file_name(document)] = export_document(document)
            except ExportError as exc:
                failed.append(f"{file_name(document)}: {exc}")
        if failed:
            raise CommandError(f"nothing written: {len(failed)} file(s) would not import again:\n" + "\n".join(failed))
        return files
