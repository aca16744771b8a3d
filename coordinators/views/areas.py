"""The thematic areas of a term, each with its Coordinators and its plan's outputs; the ISU's
quarterly update of the term."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Mandate, Term, ThematicArea
from documents.services import reader_language

from ..models import ActionPlan, Output
from ..pdfs import quarterly_update_for, quarterly_update_request
from ..rules import coordinated_area_ids
from ..selectors import coordinator_work, may_queue_quarterly_update, quarterly_update_allowed
from .common import term_params


@login_required
def area_list(request):
    term = term_params(request)["term"]
    plans = {
        p.area_id: p
        for p in ActionPlan.objects.filter(term=term).prefetch_related(
            Prefetch("outputs", queryset=Output.objects.prefetch_related("progress_updates")), "outputs__plan"
        )
    }
    mandates: dict[int, list] = {}
    for mandate in Mandate.objects.filter(term=term).select_related("state"):
        mandates.setdefault(mandate.area_id, []).append(mandate.state)
    mine = coordinated_area_ids(request.user)
    rows = []
    for area in ThematicArea.objects.all():
        plan = plans.get(area.pk)
        statuses = [o.status() for o in plan.outputs.all()] if plan else []
        rows.append(
            {
                "area": area,
                "states": mandates.get(area.pk, []),
                "plan": plan,
                "statuses": statuses,
                "mine": area.pk in mine,
            }
        )
    rows.sort(key=lambda r: not r["mine"])
    return render(
        request,
        "coordinators/area_list.html",
        {
            "term": term,
            "rows": rows,
            "terms": Term.objects.all(),
            "quarterly": quarterly_update_for(term) if term else None,
            "can_queue_quarterly": may_queue_quarterly_update(request.user, term),
            # a Coordinator of several areas lands here: their actions, their outputs at risk
            "my_work": coordinator_work(request.user) if mine else None,
        },
    )


@login_required
@require_POST
def quarterly_update(request):
    params = term_params(request)
    if params.errors:
        return redirect("coordinators:area-list")
    term = params["term"]
    quarterly_update_allowed(request.user, term)
    quarterly_update_request(term, language=reader_language())
    messages.success(request, _("The quarterly update is being rendered; it appears below when ready."))
    return redirect("coordinators:area-list")
