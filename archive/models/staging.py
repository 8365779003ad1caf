"""Files a curator has uploaded for import, held between preview and confirmation."""

import uuid

from django.conf import settings
from django.db import models


class StagedFile(models.Model):
    batch = models.UUIDField(default=uuid.uuid4, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    is_raw = models.BooleanField(default=False, help_text="A page as copied from the web, to be turned into a draft.")
    error = models.TextField(blank=True, help_text="Why the file was refused on upload.")

    class Meta:
        ordering = ["batch", "order"]

    def __str__(self) -> str:
        return self.name
