"""python manage.py rerender_texts : render every text's reading form again from its annotated source."""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.models import Text
from archive.texts import refresh_text


class Command(BaseCommand):
    help = (
        "Render the reading form of every text again from its stored annotated source, so stored pages "
        "follow a change in how marks are shown. Each text is rendered in its own transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--record", type=int, action="append", help="Only the texts of this record (repeatable).")

    def handle(self, *args, **options):
        texts = Text.objects.select_related("document").order_by("document__record", "order")
        if options["record"]:
            texts = texts.filter(document__record__in=options["record"])
        done, problems = 0, []
        for text in texts.iterator(chunk_size=200):
            try:
                with transaction.atomic():
                    refresh_text(text)
                done += 1
            except Exception as error:  # one bad text is reported; the rest still render
                problems.append(f"record {text.document.record}, text {text.order}: {error}")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"Rendered {done} text{'s' if done != 1 else ''}; {len(problems)} could not be rendered.")
