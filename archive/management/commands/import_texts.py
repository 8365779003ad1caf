"""python manage.py import_texts PATH... : import annotated-text files or folders of them."""

from pathlib import Path

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from archive.importing import import_file
from archive.models import Document


class Command(BaseCommand):
    help = (
        "Import annotated-text files (AAT/1). A folder stands for the .txt files in it. Each file "
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

    def handle(self, *args, paths, status, if_empty, user, **options):
        if if_empty and Document.objects.exists():
            self.stdout.write("The archive already holds documents; nothing imported.")
            return
        account = self._user(user)
        files = self._files(paths)
        failed, rows = [], []
        for path in files:
            report = import_file(path.read_bytes(), name=str(path), status=status)
            for message in report.messages():
                (self.stdout if report.ok else self.stderr).write(message)
            if report.ok:
                document = report.document
                action = "created" if report.created else "updated"
                rows.append((document.record, action, len(report.new_entities), document.title))
                if account:
                    self._log(account, document, report.created, path)
            else:
                failed.append(path)
        self._summary(rows, failed)
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} file(s) not imported: {', '.join(map(str, failed))}")

    def _files(self, paths):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files.extend(sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file()))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder")
        if not files:
            raise CommandError("no .txt files found in " + ", ".join(paths))
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

    def _summary(self, rows, failed):
        if rows:
            self.stdout.write("")
            self.stdout.write(f"{'record':>7}  {'action':<8} {'new entities':>12}  title")
            for record, action, new, title in rows:
                self.stdout.write(f"{record:>7}  {action:<8} {new:>12}  {title[:70]}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(rows)} imported")
            + (self.style.ERROR(f", {len(failed)} failed") if failed else "")
        )
