"""python manage.py generate_corpus --documents N : add a synthetic archive of N documents, for benchmarks."""

import argparse
import os

from django.core.management.base import BaseCommand, CommandError

from archive import corpus


class Command(BaseCommand):
    help = (
        "Add N synthetic documents (long annotated texts with entity and editorial marks, mentions, "
        "provenance, rights, collections) and about N/20 entities with name variants, indexed for search as they "
        "are written, a batch at a time (memory stays flat whatever N). Deterministic for a seed."
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
        parser.add_argument(
            "--set-aside-indexes",
            dest="set_aside",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=(
                "PostgreSQL: drop the secondary indexes of the tables written while loading and build them at the "
                f"end (default: for {corpus.SET_ASIDE_FROM:,} documents or more that at least double the archive)."
            ),
        )

    def handle(self, *args, documents, seed, batch, workers, set_aside, **options):
        if documents < 1 or batch < 1:
            raise CommandError("--documents and --batch must be positive.")
        if workers is not None and workers < 0:
            raise CommandError("--workers must be 0 or more.")
        if workers is None:
            workers = os.cpu_count() or 1 if documents > batch else 0

        def progress(done: int) -> None:
            if options["verbosity"] > 1 or done % (batch * 10) == 0 or done == documents:
                self.stdout.write(f"  {done} documents")
                self.stdout.flush()

        def notify(definition: str) -> None:
            self.stdout.write(f"  index set aside while loading (rebuilt at the end): {definition};")

        report = corpus.generate(
            documents, seed=seed, batch=batch, workers=workers, progress=progress, set_aside=set_aside, notify=notify
        )
        self.stdout.write(
            f"Added {report.documents} documents, {report.texts} texts, {report.mentions} mentions and "
            f"{report.entities} entities in {sum(report.seconds.values()):.1f} s "
            f"(entities {report.seconds['entities']:.1f} s, documents {report.seconds['documents']:.1f} s, "
            f"{report.documents / max(report.seconds['documents'], 1e-9):.0f} documents/s, search index included; "
            f"{report.indexes_set_aside} indexes rebuilt in {report.seconds['indexes']:.1f} s, "
            f"common words ranked ahead in {report.seconds['common words']:.1f} s, "
            f"statistics {report.seconds['ready']:.1f} s)."
        )
        if not report.in_step:
            raise CommandError("The search index is out of step with the public documents: run manage.py reindex.")
