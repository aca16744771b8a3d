"""The record of a meeting: its minutes (draft → circulated → approved, one row per version),
the text per agenda item, statements, comments on circulated minutes and decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory import roles
from directory.models import Delegation, Person

from .meeting import AgendaItem, Meeting


class MinutesQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every version for ISU staff; circulated and later versions for the other Committee
        members (drafts never leave the ISU); nothing for anybody else."""
        if roles.is_isu_staff(user):
            return self
        if roles.is_committee_member(user):
            return self.exclude(status=Minutes.Status.DRAFT)
        return self.none()

    def awaiting_circulation(self):
        return self.filter(status=Minutes.Status.DRAFT, meeting__status=Meeting.Status.HELD)

    def awaiting_approval(self):
        return self.filter(status=Minutes.Status.CIRCULATED)


class Minutes(models.Model):
    """One version of a meeting's minutes. A correction of approved minutes is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    correction_reason = models.TextField(blank=True)
    documents_distributed = models.TextField(blank=True)
    comment_deadline = models.DateField(null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    circulation_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_approved_here"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=0)

    objects = MinutesQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "minutes"
        ordering = ["meeting", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="unique_minutes_version")]

    def __str__(self):
        return f"Minutes of {self.meeting} (v{self.version}, {self.get_status_display()})"

    @property
    def is_frozen(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.SUPERSEDED)

    def pending_comments(self):
        return MinutesComment.objects.filter(item__minutes=self, resolution=MinutesComment.Resolution.PENDING)


class MinutesItem(models.Model):
    """The text of the minutes for one agenda item (Markdown, sanitised when shown)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="minutes_items")
    text = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["minutes", "agenda_item"], name="one_text_per_item_per_version")]

    def __str__(self):
        return f"{self.minutes} – {self.agenda_item}"


class Statement(models.Model):
    """What a delegation said under an agenda item, possibly on behalf of others."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="statements")
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on_behalf_of = models.CharField(max_length=300, blank=True)
    anonymous_category = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("For a statement recorded without attribution: 'A donor/partner State'."),
    )
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "order", "pk"]

    def __str__(self):
        return f"{self.speaker_label}: {self.text[:60]}"

    @property
    def speaker_label(self) -> str:
        return str(self.delegation) if self.delegation_id else (self.anonymous_category or _("A participant"))


class MinutesComment(models.Model):
    """A Committee member's comment on one item of circulated minutes, settled by the ISU."""

    class Resolution(models.TextChoices):
        PENDING = "pending", _("Pending")
        TAKEN_IN = "taken_in", _("Taken in")
        DECLINED = "declined", _("Declined")

    item = models.ForeignKey(MinutesItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, default=Resolution.PENDING)
    resolution_reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment by {self.author} on {self.item.agenda_item}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.text[:80]
