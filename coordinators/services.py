"""The write operations on Coordinators' plans and target lists. Each checks the rule, runs in
one transaction and records who did it (django-simple-history keeps the audit trail)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import State, Term, ThematicArea

from .models import ActionPlan, Activity, ConceptNote, Output, ProgressUpdate, TargetState


def _require_edit(user, plan: ActionPlan) -> None:
    if not user.has_perm("coordinators.edit_plan", plan):
        raise PermissionDenied(_("Only the ISU and the Coordinators of this area in the current term edit this plan."))


def _history(obj, by):
    obj._history_user = by
    return obj


@transaction.atomic
def progress_record(
    *,
    output: Output,
    date: datetime.date,
    value: Decimal,
    narrative: str = "",
    evidence: str = "",
    by: AbstractBaseUser,
) -> ProgressUpdate:
    """Record the value an output reached on a date; its status follows from it."""
    _require_edit(by, output.plan)
    if date > timezone.localdate():
        raise ValidationError(_("Progress cannot be reported for a future date."))
    if value < 0:
        raise ValidationError(_("The value reached cannot be negative."))
    update = ProgressUpdate(
        output=output, date=date, value=value, narrative=narrative.strip(), evidence=evidence.strip(), recorded_by=by
    )
    _history(update, by).save()
    return update


OUTPUT_FIELDS = {"text", "indicator", "baseline", "target_value", "unit", "deadline", "serves_action"}


@transaction.atomic
def output_update(*, output: Output, expected_version: int, by: AbstractBaseUser, **changes) -> Output:
    """Change an output, refusing to overwrite a change saved since the user opened it."""
    _require_edit(by, output.plan)
    unknown = set(changes) - OUTPUT_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    baseline = changes.get("baseline", output.baseline)
    target = changes.get("target_value", output.target_value)
    if target <= baseline:
        raise ValidationError(_("The target must be above the baseline."))
    updated = Output.objects.filter(pk=output.pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1, **changes
    )
    if not updated:
        raise ValidationError(
            _("Somebody else changed this output in the meantime. Nothing was saved; reload to see their change.")
        )
    output.refresh_from_db()
    _history(output, by).save()
    return output


@transaction.atomic
def output_add(*, plan: ActionPlan, by: AbstractBaseUser, **fields) -> Output:
    _require_edit(by, plan)
    if fields.get("target_value") is None or fields["target_value"] <= fields.get("baseline", Decimal(0)):
        raise ValidationError(_("The target must be above the baseline."))
    number = max((o.number for o in plan.outputs.all()), default=0) + 1
    output = Output(plan=plan, number=number, **fields)
    _history(output, by).save()
    return output


@transaction.atomic
def activity_add(*, output: Output, what: str, by: AbstractBaseUser, **fields) -> Activity:
    _require_edit(by, output.plan)
    if not what.strip():
        raise ValidationError(_("Say what the activity is."))
    if fields.get("start") and fields.get("end") and fields["end"] < fields["start"]:
        raise ValidationError(_("An activity cannot end before it starts."))
    activity = Activity(output=output, what=what.strip(), **fields)
    _history(activity, by).save()
    return activity


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str, by: AbstractBaseUser) -> Activity:
    _require_edit(by, activity.output.plan)
    if status not in Activity.Status.values:
        raise ValidationError(_("Unknown status."))
    activity.status = status
    _history(activity, by).save()
    return activity


@transaction.atomic
def target_add(
    *, area: ThematicArea, term: Term, state: State, reason: str, note: str = "", by: AbstractBaseUser
) -> TargetState:
    """Put a State on an area's target list for the term (once)."""
    plan = ActionPlan.objects.filter(area=area, term=term).first() or ActionPlan(area=area, term=term)
    _require_edit(by, plan)
    if reason not in TargetState.Reason.values:
        raise ValidationError(_("Unknown reason."))
    if TargetState.objects.filter(area=area, term=term, state=state).exists():
        raise ValidationError(_("%(state)s is already on this target list.") % {"state": state})
    target = TargetState(area=area, term=term, state=state, reason=reason, note=note.strip())
    _history(target, by).save()
    return target


@transaction.atomic
def target_remove(*, target: TargetState, by: AbstractBaseUser) -> None:
    plan = ActionPlan.objects.filter(area=target.area, term=target.term).first() or ActionPlan(
        area=target.area, term=target.term
    )
    _require_edit(by, plan)
    _history(target, by).delete()


@transaction.atomic
def concept_note_save(*, plan: ActionPlan, text: str, file=None, is_public: bool, by: AbstractBaseUser) -> ConceptNote:
    """Write the area's concept note for the term (text, an uploaded file, or both)."""
    _require_edit(by, plan)
    note, _created = ConceptNote.objects.get_or_create(area=plan.area, term=plan.term)
    note.text = text.strip()
    note.is_public = is_public
    if file is not None:
        note.file.save(file.name, file, save=False)
    if not note.text and not note.file:
        raise ValidationError(_("Write the concept note or upload it."))
    _history(note, by).save()
    return note
