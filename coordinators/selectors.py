"""What the Coordinators' pages read: the loaders every view uses (one per object kind), the
overlaps and candidates of the target lists, and the rows of the plan and target exports.

Every logged-in user reads the plans, their outputs, concept notes, target lists and Country
Coalitions; the ISU and the Coordinators of a plan's area in the current term write them (see
coordinators.rules). Something a user may not see answers 404, the same as something that does
not exist; 403 only when they see it but may not change it (write=True). Rendering a report PDF
is writing: it is queued only by those who may write the plan (or, for the quarterly update of a
term, some plan of that term) and by the ISU.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Article7Report, Obligation, State, Term, ThematicArea, TreatyStatus
from directory.roles import is_isu_staff
from meetings.selectors import my_actions_for

from .models import ActionPlan, Activity, CountryCoalition, Output, ProgressUpdate, TargetState
from .rules import can_edit_plan, coordinated_area_ids
from .status import OutputStatus, output_status


def _require_write(user, plan: ActionPlan) -> None:
    if not can_edit_plan(user, plan):
        raise PermissionDenied


def plan_for(user, pk, *, write: bool = False, outputs: bool = True) -> ActionPlan:
    """The plan (with its outputs, their progress and activities, unless outputs=False: the plan's
    page reads them as values, plan_outputs) if this user may see it."""
    # str(term) names its Presidency
    plans = ActionPlan.objects.visible_to(user).select_related("area", "term__presidency")
    if outputs:
        plans = plans.prefetch_related(
            Prefetch("outputs", queryset=Output.objects.prefetch_related("progress_updates", "activities"))
        )
    plan = get_object_or_404(plans, pk=pk)
    if write:
        _require_write(user, plan)
    return plan


def plan_outputs(plan: ActionPlan, *, output_pk: int | None = None, today: datetime.date | None = None) -> list[dict]:
    """The plan's outputs (or the one output_pk), in order, as its page shows them: each output's
    fields, its progress updates newest first, its activities and its status on `today`
    (Output.latest_progress, current_value and status worked out here), read as values in three
    queries rather than as a few dozen model objects through prefetches."""
    today = today or timezone.localdate()
    outputs = Output.objects.filter(plan=plan)
    if output_pk is not None:
        outputs = outputs.filter(pk=output_pk)
    rows = list(
        outputs.order_by("number").values(
            "pk", "number", "text", "indicator", "baseline", "target_value", "unit", "deadline", "serves_action"
        )
    )
    pks = [row["pk"] for row in rows]
    # in the model's order: newest first (the first is Output.latest_progress)
    updates = _by_output(ProgressUpdate, pks, ("-date", "-pk"), ("date", "value", "narrative", "evidence"))
    activities = _by_output(Activity, pks, ("start", "pk"), ("what", "who", "end", "status"))
    for row in rows:
        row["updates"] = updates.get(row["pk"], [])
        row["activities"] = activities.get(row["pk"], [])
        row["latest"] = row["updates"][0] if row["updates"] else None
        row["current_value"] = row["latest"]["value"] if row["latest"] else row["baseline"]
        row["status"] = output_status(
            baseline=row["baseline"],
            target=row["target_value"],
            value=row["current_value"],
            start=plan.starts,
            deadline=row["deadline"],
            today=today,
        )
    return rows


def _by_output(model, output_pks: list[int], order: tuple, fields: tuple) -> dict[int, list[dict]]:
    """The rows of `model` (a progress update, an activity) of these outputs, as values of
    `fields`, grouped by output in `order`: one query."""
    grouped: dict[int, list[dict]] = {}
    rows = model.objects.filter(output_id__in=output_pks).order_by("output_id", *order).values("output_id", *fields)
    for row in rows:
        grouped.setdefault(row["output_id"], []).append(row)
    return grouped


def output_for(user, pk, *, write: bool = False) -> Output:
    """An output, on the same terms as its plan."""
    output = get_object_or_404(
        Output.objects.filter(plan__in=ActionPlan.objects.visible_to(user)).select_related("plan__area", "plan__term"),
        pk=pk,
    )
    if write:
        _require_write(user, output.plan)
    return output


def target_for(user, pk, *, write: bool = False) -> TargetState:
    """A State on an area's target list, on the same terms as the area's plan for that term."""
    if not user.is_authenticated:
        raise Http404
    target = get_object_or_404(TargetState.objects.select_related("area", "term", "state"), pk=pk)
    if write:
        plan = ActionPlan.objects.filter(area=target.area, term=target.term).first() or ActionPlan(
            area=target.area, term=target.term
        )
        _require_write(user, plan)
    return target


def coalition_for(user, pk) -> CountryCoalition:
    """A Country Coalition: read by every logged-in user."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        CountryCoalition.objects.select_related("state").prefetch_related("members__delegation__state"), pk=pk
    )


def may_queue_quarterly_update(user, term: Term | None) -> bool:
    """The ISU, or a Coordinator who writes a plan of this term (a term's plans are written
    only while it is the current term)."""
    if term is None or not user.is_authenticated:
        return False
    if is_isu_staff(user):
        return True
    current = Term.objects.current()
    return current is not None and term.pk == current.pk and bool(coordinated_area_ids(user))


def quarterly_update_allowed(user, term: Term | None) -> None:
    """404 for somebody who sees no plans; 403 for a reader who may not queue the update."""
    if not user.is_authenticated or term is None:
        raise Http404
    if not may_queue_quarterly_update(user, term):
        raise PermissionDenied


# --- a Coordinator's own work: their landing's panels and their weekly digest ---------------

TROUBLED = (OutputStatus.AT_RISK, OutputStatus.OFF_TRACK)


def my_outputs(user, *, today: datetime.date | None = None) -> list[tuple[Output, OutputStatus]]:
    """The outputs of the current term's plans of the areas the user's State coordinates, each
    with its status on `today`, area by area in the plans' order."""
    areas = coordinated_area_ids(user)
    if not areas:
        return []
    today = today or timezone.localdate()
    outputs = (
        Output.objects.filter(plan__area_id__in=areas, plan__term=Term.objects.current(today))
        .select_related("plan__area")
        .prefetch_related("progress_updates")
        .order_by("plan__area__order", "plan__area__name", "number", "pk")
    )
    return [(output, output.status(today)) for output in outputs]


def coordinator_work(user) -> dict:
    """What a Coordinator's landing shows: their own and their delegation's open action items
    (overdue first) and their plans' outputs at risk or off track."""
    return {
        "actions": list(my_actions_for(user)),
        "troubled": [(output, status) for output, status in my_outputs(user) if status in TROUBLED],
    }


# --- reads that several pages need ---------------------------------------------------------


def overlap_matrix(term: Term) -> tuple[list[ThematicArea], list[tuple[State, list[bool], list[TargetState]]]]:
    """States targeted by more than one area in the term, with the areas that target them."""
    areas = list(ThematicArea.objects.all())
    targets = TargetState.objects.filter(term=term).select_related("state", "area")
    by_state: dict[int, list[TargetState]] = {}
    for target in targets:
        by_state.setdefault(target.state_id, []).append(target)
    rows = []
    for state_targets in by_state.values():
        if len({t.area_id for t in state_targets}) > 1:
            targeted = {t.area_id for t in state_targets}
            rows.append((state_targets[0].state, [a.pk in targeted for a in areas], state_targets))
    rows.sort(key=lambda row: row[0].name)
    return areas, rows


def target_candidates(*, years: int = 3, on: datetime.date | None = None) -> list[tuple[State, str, str]]:
    """States the register suggests as targets: deadlines within `years`, and signatories."""
    on = on or timezone.localdate()
    horizon = on.replace(year=on.year + years)
    candidates: dict[int, tuple[State, str, str]] = {}
    for obligation in Obligation.objects.filter(completed__isnull=True).select_related("state"):
        if on <= obligation.deadline <= horizon:
            candidates[obligation.state_id] = (
                obligation.state,
                TargetState.Reason.IMPENDING_DEADLINE,
                _("%(article)s deadline %(date)s")
                % {
                    "article": obligation.get_article_display(),
                    "date": obligation.deadline.isoformat(),
                },
            )
    for report in Article7Report.objects.filter(submitted__isnull=True, due__lt=on).select_related("state"):
        why = _("Article 7 report %(year)d overdue") % {"year": report.year}
        candidates.setdefault(report.state_id, (report.state, TargetState.Reason.OVERDUE_REPORT, why))
    for status in TreatyStatus.objects.filter(
        convention__code="ccm", status=TreatyStatus.Status.SIGNATORY
    ).select_related("state"):
        candidates.setdefault(status.state_id, (status.state, TargetState.Reason.SIGNATORY, _("signatory")))
    return sorted(candidates.values(), key=lambda c: c[0].name)


# --- the rows of the plan and target-list exports (written by documents.exports) -----------

PLAN_COLUMNS = ["output", "text", "indicator", "baseline", "target", "unit", "deadline", "reached", "status", "serves"]
TARGET_COLUMNS = ["area", "term", "state", "iso3", "reason", "note"]


def plan_rows(plan: ActionPlan) -> list[list]:
    today = timezone.localdate()
    return [
        [o.number, o.text, o.indicator, o.baseline, o.target_value, o.unit, o.deadline, o.current_value,
         o.status(today).label, o.serves_action]
        for o in Output.objects.filter(plan=plan).prefetch_related("progress_updates").select_related("plan")
    ]  # fmt: skip


def target_rows(term) -> list[list]:
    return [
        [t.area.name, t.term.name, t.state.name, t.state.iso3, t.get_reason_display(), t.note]
        for t in TargetState.objects.filter(term=term).select_related("area", "term", "state")
    ]
