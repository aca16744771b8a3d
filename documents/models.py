"""Generated files (PDFs): one row per document, rendered by a Celery task, stored through
Django's storage API with its SHA-256, and served only through permission-checked views."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedDocument(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed, retrying")

    # The kind names the builder that knows how to render it and who may read it
    # (see documents.registry); the key identifies the one document, so that asking
    # for it twice returns the same row rather than a second file.
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200, unique=True)
    object_id = models.PositiveBigIntegerField()
    # Which edition of its object this file is (the version part of the key): "" for a document
    # that has one file only; "draft" / "circulated" / "approved" for minutes; "preview" or
    # "published-<n>" for a public summary. Who may read the file depends on it, not only on the
    # object (a summary's preview is never public, a withdrawn edition never again).
    edition = models.CharField(max_length=60, blank=True)
    # The language it is written in ("en", "fr", "es"): rendered under it, and part of its key, so
    # that a State's French letter and an English one are two files (documents.services).
    language = models.CharField(max_length=2, default="en")
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="documents/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    frozen = models.BooleanField(
        default=False, help_text=_("A frozen document (approved minutes, a published summary) is never re-rendered.")
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)
