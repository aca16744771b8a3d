"""A meeting, its numbered agenda and its attendance."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
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
        # the date as the reader's language writes it ("7 December 2016", "7 décembre 2016")
        return f"{self.title} ({date_format(self.date)})"

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
    on_behalf_of_delegation = models.ForeignKey(
        Delegation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on behalf of"),
        help_text=_("The delegation this person speaks for, chosen from the register."),
    )
    on_behalf_of = models.CharField(
        _("on behalf of (earlier text)"),
        max_length=300,
        blank=True,
        help_text=_("Free text from before the choice from the register, kept when it named no delegation."),
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

    @property
    def on_behalf_of_label(self) -> str:
        """Whom this person speaks for, as the lists print it: the delegation chosen from the
        register, else the earlier free text."""
        if self.on_behalf_of_delegation_id:
            return self.on_behalf_of_delegation.name
        return self.on_behalf_of
