"""The transactional outbox: a task to run is a row written in the same transaction as the
change that needs it, so that a broker outage can delay the task but never lose it."""

from django.db import models


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)


class OutboxMessage(models.Model):
    task = models.CharField(max_length=200, help_text="The Celery task's registered name.")
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "id"], name="outbox_pending_idx")]

    def __str__(self):
        state = "sent" if self.sent_at else "pending"
        return f"{self.task}{tuple(self.args)} ({state})"


class Notification(models.Model):
    """One e-mail the portal sends, rendered once in its recipient's language and sent at most
    once: `key` names what it is about ("minutes-circulated:<id>:<address>", "reminder:<id>"), so
    that asking twice for the same message finds the first. outbox.notify sends it."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"
        CANCELLED = "cancelled", "cancelled"

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(
        max_length=100, blank=True, help_text="Who is told of the outcome (outbox.notify.on_outcome)."
    )
    ref = models.CharField(max_length=100, blank=True, help_text="The caller's object, for the outcome's receiver.")
    to = models.JSONField(default=list)
    from_email = models.CharField(max_length=255, blank=True)
    subject = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, help_text="[{filename, mimetype, path}] in the default storage.")
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="outbox_notification_sweep_idx"),
            models.Index(fields=["kind", "ref"], name="outbox_notification_ref_idx"),
        ]

    def __str__(self):
        return f"{self.key} ({self.status})"
