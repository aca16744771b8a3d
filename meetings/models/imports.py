"""The files of minutes imported so far (importing the same file twice is caught)."""

from django.conf import settings
from django.db import models

from .meeting import Meeting


class ImportedDocument(models.Model):
    """A minutes file that was imported, so that importing the same file twice is caught."""

    fingerprint = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self):
        return self.filename
