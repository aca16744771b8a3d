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


class PendingImport(models.Model):
    """Minutes uploaded and read, waiting for the ISU's review: what the parser read (a
    ParsedMeeting as data) with the corrections made on the review screen applied to it.
    Confirming imports it and deletes this row; so does cancelling, without importing."""

    token = models.CharField(max_length=32, unique=True)
    filename = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    parsed = models.JSONField()
    corrections = models.JSONField(default=list, blank=True)  # what was corrected, in order
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
