"""Coordinators' mandates. Action plans, target lists and Country Coalitions build on these."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import State, Term, ThematicArea


class MandateQuerySet(models.QuerySet):
    def for_term(self, term):
        return self.filter(term=term)

    def areas_of_state(self, state, term):
        return ThematicArea.objects.filter(mandates__state=state, mandates__term=term)


class Mandate(models.Model):
    """A State coordinates a thematic area for a term (Italy: Victim Assistance, 7MSP)."""

    area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="mandates")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="mandates")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="mandates")
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Order in which the coordinators are named."))

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["term", "area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "term", "state"], name="unique_mandate")]

    def __str__(self):
        return f"{self.state} – {self.area} ({self.term.name})"
