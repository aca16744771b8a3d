"""Coordinators' action plans (outputs, activities, progress), concept notes and target lists.

Mandates (which State coordinates which area in which term) are part of the register: see
directory.models.Mandate.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.models import State, Term, ThematicArea

from .status import OutputStatus, output_status


class ConceptNote(models.Model):
    """An area's concept note for a term: text, an uploaded file, or both."""

    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="concept_notes")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="concept_notes")
    text = models.TextField(blank=True)
    file = models.FileField(upload_to="concept-notes/", blank=True)
    is_public = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "term"], name="one_concept_note_per_area_and_term")]

    def __str__(self):
        return f"Concept note: {self.area} ({self.term.name})"


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every plan for a logged-in user (plans are read by everyone who logs in); the plans the
        ISU marked public for anybody else."""
        return self if user is not None and user.is_authenticated else self.filter(is_public=True)


class ActionPlan(models.Model):
    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="action_plans")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=300)
    starts = models.DateField(help_text=_("From when progress towards the targets is measured."))
    is_public = models.BooleanField(default=False)
    lock_version = models.PositiveIntegerField(default=0)

    objects = ActionPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "area__order"]
        constraints = [models.UniqueConstraint(fields=["area", "term"], name="one_plan_per_area_and_term")]

    def __str__(self):
        return self.title


class Output(models.Model):
    """An expected output with a measurable target and a deadline; its status is derived."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="outputs")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    indicator = models.CharField(max_length=300)
    baseline = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    target_value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=60, help_text=_("e.g. States Parties, km², letters"))
    deadline = models.DateField()
    serves_action = models.CharField(
        max_length=200, blank=True, help_text=_("The Action Plan action it serves, e.g. 'Dubrovnik Action Plan 3.2'")
    )
    lock_version = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_output_number_in_plan"),
            models.CheckConstraint(
                condition=models.Q(target_value__gt=models.F("baseline")), name="target_above_baseline"
            ),
        ]

    def __str__(self):
        return f"Output {self.number}: {self.text[:60]}"

    def latest_progress(self):
        updates = sorted(self.progress_updates.all(), key=lambda u: (u.date, u.pk))
        return updates[-1] if updates else None

    @property
    def current_value(self) -> Decimal:
        latest = self.latest_progress()
        return latest.value if latest else self.baseline

    def status(self, today=None) -> OutputStatus:
        return output_status(
            baseline=self.baseline,
            target=self.target_value,
            value=self.current_value,
            start=self.plan.starts,
            deadline=self.deadline,
            today=today or timezone.localdate(),
        )


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="activities")
    what = models.TextField()
    who = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["output", "start", "pk"]
        verbose_name_plural = "activities"

    def __str__(self):
        return self.what[:80]


class ProgressUpdate(models.Model):
    """The value an output reached on a date, with the narrative and the evidence."""

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    narrative = models.TextField(blank=True)
    evidence = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["output", "-date", "-pk"]

    def __str__(self):
        return f"{self.output}: {self.value} on {self.date}"


class TargetState(models.Model):
    """A State an area targets in a term, and why."""

    class Reason(models.TextChoices):
        OVERDUE_REPORT = "overdue-report", _("Overdue Article 7 report")
        LEGISLATION = "legislation", _("Legislation in progress")
        IMPENDING_DEADLINE = "deadline", _("Impending Article 3/4 deadline")
        SIGNATORY = "signatory", _("Signatory")
        UNGA_VOTE = "unga", _("Voted for the UNGA resolution")
        MBC_NOT_CCM = "mbc", _("Party to the Mine Ban Convention, not to the CCM")
        ASSISTANCE = "assistance", _("Victim assistance obligations")
        OTHER = "other", _("Other")

    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="targets")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="targets")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="targeted_by")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["area__order", "state__name"]
        constraints = [models.UniqueConstraint(fields=["area", "term", "state"], name="one_target_per_area_term")]

    def __str__(self):
        return f"{self.area}: {self.state} ({self.get_reason_display()})"


class CountryCoalition(models.Model):
    """A platform around one affected State, coordinated by that State itself, uniting its
    authorities, donor/partner States, operators and organisations."""

    state = models.OneToOneField(State, on_delete=models.PROTECT, related_name="country_coalition")
    established = models.DateField(null=True, blank=True)
    purpose = models.TextField(blank=True, help_text=_("The obligations it addresses: clearance, stockpiles, victims."))
    meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="country_coalitions")

    class Meta:
        ordering = ["state__name"]

    def __str__(self):
        return f"Country Coalition of {self.state}"


class CoalitionMember(models.Model):
    class Role(models.TextChoices):
        NATIONAL_AUTHORITY = "authority", _("National authority")
        DONOR = "donor", _("Donor/partner State")
        OPERATOR = "operator", _("Operator")
        ORGANISATION = "organisation", _("Organisation")
        EXPERT = "expert", _("Expert")

    coalition = models.ForeignKey(CountryCoalition, on_delete=models.CASCADE, related_name="members")
    delegation = models.ForeignKey("directory.Delegation", null=True, blank=True, on_delete=models.PROTECT)
    name = models.CharField(max_length=200, blank=True, help_text=_("For a member not in the register (an operator)."))
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["coalition", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delegation__isnull=False) | ~models.Q(name=""), name="a_member_has_a_name"
            )
        ]

    def __str__(self):
        return f"{self.delegation or self.name} ({self.get_role_display()})"
