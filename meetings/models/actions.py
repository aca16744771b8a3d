"""Action items: commitments made at a meeting, tracked until done or dropped."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory import roles
from directory.models import Delegation, Person

from .meeting import AgendaItem, Meeting


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
