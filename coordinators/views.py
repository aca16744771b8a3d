"""The Coordinators' pages: areas and plans of the term, progress and activities, target lists
and their overlaps. Every logged-in user reads; editing follows coordinators.rules."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from directory.models import Mandate, Term, ThematicArea
from directory.roles import is_isu_staff
from documents.exports import to_csv, to_xlsx
from documents.params import Params, read_params
from meetings.models import ActionItem

from . import services
from .documents import (
    PLAN_COLUMNS,
    TARGET_COLUMNS,
    plan_report_for,
    plan_report_request,
    plan_rows,
    quarterly_update_for,
    quarterly_update_request,
    target_rows,
)
from .forms import ActivityForm, ConceptNoteForm, OutputForm, ProgressForm, TargetForm, TermParams
from .models import ActionPlan, ConceptNote, CountryCoalition, Output, ProgressUpdate, TargetState
from .rules import coordinated_area_ids
from .selectors import (
    coalition_for,
    may_queue_quarterly_update,
    output_for,
    plan_for,
    quarterly_update_allowed,
    target_for,
)


def _term_params(request) -> Params:
    """?term=; a bad one is reported and read as absent, and the current term is the default."""
    params = read_params(request, TermParams)
    params.values["term"] = params["term"] or Term.objects.current()
    return params


def _term(request) -> Term | None:
    return _term_params(request)["term"]


@login_required
def area_list(request):
    term = _term(request)
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
        },
    )


PREFIX_SLOT = "p__output__"


@login_required
@require_safe
def plan_detail(request, pk):
    plan = plan_for(request.user, pk)
    can_edit = request.user.has_perm("coordinators.edit_plan", plan)
    # The blank forms are the same for every output but for their prefix: each is rendered once
    # (crispy rendering was two thirds of the page's time), the progress form with a slot for
    # the output's prefix, as a formset's empty form has.
    progress_html = as_crispy_form(ProgressForm(prefix=PREFIX_SLOT)) if can_edit else ""
    outputs = [
        {
            "output": output,
            "status": output.status(),
            "latest": output.latest_progress(),
            "progress_html": mark_safe(progress_html.replace(PREFIX_SLOT, f"p{output.pk}")),
        }
        for output in plan.outputs.all()
    ]
    coordinators = Mandate.objects.filter(area=plan.area, term=plan.term).select_related("state")
    return render(
        request,
        "coordinators/plan_detail.html",
        {
            "plan": plan,
            "outputs": outputs,
            "can_edit": can_edit,
            "coordinators": coordinators,
            "activity_html": as_crispy_form(ActivityForm()) if can_edit else "",
            "report": plan_report_for(plan),
        },
    )


@login_required
@require_POST
def progress_add(request, pk):
    """Record progress. With htmx, the output's section is swapped in place with the new status."""
    output = output_for(request.user, pk, write=True)
    form = ProgressForm(request.POST, prefix=f"p{output.pk}")
    level, message = "danger", ""
    if form.is_valid():
        try:
            services.progress_record(output=output, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            message = error.messages[0]
        else:
            status = Output.objects.prefetch_related("progress_updates").get(pk=output.pk).status()
            level = "success"
            message = _("Progress recorded: output %(n)d is %(status)s.") % {"n": output.number, "status": status.label}
    else:
        message = _("Progress not recorded: %(errors)s") % {
            "errors": "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        }
    if request.htmx:
        output = Output.objects.prefetch_related("progress_updates", "activities").select_related("plan").get(pk=pk)
        row = {
            "output": output,
            "status": output.status(),
            "latest": output.latest_progress(),
            "progress_form": ProgressForm(prefix=f"p{output.pk}") if level == "success" else form,
        }
        return render(
            request,
            "coordinators/_output.html",
            {
                "row": row,
                "can_edit": True,
                "activity_form": ActivityForm(),
                "inline_message": message,
                "inline_level": level,
            },
        )
    (messages.success if level == "success" else messages.error)(request, message)
    return redirect(f"{_plan_url(output.plan)}#output-{output.pk}")


def _plan_url(plan) -> str:
    return reverse("coordinators:plan-detail", args=[plan.pk])


@login_required
def output_edit(request, pk):
    output = output_for(request.user, pk, write=True)
    form = OutputForm(request.POST or None, instance=output, initial={"lock_version": output.lock_version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.OUTPUT_FIELDS}
        try:
            services.output_update(
                output=Output.objects.get(pk=output.pk),
                expected_version=form.cleaned_data["lock_version"],
                by=request.user,
                **changes,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            conflict = Output.objects.get(pk=output.pk)
        else:
            messages.success(request, _("Output %(n)d saved.") % {"n": output.number})
            return redirect(f"{_plan_url(output.plan)}#output-{output.pk}")
    return render(request, "coordinators/output_form.html", {"form": form, "output": output, "conflict": conflict})


@login_required
@require_POST
def activity_add(request, pk):
    output = output_for(request.user, pk, write=True)
    form = ActivityForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.activity_add(output=output, what=data.pop("what"), by=request.user, **data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Activity added."))
    else:
        messages.error(request, _("Activity not added: say what it is, with valid dates."))
    return redirect(f"{_plan_url(output.plan)}#output-{output.pk}")


@login_required
@require_safe
def output_history(request, pk):
    output = output_for(request.user, pk)
    records = list(output.history.select_related("history_user"))
    changes = []
    for new, old in zip(records, records[1:], strict=False):
        diff = new.diff_against(old)
        changes.append((new, [c for c in diff.changes if c.field != "lock_version"]))
    if records:
        changes.append((records[-1], []))
    progress = ProgressUpdate.history.filter(output_id=output.pk).select_related("history_user")
    return render(
        request, "coordinators/output_history.html", {"output": output, "changes": changes, "progress": progress}
    )


@login_required
@require_POST
def plan_report(request, pk):
    """Queue the annual progress report PDF (those who write the plan, and the ISU); the plan
    page shows it when ready."""
    plan = plan_for(request.user, pk, write=True)
    plan_report_request(plan)
    messages.success(request, _("The progress report is being rendered; it appears below when ready."))
    return redirect(_plan_url(plan))


@login_required
@require_POST
def quarterly_update(request):
    params = _term_params(request)
    if params.errors:
        return redirect("coordinators:area-list")
    term = params["term"]
    quarterly_update_allowed(request.user, term)
    quarterly_update_request(term)
    messages.success(request, _("The quarterly update is being rendered; it appears below when ready."))
    return redirect("coordinators:area-list")


@login_required
def plan_export(request, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    plan = plan_for(request.user, pk)
    rows = plan_rows(plan)
    name = f"plan-{plan.area.slug}-{plan.term.name}"
    if fmt == "xlsx":
        body, content_type = to_xlsx(plan.area.name, PLAN_COLUMNS, rows), XLSX
    else:
        body, content_type = to_csv(PLAN_COLUMNS, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def targets_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    params = _term_params(request)
    if params.errors:  # a file of another term than the one asked for would mislead
        return redirect("coordinators:targets")
    term = params["term"]
    rows = target_rows(term)
    if fmt == "xlsx":
        body, content_type = to_xlsx("Targets", TARGET_COLUMNS, rows), XLSX
    else:
        body, content_type = to_csv(TARGET_COLUMNS, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="targets-{term.name if term else "none"}.{fmt}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def targets(request):
    params = _term_params(request)
    if request.method == "POST" and params.errors:  # never add to another term than the one asked for
        return redirect("coordinators:targets")
    term = params["term"]
    columns, rows = services.overlap_matrix(term) if term else ([], [])
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
            "candidates": services.target_candidates(),
            "editable_ids": set(editable.values_list("pk", flat=True)),
        },
    )


@login_required
@require_POST
def target_remove(request, pk):
    target = target_for(request.user, pk, write=True)
    services.target_remove(target=target, by=request.user)
    messages.success(
        request, _("%(state)s removed from the %(area)s list.") % {"state": target.state, "area": target.area}
    )
    return redirect("coordinators:targets")


@login_required
def coalition_list(request):
    coalitions = CountryCoalition.objects.select_related("state").prefetch_related("members__delegation")
    return render(request, "coordinators/coalition_list.html", {"coalitions": coalitions})


@login_required
def coalition_detail(request, pk):
    coalition = coalition_for(request.user, pk)
    meetings = coalition.meetings.order_by("-date")
    actions = ActionItem.objects.filter(meeting__in=meetings).with_related().order_by("status", "due_date")
    return render(
        request,
        "coordinators/coalition_detail.html",
        {"coalition": coalition, "meetings": meetings, "actions": actions},
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
