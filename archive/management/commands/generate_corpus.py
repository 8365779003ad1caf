"""python manage.py generate_corpus --documents N : add a synthetic archive of N documents, for benchmarks."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from archive import corpus


class Command(BaseCommand):
    help = (
        "Add N synthetic documents (long annotated texts with entity and editorial marks, mentions, "
        "provenance, rights, collections) and about N/20 entities with name variants. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, required=True, help="How many documents to add.")
        parser.add_argument("--seed", type=int, default=1956, help="The same seed makes the same corpus.")
        parser.add_argument("--batch", type=int, default=1000, help="Documents written per transaction.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes that fabricate texts while this one writes (default: the CPU count; 0: none).",
        )

    def handle(self, *args, documents, seed, batch, workers, **options):
        if documents < 1 or batch < 1:
            raise CommandError("--documents and --batch must be positive.")
        if workers is None:
            workers = os.cpu_count() or 1 if documents > batch else 0

        def progress(done: int) -> None:
            if options["verbosity"] > 1 or done % (batch * 10) == 0 or done == documents:
                self.stdout.write(f"  {done} documents")

        report = corpus.generate(documents, seed=seed, batch=batch, workers=workers, progress=progress)
        self.stdout.write(
            f"Added {report.documents} documents, {report.texts} texts, {report.mentions} mentions and "
            f"{report.entities} entities in {sum(report.seconds.values()):.1f} s "
            f"(entities {report.seconds['entities']:.1f} s, documents {report.seconds['documents']:.1f} s)."
        )
        self._reindex()

    def _reindex(self) -> None:
        """Rebuild the full-text index when the archive has one."""
        try:
            from archive import search
        except ImportError:
            return
        if hasattr(search, "reindex_all"):
            started = time.monotonic()
            search.reindex_all()
            self.stdout.write(f"Search index rebuilt in {time.monotonic() - started:.1f} s.")
