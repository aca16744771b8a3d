"""The target lists of a term: the States each area works with, their overlaps, the candidates
the register suggests, and the lists' export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import ThematicArea
from directory.names import state_name
from directory.roles import is_isu_staff
from documents.exports import export_response

from .. import services
from ..forms import TargetForm
from ..models import TargetState
from ..rules import coordinated_area_ids
from ..selectors import TARGET_COLUMNS, overlap_matrix, target_candidates, target_for, target_rows
from .common import term_params


@login_required
def targets(request):
    params = term_params(request)
    if request.method == "POST" and params.errors:  # never add to another term than the one asked for
        return redirect("coordinators:targets")
    term = params["term"]
    columns, rows = overlap_matrix(term) if term else ([], [])
    editable = (
        ThematicArea.objects.all()
        if is_isu_staff(request.user)
        else ThematicArea.objects.filter(pk__in=coordinated_area_ids(request.user))
    )
    form = TargetForm(request.POST or None, areas=editable)
    if request.method == "POST":
        if not editable.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                services.target_add(term=term, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Target added."))
                return redirect("coordinators:targets")
    lists = TargetState.objects.filter(term=term).select_related("area", "state").order_by("area__order", "state__name")
    return render(
        request,
        "coordinators/targets.html",
        {
            "term": term,
            "columns": columns,
            "rows": rows,
            "lists": lists,
            "form": form if editable.exists() else None,
            "candidates": target_candidates(),
            "editable_ids": set(editable.values_list("pk", flat=True)),
        },
    )


@login_required
@require_POST
def target_remove(request, pk):
    target = target_for(request.user, pk, write=True)
    services.target_remove(target=target, by=request.user)
    messages.success(
        request,
        _("%(state)s removed from the %(area)s list.")
        % {"state": state_name(target.state, article=False), "area": target.area},
    )
    return redirect("coordinators:targets")


@login_required
def targets_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    params = term_params(request)
    if params.errors:  # a file of another term than the one asked for would mislead
        return redirect("coordinators:targets")
    term = params["term"]
    return export_response(
        fmt,
        sheet="Targets",
        columns=TARGET_COLUMNS,
        rows=target_rows(term),
        filename=f"targets-{term.name if term else 'none'}",
    )
