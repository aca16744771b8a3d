"""An area's action plan for a term: its outputs, the annual progress report (PDF), the plan's
export and the area's concept note."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from directory.models import Mandate
from documents.exports import export_response
from documents.services import reader_language

from .. import services
from ..forms import ActivityForm, ConceptNoteForm, ProgressForm
from ..models import ConceptNote
from ..pdfs import plan_report_for, plan_report_request
from ..rules import coordinates_plan_area
from ..selectors import PLAN_COLUMNS, coordinator_work, plan_for, plan_outputs, plan_rows
from ..templatetags.coordinators_forms import blank_fields
from .common import output_rows, plan_url


@login_required
@require_safe
def plan_detail(request, pk):
    plan = plan_for(request.user, pk, outputs=False)
    can_edit = request.user.has_perm("coordinators.edit_plan", plan)
    outputs = plan_outputs(plan)
    # each output's progress form posts to its own URL, its fields prefixed with the output: the
    # blank form, rendered once, given each prefix
    progress_fields = blank_fields(ProgressForm, [f"p{o['pk']}" for o in outputs]) if can_edit else None
    coordinators = Mandate.objects.filter(area=plan.area, term=plan.term).select_related("state")
    return render(
        request,
        "coordinators/plan_detail.html",
        {
            "plan": plan,
            "outputs": output_rows(outputs, progress_fields=progress_fields),
            "can_edit": can_edit,
            "coordinators": coordinators,
            "activity_fields": blank_fields(ActivityForm) if can_edit else None,
            "report": plan_report_for(plan),
            # a Coordinator on their own area's plan (where they land): their actions, their outputs at risk
            "my_work": coordinator_work(request.user) if coordinates_plan_area(request.user, plan) else None,
        },
    )


@login_required
@require_POST
def plan_report(request, pk):
    """Queue the annual progress report PDF (those who write the plan, and the ISU); the plan
    page shows it when ready."""
    plan = plan_for(request.user, pk, write=True)
    plan_report_request(plan, language=reader_language())
    messages.success(request, _("The progress report is being rendered; it appears below when ready."))
    return redirect(plan_url(plan))


@login_required
def plan_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    plan = plan_for(request.user, pk)
    return export_response(
        fmt,
        sheet=plan.area.name,
        columns=PLAN_COLUMNS,
        rows=plan_rows(plan),
        filename=f"plan-{plan.area.slug}-{plan.term.name}",
    )


@login_required
def concept_note(request, pk):
    """Read the area's concept note; its Coordinators and the ISU write it or upload it."""
    plan = plan_for(request.user, pk, write=request.method == "POST")
    note = ConceptNote.objects.filter(area=plan.area, term=plan.term).first()
    can_edit = request.user.has_perm("coordinators.edit_plan", plan)
    form = None
    if can_edit or request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        initial = {"text": note.text, "is_public": note.is_public} if note else {}
        form = ConceptNoteForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.concept_note_save(plan=plan, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Concept note saved."))
                return redirect("coordinators:concept-note", pk=plan.pk)
    return render(request, "coordinators/concept_note.html", {"plan": plan, "note": note, "form": form})


@login_required
def concept_note_file(request, pk):
    plan = plan_for(request.user, pk)
    note = get_object_or_404(ConceptNote, area=plan.area, term=plan.term)
    if not note.file:
        raise Http404
    return FileResponse(note.file.open("rb"), as_attachment=True, filename=note.file.name.rsplit("/", 1)[-1])
