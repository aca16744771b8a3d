"""The loaders every Coordinators' view uses: one per object kind.

Every logged-in user reads the plans, their outputs, concept notes, target lists and Country
Coalitions; the ISU and the Coordinators of a plan's area in the current term write them (see
coordinators.rules). Something a user may not see answers 404, the same as something that does
not exist; 403 only when they see it but may not change it (write=True). Rendering a report PDF
is writing: it is queued only by those who may write the plan (or, for the quarterly update of a
term, some plan of that term) and by the ISU.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Term
from directory.roles import is_isu_staff

from .models import ActionPlan, CountryCoalition, Output, TargetState
from .rules import can_edit_plan, coordinated_area_ids


def _require_write(user, plan: ActionPlan) -> None:
    if not can_edit_plan(user, plan):
        raise PermissionDenied


def plan_for(user, pk, *, write: bool = False) -> ActionPlan:
    """The plan (with its outputs, their progress and activities) if this user may see it."""
    plan = get_object_or_404(
        ActionPlan.objects.visible_to(user)
        .select_related("area", "term")
        .prefetch_related(
            Prefetch("outputs", queryset=Output.objects.prefetch_related("progress_updates", "activities"))
        ),
        pk=pk,
    )
    if write:
        _require_write(user, plan)
    return plan


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
        CountryCoalition.objects.select_related("state").prefetch_related("members__delegation"), pk=pk
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
