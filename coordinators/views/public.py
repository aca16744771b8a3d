"""The plans the ISU marked public, for anyone (no login)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render

from ..models import ActionPlan, Output


def public_plans(request):
    """The plans the ISU marked public, for anyone (no login)."""
    plans = (
        ActionPlan.objects.filter(is_public=True)
        .select_related("area", "term")
        .prefetch_related(Prefetch("outputs", queryset=Output.objects.prefetch_related("progress_updates")))
    )
    return render(
        request,
        "coordinators/public_plans.html",
        {"plans": [(plan, [(o, o.status()) for o in plan.outputs.all()]) for plan in plans]},
    )
