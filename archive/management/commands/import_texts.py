"""python manage.py import_texts PATH... : import annotated-text files or folders of them.

--raw reads the files as raw web pages and turns each into an annotated-text draft first; with
--drafts DIR the drafts are written there for review instead of being imported. --dry-run resolves
everything and reports what would happen, writing nothing.

A file that names no record number (no `record:` line) but repeats one already in the archive (the same
source URL; the same title, date and source; or a near-identical text) is not imported: the
command names the record and says what to do. --update-duplicates makes such a file update the
record it repeats; --allow-duplicates creates a new record all the same.

A file ending in .xml is read as TEI P5 of the form /documents/<n>/tei.xml gives, and imported as
the annotated-text file it describes.
"""

from pathlib import Path

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from archive.annotated.raw import draft_bytes
from archive.annotated.tei_read import TeiError, to_annotated
from archive.importing import import_file
from archive.models import Document

PROGRESS_FROM = 21  # batches of this many files or more show a progress line on a terminal


class Command(BaseCommand):
    help = (
        "Import annotated-text files (AAT/1), or TEI files (.xml) as the archive writes them. A folder "
        "stands for the .txt and .xml files in it. Each file "
        "imports atomically: a file with an error writes nothing and is reported as FILE:LINE:COLUMN."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders of annotated-text files.")
        parser.add_argument(
            "--status",
            choices=["draft", "published"],
            help="Import every document with this status, whatever the files' headers say.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the archive already holds documents (used to load the seed collection once).",
        )
        parser.add_argument("--user", help="Username to record the imports under in the admin's history.")
        parser.add_argument(
            "--raw",
            action="store_true",
            help="The files are raw web pages: turn each into an annotated-text draft (and import that).",
        )
        parser.add_argument(
            "--drafts",
            metavar="DIR",
            help="With --raw: write one draft per file into DIR (same base name, .txt) instead of importing.",
        )
        parser.add_argument(
            "--keys-only",
            action="store_true",
            help=(
                "Resolve entities by key only, never by name: a key not in the archive creates its entity. "
                "Use it to rebuild an archive from files written by export_texts."
            ),
        )
        repeats = parser.add_mutually_exclusive_group()
        repeats.add_argument(
            "--update-duplicates",
            action="store_true",
            help=(
                "A file that repeats a record already in the archive (same source URL; same title, date and "
                "source; or a near-identical text) updates that record. By default such a file is not imported."
            ),
        )
        repeats.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="A file that repeats a record already in the archive creates a new record all the same.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and resolve everything and report what would be created or updated; write nothing.",
        )

    def handle(self, *args, paths, status, if_empty, user, raw, drafts, dry_run, keys_only, **options):
        duplicates = "update" if options["update_duplicates"] else "create" if options["allow_duplicates"] else "refuse"
        if drafts and not raw:
            raise CommandError("--drafts writes drafts of raw web pages: add --raw")
        if drafts:
            self._write_drafts(self._files(paths), Path(drafts), dry_run)
            return
        if if_empty and Document.objects.exists():
            self.stdout.write("The archive already holds documents; nothing imported.")
            return
        account = self._user(user)
        files = self._files(paths)
        failed, rows = [], []
        for number, path in enumerate(files, start=1):
            self._progress(number, len(files), path)
            data, name = path.read_bytes(), str(path)
            if raw:
                data, name = self._draft(path, data)
            elif path.suffix.lower() == ".xml":
                try:
                    data = to_annotated(data)
                except TeiError as exc:
                    self.stderr.write(f"{name}:{exc.line}: {exc.message}")
                    failed.append(path)
                    continue
            report = import_file(
                data, name=name, status=status, dry_run=dry_run, match_names=not keys_only, duplicates=duplicates
            )
            for problem in report.problems:
                if problem.severity == "error":
                    self.stderr.write(problem.format(name))
                elif options["verbosity"] >= 1:
                    self.stdout.write(problem.format(name))
            self._duplicates(report, name)
            if report.ok:
                document = report.document
                action = "created" if report.created else "updated"
                rows.append((document.record, action, len(report.new_entities), document.title))
                if account and not dry_run:
                    self._log(account, document, report.created, path)
            else:
                failed.append(path)
        self._end_progress(len(files))
        self._summary(rows, failed, dry_run)
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} file(s) not imported: {', '.join(map(str, failed))}")

    def _duplicates(self, report, name):
        """Link the records a file repeats and, when it was refused, say what to do."""
        said = report.ok or report.refused_as_duplicate  # a problem has described the records already
        for duplicate in report.duplicates:
            record = f"record {duplicate.document.record}" if said else f"it repeats {duplicate.describe()}; the record"
            self.stdout.write(f"{name}: {record} is at {duplicate.document.get_absolute_url()}")
        if report.refused_as_duplicate:
            self.stderr.write(
                f"{name}: not imported. To update the record it repeats, run again with --update-duplicates; "
                "to create a new record all the same, with --allow-duplicates."
            )

    def _draft(self, path, data):
        """The draft of a raw page, as bytes to import and the name its problems are reported under."""
        result = draft_bytes(data)
        for flag in result.flags:
            self.stdout.write(f"{path}: {result.kind} page: {flag}")
        return result.text.encode("utf-8"), f"{path} (draft)"

    def _write_drafts(self, files, folder, dry_run):
        if not dry_run:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CommandError(f"{folder}: cannot create the drafts folder ({exc.strerror})") from exc
        rows, written = [], set()
        for number, path in enumerate(files, start=1):
            self._progress(number, len(files), path)
            target = folder / f"{path.stem}.txt"
            if target.resolve() == path.resolve() or target in written:
                self.stderr.write(f"{path}: not written: {target} is the page itself or another page's draft")
                continue
            result = draft_bytes(path.read_bytes())
            written.add(target)
            if not dry_run:
                try:
                    target.write_text(result.text, encoding="utf-8")
                except OSError as exc:
                    raise CommandError(f"{target}: cannot write the draft ({exc.strerror})") from exc
            self.stdout.write(f"{target}: draft of a {result.kind} page from {path}")
            for flag in result.flags:
                self.stdout.write(f"  {flag}")
            rows.append((target.name, result.kind, len(result.flags), result.title))
        self._end_progress(len(files))
        self.stdout.write("")
        self.stdout.write(f"{'draft':<32} {'page':<10} {'flags':>5}  title")
        for name, kind, flags, title in rows:
            self.stdout.write(f"{name[:32]:<32} {kind:<10} {flags:>5}  {(title or '(none stated)')[:60]}")
        verb = "would be written (dry run)" if dry_run else f"written to {folder}"
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} draft(s) {verb}"))

    def _progress(self, number, total, path):
        """A progress line for large batches, on a terminal only (logs and tests stay clean)."""
        if total >= PROGRESS_FROM and self.stderr.isatty():
            self.stderr.write(f"\r[{number:>{len(str(total))}}/{total}] {path.name[:60]:<60}", lambda text: text, "")

    def _end_progress(self, total):
        if total >= PROGRESS_FROM and self.stderr.isatty():
            self.stderr.write("", lambda text: text)

    def _files(self, paths):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files.extend(sorted(p for p in path.iterdir() if p.suffix in (".txt", ".xml") and p.is_file()))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder")
        if not files:
            raise CommandError("no .txt or .xml files found in " + ", ".join(paths))
        return files

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user named '{username}'") from exc

    def _log(self, user, document, created, path):
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[document],
            action_flag=ADDITION if created else CHANGE,
            change_message=f"Imported from {path.name}",
            single_object=True,
        )
        ContentType.objects.clear_cache()

    def _summary(self, rows, failed, dry_run=False):
        if rows:
            self.stdout.write("")
            self.stdout.write(f"{'record':>7}  {'action':<14} {'new entities':>12}  title")
            for record, action, new, title in rows:
                action = f"would be {action}" if dry_run else action
                self.stdout.write(f"{record:>7}  {action:<14} {new:>12}  {title[:70]}")
        done = f"{len(rows)} would be imported (dry run: nothing written)" if dry_run else f"{len(rows)} imported"
        self.stdout.write(self.style.SUCCESS(done) + (self.style.ERROR(f", {len(failed)} failed") if failed else ""))
