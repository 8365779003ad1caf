"""python manage.py reindex : rebuild the full-text search index from the documents."""

from django.core.management.base import BaseCommand

from archive.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every document's title, summary, texts and entity names."

    def handle(self, *args, **options):
        count = reindex_all()
        self.stdout.write(f"Indexed {count} document{'s' if count != 1 else ''}.")
