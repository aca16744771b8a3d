"""The invitation to a meeting sent to the Committee, and each delegation's answer to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation

from .meeting import Meeting


class Invitation(models.Model):
    """The invitation of a meeting: one per meeting, sent again when its date, time or venue
    changed (its calendar SEQUENCE is then raised). The date, times and venue last sent are kept
    to tell whether they changed. When the meeting is cancelled, the invitees receive the
    cancellation once (SEQUENCE raised again)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="invitation")
    sequence = models.PositiveIntegerField(default=0, help_text=_("The SEQUENCE of its calendar entry (.ics)."))
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_date = models.DateField()
    sent_start_time = models.TimeField(null=True, blank=True)
    sent_end_time = models.TimeField(null=True, blank=True)
    sent_venue = models.CharField(max_length=300, blank=True)
    cancelled_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the cancellation (METHOD:CANCEL) went to the invitees.")
    )

    def __str__(self):
        return f"{self.meeting} (#{self.sequence})"


class RSVP(models.Model):
    """A delegation's answer to the invitation of a meeting (one per delegation, the latest wins)."""

    class Answer(models.TextChoices):
        ATTENDING = "attending", _("Attending in person")
        REMOTE = "remote", _("Attending remotely")
        APOLOGIES = "apologies", _("Apologies")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="rsvps")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    names = models.TextField(blank=True, help_text=_("Who will attend, one name a line."))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = "RSVP"
        constraints = [models.UniqueConstraint(fields=["meeting", "delegation"], name="one_rsvp_per_delegation")]

    def __str__(self):
        return f"{self.delegation}: {self.get_answer_display()}"
