"""An output of a plan: progress recorded (in place with htmx), edited under a version check,
its activities, its history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..forms import ActivityForm, OutputForm, ProgressForm
from ..models import Output, ProgressUpdate
from ..rules import coordinates_plan_area
from ..selectors import coordinator_work, output_for, plan_outputs
from ..templatetags.coordinators_forms import fields_html
from .common import output_rows, plan_url


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
        fields = fields_html(ProgressForm(prefix=f"p{output.pk}") if level == "success" else form)
        (row,) = output_rows(plan_outputs(output.plan, output_pk=output.pk), progress_fields={f"p{output.pk}": fields})
        return render(
            request,
            "coordinators/_output.html",
            {
                "row": row,
                "can_edit": True,
                "activity_fields": fields_html(ActivityForm()),
                "inline_message": message,
                "inline_level": level,
                # The landing panels above the plan follow the new status (an out-of-band swap).
                "my_work": coordinator_work(request.user) if coordinates_plan_area(request.user, output.plan) else None,
            },
        )
    (messages.success if level == "success" else messages.error)(request, message)
    return redirect(f"{plan_url(output.plan)}#output-{output.pk}")


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
            return redirect(f"{plan_url(output.plan)}#output-{output.pk}")
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
    return redirect(f"{plan_url(output.plan)}#output-{output.pk}")


@login_required
@require_safe
def output_history(request, pk):
    output = output_for(request.user, pk)
    records = list(output.history.select_related("history_user"))
    changes = []
    # the fields by the name the form gives them, in the reader's language ("target_value" → "Target value")
    labels = {name: field.label for name, field in OutputForm.base_fields.items()}
    for new, old in zip(records, records[1:], strict=False):
        diff = new.diff_against(old)
        changes.append(
            (
                new,
                [
                    {"field": labels.get(c.field) or c.field, "old": c.old, "new": c.new}
                    for c in diff.changes
                    if c.field != "lock_version"
                ],
            )
        )
    if records:
        changes.append((records[-1], []))
    progress = ProgressUpdate.history.filter(output_id=output.pk).select_related("history_user")
    return render(
        request, "coordinators/output_history.html", {"output": output, "changes": changes, "progress": progress}
    )
