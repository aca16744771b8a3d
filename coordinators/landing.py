"""A Coordinator's landing after login (registered with directory.landing in apps.py)."""

from __future__ import annotations

from django.urls import reverse

from directory.models import Term

from .models import ActionPlan
from .rules import coordinated_area_ids


def coordinator_landing(user) -> str | None:
    """The page of the one area the user's State coordinates in the current term: its action plan
    for the term, or the areas' page when the plan is not written yet. Two areas or more: the
    areas' page, which lists the user's own areas first (the chooser). No area: None."""
    areas = coordinated_area_ids(user)
    if not areas:
        return None
    if len(areas) == 1:
        plan = ActionPlan.objects.filter(area_id=next(iter(areas)), term=Term.objects.current()).first()
        if plan is not None:
            return reverse("coordinators:plan-detail", args=[plan.pk])
    return reverse("coordinators:area-list")
