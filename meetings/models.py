"""Meetings, their agenda, attendance, minutes (draft → circulated → approved), statements,
decisions and action items."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory import roles
from directory.models import Convention, Delegation, Person, Term, ThematicArea


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The meetings this user may see: all for Committee members (ISU staff, Coordinators);
        none for anybody else (their pages answer 404)."""
        return self if roles.is_committee_member(user) else self.none()

    def upcoming(self, on=None):
        on = on or timezone.localdate()
        return self.filter(date__gte=on, status=Meeting.Status.PLANNED).order_by("date", "start_time")

    def before(self, meeting):
        return self.filter(Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk or 0))


class Meeting(models.Model):
    class Kind(models.TextChoices):
        COORDINATION_COMMITTEE = "cc", _("Coordination Committee")
        INFORMAL = "informal", _("Informal meeting")
        WORKSHOP = "workshop", _("Workshop")
        MSP = "msp", _("Meeting of States Parties")
        INTERSESSIONAL = "intersessional", _("Intersessional meeting")
        COUNTRY_COALITION = "coalition", _("Country Coalition")
        BILATERAL = "bilateral", _("Bilateral meeting")

    class Confidentiality(models.TextChoices):
        OPEN = "open", _("Open")
        RESTRICTED = "restricted", _("Restricted")
        CHATHAM_HOUSE = "chatham", _("Chatham House rule")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COORDINATION_COMMITTEE)
    title = models.CharField(max_length=300)
    conventions = models.ManyToManyField(Convention, related_name="meetings")
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Its number in its series under the term (the third CC meeting: 3).")
    )
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text=_("Geneva time"))
    end_time = models.TimeField(null=True, blank=True, help_text=_("Geneva time"))
    venue = models.CharField(max_length=300, blank=True)
    hosts = models.ManyToManyField(Delegation, blank=True, related_name="hosted_meetings")
    chair = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confidentiality = models.CharField(
        max_length=20, choices=Confidentiality.choices, default=Confidentiality.RESTRICTED
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[])

    class Meta:
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["date", "status"]), models.Index(fields=["kind", "date"])]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term", "number"], name="unique_meeting_number_in_term"),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d %B %Y})"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The meeting must end after it starts.")})

    def previous(self):
        """The meeting of the same kind held just before this one (its minutes come up for approval)."""
        return (
            Meeting.objects.filter(kind=self.kind)
            .exclude(status=Meeting.Status.CANCELLED)
            .exclude(pk=self.pk)
            .before(self)
            .order_by("-date", "-pk")
            .first()
        )

    @property
    def current_minutes(self):
        return self.minutes.order_by("-version").first()


class AgendaItem(models.Model):
    """A numbered item (5) or sub-item (5.1). Numbers are derived from positions by renumber()."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Item")
        ATTENDANCE = "attendance", _("Attendance")
        APPROVAL_OF_MINUTES = "approval", _("Approval of the minutes")
        MATTERS_ARISING = "matters", _("Matters arising")
        NEXT_MEETING = "next", _("Date of the next meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=12, blank=True, editable=False)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    thematic_area = models.ForeignKey(
        ThematicArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    presenters = models.ManyToManyField(Delegation, blank=True, related_name="presented_items")
    approves_minutes_of = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_in_items"
    )

    class Meta:
        ordering = ["meeting", "parent__position", "position"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def sort_key(self):
        return tuple(int(p) for p in self.number.split(".") if p.isdigit())


class Attendance(models.Model):
    """One person at a meeting, or a whole delegation's apologies when no person is named."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        REMOTE = "remote", _("Remote")
        APOLOGIES = "apologies", _("Apologies")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    capacity = models.CharField(max_length=200, blank=True, help_text=_("e.g. 7MSP President"))
    on_behalf_of = models.CharField(
        max_length=300, blank=True, help_text=_("e.g. on behalf of the Coordinators on Victim Assistance")
    )
    is_guest = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="one_attendance_per_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "delegation"],
                condition=Q(person__isnull=True),
                name="one_delegation_row_per_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.person or self.delegation}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.REMOTE)


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


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The action items of the meetings this user may see (the same rule as the meetings)."""
        return self if roles.is_committee_member(user) else self.none()

    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)

    def overdue(self, on=None):
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def due_soon(self, days=30, on=None):
        on = on or timezone.localdate()
        return self.open().filter(due_date__gte=on, due_date__lte=on + timezone.timedelta(days=days))

    def with_related(self):
        return self.select_related(
            "meeting", "agenda_item", "owner_delegation", "owner_person", "owner_person__delegation"
        )


class ActionItem(models.Model):
    """A commitment made at a meeting, tracked until done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    text = models.TextField()
    owner_delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_delegation__isnull=False) | Q(owner_person__isnull=False),
                name="action_item_has_an_owner",
            )
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def owner_label(self) -> str:
        if self.owner_person_id:
            return str(self.owner_person)
        return str(self.owner_delegation)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date is not None and self.due_date < timezone.localdate()


def attendance_by_delegation(meeting: Meeting):
    """[(delegation, [attendances])] in the order the minutes list them."""
    groups: dict[int, tuple] = {}
    for attendance in meeting.attendances.select_related("delegation", "person").order_by("order", "pk"):
        groups.setdefault(attendance.delegation_id, (attendance.delegation, []))[1].append(attendance)
    return list(groups.values())


# The public-summary models live in their own module; importing them here registers them.
from .models_summary import (  # noqa: E402, F401
    ImportedDocument,
    LeakFinding,
    MeetingParticipant,
    ParticipantCategory,
    PublicSummary,
    SummaryEntry,
    SummaryEvent,
)
