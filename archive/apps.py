from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from archive import history, pagecache
        from archive.search import signals  # noqa: F401  (connects the receivers)

        history.register()
        connection_created.connect(pagecache.watch_writes, dispatch_uid="archive.pagecache.watch_writes")
