"""The transactional outbox: a task to run is a row written in the same transaction as the
change that needs it, so that a broker outage can delay the task but never lose it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


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


class OneTimeAction(models.Model):
    """An irreversible action done once from its confirmation page (outbox.once): the page's
    one-time token is claimed by inserting this row in the transaction that does the action, so
    that a second POST of the same token (a double click, back and resubmit, two tabs) finds it
    and does not act again."""

    token = models.UUIDField(unique=True)
    action = models.CharField(max_length=100, help_text="What was done, e.g. finance.year-issue.")
    target = models.CharField(max_length=100, blank=True, help_text="Of what, e.g. the year or the campaign's id.")
    result_url = models.CharField(max_length=500, blank=True, help_text="Where its result is shown.")
    outcome = models.CharField(max_length=500, blank=True, help_text="What it did, in the words shown to its user.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.target} ({self.done_at:%Y-%m-%d %H:%M})"
